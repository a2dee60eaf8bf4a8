#include "relux/certify/distance_nd.hpp"

#include "cell_integral.hpp"
#include "difference_network.hpp"
#include "relux/error.hpp"
#include "relux/net/evaluate.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace relux {

namespace {

using detail::DifferenceNetwork;

/// Throws InvalidNetwork / InvalidArgument naming what does not fit for `who`.
void check_networks(const Network& f, const Network& g, const Box& box, bool one_output,
                    const std::string& who) {
    f.validate();
    g.validate();
    if (!f.is_cpwl())
        throw InvalidArgument(who + ": the network is not piecewise linear (square layer or softmax output)");
    if (!g.is_cpwl())
        throw InvalidArgument(who +
                              ": the reference is not piecewise linear (square layer or softmax output)");
    if (f.input_dim != g.input_dim)
        throw InvalidArgument(who + ": the networks have different input sizes: the network has " +
                              std::to_string(f.input_dim) + ", the reference " + std::to_string(g.input_dim));
    if (f.output_dim() != g.output_dim())
        throw InvalidArgument(who + ": the networks have different output sizes: the network has " +
                              std::to_string(f.output_dim()) + ", the reference " +
                              std::to_string(g.output_dim()));
    if (one_output && f.output_dim() != 1)
        throw InvalidArgument(who + ": the networks have " + std::to_string(f.output_dim()) +
                              " outputs; expected 1 (compare several outputs with equal_networks)");
    if (box.dim() != f.input_dim)
        throw InvalidArgument(who + ": the box has " + std::to_string(box.dim()) + " axes; expected " +
                              std::to_string(f.input_dim) + " (one per network input)");
}

/// What is known about d = f - g on one region of the difference network.
struct CellAnalysis {
    AffineMap d;                 ///< d on the cell
    std::vector<Vector> values;  ///< d at each vertex
    Vector interior;             ///< the vertex average (an interior point)
    std::string pattern_f, pattern_g;
};

/// The vertex average of the region (interior, since the region is full-dimensional).
Vector vertex_average(const Region& r) {
    Vector p(r.vertices.front().size());
    for (const Vector& v : r.vertices)
        for (std::size_t i = 0; i < p.size(); ++i) p[i] += v[i];
    const Rational count(static_cast<long>(r.vertices.size()));
    for (Rational& x : p) x /= count;
    return p;
}

/// d's map on the region (the difference network's output map), f's and g's patterns there (read
/// off the combined pattern: their neurons are the combined network's), d at the vertices.
CellAnalysis analyse(const DifferenceNetwork& dn, const Network& f, const Network& g, const Region& r) {
    CellAnalysis a;
    a.interior = vertex_average(r);
    a.pattern_f = to_string(detail::sub_pattern(dn, r.pattern, f, true));
    a.pattern_g = to_string(detail::sub_pattern(dn, r.pattern, g, false));
    a.d = r.affine;
    for (const Vector& v : r.vertices) a.values.push_back(a.d.apply(v));
    return a;
}

/// The difference network's regions over the box and their analyses (in the regions' order).
struct Run {
    DifferenceNetwork dn;
    RegionResult regions;
    std::vector<CellAnalysis> cells;
};

Run run(const Network& f, const Network& g, const Box& box, bool split, const CpwlDistanceOptions& options) {
    Run run;
    run.dn = detail::build_difference_network(f, g, box, split);
    RegionOptions ro = options.regions;
    ro.linear = false;
    run.regions = enumerate_regions(run.dn.net, box, ro);
    if (run.regions.partial)  // its layer numbers are the combined network's (proofs/equal.md)
        run.regions.stop_reason += "; layers counted in the difference network of both";
    run.cells.resize(run.regions.regions.size());
    auto work = [&] {
        tbb::parallel_for(std::size_t(0), run.cells.size(), [&](std::size_t i) {
            run.cells[i] = analyse(run.dn, f, g, run.regions.regions[i]);
        });
    };
    if (ro.threads > 0) tbb::task_arena(ro.threads).execute(work);
    else work();
    return run;
}

/// +1 / -1 when every vertex value (of every output) is >= 0 / <= 0 and one is not 0; 0 when all
/// are 0 or the signs are mixed.
int sign_of_values(const std::vector<Vector>& values) {
    bool pos = false, neg = false;
    for (const Vector& v : values)
        for (const Rational& x : v) {
            pos = pos || x.sign() > 0;
            neg = neg || x.sign() < 0;
        }
    return pos && !neg ? 1 : (neg && !pos ? -1 : 0);
}

/// max_i |x_i|.
Rational max_abs(const Vector& x) {
    Rational m;
    for (const Rational& v : x) m = std::max(m, abs(v));
    return m;
}

/// The certificate cell of a region with its analysis.
CertificateCell make_cell(const Run& r, std::size_t i, int sign, const Rational& bound) {
    const Region& region = r.regions.regions[i];
    const CellAnalysis& a = r.cells[i];
    CertificateCell c;
    c.vertices = region.vertices;
    c.facets = region.facets;
    for (Halfspace& h : c.facets) h.source = detail::certificate_source(r.dn, h.source);
    c.patterns = {a.pattern_f, a.pattern_g};
    c.sign = sign;
    c.map = a.d;
    c.bound = Interval{bound, bound};
    return c;
}

/// Exact sum of many rationals, added pairwise (keeps denominators of partial sums small).
Rational tree_sum(std::vector<Rational> level) {
    while (level.size() > 1) {
        std::vector<Rational> next;
        for (std::size_t i = 0; i + 1 < level.size(); i += 2) next.push_back(level[i] + level[i + 1]);
        if (level.size() % 2) next.push_back(std::move(level.back()));
        level = std::move(next);
    }
    return level.empty() ? Rational(0) : level.front();
}

}  // namespace

