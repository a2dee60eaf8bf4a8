// Independent verification of one triangle of a 2-D target certificate, and of the tiling of a box
// by triangles (proofs/certificate-target.md, "2-D cells"). Its own bounds (the plain range, exact
// second moments, a centred mean-value form and a second-order Taylor form), its own exact integral
// of |affine| by clipping, and its own 4-way midpoint refinement; nothing is shared with the
// producer (distance_target.cpp) beyond the expression evaluator.

#include "check_target.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <queue>
#include <vector>

namespace relux::detail {

namespace {

/// Sub-triangles allowed per cell before the check gives up.
constexpr std::size_t kMaxSubTriangles = 4096;

using Triangle = std::array<Vector, 3>;

/// The directions of the Taylor series: e1, e2, e1 + e2, e1 - e2.
const std::array<Vector, 4> kDirections{Vector{Rational(1), Rational(0)}, Vector{Rational(0), Rational(1)},
                                        Vector{Rational(1), Rational(1)}, Vector{Rational(1), Rational(-1)}};

Rational area(const Vector& a, const Vector& b, const Vector& c) {
    return abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])) / Rational(2);
}

Vector midpoint(const Vector& a, const Vector& b) {
    return {(a[0] + b[0]) / Rational(2), (a[1] + b[1]) / Rational(2)};
}

Vector centroid(const Triangle& t) {
    return {(t[0][0] + t[1][0] + t[2][0]) / Rational(3), (t[0][1] + t[1][1] + t[2][1]) / Rational(3)};
}

Rational mid(const Interval& i) { return (i.lower + i.upper) / Rational(2); }
Rational rad(const Interval& i) { return (i.upper - i.lower) / Rational(2); }
Rational abs_max(const Rational& lo, const Rational& hi) { return max(abs(lo), abs(hi)); }
Rational abs_min(const Rational& lo, const Rational& hi) {
    return lo.sign() > 0 ? lo : hi.sign() < 0 ? -hi : Rational(0);
}

/// Exact integral of |l| over a triangle from l's values at its vertices: |l| = 2 l+ - l, with
/// the integral of l+ taken over the part {l >= 0} of the triangle, cut out exactly (a polygon of
/// at most 4 vertices) and fanned into triangles on which l is affine (area times the mean).
Rational integral_abs(const Triangle& t, const std::array<Rational, 3>& l) {
    const Rational whole = area(t[0], t[1], t[2]) * (l[0] + l[1] + l[2]) / Rational(3);
    std::vector<std::pair<Vector, Rational>> cut;
    for (std::size_t i = 0; i < 3; ++i) {
        const std::size_t j = (i + 1) % 3;
        if (l[i].sign() >= 0) cut.push_back({t[i], l[i]});
        if (l[i].sign() * l[j].sign() < 0) {
            const Rational s = l[i] / (l[i] - l[j]);
            cut.push_back(
                {{t[i][0] + s * (t[j][0] - t[i][0]), t[i][1] + s * (t[j][1] - t[i][1])}, Rational(0)});
        }
    }
    Rational plus;
    for (std::size_t k = 1; k + 1 < cut.size(); ++k)
        plus += area(cut[0].first, cut[k].first, cut[k + 1].first) *
                (cut[0].second + cut[k].second + cut[k + 1].second) / Rational(3);
    return 2 * plus - whole;
}

/// g = N - f on one sub-triangle: an enclosure of its part of the claim.
struct Part {
    Triangle t;
    bool ok = false;
    bool second = false;  ///< the second-order enclosure was tried (l1)
    Interval value;       ///< l1: encloses integral |g|; linf: [certified |g(centroid)|, upper of max |g|]
    double width() const {
        return ok ? (value.upper - value.lower).to_double() : std::numeric_limits<double>::infinity();
    }
};

class TriangleChecker {
public:
    TriangleChecker(const Expr& f, const AffineMap& map, CertificateKind kind, long prec)
        : f_(f), map_(map), kind_(kind), prec_(prec) {}

    Rational network(const Vector& x) const { return map_.A(0, 0) * x[0] + map_.A(0, 1) * x[1] + map_.b[0]; }

