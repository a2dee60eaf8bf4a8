// Independent verification of one cell of a 1-D target certificate (proofs/certificate-target.md):
// its own Taylor-form enclosures of g = N - f on sub-cells, with no code shared with the producer
// (difference1d.cpp / distance1d_analytic.cpp) beyond the expression evaluator. A polynomial
// target with an exact claim is checked with the exact polynomial code instead.

#include "check_target.hpp"

#include "relux/certify/polynomial1d.hpp"

#include <gmp.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <queue>
#include <vector>

namespace relux::detail {

namespace {

/// Taylor order: coefficients 0..kTaylorOrder-1 at a sub-cell's midpoint, the coefficient of
/// order kTaylorOrder enclosed over the whole sub-cell (Lagrange remainder).
constexpr long kTaylorOrder = 12;
/// Bisections allowed per cell before the check gives up.
constexpr std::size_t kMaxBisections = 4000;

/// The enclosures of g = N - f on one sub-cell [a, b].
struct Piece {
    Rational a, b;
    bool ok = false;         ///< the enclosures below are valid
    bool undefined = false;  ///< f is certainly undefined on the whole sub-cell
    std::string reason;
    Ball integral;     ///< encloses integral_a^b g
    Ball range;        ///< encloses g([a, b])
    int monotone = 0;  ///< +1 / -1: g' > 0 / < 0 on [a, b] (certified); 0: unknown
};

}  // namespace

long check_precision(const Interval& claimed) {
    const Rational scale = max(Rational(1), max(abs(claimed.lower), abs(claimed.upper)));
    if (claimed.width().sign() == 0) return 256;
    const Rational r = scale / claimed.width();
    const long bits = static_cast<long>(mpz_sizeinbase(mpq_numref(r.mpq()), 2)) -
                      static_cast<long>(mpz_sizeinbase(mpq_denref(r.mpq()), 2));
    return std::clamp(bits + 96, 128L, 8192L);
}

namespace {

/// Upper bound of |b| (rational).
Rational abs_upper(const Ball& b) {
    const Interval i = b.to_interval();
    return max(abs(i.lower), abs(i.upper));
}

class CellChecker {
public:
    CellChecker(const Expr& f, const AffineMap& map, long prec)
        : f_(f), slope_(map.A(0, 0)), intercept_(map.b[0]), prec_(prec) {}

    Rational network(const Rational& x) const { return slope_ * x + intercept_; }