CpwlDistanceResult l1_cpwl(const Network& f, const Network& g, const Box& box,
                           const CpwlDistanceOptions& options) {
    check_networks(f, g, box, true, "l1_cpwl");
    const Run r = run(f, g, box, true, options);
    CpwlDistanceResult result;
    std::vector<Rational> parts(r.cells.size());
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
        const int sign = sign_of_values(r.cells[i].values);
        if (sign != 0)
            parts[i] =
                Rational(sign) * detail::integral_over_region(r.regions.regions[i], r.cells[i].values, 0);
        if (options.want_cells) result.certificate_cells.push_back(make_cell(r, i, sign, parts[i]));
    }
    for (std::size_t i = 0; i < r.cells.size(); ++i)  // d has one sign on each cell (split at d = 0)
        for (const Vector& v : r.cells[i].values)
            RELUX_ASSERT(v[0].sign() * sign_of_values(r.cells[i].values) >= 0);
    result.value = tree_sum(std::move(parts));
    result.cells = r.cells.size();
    result.partial = r.regions.partial;
    result.stop_reason = r.regions.stop_reason;
    return result;
}

CpwlDistanceResult linf_cpwl(const Network& f, const Network& g, const Box& box,
                             const CpwlDistanceOptions& options) {
    check_networks(f, g, box, true, "linf_cpwl");
    // Certificate cells need one sign of d each, so they are split at d = 0 as for l1.
    const Run r = run(f, g, box, options.want_cells, options);
    CpwlDistanceResult result;
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
        const CellAnalysis& a = r.cells[i];
        Rational cell_max;
        for (std::size_t k = 0; k < a.values.size(); ++k) {
            const Rational m = abs(a.values[k][0]);
            cell_max = std::max(cell_max, m);
            if (!result.witness || m > result.value) {
                result.value = m;
                result.witness = r.regions.regions[i].vertices[k];
            }
        }
        if (options.want_cells)
            result.certificate_cells.push_back(make_cell(r, i, sign_of_values(a.values), cell_max));
    }
    if (result.witness) {
        result.network_value = evaluate(f, *result.witness)[0];
        result.reference_value = evaluate(g, *result.witness)[0];
        RELUX_ASSERT(abs(result.network_value - result.reference_value) == result.value);
    }
    result.cells = r.cells.size();
    result.partial = r.regions.partial;
    result.stop_reason = r.regions.stop_reason;
    return result;
}