    /// The sub-triangle's enclosure; `undefined` is set when f is certainly undefined on it.
    /// With `second`, the l1 enclosure also tries the (costlier) second-order Taylor form.
    Part enclose(const Triangle& t, std::string& undefined, bool second = false) const {
        Part p;
        p.t = t;
        p.second = second;
        const Vector m = centroid(t);
        const Rational vol = area(t[0], t[1], t[2]);
        std::array<Rational, 2> w;
        std::vector<Interval> box(2);
        for (std::size_t i = 0; i < 2; ++i) {
            box[i] = {min(t[0][i], min(t[1][i], t[2][i])), max(t[0][i], max(t[1][i], t[2][i]))};
            w[i] = max(box[i].upper - m[i], m[i] - box[i].lower);
        }
        Rational n_lo = network(t[0]), n_hi = n_lo;
        for (const Vector& v : t) {
            n_lo = min(n_lo, network(v));
            n_hi = max(n_hi, network(v));
        }
        // The plain range: g in [n_lo - f_hi, n_hi - f_lo] on the triangle.
        std::optional<Interval> range;
        const BallEval fr = f_.eval(box, prec_);
        if (fr.status == EvalStatus::undefined) {
            undefined = fr.reason;
            return p;
        }
        if (fr.ok() && fr.value.is_finite()) {
            const Interval fi = fr.value.to_interval();
            range = Interval{n_lo - fi.upper, n_hi - fi.lower};
        }
        std::optional<Interval> fm;
        const BallEval e = f_.eval(std::vector<Interval>{{m[0], m[0]}, {m[1], m[1]}}, prec_);
        if (e.ok() && e.value.is_finite()) fm = e.value.to_interval();
        // The centred mean-value form: g(x) = g(m) + (a - grad f(xi)) . (x - m) with xi in the box.
        auto box_gradient = [&]() {
            std::array<std::optional<Interval>, 2> grad;
            for (std::size_t i = 0; i < 2; ++i) {
                const SeriesEval s = f_.taylor(box, kDirections[i], 2, prec_);
                if (s.ok() && s.coeffs.size() >= 2 && s.coeffs[1].is_finite())
                    grad[i] = s.coeffs[1].to_interval();
            }
            return grad;
        };
        const Rational nm = network(m);
        if (kind_ == CertificateKind::l1) {
            if (range) {
                p.ok = true;
                p.value = {abs_min(range->lower, range->upper) * vol,
                           abs_max(range->lower, range->upper) * vol};
            }
            auto intersect = [&](const Interval& e) {
                p.value = p.ok ? Interval{max(p.value.lower, e.lower), min(p.value.upper, e.upper)} : e;
                p.ok = true;
                if (p.value.lower > p.value.upper)
                    p.value.lower = p.value.upper;  // only for invalid enclosures
            };
            // g of one sign: the integral of |g| is +- that of g, from the second moments (below).
            const int sign = range ? (range->lower.sign() > 0 ? 1 : range->upper.sign() < 0 ? -1 : 0) : 0;
            if (sign != 0 && fm) {
                if (const auto q = quadratic_part(t, m, vol, box)) {
                    // integral g = vol (N(m) - f(m)) - Q with Q the integral of the quadratic part of f.
                    const Interval integral{vol * (nm - fm->upper) - q->upper,
                                            vol * (nm - fm->lower) - q->lower};
                    intersect(sign > 0 ? integral : Interval{-integral.upper, -integral.lower});
                    return p;
                }
            }
            // |g - l| <= err on the triangle for l(x) = g0 + slope . (x - m): then the integral of
            // |g| is that of |l| (exact) +- err vol.
            auto affine_enclosure = [&](const Interval& df1, const Interval& df2, const Rational& err) {
                const Rational g0 = nm - mid(*fm);
                const std::array<Rational, 2> slope{map_.A(0, 0) - mid(df1), map_.A(0, 1) - mid(df2)};
                std::array<Rational, 3> l;
                for (std::size_t k = 0; k < 3; ++k)
                    l[k] = g0 + slope[0] * (t[k][0] - m[0]) + slope[1] * (t[k][1] - m[1]);
                const Rational integral = integral_abs(t, l);
                intersect({max(Rational(0), integral - err * vol), integral + err * vol});
            };
            if (fm) {
                const auto grad = box_gradient();
                if (grad[0] && grad[1])  // err = rad f(m) + sum_i rad(grad_i over the box) w_i
                    affine_enclosure(*grad[0], *grad[1],
                                     rad(*fm) + rad(*grad[0]) * w[0] + rad(*grad[1]) * w[1]);
                if (second)  // Taylor to second order: err = rad f(m) + sum_i rad(d_i f(m)) w_i + R
                    if (const auto so = second_order(m, box, w))
                        affine_enclosure(so->d1, so->d2, so->err + rad(*fm));
            }
            return p;
        }
        // linf: a certified lower value at the centroid, and the smaller of two upper bounds.
        Rational lower;
        if (fm) lower = max(Rational(0), max(nm - fm->upper, fm->lower - nm));
        std::optional<Rational> upper;
        if (range) upper = abs_max(range->lower, range->upper);
        const auto grad = box_gradient();
        if (fm && grad[0] && grad[1]) {
            Rational u = abs_max(nm - fm->upper, nm - fm->lower);
            for (std::size_t i = 0; i < 2; ++i) {
                const Rational a = map_.A(0, i);
                u += abs_max(a - grad[i]->upper, a - grad[i]->lower) * w[i];
            }
            upper = upper ? min(*upper, u) : u;
        }
        if (upper) {
            p.ok = true;
            p.value = {lower, max(lower, *upper)};
        }
        return p;
    }

private:
    struct SecondOrder {
        Interval d1, d2;  ///< enclosures of the gradient of f at m
        Rational err;     ///< sum_i rad(d_i) w_i + 1/2 sum_ij sup |d_ij f| w_i w_j (box)
    };

