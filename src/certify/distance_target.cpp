// Certified L1 and sup-norm distances to a target over 1-D and 2-D boxes (proofs/target-2d.md).

#include "relux/certify/distance_target.hpp"

#include "relux/error.hpp"
#include "simplices.hpp"

#include <arb.h>

#include <algorithm>
#include <limits>
#include <queue>

namespace relux {

namespace {

using detail::point_text;

/// |x| for x in [lo, hi]: the smallest value.
Rational abs_lower(const Rational& lo, const Rational& hi) {
    if (lo.sign() > 0) return lo;
    if (hi.sign() < 0) return -hi;
    return Rational(0);
}

Rational abs_upper(const Rational& lo, const Rational& hi) { return max(abs(lo), abs(hi)); }

/// The target's rigorous values on points and simplices.
class TargetOracle {
public:
    TargetOracle(const Expr& f, long prec) : f_(f), prec_(prec) {}

    /// Encloses f(x); throws when f is undefined at x or cannot be evaluated there.
    Interval at(const Vector& x) const {
        std::vector<Interval> pt;
        for (const Rational& c : x) pt.push_back({c, c});
        for (long p = prec_; p <= 4 * prec_; p *= 2) {
            const BallEval e = f_.eval(pt, p);
            if (e.status == EvalStatus::undefined) undefined(x, e.reason);
            if (e.ok() && e.value.is_finite()) return e.value.to_interval();
        }
        throw InvalidArgument("target '" + f_.text() + "' could not be evaluated at x = " + point_text(x) +
                              " (an operation's argument lies on its domain boundary)");
    }

    /// Encloses f over the box; nullopt when that is not possible (a domain boundary inside).
    /// Throws when f is undefined on the whole box (at the given point, which lies in it).
    std::optional<Interval> range(const std::vector<Interval>& box, const Vector& inside) const {
        const BallEval e = f_.eval(box, prec_);
        if (e.status == EvalStatus::undefined) undefined(inside, e.reason);
        if (!e.ok() || !e.value.is_finite()) return std::nullopt;
        return e.value.to_interval();
    }

    /// Upper bounds of |d^2 f / dx_i dx_j| over the box (row-major d x d), or nullopt.
    std::optional<std::vector<Rational>> hessian_abs(const std::vector<Interval>& box) const {
        const std::size_t d = box.size();
        std::vector<Ball> diag(d);
        std::vector<Rational> h(d * d);
        for (std::size_t i = 0; i < d; ++i) {
            Vector e(d);
            e[i] = 1;
            const SeriesEval s = f_.taylor(box, e, 3, prec_);
            if (!s.ok() || s.coeffs.size() < 3) return std::nullopt;
            arb_mul_2exp_si(diag[i].get(), s.coeffs[2].get(), 1);  // f'' = 2 c_2
            if (!diag[i].is_finite()) return std::nullopt;
            h[i * d + i] = upper_abs(diag[i]);
        }
        for (std::size_t i = 0; i < d; ++i)
            for (std::size_t j = i + 1; j < d; ++j) {
                Vector e(d);
                e[i] = 1;
                e[j] = 1;
                const SeriesEval s = f_.taylor(box, e, 3, prec_);
                if (!s.ok() || s.coeffs.size() < 3) return std::nullopt;
                // D^2_{e_i + e_j} f = H_ii + 2 H_ij + H_jj.
                Ball m;
                arb_mul_2exp_si(m.get(), s.coeffs[2].get(), 1);
                arb_sub(m.get(), m.get(), diag[i].get(), prec_);
                arb_sub(m.get(), m.get(), diag[j].get(), prec_);
                arb_mul_2exp_si(m.get(), m.get(), -1);
                if (!m.is_finite()) return std::nullopt;
                h[i * d + j] = h[j * d + i] = upper_abs(m);
            }
        return h;
    }

