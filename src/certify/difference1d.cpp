#include "difference1d.hpp"

#include "relux/error.hpp"

#include <flint/fmpz.h>
#include <gmp.h>

#include <algorithm>

namespace relux::detail {

namespace {

Rational power_of_two(long e) {
    Integer p(1);
    p <<= static_cast<unsigned>(e < 0 ? -e : e);
    return e >= 0 ? Rational(p) : Rational(Integer(1), p);
}

/// The ball [min(a,b), max(a,b)] of two balls.
Ball hull(const Ball& a, const Ball& b, long prec) {
    Ball r;
    arb_union(r.get(), a.get(), b.get(), prec);
    return r;
}

}  // namespace

int ball_sign(const Ball& b) {
    if (arb_is_zero(b.get())) return 0;
    if (arb_is_positive(b.get())) return 1;
    if (arb_is_negative(b.get())) return -1;
    return 2;
}

Analyzer::Analyzer(const Expr& target, const std::vector<Piece1d>& pieces, long prec)
    : f_(target), pieces_(pieces), prec_(prec) {}

void Analyzer::undefined_at(const Rational& x, const std::string& reason) const {
    throw InvalidArgument("target '" + f_.text() + "' is undefined at x = " + x.str() + " (" + reason + ")");
}

void Analyzer::check_unbounded(const Cell& cell) const {
    if (cell.bounded) return;
    const Rational mid = (cell.lo + cell.hi) / Rational(2);
    const Rational scale = std::max(Rational(1), abs(mid));
    if (cell.hi - cell.lo < scale * power_of_two(-60))
        throw InvalidArgument("target '" + f_.text() + "' could not be bounded near x = " + mid.str() + " (" +
                              cell.reason + "); it may be undefined or unbounded there");
}

std::optional<std::vector<Ball>> Analyzer::series_at(std::size_t piece, const Rational& x, long length,
                                                     long prec) {
    ++evaluations_;
    const Piece1d& p = pieces_[piece];
    SeriesEval s = f_.taylor(std::vector<Interval>{{x, x}}, Vector{Rational(1)}, length, prec);
    if (s.status == EvalStatus::undefined) undefined_at(x, s.reason);
    if (!s.ok()) return std::nullopt;
    std::vector<Ball> g(static_cast<std::size_t>(length));
    Ball n0 = Ball::enclose(p.value(x), prec);
    arb_sub(g[0].get(), n0.get(), s.coeffs[0].get(), prec);
    if (length > 1) {
        Ball slope = Ball::enclose(p.slope[0], prec);
        arb_sub(g[1].get(), slope.get(), s.coeffs[1].get(), prec);
    }
    for (long k = 2; k < length; ++k) arb_neg(g[k].get(), s.coeffs[k].get());
    return g;
}

std::optional<Ball> Analyzer::value_at(std::size_t piece, const Rational& x) {
    std::optional<Ball> last;
    for (long p = prec_; p <= 4 * prec_; p *= 2) {
        auto s = series_at(piece, x, 1, p);
        if (!s) continue;
        last = std::move((*s)[0]);
        if (ball_sign(*last) != 2) break;
    }
    return last;
}

std::optional<Ball> Analyzer::target_at(const Rational& x) {
    for (long p = prec_; p <= 4 * prec_; p *= 2) {
        BallEval v = f_.eval(std::vector<Interval>{{x, x}}, p);
        if (v.status == EvalStatus::undefined) undefined_at(x, v.reason);
        if (v.ok()) return v.value;
    }
    return std::nullopt;
}

int Analyzer::sign_at(std::size_t piece, const Rational& x, long k) {
    for (long p = prec_; p <= 4 * prec_; p *= 2) {
        auto s = series_at(piece, x, k + 1, p);
        if (!s) continue;
        const int sg = ball_sign((*s)[static_cast<std::size_t>(k)]);
        if (sg != 2) return sg;
    }
    return 2;
}

std::optional<std::pair<Rational, Rational>> Analyzer::bracket(std::size_t piece, const Rational& lo,
                                                               const Rational& hi, long k, int s_lo,
                                                               int s_hi) {
    // Safeguarded Newton on g^(k) (Taylor coefficients c_k, c_{k+1}: g^(k)/g^(k+1) =
    // c_k / ((k+1) c_{k+1})), keeping [a, b] with certified signs s_lo at a and s_hi at b.
    Rational a = lo, b = hi, x = (lo + hi) / Rational(2);
    const Rational eps = std::max({Rational(1), abs(lo), abs(hi)}) * power_of_two(-prec_ / 2);
    Rational step_abs = hi - lo;
    for (int it = 0; it < 60; ++it) {
        auto s = series_at(piece, x, k + 2, prec_);
        if (!s) return std::nullopt;
        const Ball& vk = (*s)[static_cast<std::size_t>(k)];
        const int sg = ball_sign(vk);
        if (sg == 0) return std::make_pair(x, x);
        if (sg == s_lo) a = x;
        else if (sg == s_hi) b = x;
        Ball d = (*s)[static_cast<std::size_t>(k + 1)];
        arb_mul_si(d.get(), d.get(), k + 1, prec_);
        Rational next = (a + b) / Rational(2);
        step_abs = b - a;
        if (ball_sign(d) == 1 || ball_sign(d) == -1) {
            Ball st;
            arb_div(st.get(), vk.get(), d.get(), prec_);
            const Rational step = to_rational(arb_midref(st.get()));
            const Rational candidate = x - step;
            if (a < candidate && candidate < b) {
                next = candidate;
                step_abs = abs(step);
            }
        }
        x = next;
        if (step_abs <= eps || b - a <= eps) break;
    }
    // Probe a bracket of growing width around the Newton point.
    Rational d = std::max(step_abs * Rational(4), eps);
    for (int j = 0; j < 8; ++j, d *= Rational(16)) {
        const Rational y1 = std::max(x - d, a), y2 = std::min(x + d, b);
        const int s1 = y1 == a ? s_lo : sign_at(piece, y1, k);
        const int s2 = y2 == b ? s_hi : sign_at(piece, y2, k);
        if (s1 == s_lo && s2 == s_hi) return std::make_pair(y1, y2);
        if (s1 == 0) return std::make_pair(y1, y1);
        if (s2 == 0) return std::make_pair(y2, y2);
    }
    return std::nullopt;
}

void Analyzer::rough_cell(Cell& cell, std::string reason) {
    cell.kind = Cell::Kind::rough;
    cell.reason = std::move(reason);
    const Piece1d& p = pieces_[cell.piece];
    const Rational mid = (cell.lo + cell.hi) / Rational(2);
    BallEval fe = f_.eval(std::vector<Interval>{{cell.lo, cell.hi}}, prec_);
    if (fe.status == EvalStatus::undefined) undefined_at(mid, fe.reason);
    if (!fe.ok()) {
        cell.bounded = false;
        cell.reason = fe.reason;
        value_at(cell.piece, mid);  // throws when f is certainly undefined at the midpoint
        return;
    }
    const Rational n_lo = p.value(cell.lo), n_hi = p.value(cell.hi);
    Ball n = interval_ball(min(n_lo, n_hi), max(n_lo, n_hi));
    arb_sub(cell.range.get(), n.get(), fe.value.get(), prec_);
    cell.bounded = true;
    const int s = ball_sign(cell.range);
    cell.sign = (s == 1 || s == -1) ? s : 0;
}

void Analyzer::analyze(std::size_t piece, const Rational& lo, const Rational& hi, std::vector<Cell>& out,
                       int depth) {
    ++evaluations_;
    Cell cell;
    cell.piece = piece;
    cell.lo = lo;
    cell.hi = hi;
    const Piece1d& p = pieces_[piece];
    const Rational mid = (lo + hi) / Rational(2), h = (hi - lo) / Rational(2);
    SeriesEval sj = f_.taylor(std::vector<Interval>{{lo, hi}}, Vector{Rational(1)}, kOrder + 1, prec_);
    if (sj.status == EvalStatus::undefined) undefined_at(mid, sj.reason);
    if (!sj.ok()) {
        rough_cell(cell, sj.reason);
        out.push_back(std::move(cell));
        return;
    }
    auto sm = series_at(piece, mid, kOrder, prec_);
    if (!sm) {
        rough_cell(cell, "the target could not be evaluated at the midpoint");
        out.push_back(std::move(cell));
        return;
    }
    // g over the cell: coefficient 1 and 2 enclose g'/1! and g''/2! on the whole cell.
    Ball g1, g2;
    Ball m = Ball::enclose(p.slope[0], prec_);
    arb_sub(g1.get(), m.get(), sj.coeffs[1].get(), prec_);
    arb_neg(g2.get(), sj.coeffs[2].get());
    arb_neg(cell.rem.get(), sj.coeffs[kOrder].get());
    // Range by the second-order Taylor form: g(mid) + g'(mid) [-h, h] + (g''/2)(cell) [0, h^2].
    const Ball hb = Ball::enclose(h, prec_);
    Ball t1, t2, r;
    arb_mul(t1.get(), (*sm)[1].get(), hb.get(), prec_);
    arb_zero(r.get());
    arb_add_error(r.get(), t1.get());
    Ball h2 = interval_ball(Rational(0), h * h);
    arb_mul(t2.get(), g2.get(), h2.get(), prec_);
    arb_add(r.get(), r.get(), t2.get(), prec_);
    arb_add(cell.range.get(), r.get(), (*sm)[0].get(), prec_);
    cell.kind = Cell::Kind::smooth;
    cell.bounded = true;
    cell.mid_series = std::move(*sm);
    int s = ball_sign(cell.range);
    cell.sign = (s == 1 || s == -1) ? s : 0;
    s = ball_sign(g1);
    cell.slope = (s == 1 || s == -1) ? s : 0;

    // g convex or concave: g' is monotone, so its signs at the ends decide monotonicity of g,
    // or bracket the critical point and analyze the three parts.
    const int curvature = ball_sign(g2);
    if (cell.slope == 0 && (curvature == 1 || curvature == -1) && depth < 3) {
        const int d_lo = sign_at(piece, lo, 1), d_hi = sign_at(piece, hi, 1);
        if (d_lo != 2 && d_hi != 2) {
            if (d_lo * d_hi >= 0 && (d_lo != 0 || d_hi != 0)) {
                cell.slope = d_lo != 0 ? d_lo : d_hi;
            } else if (d_lo == -d_hi) {
                if (auto br = bracket(piece, lo, hi, 1, d_lo, d_hi)) {
                    const auto& [t1c, t2c] = *br;
                    if (lo < t1c) analyze(piece, lo, t1c, out, depth + 1);
                    if (t1c < t2c) analyze(piece, t1c, t2c, out, depth + 1);
                    if (t2c < hi) analyze(piece, t2c, hi, out, depth + 1);
                    return;
                }
            }
        }
    }

    // g monotone: the range is the hull of the end values, and their signs decide whether g
    // keeps one sign or crosses 0 once (then the root is bracketed).
    if (cell.slope != 0) {
        auto v_lo = value_at(piece, lo), v_hi = value_at(piece, hi);
        if (v_lo && v_hi) {
            Ball hr = hull(*v_lo, *v_hi, prec_);
            arb_intersection(cell.range.get(), cell.range.get(), hr.get(), prec_);
            cell.ends = std::make_pair(*v_lo, *v_hi);
            const int sl = ball_sign(*v_lo), sh = ball_sign(*v_hi);
            if (cell.sign == 0 && sl != 2 && sh != 2) {
                if (sl * sh >= 0 && (sl != 0 || sh != 0)) {
                    cell.sign = sl != 0 ? sl : sh;
                } else if (sl == -sh) {
                    if (auto br = bracket(piece, lo, hi, 0, sl, sh)) {
                        const auto& [t1r, t2r] = *br;
                        auto v1 = value_at(piece, t1r), v2 = value_at(piece, t2r);
                        if (v1 && v2) {
                            if (lo < t1r) {
                                Cell left = cell;
                                left.hi = t1r;
                                left.sign = sl;
                                left.ends = std::make_pair(*v_lo, *v1);
                                left.range = hull(*v_lo, *v1, prec_);
                                left.mid_series.clear();
                                out.push_back(std::move(left));
                            }
                            if (t1r < t2r) {
                                Cell root = cell;
                                root.kind = Cell::Kind::root;
                                root.lo = t1r;
                                root.hi = t2r;
                                root.sign = 0;
                                root.ends = std::make_pair(*v1, *v2);
                                root.range = hull(*v1, *v2, prec_);
                                root.mid_series.clear();
                                out.push_back(std::move(root));
                            }
                            if (t2r < hi) {
                                Cell right = cell;
                                right.lo = t2r;
                                right.sign = sh;
                                right.ends = std::make_pair(*v2, *v_hi);
                                right.range = hull(*v2, *v_hi, prec_);
                                right.mid_series.clear();
                                out.push_back(std::move(right));
                            }
                            return;
                        }
                    }
                }
            }
        }
    }
    out.push_back(std::move(cell));
}

Ball Analyzer::integral(Cell& cell) {
    const Rational h = (cell.hi - cell.lo) / Rational(2);
    const Ball hb = Ball::enclose(h, prec_);
    Ball q;
    if (cell.mid_series.empty()) {
        if (auto s = series_at(cell.piece, (cell.lo + cell.hi) / Rational(2), kOrder, prec_))
            cell.mid_series = std::move(*s);
    }
    if (cell.kind != Cell::Kind::smooth || cell.mid_series.empty()) {
        // integral in (hi - lo) * range
        Ball w = Ball::enclose(cell.hi - cell.lo, prec_);
        arb_mul(q.get(), w.get(), cell.range.get(), prec_);
        return q;
    }
    // integral_{-h}^{h} sum_k c_k t^k dt = sum_{k even} c_k 2 h^(k+1)/(k+1), plus the remainder
    // |rem| 2 h^(n+1)/(n+1) of the order-n Lagrange form.
    Ball hp = hb, term;
    for (long k = 0; k < kOrder; ++k) {
        if (k % 2 == 0) {
            arb_mul(term.get(), cell.mid_series[k].get(), hp.get(), prec_);
            arb_mul_2exp_si(term.get(), term.get(), 1);
            arb_div_si(term.get(), term.get(), k + 1, prec_);
            arb_add(q.get(), q.get(), term.get(), prec_);
        }
        arb_mul(hp.get(), hp.get(), hb.get(), prec_);
    }
    arb_abs(term.get(), cell.rem.get());
    arb_mul(term.get(), term.get(), hp.get(), prec_);
    arb_mul_2exp_si(term.get(), term.get(), 1);
    arb_div_si(term.get(), term.get(), kOrder + 1, prec_);
    arb_add_error(q.get(), term.get());
    return q;
}

}  // namespace relux::detail