    /// Enclosures of g on [a, b]: a Taylor form at the midpoint with the remainder over [a, b],
    /// or, where the target has no series there (a kink, sqrt at 0), its plain range.
    Piece enclose(const Rational& a, const Rational& b) const {
        Piece p;
        p.a = a;
        p.b = b;
        const Rational m = (a + b) / Rational(2), h = (b - a) / Rational(2);
        const Ball hb = Ball::enclose(h, prec_);
        const Ball width = Ball::enclose(b - a, prec_);
        const Ball nm = Ball::enclose(network(m), prec_);
        const SeriesEval at_mid =
            f_.taylor(std::vector<Interval>{{m, m}}, Vector{Rational(1)}, kTaylorOrder, prec_);
        const SeriesEval over =
            f_.taylor(std::vector<Interval>{{a, b}}, Vector{Rational(1)}, kTaylorOrder + 1, prec_);
        if (at_mid.ok() && over.ok()) {
            // integral of f = sum_{k even} c_k 2 h^(k+1) / (k+1) + |R| 2 h^(K+1) / (K+1) [-1, 1].
            Ball fint, spread, hk, term;
            arb_one(hk.get());  // h^k
            for (long k = 0; k < kTaylorOrder; ++k) {
                const Ball& c = at_mid.coeffs[static_cast<std::size_t>(k)];
                if (k % 2 == 0) {  // c_k 2 h^(k+1) / (k+1)
                    arb_mul(term.get(), c.get(), hk.get(), prec_);
                    arb_mul(term.get(), term.get(), hb.get(), prec_);
                    arb_mul_2exp_si(term.get(), term.get(), 1);
                    arb_div_si(term.get(), term.get(), k + 1, prec_);
                    arb_add(fint.get(), fint.get(), term.get(), prec_);
                }
                if (k >= 3) {  // |g_k| h^k for the range beyond the quadratic part (g_k = -c_k)
                    Ball gk;
                    arb_abs(gk.get(), c.get());
                    arb_mul(gk.get(), gk.get(), hk.get(), prec_);
                    arb_add(spread.get(), spread.get(), gk.get(), prec_);
                }
                arb_mul(hk.get(), hk.get(), hb.get(), prec_);
            }
            // The remainder R t^K with |R| <= |c_K over [a, b]| and |t| <= h.
            Ball rem = over.coeffs[static_cast<std::size_t>(kTaylorOrder)];
            arb_abs(rem.get(), rem.get());
            arb_mul(rem.get(), rem.get(), hk.get(), prec_);  // |R| h^K
            arb_add(spread.get(), spread.get(), rem.get(), prec_);
            arb_mul_2exp_si(term.get(), rem.get(), 1);  // integral of |R| |t|^K <= 2 |R| h^(K+1) / (K+1)
            arb_mul(term.get(), term.get(), hb.get(), prec_);
            arb_div_si(term.get(), term.get(), kTaylorOrder + 1, prec_);
            arb_add_error(fint.get(), term.get());
            // The network is affine: its integral is (b - a) N(m).
            arb_mul(p.integral.get(), width.get(), nm.get(), prec_);
            arb_sub(p.integral.get(), p.integral.get(), fint.get(), prec_);
            p.range = quadratic_range(nm, at_mid.coeffs, hb);
            arb_add_error(p.range.get(), spread.get());
            // g' = m - f' over [a, b] (coefficient 1 of the series over the sub-cell).
            Ball dg = Ball::enclose(slope_, prec_);
            arb_sub(dg.get(), dg.get(), over.coeffs[1].get(), prec_);
            p.monotone = arb_is_positive(dg.get()) ? 1 : arb_is_negative(dg.get()) ? -1 : 0;
            p.ok = p.integral.is_finite() && p.range.is_finite();
            if (p.ok) return p;
        }
        const BallEval v = f_.eval(std::vector<Interval>{{a, b}}, prec_);
        if (v.status == EvalStatus::undefined) {
            p.undefined = true;
            p.reason = v.reason;
            return p;
        }
        if (!v.ok() || !v.value.is_finite()) {
            p.reason = v.reason.empty() ? "no finite enclosure" : v.reason;
            return p;
        }
        const Ball n =
            Ball::enclose(Interval{min(network(a), network(b)), max(network(a), network(b))}, prec_);
        arb_sub(p.range.get(), n.get(), v.value.get(), prec_);
        arb_mul(p.integral.get(), width.get(), p.range.get(), prec_);
        p.ok = true;
        return p;
    }