    /// Coefficient 2 of the series of f along e1, e2, e1 + e2 and e1 - e2 over the box (D^2_dir f / 2
    /// at every point of it): the Hessian's diagonal is 2 c[0], 2 c[1] and d_12 f = (c[2] - c[3]) / 2.
    std::optional<std::array<Interval, 4>> second_coefficients(const std::vector<Interval>& box) const {
        std::array<Interval, 4> c;
        for (std::size_t i = 0; i < 4; ++i) {
            const SeriesEval s = f_.taylor(box, kDirections[i], 3, prec_);
            if (!s.ok() || s.coeffs.size() < 3 || !s.coeffs[2].is_finite()) return std::nullopt;
            c[i] = s.coeffs[2].to_interval();
        }
        return c;
    }

    /// The gradient of f at m and the Taylor remainder of order 2 over the box.
    std::optional<SecondOrder> second_order(const Vector& m, const std::vector<Interval>& box,
                                            const std::array<Rational, 2>& w) const {
        const std::vector<Interval> at{{m[0], m[0]}, {m[1], m[1]}};
        std::array<Interval, 2> d;
        for (std::size_t i = 0; i < 2; ++i) {
            const SeriesEval s = f_.taylor(at, kDirections[i], 2, prec_);
            if (!s.ok() || s.coeffs.size() < 2 || !s.coeffs[1].is_finite()) return std::nullopt;
            d[i] = s.coeffs[1].to_interval();
        }
        const auto c = second_coefficients(box);
        if (!c) return std::nullopt;
        std::array<Rational, 4> c2;  // upper bounds of |coefficient 2|
        for (std::size_t i = 0; i < 4; ++i) c2[i] = abs_max((*c)[i].lower, (*c)[i].upper);
        // |H_11| <= 2 c2[0], |H_22| <= 2 c2[1], |H_12| <= (c2[2] + c2[3]) / 2.
        const Rational r =
            c2[0] * w[0] * w[0] + c2[1] * w[1] * w[1] + (c2[2] + c2[3]) / Rational(2) * w[0] * w[1];
        return SecondOrder{d[0], d[1], rad(d[0]) * w[0] + rad(d[1]) * w[1] + r};
    }

