// Exact root isolation for rational polynomials (FLINT factoring, Arb root enclosures) and the
// exact/certified integral and maximum of |p| built on it.

#include "relux/certify/polynomial1d.hpp"

#include "flint_util.hpp"
#include "relux/error.hpp"

#include <acb.h>
#include <arb_fmpz_poly.h>
#include <arb_poly.h>
#include <flint/fmpz_poly.h>
#include <flint/fmpz_poly_factor.h>

#include <algorithm>
#include <utility>

namespace relux {

using detail::Fmpq;
using detail::QPoly;

namespace {

constexpr long kStartPrec = 128;
constexpr long kMaxPrec = 1L << 16;

/// A real root: exact when rational, else an Arb enclosure that contains exactly one root.
struct Root {
    bool rational = false;
    Rational value;  ///< when rational
    Ball ball;       ///< always an enclosure (exact point when rational and dyadic)
};

/// RAII fmpz_poly.
struct ZPoly {
    fmpz_poly_t p;
    ZPoly() { fmpz_poly_init(p); }
    ~ZPoly() { fmpz_poly_clear(p); }
    ZPoly(const ZPoly&) = delete;
    ZPoly& operator=(const ZPoly&) = delete;
};

Rational fmpz_ratio(const fmpz_t num, const fmpz_t den) {
    Integer n, d;
    fmpz_get_mpz(n.backend().data(), num);
    fmpz_get_mpz(d.backend().data(), den);
    return Rational(n, d);
}

/// The distinct real roots of a nonzero rational polynomial: square-free irreducible factors are
/// computed once; their irrational roots are enclosed at any requested precision.
class RootIsolator {
public:
    explicit RootIsolator(const fmpq_poly_t q) {
        ZPoly num;
        fmpq_poly_get_numerator(num.p, q);
        fmpz_poly_primitive_part(num.p, num.p);
        fmpz_poly_factor_init(fac_);
        const slong deg = fmpz_poly_degree(num.p);
        if (deg <= 2) {
            // Small degrees without factoring; the quadratic is split by its discriminant.
            if (deg >= 1) fmpz_poly_factor_insert(fac_, num.p, 1);
        } else {
            fmpz_poly_factor(fac_, num.p);
        }
    }
    ~RootIsolator() { fmpz_poly_factor_clear(fac_); }
    RootIsolator(const RootIsolator&) = delete;
    RootIsolator& operator=(const RootIsolator&) = delete;

    /// Roots in the open interval (lo, hi), increasing, with pairwise disjoint enclosures that
    /// exclude lo and hi. Raises the precision as needed (irrational roots never equal a
    /// rational endpoint or each other, so this terminates).
    std::vector<Root> roots_in(const Rational& lo, const Rational& hi, long prec) const {
        for (;; prec *= 2) {
            RELUX_ASSERT(prec <= kMaxPrec * 64);
            std::vector<Root> all = all_roots(prec);
            Ball blo = Ball::enclose(lo, prec), bhi = Ball::enclose(hi, prec);
            std::vector<Root> in;
            bool ambiguous = false;
            for (Root& r : all) {
                if (r.rational) {
                    if (lo < r.value && r.value < hi) in.push_back(std::move(r));
                    continue;
                }
                if (arb_lt(r.ball.get(), blo.get()) || arb_gt(r.ball.get(), bhi.get())) continue;
                if (arb_gt(r.ball.get(), blo.get()) && arb_lt(r.ball.get(), bhi.get())) {
                    in.push_back(std::move(r));
                    continue;
                }
                ambiguous = true;
            }
            if (ambiguous) continue;
            // Sort by an exact key (the value, or the enclosure's midpoint); the separation test
            // below then proves that this is the true order.
            std::vector<std::pair<Rational, std::size_t>> keys;
            for (std::size_t i = 0; i < in.size(); ++i)
                keys.push_back({in[i].rational ? in[i].value : to_rational(arb_midref(in[i].ball.get())), i});
            std::sort(keys.begin(), keys.end(),
                      [](const auto& a, const auto& b) { return a.first < b.first; });
            std::vector<Root> sorted;
            for (const auto& k : keys) sorted.push_back(std::move(in[k.second]));
            in = std::move(sorted);
            bool separated = true;
            for (std::size_t i = 0; i + 1 < in.size(); ++i)
                if (!(in[i].rational && in[i + 1].rational) &&
                    !arb_lt(in[i].ball.get(), in[i + 1].ball.get()))
                    separated = false;
            if (separated) return in;
        }
    }

private:
    std::vector<Root> all_roots(long prec) const {
        std::vector<Root> out;
        for (slong i = 0; i < fac_->num; ++i) factor_roots(fac_->p + i, prec, out);
        return out;
    }