    /// Encloses the range of q(t) = g_0 + g_1 t + g_2 t^2 on [-h, h] (g_0 = N(mid) - c_0,
    /// g_1 = m - c_1, g_2 = -c_2): the hull of q(-h), q(h) and, when the vertex -g_1/(2 g_2) may lie
    /// in [-h, h], the vertex value g_0 - g_1^2/(4 g_2) (or the crude g_0 +- (|g_1| h + |g_2| h^2)
    /// when g_2 may vanish).
    Ball quadratic_range(const Ball& nm, const std::vector<Ball>& c, const Ball& h) const {
        Ball g0, g1, g2, t, qp, qm, out;
        arb_sub(g0.get(), nm.get(), c[0].get(), prec_);
        const Ball s = Ball::enclose(slope_, prec_);
        arb_sub(g1.get(), s.get(), c[1].get(), prec_);
        arb_neg(g2.get(), c[2].get());
        Ball g1h, g2h2;
        arb_mul(g1h.get(), g1.get(), h.get(), prec_);
        arb_mul(g2h2.get(), g2.get(), h.get(), prec_);
        arb_mul(g2h2.get(), g2h2.get(), h.get(), prec_);
        arb_add(qp.get(), g0.get(), g1h.get(), prec_);
        arb_add(qp.get(), qp.get(), g2h2.get(), prec_);
        arb_sub(qm.get(), g0.get(), g1h.get(), prec_);
        arb_add(qm.get(), qm.get(), g2h2.get(), prec_);
        arb_union(out.get(), qp.get(), qm.get(), prec_);
        if (arb_contains_zero(g2.get())) {
            Ball crude = g0, e1, e2;
            arb_abs(e1.get(), g1h.get());
            arb_abs(e2.get(), g2h2.get());
            arb_add(e1.get(), e1.get(), e2.get(), prec_);
            arb_add_error(crude.get(), e1.get());
            arb_union(out.get(), out.get(), crude.get(), prec_);
            return out;
        }
        Ball interval;  // [-h, h]
        arb_add_error(interval.get(), h.get());
        arb_div(t.get(), g1.get(), g2.get(), prec_);
        arb_mul_2exp_si(t.get(), t.get(), -1);
        arb_neg(t.get(), t.get());
        if (arb_overlaps(t.get(), interval.get())) {
            Ball v;
            arb_mul(v.get(), g1.get(), g1.get(), prec_);
            arb_div(v.get(), v.get(), g2.get(), prec_);
            arb_mul_2exp_si(v.get(), v.get(), -2);
            arb_sub(v.get(), g0.get(), v.get(), prec_);
            arb_union(out.get(), out.get(), v.get(), prec_);
        }
        return out;
    }

    /// Encloses g(x) at a rational point (nullopt when f has no finite enclosure there).
    std::optional<Ball> g_at(const Rational& x) const {
        const BallEval v = f_.eval(std::vector<Interval>{{x, x}}, prec_);
        if (!v.ok() || !v.value.is_finite()) return std::nullopt;
        Ball g = Ball::enclose(network(x), prec_);
        arb_sub(g.get(), g.get(), v.value.get(), prec_);
        return g;
    }

    /// The enclosure of integral |g| that a sub-cell contributes. In general [|I| (0 when I
    /// contains 0), min(I + 2 (b - a) sup g^-, -I + 2 (b - a) sup g^+)], from
    /// |g| = g + 2 g^- = -g + 2 g^+. When g is monotone and of one sign at the right end (so of
    /// one sign on [a, b]), exactly +I or -I.
    Interval l1_part(const Piece& p) const {
        const Interval i = p.integral.to_interval(), r = p.range.to_interval();
        const Rational w = p.b - p.a;
        int sign = r.lower.sign() >= 0 ? 1 : r.upper.sign() <= 0 ? -1 : 0;
        Rational extra_upper;  // a second upper bound (monotone with a root inside)
        bool have_extra = false;
        if (sign == 0 && p.monotone != 0) {
            const auto ga = g_at(p.a), gb = g_at(p.b);
            if (ga && gb) {
                // Increasing: g >= g(a) on [a, b], g <= g(b). Decreasing: the other way round.
                const Ball& low_end = p.monotone > 0 ? *ga : *gb;
                const Ball& high_end = p.monotone > 0 ? *gb : *ga;
                if (arb_is_nonnegative(low_end.get())) sign = 1;
                else if (arb_is_nonpositive(high_end.get())) sign = -1;
                else {
                    extra_upper = max(abs_upper(*ga), abs_upper(*gb)) * w;
                    have_extra = true;
                }
            }
        }
        if (sign > 0) return {max(Rational(0), i.lower), max(Rational(0), i.upper)};
        if (sign < 0) return {max(Rational(0), -i.upper), max(Rational(0), -i.lower)};
        const Rational neg = max(Rational(0), -r.lower) * w, pos = max(Rational(0), r.upper) * w;
        Rational lower(0);
        if (i.lower.sign() > 0) lower = i.lower;
        else if (i.upper.sign() < 0) lower = -i.upper;
        Rational upper = min(i.upper + neg + neg, -i.lower + pos + pos);
        if (have_extra) upper = min(upper, extra_upper);
        return {lower, max(lower, upper)};
    }