    /// Encloses the integral over the triangle of (x - m)^T H_f(xi_x) (x - m) / 2 (xi_x in the box):
    /// sum_ij H_ij times the exact second moments M_ij = vol/12 sum_k (v_k - m)_i (v_k - m)_j, each
    /// H_ij an interval (second_coefficients); the off-diagonal term uses the integral of
    /// |(x1 - m1)(x2 - m2)| <= (alpha M_11 + M_22 / alpha) / 2.
    std::optional<Interval> quadratic_part(const Triangle& t, const Vector& m, const Rational& vol,
                                           const std::vector<Interval>& box) const {
        const auto coefficients = second_coefficients(box);
        if (!coefficients) return std::nullopt;
        const std::array<Interval, 4>& c = *coefficients;
        const Interval h11{2 * c[0].lower, 2 * c[0].upper}, h22{2 * c[1].lower, 2 * c[1].upper};
        const Interval h12{(c[2].lower - c[3].upper) / 2, (c[2].upper - c[3].lower) / 2};
        Rational m11, m22, m12;
        for (const Vector& v : t) {
            const Rational a = v[0] - m[0], b = v[1] - m[1];
            m11 += a * a;
            m22 += b * b;
            m12 += a * b;
        }
        m11 *= vol / 12;
        m22 *= vol / 12;
        m12 *= vol / 12;
        Rational alpha(1);
        if (m11.sign() > 0 && m22.sign() > 0)
            alpha = Rational::from_double(std::sqrt((m22 / m11).to_double()));
        if (alpha.sign() <= 0) alpha = Rational(1);
        const Rational abs12 = (alpha * m11 + m22 / alpha) / 2;
        const Rational centre = (mid(h11) * m11 + mid(h22) * m22 + 2 * mid(h12) * m12) / 2;
        const Rational spread = (rad(h11) * m11 + rad(h22) * m22 + 2 * rad(h12) * abs12) / 2;
        return Interval{centre - spread, centre + spread};
    }

    const Expr& f_;
    const AffineMap& map_;
    CertificateKind kind_;
    long prec_;
};

/// The four triangles of the midpoint subdivision.
std::array<Triangle, 4> subdivide(const Triangle& t) {
    const Vector a = midpoint(t[0], t[1]), b = midpoint(t[1], t[2]), c = midpoint(t[2], t[0]);
    return {Triangle{t[0], a, c}, Triangle{a, t[1], b}, Triangle{c, b, t[2]}, Triangle{a, b, c}};
}

}  // namespace

std::string check_target_cell_2d(const Expr& target, CertificateKind kind,
                                 const std::vector<Vector>& vertices, const AffineMap& map,
                                 const Interval& claimed) {
    const TriangleChecker checker(target, map, kind, check_precision(claimed));
    std::vector<Part> parts;
    using Item = std::pair<double, std::size_t>;
    std::priority_queue<Item> queue;
    std::string undefined;
    Rational lower, upper, best;  // l1: sums; linf: best point value, max of uppers
    std::size_t unbounded = 0;
    auto add = [&](const Triangle& t, bool second) {
        Part p = checker.enclose(t, undefined, second);
        if (!undefined.empty()) return;
        if (!p.ok) ++unbounded;
        else if (kind == CertificateKind::l1) {
            lower += p.value.lower;
            upper += p.value.upper;
        } else {
            best = max(best, p.value.lower);
        }
        const double key = kind == CertificateKind::l1 || !p.ok ? p.width() : p.value.upper.to_double();
        queue.push({key, parts.size()});
        parts.push_back(std::move(p));
    };
    add(Triangle{vertices[0], vertices[1], vertices[2]}, false);
    while (true) {
        if (!undefined.empty()) return "the target is undefined on part of the cell (" + undefined + ")";
        if (kind == CertificateKind::linf) {
            upper = Rational(0);
            for (const Part& p : parts)  // parts replaced by their pieces have ok == false and are skipped
                if (p.ok) upper = max(upper, p.value.upper);
            if (best > claimed.upper)
                return "|N - f| is at least " + best.str() +
                       " at a point of the cell, above the claimed upper " + claimed.upper.str();
            if (unbounded == 0 && upper <= claimed.upper && best >= claimed.lower) return {};
        } else {
            if (unbounded == 0 && lower > claimed.upper)
                return "the integral of |N - f| over the cell is at least " + lower.str() +
                       ", above the claimed upper " + claimed.upper.str();
            if (unbounded == 0 && upper < claimed.lower)
                return "the integral of |N - f| over the cell is at most " + upper.str() +
                       ", below the claimed lower " + claimed.lower.str();
            if (unbounded == 0 && lower >= claimed.lower && upper <= claimed.upper) return {};
        }
        if (parts.size() >= kMaxSubTriangles)
            return "claimed " + claimed.str() + " not confirmed after " + std::to_string(parts.size()) +
                   " sub-triangles (" +
                   (unbounded                     ? "the target could not be enclosed everywhere"
                    : kind == CertificateKind::l1 ? "enclosure " + Interval{lower, upper}.str()
                                                  : "upper bound " + upper.str()) +
                   ")";
        const std::size_t i = queue.top().second;
        queue.pop();
        Part& p = parts[i];
        if (!p.ok) --unbounded;
        else if (kind == CertificateKind::l1) {
            lower -= p.value.lower;
            upper -= p.value.upper;
        }
        const bool upgrade = kind == CertificateKind::l1 && p.ok && !p.second;
        p.ok = false;
        const Triangle t = p.t;
        if (upgrade) add(t, true);  // the same triangle with the second-order form first
        else
            for (const Triangle& piece : subdivide(t)) add(piece, false);
    }
}