    static void push_rational(Rational v, long prec, std::vector<Root>& out) {
        Root r;
        r.rational = true;
        r.ball = Ball::enclose(v, prec);
        r.value = std::move(v);
        out.push_back(std::move(r));
    }

    static void factor_roots(const fmpz_poly_struct* f, long prec, std::vector<Root>& out) {
        const slong deg = fmpz_poly_degree(f);
        if (deg == 1) {
            fmpz_t n;
            fmpz_init(n);
            fmpz_neg(n, f->coeffs + 0);
            push_rational(fmpz_ratio(n, f->coeffs + 1), prec, out);
            fmpz_clear(n);
            return;
        }
        if (deg == 2) {
            quadratic_roots(f, prec, out);
            return;
        }
        acb_ptr roots = _acb_vec_init(deg);
        arb_fmpz_poly_complex_roots(roots, f, 0, prec);
        for (slong k = 0; k < deg; ++k) {
            if (!arb_is_zero(acb_imagref(roots + k))) continue;
            Root r;
            arb_set(r.ball.get(), acb_realref(roots + k));
            out.push_back(std::move(r));
        }
        _acb_vec_clear(roots, deg);
    }

    static void quadratic_roots(const fmpz_poly_struct* f, long prec, std::vector<Root>& out) {
        const fmpz* c = f->coeffs;  // c0 + c1 x + c2 x^2
        fmpz_t disc, t, s, num, den;
        fmpz_init(disc);
        fmpz_init(t);
        fmpz_init(s);
        fmpz_init(num);
        fmpz_init(den);
        fmpz_mul(disc, c + 1, c + 1);
        fmpz_mul(t, c + 0, c + 2);
        fmpz_submul_ui(disc, t, 4);
        fmpz_mul_ui(den, c + 2, 2);
        if (fmpz_sgn(disc) >= 0) {
            if (fmpz_is_square(disc)) {
                fmpz_sqrt(s, disc);
                for (int sign : {-1, 1}) {
                    fmpz_neg(num, c + 1);
                    if (sign < 0) fmpz_sub(num, num, s);
                    else fmpz_add(num, num, s);
                    push_rational(fmpz_ratio(num, den), prec, out);
                    if (fmpz_is_zero(disc)) break;
                }
            } else {
                Ball sq, b, d;
                arb_set_fmpz(sq.get(), disc);
                arb_sqrt(sq.get(), sq.get(), prec);
                arb_set_fmpz(d.get(), den);
                for (int sign : {-1, 1}) {
                    Root r;
                    arb_set_fmpz(b.get(), c + 1);
                    arb_neg(b.get(), b.get());
                    if (sign < 0) arb_sub(r.ball.get(), b.get(), sq.get(), prec);
                    else arb_add(r.ball.get(), b.get(), sq.get(), prec);
                    arb_div(r.ball.get(), r.ball.get(), d.get(), prec);
                    out.push_back(std::move(r));
                }
            }
        }
        fmpz_clear(disc);
        fmpz_clear(t);
        fmpz_clear(s);
        fmpz_clear(num);
        fmpz_clear(den);
    }

