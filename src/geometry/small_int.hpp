#pragma once
// An exact integer that lives inline while it fits in 127 bits and in GMP beyond (private to
// src/geometry: the exact region kernel's number). Every operation is exact; overflow of the
// inline form is detected and moves the value to GMP.

#include "relux/number/rational.hpp"

#include <gmp.h>

#include <cstdint>
#include <utility>

namespace relux::regions_detail {

class Int {
public:
    Int() noexcept : s_(0) {}
    Int(long long v) noexcept : s_(v) {}  // NOLINT: exact, like an integer literal
    /// The value of v (inline when it fits).
    explicit Int(const Integer& v);
    Int(const Int& o);
    Int(Int&& o) noexcept;
    Int& operator=(const Int& o);
    Int& operator=(Int&& o) noexcept;
    ~Int();

    /// True when the value lives in GMP (then mpz() is valid), else small() holds it.
    bool is_big() const { return big_; }
    __int128 small() const { return s_; }
    mpz_srcptr mpz() const { return &z_; }

    /// -1, 0 or 1.
    int sign() const { return big_ ? mpz_sgn(&z_) : (s_ > 0) - (s_ < 0); }
    bool is_zero() const { return big_ ? mpz_sgn(&z_) == 0 : s_ == 0; }
    /// Number of bits of |x| (0 for 0).
    long bits() const;
    /// x = m * 2^e with 0.5 <= |m| < 1 (m = 0, e = 0 for 0); |m - exact| < 2^-52 |exact|.
    double mantissa(long& e) const;
    /// The exact value as an Integer.
    Integer to_integer() const;
    /// Writes the value into an initialized mpz.
    void get(mpz_ptr out) const;
    /// Sets from an mpz (kept inline when it fits).
    void set(mpz_srcptr v);
    /// x = -x (exact: inline values stay above -2^127).
    void negate();

    /// x += o.
    Int& operator+=(const Int& o);
    /// acc += a * b.
    friend void add_product(Int& acc, const Int& a, const Int& b) {
        __int128 p, r;
        if (!acc.big_ && small_product(a, b, p) && inline_sum(acc.s_, p, r)) acc.s_ = r;
        else acc.add_product_slow(a, b, false);
    }
    /// acc -= a * b.
    friend void sub_product(Int& acc, const Int& a, const Int& b) {
        __int128 p, r;
        if (!acc.big_ && small_product(a, b, p) && inline_sum(acc.s_, -p, r)) acc.s_ = r;
        else acc.add_product_slow(a, b, true);
    }
    /// out = a * b.
    friend void set_product(Int& out, const Int& a, const Int& b) {
        __int128 p;
        if (!out.big_ && small_product(a, b, p)) out.s_ = p;
        else out.set_product_slow(a, b);
    }
    /// out = exact quotient a / b (b divides a).
    friend void divide_exact(Int& out, const Int& a, const Int& b);
    /// out = gcd(|a|, |b|).
    friend void gcd(Int& out, const Int& a, const Int& b);

private:
    static constexpr __int128 kInt64Max = 0x7fffffffffffffff;
    /// a * b inline when both are inline and fit in 64 bits (the product then fits in 127 bits).
    static bool small_product(const Int& a, const Int& b, __int128& p) {
        if (a.big_ || b.big_) return false;
        if (a.s_ <= kInt64Max && a.s_ >= -kInt64Max && b.s_ <= kInt64Max && b.s_ >= -kInt64Max) {
            p = a.s_ * b.s_;
            return true;
        }
        return !__builtin_mul_overflow(a.s_, b.s_, &p) && p != -kInt128Max - 1;
    }
    /// x + y inline unless it overflows (the most negative value is excluded, so negate is safe).
    static bool inline_sum(__int128 x, __int128 y, __int128& r) {
        return !__builtin_add_overflow(x, y, &r) && r != -kInt128Max - 1;
    }
    static constexpr __int128 kInt128Max =
        static_cast<__int128>((static_cast<unsigned __int128>(1) << 127) - 1);
    void add_product_slow(const Int& a, const Int& b, bool subtract);
    void set_product_slow(const Int& a, const Int& b);
    void to_big();   ///< moves an inline value to GMP
    void release();  ///< frees GMP storage, becomes inline 0

    union {
        __int128 s_;
        __mpz_struct z_;
    };
    bool big_ = false;
};

/// The canonical rational num / den (den != 0), built in place without temporaries.
Rational make_ratio(const Int& num, const Int& den);

inline bool is_zero(const Int& x) { return x.is_zero(); }
inline int sign_of(const Int& x) { return x.sign(); }

}  // namespace relux::regions_detail
