#include "small_int.hpp"

#include "relux/error.hpp"

#include <cmath>
#include <limits>

namespace relux::regions_detail {

namespace {

constexpr __int128 kInt64Max = std::numeric_limits<std::int64_t>::max();

bool fits64(__int128 x) { return x <= kInt64Max && x >= -kInt64Max; }

/// Writes an inline value into an initialized mpz.
void set_mpz(mpz_ptr out, __int128 v) {
    static_assert(sizeof(mp_limb_t) == 8, "64-bit GMP limbs expected");
    const bool negative = v < 0;
    unsigned __int128 u = negative ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
    const auto hi = static_cast<mp_limb_t>(u >> 64);
    const auto lo = static_cast<mp_limb_t>(u);
    const mp_size_t n = hi ? 2 : (lo ? 1 : 0);
    mp_limb_t* limbs = mpz_limbs_write(out, 2);
    limbs[0] = lo;
    limbs[1] = hi;
    mpz_limbs_finish(out, negative ? -n : n);
}

using u128 = unsigned __int128;

u128 magnitude(__int128 v) { return v < 0 ? -static_cast<u128>(v) : static_cast<u128>(v); }

/// The exact product of two magnitudes below 2^127 as four limbs (least significant first);
/// returns the number of limbs used.
mp_size_t multiply_limbs(u128 x, u128 y, mp_limb_t out[4]) {
    const auto x0 = static_cast<std::uint64_t>(x), x1 = static_cast<std::uint64_t>(x >> 64);
    const auto y0 = static_cast<std::uint64_t>(y), y1 = static_cast<std::uint64_t>(y >> 64);
    const u128 p00 = static_cast<u128>(x0) * y0, p01 = static_cast<u128>(x0) * y1;
    const u128 p10 = static_cast<u128>(x1) * y0, p11 = static_cast<u128>(x1) * y1;
    const u128 mid = (p00 >> 64) + static_cast<std::uint64_t>(p01) + static_cast<std::uint64_t>(p10);
    const u128 top = (p01 >> 64) + (p10 >> 64) + static_cast<std::uint64_t>(p11) + (mid >> 64);
    out[0] = static_cast<mp_limb_t>(p00);
    out[1] = static_cast<mp_limb_t>(mid);
    out[2] = static_cast<mp_limb_t>(top);
    out[3] = static_cast<mp_limb_t>((p11 >> 64) + (top >> 64));
    mp_size_t n = 4;
    while (n > 0 && out[n - 1] == 0) --n;
    return n;
}

/// True and |x| in `limb` when x is inline and |x| < 2^64.
bool one_limb(const Int& x, mp_limb_t& limb) {
    if (x.is_big()) return false;
    const __int128 v = x.small();
    const unsigned __int128 u =
        v < 0 ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
    if (u >> 64) return false;
    limb = static_cast<mp_limb_t>(u);
    return true;
}

/// Scratch mpz values, one set per thread.
struct Scratch {
    mpz_t z[3];
    Scratch() {
        for (auto& x : z) mpz_init(x);
    }
    ~Scratch() {
        for (auto& x : z) mpz_clear(x);
    }
};
mpz_ptr scratch(int k) {
    thread_local Scratch s;
    return s.z[k];
}

/// An mpz view of x: its own storage when big, else scratch slot k filled with the value.
mpz_srcptr view(const Int& x, int k) {
    if (x.is_big()) return x.mpz();
    mpz_ptr t = scratch(k);
    set_mpz(t, x.small());  // no allocation: scratch values keep their two limbs
    return t;
}

}  // namespace

Int::Int(const Integer& v) : s_(0) { set(v.backend().data()); }

Int::Int(const Int& o) : s_(0) {
    if (o.big_) {
        // Copies (of accumulators) usually grow next: leave room to avoid a realloc.
        mpz_init2(&z_, static_cast<mp_bitcnt_t>(mpz_size(&o.z_) + 2) * GMP_NUMB_BITS);
        mpz_set(&z_, &o.z_);
        big_ = true;
    } else {
        s_ = o.s_;
    }
}

Int::Int(Int&& o) noexcept : s_(0) {
    if (o.big_) {
        z_ = o.z_;
        big_ = true;
        o.big_ = false;
        o.s_ = 0;
    } else {
        s_ = o.s_;
    }
}

Int& Int::operator=(const Int& o) {
    if (this == &o) return *this;
    if (o.big_) {
        if (big_) mpz_set(&z_, &o.z_);
        else {
            mpz_init2(&z_, static_cast<mp_bitcnt_t>(mpz_size(&o.z_) + 2) * GMP_NUMB_BITS);
            mpz_set(&z_, &o.z_);
            big_ = true;
        }
    } else {
        release();
        s_ = o.s_;
    }
    return *this;
}

Int& Int::operator=(Int&& o) noexcept {
    if (this == &o) return *this;
    release();
    if (o.big_) {
        z_ = o.z_;
        big_ = true;
        o.big_ = false;
        o.s_ = 0;
    } else {
        s_ = o.s_;
    }
    return *this;
}

Int::~Int() { release(); }

void Int::release() {
    if (big_) {
        mpz_clear(&z_);
        big_ = false;
    }
    s_ = 0;
}

void Int::to_big() {
    if (big_) return;
    const __int128 v = s_;
    mpz_init2(&z_, 256);  // room to grow: accumulators usually do
    set_mpz(&z_, v);
    big_ = true;
}

void Int::set(mpz_srcptr v) {
    if (mpz_sizeinbase(v, 2) <= 126) {
        // Inline: assemble from the two low limbs of |v|.
        const std::size_t n = mpz_size(v);
        unsigned __int128 u = 0;
        if (n > 0) u = mpz_getlimbn(v, 0);
        if (n > 1) u |= static_cast<unsigned __int128>(mpz_getlimbn(v, 1)) << 64;
        const auto value = static_cast<__int128>(u);
        const bool negative = mpz_sgn(v) < 0;
        release();
        s_ = negative ? -value : value;
        return;
    }
    if (big_) mpz_set(&z_, v);
    else {
        mpz_init_set(&z_, v);
        big_ = true;
    }
}

long Int::bits() const {
    if (big_) return mpz_sgn(&z_) == 0 ? 0 : static_cast<long>(mpz_sizeinbase(&z_, 2));
    unsigned __int128 u = s_ < 0 ? -static_cast<unsigned __int128>(s_) : static_cast<unsigned __int128>(s_);
    long b = 0;
    const auto hi = static_cast<std::uint64_t>(u >> 64);
    if (hi) return 128 - __builtin_clzll(hi);
    const auto lo = static_cast<std::uint64_t>(u);
    if (lo) b = 64 - __builtin_clzll(lo);
    return b;
}

double Int::mantissa(long& e) const {
    if (big_) return mpz_get_d_2exp(&e, &z_);
    int ie = 0;
    const double m = std::frexp(static_cast<double>(s_), &ie);  // rounded to nearest: error <= 2^-53
    e = ie;
    return m;
}

Integer Int::to_integer() const {
    Integer out;
    get(out.backend().data());
    return out;
}

void Int::get(mpz_ptr out) const {
    if (big_) mpz_set(out, &z_);
    else set_mpz(out, s_);
}

Rational make_ratio(const Int& num, const Int& den) {
    RELUX_ASSERT(!den.is_zero());
    Rational r;
    // r is a fresh local object: writing its GMP value directly is safe, and mpq_canonicalize
    // restores Rational's invariant (coprime, positive denominator) before it is returned.
    mpq_ptr q = const_cast<mpq_ptr>(r.mpq());
    num.get(mpq_numref(q));
    den.get(mpq_denref(q));
    mpq_canonicalize(q);
    return r;
}

void Int::negate() {
    if (big_) mpz_neg(&z_, &z_);
    else s_ = -s_;  // |s_| < 2^127 - 1 by the inline bound, so no overflow
}

Int& Int::operator+=(const Int& o) {
    if (!big_ && !o.big_) {
        __int128 r;
        if (inline_sum(s_, o.s_, r)) {
            s_ = r;
            return *this;
        }
    }
    mpz_srcptr b = view(o, 1);
    to_big();
    mpz_add(&z_, &z_, b);
    return *this;
}

void Int::add_product_slow(const Int& a, const Int& b, bool subtract) {
    __int128 p, r;
    if (!big_ && small_product(a, b, p) && inline_sum(s_, subtract ? -p : p, r)) {
        s_ = r;
        return;
    }
    to_big();
    if (!a.big_ && !b.big_) {
        // Both inline: the exact product in at most four limbs, added without conversions.
        mp_limb_t limbs[4];
        const mp_size_t n = multiply_limbs(magnitude(a.s_), magnitude(b.s_), limbs);
        const bool minus = subtract != ((a.s_ < 0) != (b.s_ < 0));
        __mpz_struct product;
        mpz_roinit_n(&product, limbs, minus ? -n : n);
        mpz_add(&z_, &z_, &product);
        return;
    }
    // One factor f of one limb (a weight, a small coefficient): acc +- sign(f) |f| * other.
    mp_limb_t limb = 0;
    const Int* factor = nullptr;
    const Int* other = nullptr;
    if (one_limb(a, limb)) {
        factor = &a;
        other = &b;
    } else if (one_limb(b, limb)) {
        factor = &b;
        other = &a;
    }
    if (factor) {
        const bool minus = subtract != (factor->sign() < 0);
        mpz_srcptr y = view(*other, 1);
        if (minus) mpz_submul_ui(&z_, y, limb);
        else mpz_addmul_ui(&z_, y, limb);
        return;
    }
    mpz_srcptr x = view(a, 0), y = view(b, 1);
    if (subtract) mpz_submul(&z_, x, y);
    else mpz_addmul(&z_, x, y);
}

void Int::set_product_slow(const Int& a, const Int& b) {
    __int128 p;
    if (small_product(a, b, p)) {
        release();
        s_ = p;
        return;
    }
    if (!a.big_ && !b.big_) {
        mp_limb_t limbs[4];
        const mp_size_t n = multiply_limbs(magnitude(a.s_), magnitude(b.s_), limbs);
        __mpz_struct product;
        mpz_roinit_n(&product, limbs, (a.s_ < 0) != (b.s_ < 0) ? -n : n);
        set(&product);
        return;
    }
    mpz_ptr t = scratch(2);
    mpz_mul(t, view(a, 0), view(b, 1));
    set(t);
}

void divide_exact(Int& out, const Int& a, const Int& b) {
    if (!a.big_ && !b.big_) {
        const __int128 q = a.s_ / b.s_;  // before release(): out may be a or b
        out.release();
        out.s_ = q;
        return;
    }
    mpz_ptr t = scratch(2);
    mpz_divexact(t, view(a, 0), view(b, 1));
    out.set(t);
}

void gcd(Int& out, const Int& a, const Int& b) {
    if (!a.big_ && !b.big_) {
        unsigned __int128 x =
            a.s_ < 0 ? -static_cast<unsigned __int128>(a.s_) : static_cast<unsigned __int128>(a.s_);
        unsigned __int128 y =
            b.s_ < 0 ? -static_cast<unsigned __int128>(b.s_) : static_cast<unsigned __int128>(b.s_);
        if (fits64(static_cast<__int128>(x)) && fits64(static_cast<__int128>(y))) {
            std::uint64_t u = static_cast<std::uint64_t>(x), v = static_cast<std::uint64_t>(y);
            while (v) {
                const std::uint64_t t = u % v;
                u = v;
                v = t;
            }
            out.release();
            out.s_ = u;
            return;
        }
    }
    mpz_ptr t = scratch(2);
    mpz_gcd(t, view(a, 0), view(b, 1));
    out.set(t);
}

}  // namespace relux::regions_detail
