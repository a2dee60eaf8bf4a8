#include "relux/number/ball.hpp"

#include "relux/error.hpp"

#include <flint/fmpq.h>
#include <flint/fmpz.h>

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

namespace relux {

Ball::Ball() { arb_init(value_); }
Ball::~Ball() { arb_clear(value_); }
Ball::Ball(const Ball& other) {
    arb_init(value_);
    arb_set(value_, other.value_);
}
Ball::Ball(Ball&& other) noexcept {
    arb_init(value_);
    arb_swap(value_, other.value_);
}
Ball& Ball::operator=(const Ball& other) {
    if (this != &other) arb_set(value_, other.value_);
    return *this;
}
Ball& Ball::operator=(Ball&& other) noexcept {
    arb_swap(value_, other.value_);
    return *this;
}

namespace {

/// RAII for a FLINT fmpq holding a copy of a Rational.
struct Fmpq {
    fmpq_t q;
    explicit Fmpq(const Rational& x) {
        fmpq_init(q);
        fmpz_set_mpz(fmpq_numref(q), mpq_numref(x.mpq()));
        fmpz_set_mpz(fmpq_denref(q), mpq_denref(x.mpq()));
    }
    ~Fmpq() { fmpq_clear(q); }
    Fmpq(const Fmpq&) = delete;
    Fmpq& operator=(const Fmpq&) = delete;
};

}  // namespace

Ball Ball::enclose(const Rational& x, long prec) {
    Ball b;
    Fmpq q(x);
    arb_set_fmpq(b.value_, q.q, prec);
    return b;
}

Ball Ball::enclose(const Interval& i, long prec) {
    Ball lo = enclose(i.lower, prec), hi = enclose(i.upper, prec);
    Ball b;
    arb_union(b.value_, lo.value_, hi.value_, prec);
    return b;
}

Rational to_rational(const arf_t x) {
    if (!arf_is_finite(x)) throw InvalidArgument("non-finite bound in a ball");
    if (arf_is_zero(x)) return Rational(0);
    fmpz_t man, exp;
    fmpz_init(man);
    fmpz_init(exp);
    arf_get_fmpz_2exp(man, exp, x);
    // Beyond this the exact rational would need more than 2^26 bits (or the exponent does not
    // even fit a machine word): refuse rather than truncate the exponent.
    constexpr slong max_shift = slong(1) << 26;
    const bool fits = fmpz_fits_si(exp) && fmpz_get_si(exp) <= max_shift && fmpz_get_si(exp) >= -max_shift;
    const slong e = fits ? fmpz_get_si(exp) : 0;
    Integer m;
    fmpz_get_mpz(m.backend().data(), man);
    fmpz_clear(man);
    fmpz_clear(exp);
    if (!fits)
        throw InvalidArgument(
            "ball bound has a binary exponent beyond 2^26; too large to convert to an exact rational");
    Integer p(1);
    p <<= static_cast<unsigned long>(e < 0 ? -e : e);
    return e >= 0 ? Rational(m * p) : Rational(m, p);
}

Interval Ball::to_interval() const {
    if (!is_finite()) throw InvalidArgument("cannot bound a non-finite ball");
    arf_t lo, hi;
    arf_init(lo);
    arf_init(hi);
    arb_get_lbound_arf(lo, value_, ARF_PREC_EXACT);
    arb_get_ubound_arf(hi, value_, ARF_PREC_EXACT);
    Interval out{to_rational(lo), to_rational(hi)};
    arf_clear(lo);
    arf_clear(hi);
    return out;
}

bool Ball::is_finite() const { return arb_is_finite(value_); }

long Ball::accuracy_bits() const { return arb_rel_accuracy_bits(value_); }

std::string Ball::str(long digits) const {
    char* s = arb_get_str(value_, digits, 0);
    std::string out(s);
    flint_free(s);
    return out;
}

std::vector<Interval> softmax_enclosure(const std::vector<Rational>& logits, long bits) {
    const std::size_t m = logits.size();
    if (m == 0) return {};
    // softmax is invariant under shifting all logits; shifting exactly by the largest one keeps
    // every exponential in (0, 1] (no overflow, exp(0) = 1 exactly). A component whose logit is
    // more than `negligible_gap` (4096, or 2 bits when larger) below the largest is below exp(-gap) < 2^-gap,
    // because the sum is at least 1: it is enclosed by [0, 2^-gap] without computing the exponential.
    const long negligible_gap = std::max<long>(4096, 2 * bits);
    Rational top = logits[0];
    for (const Rational& z : logits) top = max(top, z);
    std::vector<Rational> shifted;
    std::vector<bool> negligible;
    for (const Rational& z : logits) {
        shifted.push_back(z - top);
        negligible.push_back(shifted.back() < Rational(-negligible_gap));
    }
    const Rational tiny = Rational(Integer(1), Integer(1) << negligible_gap);
    for (long prec = bits + 32;; prec *= 2) {
        std::vector<Ball> e(m);
        Ball sum = Ball::enclose(Rational(0), prec);
        for (std::size_t i = 0; i < m; ++i) {
            if (negligible[i]) {
                e[i] = Ball::enclose(Interval{Rational(0), tiny}, prec);
            } else {
                Ball z = Ball::enclose(shifted[i], prec);
                arb_exp(e[i].get(), z.get(), prec);
            }
            arb_add(sum.get(), sum.get(), e[i].get(), prec);
        }
        std::vector<Interval> out;
        bool accurate = true;
        for (std::size_t i = 0; i < m; ++i) {
            if (negligible[i]) {
                out.push_back(Interval{Rational(0), tiny});
                continue;
            }
            Ball p;
            arb_div(p.get(), e[i].get(), sum.get(), prec);
            // softmax lies in [0, 1]: intersecting keeps the enclosure rigorous and tight.
            Interval iv = p.to_interval();
            if (iv.lower.sign() < 0) iv.lower = 0;
            if (iv.upper > Rational(1)) iv.upper = 1;
            if (p.accuracy_bits() < bits && !arb_is_exact(p.get())) accurate = false;
            out.push_back(std::move(iv));
        }
        if (accurate || prec > 64 * bits + 100000) return out;
    }
}

}  // namespace relux