namespace {

/// Some points of the box to try before the enumeration: its center and, up to 6 inputs, its
/// corners. A difference found there decides "not equal" at once.
std::vector<Vector> probe_points(const Box& box) {
    std::vector<Vector> points;
    Vector center(box.dim());
    for (std::size_t i = 0; i < box.dim(); ++i) center[i] = (box.lo[i] + box.hi[i]) / Rational(2);
    points.push_back(center);
    if (box.dim() <= 6)
        for (std::size_t mask = 0; mask < (std::size_t(1) << box.dim()); ++mask) {
            Vector c(box.dim());
            for (std::size_t i = 0; i < box.dim(); ++i) c[i] = (mask >> i) & 1 ? box.hi[i] : box.lo[i];
            points.push_back(std::move(c));
        }
    return points;
}

/// Fill the witness fields of `result` at x.
void set_witness(EqualResult& result, const Network& f, const Network& g, const Vector& x) {
    result.witness = x;
    result.network_value = evaluate(f, x);
    result.reference_value = evaluate(g, x);
    Vector d = result.network_value;
    for (std::size_t i = 0; i < d.size(); ++i) d[i] -= result.reference_value[i];
    result.max_difference = std::max(result.max_difference, max_abs(d));
}

}  // namespace

EqualResult equal_networks(const Network& f, const Network& g, const Box& box,
                           const std::optional<Rational>& tolerance, const CpwlDistanceOptions& options) {
    check_networks(f, g, box, false, "equal_networks");
    if (tolerance && tolerance->sign() < 0)
        throw InvalidArgument("equal_networks: tolerance " + tolerance->str() +
                              " is negative; expected >= 0");
    const Rational limit = tolerance ? *tolerance : Rational(0);
    EqualResult result;
    for (const Vector& x : probe_points(box)) {
        const Vector fx = evaluate(f, x), gx = evaluate(g, x);
        Vector d = fx;
        for (std::size_t i = 0; i < d.size(); ++i) d[i] -= gx[i];
        if (max_abs(d) > limit) {
            set_witness(result, f, g, x);
            return result;
        }
    }

    const Run r = run(f, g, box, false, options);
    result.cells = r.cells.size();
    for (std::size_t i = 0; i < r.cells.size() && !result.witness; ++i) {
        const CellAnalysis& a = r.cells[i];
        const Region& region = r.regions.regions[i];
        Rational cell_max;
        for (std::size_t k = 0; k < a.values.size() && !result.witness; ++k) {
            const Rational m = max_abs(a.values[k]);
            cell_max = std::max(cell_max, m);
            if (tolerance && m > *tolerance) set_witness(result, f, g, region.vertices[k]);
        }
        result.max_difference = std::max(result.max_difference, cell_max);
        if (!tolerance && cell_max.sign() != 0) {  // d is not 0 on the cell: a point where it is not
            Vector x = a.interior;
            if (max_abs(a.d.apply(x)).is_zero())
                for (std::size_t k = 0; k < a.values.size(); ++k)
                    if (max_abs(a.values[k]).sign() != 0) {
                        for (std::size_t j = 0; j < x.size(); ++j)
                            x[j] = (x[j] + region.vertices[k][j]) / Rational(2);
                        break;
                    }
            set_witness(result, f, g, x);
        }
        if (!result.witness && options.want_cells)
            result.certificate_cells.push_back(make_cell(r, i, sign_of_values(a.values), cell_max));
    }
    if (result.witness) {
        RELUX_ASSERT(result.network_value != result.reference_value);
        result.certificate_cells.clear();
        return result;
    }
    result.partial = r.regions.partial;
    result.stop_reason = r.regions.stop_reason;
    result.equal = !result.partial;
    if (result.partial) result.certificate_cells.clear();
    return result;
}

}  // namespace relux