    /// |g(x)| >= the returned rational (0 when unknown).
    Rational abs_lower_at(const Rational& x) const {
        if (const auto exact = f_.eval_exact(Vector{x}))
            return abs(network(x) - *exact);  // rational operations only
        const BallEval v = f_.eval(std::vector<Interval>{{x, x}}, prec_);
        if (!v.ok() || !v.value.is_finite()) return Rational(0);
        const Interval fi = v.value.to_interval();
        const Rational n = network(x);
        return max(Rational(0), max(n - fi.upper, fi.lower - n));
    }

private:
    const Expr& f_;
    Rational slope_, intercept_;
    long prec_;
};

std::string check_l1(const CellChecker& c, const Rational& lo, const Rational& hi, const Interval& claimed) {
    std::vector<Piece> pieces;
    std::vector<Interval> parts;
    std::vector<bool> live;
    // Unbounded pieces first (key 1), then the widest part.
    std::priority_queue<std::pair<std::pair<int, Rational>, std::size_t>> heap;
    Rational lower, upper;
    std::size_t unbounded = 0;
    auto add = [&](Piece p) -> std::string {
        if (p.undefined)
            return "the target is undefined on [" + p.a.str() + ", " + p.b.str() + "] (" + p.reason + ")";
        const Interval part = p.ok ? c.l1_part(p) : Interval{Rational(0), Rational(0)};
        if (p.ok) {
            lower += part.lower;
            upper += part.upper;
        } else {
            ++unbounded;
        }
        heap.push({{p.ok ? 0 : 1, part.width()}, pieces.size()});
        pieces.push_back(std::move(p));
        parts.push_back(part);
        live.push_back(true);
        return {};
    };
    if (std::string e = add(c.enclose(lo, hi)); !e.empty()) return e;
    for (std::size_t steps = 0;; ++steps) {
        if (unbounded == 0 && claimed.lower <= lower && upper <= claimed.upper) return {};
        if (unbounded == 0 && (lower > claimed.upper || upper < claimed.lower)) break;  // certainly false
        if (steps >= kMaxBisections) break;
        while (!live[heap.top().second]) heap.pop();
        const std::size_t k = heap.top().second;
        heap.pop();
        live[k] = false;
        if (pieces[k].ok) {
            lower -= parts[k].lower;
            upper -= parts[k].upper;
        } else {
            --unbounded;
        }
        const Rational a = pieces[k].a, b = pieces[k].b, m = (a + b) / Rational(2);
        if (std::string e = add(c.enclose(a, m)); !e.empty()) return e;
        if (std::string e = add(c.enclose(m, b)); !e.empty()) return e;
    }
    if (unbounded != 0)
        return "the target could not be enclosed on part of [" + lo.str() + ", " + hi.str() + "]";
    const Interval reached{lower, upper};
    if (upper < claimed.lower)
        return "claimed lower " + claimed.lower.str() + " exceeds the enclosure " + reached.str() +
               " of the integral of |N - f|";
    if (lower > claimed.upper)
        return "claimed upper " + claimed.upper.str() + " is below the enclosure " + reached.str() +
               " of the integral of |N - f|";
    return "the enclosure " + reached.str() + " of the integral of |N - f| is not inside the claimed " +
           claimed.str() + " after " + std::to_string(kMaxBisections) + " bisections";
}

std::string check_linf(const CellChecker& c, const Rational& lo, const Rational& hi,
                       const Interval& claimed) {
    // Lower: a point of the cell where |g| >= claimed.lower (ends and sub-cell midpoints).
    Rational best(0);
    if (claimed.lower.sign() > 0) best = max(c.abs_lower_at(lo), c.abs_lower_at(hi));
    // Upper: every sub-cell's sup |g| <= claimed.upper; bisect those that are not yet.
    std::vector<std::pair<Rational, Rational>> todo{{lo, hi}};
    Rational reached_upper(0);
    std::size_t steps = 0;
    while (!todo.empty()) {
        const auto [a, b] = todo.back();
        todo.pop_back();
        const Piece p = c.enclose(a, b);
        if (p.undefined)
            return "the target is undefined on [" + a.str() + ", " + b.str() + "] (" + p.reason + ")";
        const Rational m = (a + b) / Rational(2);
        if (best < claimed.lower) best = max(best, c.abs_lower_at(m));
        if (best > claimed.upper)
            return "claimed upper " + claimed.upper.str() + " is below |N - f| >= " + best.str() +
                   " at a point of [" + a.str() + ", " + b.str() + "]";
        if (p.ok) {
            Rational u = abs_upper(p.range);
            if (p.monotone != 0 && u > claimed.upper) {
                // Monotone: the max of |g| is at an end.
                const auto ga = c.g_at(a), gb = c.g_at(b);
                if (ga && gb) u = min(u, max(abs_upper(*ga), abs_upper(*gb)));
            }
            if (u <= claimed.upper) {
                reached_upper = max(reached_upper, u);
                continue;
            }
        }
        if (++steps > kMaxBisections)
            return "could not show max |N - f| <= claimed upper " + claimed.upper.str() + " on [" + a.str() +
                   ", " + b.str() + "] within " + std::to_string(kMaxBisections) + " bisections";
        todo.push_back({m, b});
        todo.push_back({a, m});
    }
    if (best < claimed.lower)
        return "claimed lower " + claimed.lower.str() + " exceeds |N - f| at every point tried (best " +
               best.str() + "; the enclosure of the max is at most " + reached_upper.str() + ")";
    return {};
}

/// Exact check of a point claim for a polynomial target with the exact polynomial code.
std::string check_polynomial_exact(const Vector& p, CertificateKind kind, const Rational& lo,
                                   const Rational& hi, const AffineMap& map, const Rational& claimed) {
    Vector q(std::max<std::size_t>(p.size(), 2));
    for (std::size_t k = 0; k < p.size(); ++k) q[k] = -p[k];
    q[0] += map.b[0];
    q[1] += map.A(0, 0);
    const Rational tol(Integer(1), Integer(1'000'000'000));
    if (kind == CertificateKind::l1) {
        const PolyAbsIntegral v = integrate_abs(q, lo, hi, tol);
        if (!v.exact)
            return "claimed exact value " + claimed.str() + " but the integral of |N - f| is irrational here";
        if (v.value.lower != claimed)
            return "claimed exact value " + claimed.str() + " but the integral of |N - f| is " +
                   v.value.lower.str();
        return {};
    }
    const PolyAbsMaximum v = max_abs(q, lo, hi, tol);
    if (!v.exact)
        return "claimed exact value " + claimed.str() + " but the max of |N - f| is not rational here";
    if (v.value.lower != claimed)
        return "claimed exact value " + claimed.str() + " but the max of |N - f| is " + v.value.lower.str();
    return {};
}

}  // namespace

std::string check_target_cell(const Expr& target, CertificateKind kind, const Rational& lo,
                              const Rational& hi, const AffineMap& map, int sign, const Interval& claimed) {
    (void)sign;  // the bound is verified without it: integral |g| = I + 2 int g^- = -I + 2 int g^+
    if (kind == CertificateKind::equal) return "an equality claim cannot have a target";
    if (target.dim() != 1) return "the target has " + std::to_string(target.dim()) + " variables; expected 1";
    if (!(lo < hi)) return "the cell [" + lo.str() + ", " + hi.str() + "] is empty";
    if (map.A.rows() != 1 || map.A.cols() != 1 || map.b.size() != 1)
        return "the cell's map is not a map from R to R";
    if (claimed.lower > claimed.upper) return "the claimed bound " + claimed.str() + " is empty";
    if (claimed.upper.sign() < 0) return "the claimed bound " + claimed.str() + " is negative";
    if (claimed.lower == claimed.upper) {
        const auto p = target.polynomial_coefficients();
        if (!p && claimed.lower.sign() != 0)
            return "an exact claim " + claimed.lower.str() + " needs a polynomial target";
        if (p) return check_polynomial_exact(*p, kind, lo, hi, map, claimed.lower);
    }
    const CellChecker c(target, map, check_precision(claimed));
    return kind == CertificateKind::l1 ? check_l1(c, lo, hi, claimed) : check_linf(c, lo, hi, claimed);
}

}  // namespace relux::detail