    /// Enclosures of df/dx_i over the box, or nullopt.
    std::optional<std::vector<Interval>> gradient(const std::vector<Interval>& box) const {
        std::vector<Interval> g;
        for (std::size_t i = 0; i < box.size(); ++i) {
            Vector e(box.size());
            e[i] = 1;
            const SeriesEval s = f_.taylor(box, e, 2, prec_);
            if (!s.ok() || s.coeffs.size() < 2 || !s.coeffs[1].is_finite()) return std::nullopt;
            g.push_back(s.coeffs[1].to_interval());
        }
        return g;
    }

    [[noreturn]] void undefined(const Vector& x, const std::string& reason) const {
        throw InvalidArgument("target '" + f_.text() + "' is undefined at x = " + point_text(x) + " (" +
                              reason + ")");
    }

private:
    static Rational upper_abs(const Ball& b) {
        const Interval i = b.to_interval();
        return abs_upper(i.lower, i.upper);
    }

    const Expr& f_;
    long prec_;
};

/// A simplex with its exact network map and certified bounds.
struct Cell {
    std::vector<Vector> vertices;
    const AffineMap* map = nullptr;
    bool bounded = false;
    Rational lower, upper;
    int depth = 0;
    std::size_t region = 0;
};

/// What both drivers share: checks, regions, simplices.
struct Setup {
    RegionResult regions;
    std::vector<Cell> cells;
    long prec = 64;
};

Setup setup(const Network& net, const Expr& target, const Box& box, const Rational& tol,
            const TargetDistanceOptions& options) {
    net.validate();
    if (!net.is_cpwl())
        throw InvalidArgument("the network is not piecewise linear (square activation or softmax output)");
    if (net.output_dim() != 1)
        throw InvalidArgument("the network has " + std::to_string(net.output_dim()) +
                              " outputs; a distance to a target needs one");
    if (box.dim() != net.input_dim)
        throw InvalidArgument("the box has " + std::to_string(box.dim()) + " axes but the network has " +
                              std::to_string(net.input_dim) + " inputs");
    if (box.dim() != 1 && box.dim() != 2)
        throw InvalidArgument("distances to a target are certified for 1 or 2 inputs in this version, not " +
                              std::to_string(box.dim()));
    if (target.dim() > box.dim())
        throw InvalidArgument("target '" + target.text() + "' uses " + std::to_string(target.dim()) +
                              " variables; the network has " + std::to_string(box.dim()) + " inputs");
    if (tol.sign() <= 0) throw InvalidArgument("the tolerance must be positive, got " + tol.str());
    Setup s;
    s.prec = detail::precision_for_tolerance(tol);
    RegionOptions ro = options.regions;
    ro.linear = false;
    s.regions = enumerate_regions(net, box, ro);
    if (s.regions.partial)
        throw InvalidArgument("the region enumeration stopped before the box was covered: " +
                              s.regions.stop_reason);
    for (const detail::MapSimplex& m : detail::region_simplices(s.regions.regions, box.dim()))
        s.cells.push_back({m.vertices, m.map, false, {}, {}, 0, m.region});
    return s;
}

/// The final simplices as certificate cells, with their region's pattern and map (1-D: in order).
/// A sup certificate gets [0, upper] per cell: a cell's part is proved from above only, and the
/// witness proves the lower bound.
std::vector<CertificateCell> certificate_cells(const std::vector<Cell>& cells, const RegionResult& regions,
                                               bool sup) {
    std::vector<CertificateCell> out;
    for (const Cell& c : cells)
        out.push_back(detail::simplex_cell(c.vertices, regions.regions[c.region],
                                           {sup ? Rational(0) : c.lower, c.upper}));
    detail::order_intervals(out);
    return out;
}

/// A cell that stays unbounded although it is tiny sits on a pole or a domain boundary.
void check_depth(const Cell& c, const Expr& target) {
    if (!c.bounded && c.depth > 80)
        throw InvalidArgument("target '" + target.text() + "' cannot be bounded near x = " +
                              point_text(detail::vertex_average(c.vertices)) +
                              " (a pole or a domain boundary of the target)");
}

/// The exact range of the network's affine map over the cell (attained at vertices).
Interval network_range(const Cell& c) {
    Interval r{c.map->apply(c.vertices[0])[0], c.map->apply(c.vertices[0])[0]};
    for (const Vector& x : c.vertices) {
        const Rational n = c.map->apply(x)[0];
        if (n < r.lower) r.lower = n;
        if (n > r.upper) r.upper = n;
    }
    return r;
}

/// Exact integral of |l| over a 1-D or 2-D simplex of volume vol, from l's values at its vertices.
Rational integral_abs_affine(const std::vector<Rational>& l, const Rational& vol) {
    const bool nonneg = std::all_of(l.begin(), l.end(), [](const Rational& x) { return x.sign() >= 0; });
    const bool nonpos = std::all_of(l.begin(), l.end(), [](const Rational& x) { return x.sign() <= 0; });
    Rational sum;
    for (const Rational& x : l) sum += x;
    const Rational mean = sum / static_cast<long>(l.size());
    if (nonneg || nonpos) return abs(mean) * vol;
    if (l.size() == 2) return vol * (l[0] * l[0] + l[1] * l[1]) / (2 * abs(l[0] - l[1]));
    // Integral of the positive part when only vertex a is positive: vol a^3 / (3 (a - b)(a - c)).
    auto one_positive = [&](const Rational& a, const Rational& b, const Rational& c) {
        return vol * a * a * a / (3 * (a - b) * (a - c));
    };
    auto positive_part = [&](const std::vector<Rational>& v) {
        std::size_t count = 0, k = 0;
        for (std::size_t i = 0; i < 3; ++i)
            if (v[i].sign() > 0) ++count, k = i;
        if (count == 1) return one_positive(v[k], v[(k + 1) % 3], v[(k + 2) % 3]);
        return Rational(0);  // count == 2 is handled by the caller through -l
    };
    std::size_t positives = 0;
    for (const Rational& x : l) positives += x.sign() > 0;
    Rational plus;
    if (positives == 1) {
        plus = positive_part(l);
    } else {
        // l+ = l + (-l)+, and -l has one positive vertex.
        std::vector<Rational> neg;
        for (const Rational& x : l) neg.push_back(-x);
        plus = mean * vol + positive_part(neg);
    }
    // |l| = 2 l+ - l.
    return 2 * plus - mean * vol;
}

/// L1 bounds of one simplex (see proofs/target-2d.md, "L1"): the plain range of |N - f|, and the
/// exact integral of |l| for the first-order Taylor polynomial l of g = N - f at the centroid,
/// +- vol (R + delta) with R the second-order remainder and delta the rounding of l.
void l1_bound(Cell& c, const TargetOracle& f) {
    const std::vector<Vector>& v = c.vertices;
    const Rational vol = detail::simplex_volume(v);
    const Vector m = detail::vertex_average(v);
    const std::vector<Interval> box = detail::bounding_box(v);
    const auto fr = f.range(box, m);
    c.bounded = fr.has_value();
    if (!c.bounded) return;
    const Interval n = network_range(c);
    const Rational g_lo = n.lower - fr->upper, g_hi = n.upper - fr->lower;
    c.lower = abs_lower(g_lo, g_hi) * vol;
    c.upper = abs_upper(g_lo, g_hi) * vol;
    const auto h = f.hessian_abs(box);
    if (!h) return;
    std::vector<Interval> point;
    for (const Rational& x : m) point.push_back({x, x});
    const auto grad = f.gradient(point);
    if (!grad) return;
    const std::size_t d = m.size();
    std::vector<Rational> w(d);
    for (const Vector& x : v)
        for (std::size_t i = 0; i < d; ++i) w[i] = max(w[i], abs(x[i] - m[i]));
    Rational r;  // R = 1/2 sum |H_ij| w_i w_j
    for (std::size_t i = 0; i < d; ++i)
        for (std::size_t j = 0; j < d; ++j) r += (*h)[i * d + j] * w[i] * w[j];
    r /= 2;
    // l(x) = g0 + p . (x - m) with rational g0 ~ g(m), p ~ grad g(m); delta bounds the rounding.
    const Interval fm = f.at(m);
    const Rational nm = c.map->apply(m)[0];
    const Rational g0 = nm - (fm.lower + fm.upper) / 2;
    Rational delta = (fm.upper - fm.lower) / 2;
    Vector p(d);
    for (std::size_t i = 0; i < d; ++i) {
        const Interval& gi = (*grad)[i];
        p[i] = c.map->A(0, i) - (gi.lower + gi.upper) / 2;
        delta += (gi.upper - gi.lower) / 2 * w[i];
    }
    std::vector<Rational> l;
    for (const Vector& x : v) {
        Rational val = g0;
        for (std::size_t i = 0; i < d; ++i) val += p[i] * (x[i] - m[i]);
        l.push_back(val);
    }
    const Rational integral = integral_abs_affine(l, vol), err = (r + delta) * vol;
    if (integral - err > c.lower) c.lower = integral - err;
    if (integral + err < c.upper) c.upper = integral + err;
}

/// Cell bounds rounded outward to the working grid (sums of exact quotients grow without bound).
void round_outward(Cell& c, long prec) {
    c.lower = detail::round_down(c.lower, prec);
    c.upper = detail::round_up(c.upper, prec);
}

double width_of(const Cell& c) {
    return c.bounded ? (c.upper - c.lower).to_double() : std::numeric_limits<double>::infinity();
}

}  // namespace

TargetDistanceResult l1_target(const Network& net, const Expr& target, const Box& box, const Rational& tol,
                               const TargetDistanceOptions& options) {
    Setup s = setup(net, target, box, tol, options);
    const TargetOracle f(target, s.prec);
    TargetDistanceResult result;
    result.regions = s.regions.regions.size();
    std::vector<Cell>& cells = s.cells;
    // The ends of the pieces first: an undefined target is reported at a vertex when it is.
    for (const Cell& c : cells)
        for (const Vector& x : c.vertices) f.at(x);
    Rational lower, upper;
    std::size_t unbounded = 0;
    using Item = std::pair<double, std::size_t>;
    std::priority_queue<Item> heap;
    auto add = [&](std::size_t i) {
        l1_bound(cells[i], f);
        check_depth(cells[i], target);
        if (cells[i].bounded) round_outward(cells[i], s.prec);
        if (cells[i].bounded) {
            lower += cells[i].lower;
            upper += cells[i].upper;
        } else {
            ++unbounded;
        }
        heap.push({width_of(cells[i]), i});
    };
    for (std::size_t i = 0; i < cells.size(); ++i) add(i);
    while (unbounded > 0 || upper - lower > tol) {
        if (cells.size() >= options.max_cells) {
            result.status = CertifyStatus::tolerance_not_reached;
            result.note = "stopped after " + std::to_string(cells.size()) + " cells" +
                          (unbounded ? " with unbounded cells" : " with width " + (upper - lower).str());
            break;
        }
        const std::size_t i = heap.top().second;
        heap.pop();
        if (cells[i].bounded) {
            lower -= cells[i].lower;
            upper -= cells[i].upper;
        } else {
            --unbounded;
        }
        auto [a, b] = detail::split_simplex(cells[i].vertices);
        const int depth = cells[i].depth + 1;
        cells[i].vertices = std::move(a);
        cells[i].depth = depth;
        cells.push_back({std::move(b), cells[i].map, false, {}, {}, depth, cells[i].region});
        add(i);
        add(cells.size() - 1);
    }
    if (unbounded > 0)
        throw InvalidArgument("target '" + target.text() + "' could not be bounded on the box");
    result.bound = {max(lower, Rational(0)), upper};
    result.cells = cells.size();
    if (options.want_cells) result.certificate_cells = certificate_cells(cells, s.regions, false);
    return result;
}

TargetDistanceResult linf_target(const Network& net, const Expr& target, const Box& box, const Rational& tol,
                                 const TargetDistanceOptions& options) {
    Setup s = setup(net, target, box, tol, options);
    const TargetOracle f(target, s.prec);
    TargetDistanceResult result;
    result.regions = s.regions.regions.size();
    std::vector<Cell>& cells = s.cells;
    Rational best;  // the lower bound, attained at the witness
    auto try_point = [&](const Vector& x, const AffineMap& map) {
        const Rational n = map.apply(x)[0];
        const Interval fx = f.at(x);
        const Rational g = abs_lower(n - fx.upper, n - fx.lower);
        if (!result.witness || g > best) {
            best = g;
            result.witness = x;
            result.network_value = n;
            result.target_value = fx;
        }
    };
    // Upper bound of |N - f| on a simplex: the smaller of the plain range and the mean-value form
    // |g(m)| + sum_i sup |dg/dx_i| w_i (tight near a smooth maximum, where the gradient is small).
    auto bound = [&](Cell& c) {
        const std::vector<Vector>& v = c.vertices;
        const Vector m = detail::vertex_average(v);
        try_point(m, *c.map);
        const std::vector<Interval> box = detail::bounding_box(v);
        const auto fr = f.range(box, m);
        c.bounded = fr.has_value();
        check_depth(c, target);
        if (!c.bounded) return;
        const Interval n = network_range(c);
        c.upper = detail::round_up(abs_upper(n.lower - fr->upper, n.upper - fr->lower), s.prec);
        if (const auto grad = f.gradient(box)) {
            const Vector a(c.map->A.row(0), c.map->A.row(0) + c.map->A.cols());
            const Interval fm = f.at(m);
            const Rational nm = c.map->apply(m)[0];
            Rational u = abs_upper(nm - fm.upper, nm - fm.lower);
            for (std::size_t i = 0; i < m.size(); ++i) {
                Rational w;
                for (const Vector& x : v) w = max(w, abs(x[i] - m[i]));
                u += abs_upper(a[i] - (*grad)[i].upper, a[i] - (*grad)[i].lower) * w;
            }
            u = detail::round_up(u, s.prec);
            if (u < c.upper) c.upper = u;
        }
    };
    using Item = std::pair<double, std::size_t>;
    std::priority_queue<Item> heap;
    auto push = [&](std::size_t i) {
        heap.push(
            {cells[i].bounded ? cells[i].upper.to_double() : std::numeric_limits<double>::infinity(), i});
    };
    for (std::size_t i = 0; i < cells.size(); ++i) {
        for (const Vector& x : cells[i].vertices) try_point(x, *cells[i].map);
        bound(cells[i]);
        push(i);
    }
    // The heap orders by the double image of each bound, which is monotone: a cell whose exact
    // bound exceeds the top's has the same double image. The exact maximum is taken over those.
    auto exact_top = [&](Rational& top) {
        std::vector<Item> ties;
        const double t = heap.top().first;
        bool bounded = true;
        while (!heap.empty() && heap.top().first == t) {
            const Cell& c = cells[heap.top().second];
            if (!c.bounded) bounded = false;
            else if (ties.empty() || c.upper > top) top = c.upper;
            ties.push_back(heap.top());
            heap.pop();
        }
        for (const Item& it : ties) heap.push(it);
        return bounded;
    };
    Rational top;
    while (true) {
        const bool bounded = exact_top(top);
        if (bounded && top - best <= tol) break;
        if (cells.size() >= options.max_cells) {
            if (!bounded)
                throw InvalidArgument("target '" + target.text() + "' could not be bounded on the box");
            result.status = CertifyStatus::tolerance_not_reached;
            result.note =
                "stopped after " + std::to_string(cells.size()) + " cells with width " + (top - best).str();
            break;
        }
        const std::size_t i = heap.top().second;
        heap.pop();
        auto [a, b] = detail::split_simplex(cells[i].vertices);
        const int depth = cells[i].depth + 1;
        cells[i].vertices = std::move(a);
        cells[i].depth = depth;
        cells.push_back({std::move(b), cells[i].map, false, {}, {}, depth, cells[i].region});
        bound(cells[i]);
        push(i);
        bound(cells.back());
        push(cells.size() - 1);
    }
    result.bound = {best, max(top, best)};
    result.cells = cells.size();
    if (options.want_cells) result.certificate_cells = certificate_cells(cells, s.regions, true);
    return result;
}

}  // namespace relux