std::string check_triangle_tiling(const std::vector<std::vector<Vector>>& triangles, const Box& box) {
    // Candidate pairs come from a grid of buckets over the box; the bucket of a coordinate is a
    // monotone function of it (rounding to double is monotone), so two triangles whose exact
    // bounding boxes overlap share a bucket. Each candidate pair is decided exactly.
    const std::size_t n = triangles.size();
    const std::size_t grid =
        std::clamp<std::size_t>(static_cast<std::size_t>(2 * std::sqrt(static_cast<double>(n))), 1, 2048);
    const double x0 = box.lo[0].to_double(), y0 = box.lo[1].to_double();
    const double sx = grid / (box.hi[0].to_double() - x0), sy = grid / (box.hi[1].to_double() - y0);
    auto bucket = [&](const Rational& v, double origin, double scale) {
        const double b = std::floor((v.to_double() - origin) * scale);
        return static_cast<std::size_t>(std::clamp(b, 0.0, static_cast<double>(grid - 1)));
    };
    struct Span {
        std::size_t x_lo, x_hi, y_lo, y_hi;
        Rational xl, xh, yl, yh;  ///< the exact bounding box
    };
    std::vector<Span> spans(n);
    std::vector<std::vector<std::size_t>> buckets(grid * grid);
    for (std::size_t k = 0; k < n; ++k) {
        const auto& t = triangles[k];
        Rational xl = t[0][0], xh = xl, yl = t[0][1], yh = yl;
        for (const Vector& v : t) {
            xl = min(xl, v[0]);
            xh = max(xh, v[0]);
            yl = min(yl, v[1]);
            yh = max(yh, v[1]);
        }
        spans[k] = {
            bucket(xl, x0, sx), bucket(xh, x0, sx), bucket(yl, y0, sy), bucket(yh, y0, sy), xl, xh, yl, yh};
        for (std::size_t i = spans[k].x_lo; i <= spans[k].x_hi; ++i)
            for (std::size_t j = spans[k].y_lo; j <= spans[k].y_hi; ++j) buckets[i * grid + j].push_back(k);
    }
    // Interiors are disjoint iff the line of an edge of one triangle has the other on its outer
    // closed side (separating axis theorem for convex polygons in the plane).
    auto separated_by_edges_of = [](const std::vector<Vector>& p, const std::vector<Vector>& q) {
        for (std::size_t i = 0; i < 3; ++i) {
            const Vector& a = p[i];
            const Vector& b = p[(i + 1) % 3];
            const Vector& o = p[(i + 2) % 3];
            auto side = [&](const Vector& x) {
                return ((b[0] - a[0]) * (x[1] - a[1]) - (b[1] - a[1]) * (x[0] - a[0])).sign();
            };
            const int inside = side(o);
            if (std::all_of(q.begin(), q.end(), [&](const Vector& x) { return side(x) * inside <= 0; }))
                return true;
        }
        return false;
    };
    for (std::size_t cell = 0; cell < buckets.size(); ++cell) {
        const std::vector<std::size_t>& members = buckets[cell];
        const std::size_t i = cell / grid, j = cell % grid;
        for (std::size_t a = 0; a < members.size(); ++a)
            for (std::size_t b = a + 1; b < members.size(); ++b) {
                const Span& p = spans[members[a]];
                const Span& q = spans[members[b]];
                // Decide each pair once: in the first bucket the two share.
                if (std::max(p.x_lo, q.x_lo) != i || std::max(p.y_lo, q.y_lo) != j) continue;
                // Bounding boxes whose interiors are disjoint separate the triangles.
                if (p.xh <= q.xl || q.xh <= p.xl || p.yh <= q.yl || q.yh <= p.yl) continue;
                if (!separated_by_edges_of(triangles[members[a]], triangles[members[b]]) &&
                    !separated_by_edges_of(triangles[members[b]], triangles[members[a]]))
                    return "cells " + std::to_string(members[a]) + " and " + std::to_string(members[b]) +
                           " overlap (no edge of either separates them)";
            }
    }
    return {};
}

}  // namespace relux::detail
