// Tight ball enclosures of ranges: exact ends where they matter (0 for sqrt, log and powers).

#include "ranges.hpp"

#include <flint/fmpz.h>
#include <gmp.h>

namespace relux {

namespace detail {

/// A ball containing [lo, hi] (lo <= hi exact arfs) whose end nearer to 0 is exact: the radius
/// (hi - lo)/2 is rounded up to 26 bits and the midpoint placed at that distance from the kept
/// end. Arb's own unions round the radius up past the ends, which would turn [0, u] into a ball
/// with a negative lower bound (and sqrt of it into "maybe undefined").
Ball hull_keeping_inner_end(const arf_t lo, const arf_t hi) {
    Ball r;
    arf_t rad;
    arf_init(rad);
    arf_sub(rad, hi, lo, ARF_PREC_EXACT, ARF_RND_UP);
    arf_mul_2exp_si(rad, rad, -1);
    arf_set_round(rad, rad, 26, ARF_RND_CEIL);
    if (arf_cmpabs(lo, hi) <= 0) arf_add(arb_midref(r.get()), lo, rad, ARF_PREC_EXACT, ARF_RND_DOWN);
    else arf_sub(arb_midref(r.get()), hi, rad, ARF_PREC_EXACT, ARF_RND_DOWN);
    fmpz_t man, exp;
    fmpz_init(man);
    fmpz_init(exp);
    arf_get_fmpz_2exp(man, exp, rad);
    mag_set_fmpz(arb_radref(r.get()), man);  // exact: at most 26 bits
    mag_mul_2exp_fmpz(arb_radref(r.get()), arb_radref(r.get()), exp);
    fmpz_clear(man);
    fmpz_clear(exp);
    arf_clear(rad);
    return r;
}

/// The ball [0, u] with 0 exact.
Ball zero_to(const arf_t u) {
    arf_t zero;
    arf_init(zero);
    Ball r = hull_keeping_inner_end(zero, u);
    arf_clear(zero);
    return r;
}

/// [0, max |x|] when x contains 0, else |x|: the tight range of |.| over a ball.
Ball tight_abs(const Ball& x) {
    Ball r;
    if (!arb_contains_zero(x.get())) {
        arb_abs(r.get(), x.get());
        return r;
    }
    arf_t hi;
    arf_init(hi);
    arb_get_abs_ubound_arf(hi, x.get(), MAG_BITS);
    r = zero_to(hi);
    arf_clear(hi);
    return r;
}

/// x^e for a ball with x >= 0 (or any x when e is odd) by its endpoints: the power is monotone
/// there, so the range is [lo^e, hi^e] without the overestimation of repeated products.
Ball monotone_power(const Ball& x, const fmpz_t e, long prec) {
    arf_t lo, hi;
    arf_init(lo);
    arf_init(hi);
    arb_get_lbound_arf(lo, x.get(), prec);
    arb_get_ubound_arf(hi, x.get(), prec);
    Ball a, b, r;
    arb_set_arf(a.get(), lo);
    arb_set_arf(b.get(), hi);
    arb_pow_fmpz(a.get(), a.get(), e, prec);
    arb_pow_fmpz(b.get(), b.get(), e, prec);
    // [lower(lo^e), upper(hi^e)] (for odd e and negative ends the order is the same)
    arb_get_lbound_arf(lo, a.get(), prec);
    arb_get_ubound_arf(hi, b.get(), prec);
    r = hull_keeping_inner_end(lo, hi);
    arf_clear(lo);
    arf_clear(hi);
    return r;
}

}  // namespace detail

namespace {

/// floor(log2 |x|) up to one, for x != 0.
long log2_estimate(const Rational& x) {
    const long n = static_cast<long>(mpz_sizeinbase(mpq_numref(x.mpq()), 2));
    const long d = static_cast<long>(mpz_sizeinbase(mpq_denref(x.mpq()), 2));
    return n - d;
}

/// floor(x * 2^-e) (round_up: ceil) as an fmpz.
void scaled_integer(fmpz_t out, const Rational& x, long e, bool round_up) {
    mpz_t num, den;
    mpz_init_set(num, mpq_numref(x.mpq()));
    mpz_init_set(den, mpq_denref(x.mpq()));
    if (e < 0) mpz_mul_2exp(num, num, static_cast<mp_bitcnt_t>(-e));
    else mpz_mul_2exp(den, den, static_cast<mp_bitcnt_t>(e));
    if (round_up) mpz_cdiv_q(num, num, den);
    else mpz_fdiv_q(num, num, den);
    fmpz_set_mpz(out, num);
    mpz_clear(num);
    mpz_clear(den);
}

}  // namespace

Ball interval_ball(const Rational& lo, const Rational& hi) {
    if (lo == hi) return Ball::enclose(lo, 256);
    const long e = log2_estimate(hi - lo) - 27;
    fmpz_t nlo, nhi, sum, diff;
    fmpz_init(nlo);
    fmpz_init(nhi);
    fmpz_init(sum);
    fmpz_init(diff);
    scaled_integer(nlo, lo, e, false);
    scaled_integer(nhi, hi, e, true);
    fmpz_add(sum, nlo, nhi);
    fmpz_sub(diff, nhi, nlo);
    // [nlo, nhi] * 2^e exactly: midpoint (nlo + nhi) 2^(e-1), radius (nhi - nlo) 2^(e-1), where
    // nhi - nlo < 2^29 fits the radius's 30-bit mantissa exactly.
    Ball b;
    arf_set_fmpz(arb_midref(b.get()), sum);
    arf_mul_2exp_si(arb_midref(b.get()), arb_midref(b.get()), e - 1);
    mag_set_fmpz(arb_radref(b.get()), diff);
    mag_mul_2exp_si(arb_radref(b.get()), arb_radref(b.get()), e - 1);
    fmpz_clear(nlo);
    fmpz_clear(nhi);
    fmpz_clear(sum);
    fmpz_clear(diff);
    return b;
}

}  // namespace relux