    fmpz_poly_factor_t fac_;
};

/// Ball value of p at a root (exact rational arithmetic first when the root is rational).
Ball eval_at(const QPoly& p, const arb_poly_t pb, const Root& r, long prec) {
    if (r.rational) return Ball::enclose(p(r.value), prec);
    Ball v;
    arb_poly_evaluate(v.get(), pb, r.ball.get(), prec);
    return v;
}

/// RAII arb_poly of a rational polynomial.
struct BallPoly {
    arb_poly_t p;
    BallPoly(const QPoly& q, long prec) {
        arb_poly_init(p);
        arb_poly_set_fmpq_poly(p, q.p, prec);
    }
    ~BallPoly() { arb_poly_clear(p); }
    BallPoly(const BallPoly&) = delete;
    BallPoly& operator=(const BallPoly&) = delete;
};

Root rational_root(const Rational& x, long prec) {
    Root r;
    r.rational = true;
    r.value = x;
    r.ball = Ball::enclose(x, prec);
    return r;
}

}  // namespace

PolyAbsIntegral integrate_abs(const Vector& coeffs, const Rational& lo, const Rational& hi,
                              const Rational& tol) {
    RELUX_ASSERT(lo < hi);
    QPoly q(coeffs);
    if (fmpq_poly_is_zero(q.p)) return {{Rational(0), Rational(0)}, true};
    QPoly antiderivative;
    fmpq_poly_integral(antiderivative.p, q.p);
    RootIsolator iso(q.p);
    PolyAbsIntegral best;
    for (long prec = kStartPrec; prec <= kMaxPrec; prec *= 2) {
        std::vector<Root> knots{rational_root(lo, prec)};
        for (Root& r : iso.roots_in(lo, hi, prec)) knots.push_back(std::move(r));
        knots.push_back(rational_root(hi, prec));
        const bool all_rational =
            std::all_of(knots.begin(), knots.end(), [](const Root& r) { return r.rational; });
        // On each gap between consecutive roots p has one sign: the integral of |p| there is
        // |P(right) - P(left)| for the antiderivative P.
        if (all_rational) {
            Rational sum(0);
            for (std::size_t i = 0; i + 1 < knots.size(); ++i)
                sum += abs(antiderivative(knots[i + 1].value) - antiderivative(knots[i].value));
            return {{sum, sum}, true};
        }
        BallPoly pb(antiderivative, prec);
        Ball sum;
        for (std::size_t i = 0; i + 1 < knots.size(); ++i) {
            Ball a = eval_at(antiderivative, pb.p, knots[i], prec),
                 b = eval_at(antiderivative, pb.p, knots[i + 1], prec);
            arb_sub(a.get(), b.get(), a.get(), prec);
            arb_abs(a.get(), a.get());
            arb_add(sum.get(), sum.get(), a.get(), prec);
        }
        best.value = sum.to_interval();
        if (best.value.lower.sign() < 0) best.value.lower = 0;
        best.exact = false;
        if (best.value.width() <= tol) break;
    }
    return best;
}

PolyAbsMaximum max_abs(const Vector& coeffs, const Rational& lo, const Rational& hi, const Rational& tol) {
    RELUX_ASSERT(lo < hi);
    QPoly q(coeffs);
    PolyAbsMaximum best;
    const Rational vlo = abs(q(lo)), vhi = abs(q(hi));
    best.witness = vlo >= vhi ? lo : hi;
    const Rational end_max = max(vlo, vhi);
    best.value = {end_max, end_max};
    best.exact = true;
    QPoly dq;
    fmpq_poly_derivative(dq.p, q.p);
    if (fmpq_poly_is_zero(dq.p)) return best;
    RootIsolator iso(dq.p);
    for (long prec = kStartPrec; prec <= kMaxPrec; prec *= 2) {
        PolyAbsMaximum cur;
        cur.witness = best.witness;
        cur.value = {end_max, end_max};
        BallPoly qb(q, prec);
        Rational upper = end_max;
        for (const Root& r : iso.roots_in(lo, hi, prec)) {
            // A rational critical point gives an exact candidate; an irrational one gives an
            // upper bound from its enclosure and an exact lower bound at the enclosure's midpoint.
            const Rational x = r.rational ? r.value : to_rational(arb_midref(r.ball.get()));
            const Rational v = abs(q(x));
            if (v > cur.value.lower) {
                cur.value.lower = v;
                cur.witness = x;
            }
            if (r.rational) {
                upper = max(upper, v);
            } else {
                Ball b;
                arb_poly_evaluate(b.get(), qb.p, r.ball.get(), prec);
                arb_abs(b.get(), b.get());
                upper = max(upper, b.to_interval().upper);
            }
        }
        cur.value.upper = max(upper, cur.value.lower);
        cur.exact = cur.value.lower == cur.value.upper;
        best = std::move(cur);
        if (best.exact || best.value.width() <= tol) break;
    }
    return best;
}

}  // namespace relux
