// The independent certificate checker (proofs/certificate-cpwl.md, proofs/certificate-target.md):
// cells, activation patterns, maps, volumes, bounds and totals, re-verified with its own small exact
// code. It never calls the region enumeration (src/geometry/region_*).
#include "relux/certify/certificate.hpp"

#include "check_classes.hpp"
#include "check_polytope.hpp"
#include "check_target.hpp"
#include "check_walk.hpp"
#include "relux/certify/distance1d.hpp"
#include "relux/certify/expression.hpp"
#include "relux/certify/softmax_classes.hpp"
#include "relux/error.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace relux {

namespace {

using detail::CheckFailed;
using detail::NetworkWalk;
using detail::walk_network;

[[noreturn]] void fail(std::string what) { detail::check_fail(std::move(what)); }

std::string cell_name(std::size_t k) { return "cell " + std::to_string(k); }

std::string point_text(const Vector& x) {
    std::string s = "(";
    for (std::size_t i = 0; i < x.size(); ++i) s += (i ? ", " : "") + x[i].str();
    return s + ")";
}

Rational dot(const Rational* row, const Vector& x) {
    Rational s;
    for (std::size_t j = 0; j < x.size(); ++j) s += row[j] * x[j];
    return s;
}

Rational halfspace_value(const Halfspace& h, const Vector& x) { return dot(h.normal.data(), x) + h.offset; }

bool is_zero_map(const AffineMap& m) {
    for (std::size_t i = 0; i < m.A.rows(); ++i) {
        if (!m.b[i].is_zero()) return false;
        for (std::size_t j = 0; j < m.A.cols(); ++j)
            if (!m.A(i, j).is_zero()) return false;
    }
    return true;
}

/// Fails naming the first entry where `claimed` differs from `expected` (same shapes).
void compare_maps(const AffineMap& claimed, const AffineMap& expected, const std::string& where,
                  const std::string& what) {
    for (std::size_t i = 0; i < expected.A.rows(); ++i) {
        for (std::size_t j = 0; j < expected.A.cols(); ++j)
            if (claimed.A(i, j) != expected.A(i, j))
                fail(where + ": map A[" + std::to_string(i) + "][" + std::to_string(j) + "] is " +
                     claimed.A(i, j).str() + "; " + what + " gives " + expected.A(i, j).str());
        if (claimed.b[i] != expected.b[i])
            fail(where + ": map b[" + std::to_string(i) + "] is " + claimed.b[i].str() + "; " + what +
                 " gives " + expected.b[i].str());
    }
}

void compare_pattern(const std::string& claimed, const std::string& recomputed, const std::string& where,
                     const std::string& label) {
    if (claimed != recomputed)
        fail(where + ": " + label + " pattern \"" + claimed + "\" differs from \"" + recomputed +
             "\", the pattern recomputed on the cell");
}

/// Every vertex lies in the box and satisfies every facet inequality.
void check_vertices(const CertificateCell& cell, const Box& box, const std::string& where) {
    for (std::size_t v = 0; v < cell.vertices.size(); ++v)
        if (!box.contains(cell.vertices[v]))
            fail(where + ": vertex " + std::to_string(v) + " " + point_text(cell.vertices[v]) +
                 " is outside the box");
    for (std::size_t f = 0; f < cell.facets.size(); ++f)
        for (std::size_t v = 0; v < cell.vertices.size(); ++v)
            if (halfspace_value(cell.facets[f], cell.vertices[v]).sign() < 0)
                fail(where + ": vertex " + std::to_string(v) + " violates facet " + std::to_string(f) + " (" +
                     facet_source_text(cell.facets[f].source) + ")");
}

/// The networks as the checker sees them: composed with the slice when there is one.
struct Setup {
    Network network;
    std::optional<Network> reference;
    std::size_t network_offset = 0, reference_offset = 0;
    std::size_t dim = 0;
};

/// Throws InvalidArgument for a certificate whose parts do not fit together.
Setup validate(const Certificate& cert) {
    const auto bad = [](const std::string& what) { throw InvalidArgument("certificate: " + what); };
    if (cert.reference.has_value() + !cert.target.empty() + !cert.classes.empty() != 1)
        bad("expected exactly one of a reference network, a target and classes");
    cert.network.validate();
    // The network as the cells see it: for classes the logits, the softmax output taken off.
    const bool classes = !cert.classes.empty();
    Network network = cert.network;
    if (classes) {
        if (network.output != OutputKind::softmax)
            bad("a class certificate needs a network with a softmax output");
        if (cert.kind != CertificateKind::l1) bad("a class certificate is an l1 certificate");
        if (cert.slice) bad("class certificates are checked over boxes, not slices");
        network.output = OutputKind::identity;
        if (!network.is_cpwl()) bad("the network is not piecewise linear below its softmax output");
    } else if (!network.is_cpwl()) {
        bad("the network is not piecewise linear (square activation or softmax output)");
    }
    if (cert.reference) {
        cert.reference->validate();
        if (!cert.reference->is_cpwl())
            bad("the reference is not piecewise linear (square activation or softmax output)");
        if (cert.reference->input_dim != cert.network.input_dim ||
            cert.reference->output_dim() != cert.network.output_dim())
            bad("the reference's input or output dimension differs from the network's");
    }
    if (!classes && cert.kind != CertificateKind::equal && cert.network.output_dim() != 1)
        bad("an " + std::string(to_string(cert.kind)) + " certificate needs networks with one output");
    Setup s;
    if (cert.slice) {
        cert.slice->validate();
        if (!(cert.slice->box == cert.box)) bad("the box differs from the slice's box");
        s.network = compose_slice(network, *cert.slice);
        s.network_offset = slice_layer_offset(network);
        if (cert.reference) {
            s.reference = compose_slice(*cert.reference, *cert.slice);
            s.reference_offset = slice_layer_offset(*cert.reference);
        }
    } else {
        s.network = std::move(network);
        s.reference = cert.reference;
    }
    s.dim = s.network.input_dim;
    if (!cert.reference) {
        if (cert.kind == CertificateKind::equal) bad("an equal certificate needs a reference network");
        if (classes && s.dim != 1 && s.dim != 2)
            bad("class certificates are checked over 1-input and 2-input boxes");
        if (!classes && s.dim != 1 && (s.dim != 2 || cert.slice))
            bad("target certificates are checked over a 1-input box, a 1-D slice or a 2-input box");
    }
    if (cert.box.dim() != s.dim || cert.box.hi.size() != s.dim)
        bad("the box has " + std::to_string(cert.box.dim()) + " axes; expected " + std::to_string(s.dim));
    for (std::size_t i = 0; i < s.dim; ++i)
        if (cert.box.lo[i] >= cert.box.hi[i]) bad("box axis " + std::to_string(i) + " has lo >= hi");
    if (cert.witness && cert.witness->size() != s.dim) bad("the witness has the wrong dimension");
    const std::size_t networks = cert.reference ? 2 : 1;
    for (std::size_t k = 0; k < cert.cells.size(); ++k) {
        const CertificateCell& c = cert.cells[k];
        const std::string where = cell_name(k) + ": ";
        for (const Vector& v : c.vertices)
            if (v.size() != s.dim) bad(where + "a vertex has the wrong dimension");
        for (const Halfspace& h : c.facets)
            if (h.normal.size() != s.dim) bad(where + "a facet normal has the wrong dimension");
        if (c.patterns.size() != networks) bad(where + "expected " + std::to_string(networks) + " patterns");
        if (c.map.A.rows() != cert.network.output_dim() || c.map.A.cols() != s.dim ||
            c.map.b.size() != cert.network.output_dim())
            bad(where + "the map has the wrong shape");
        if (c.sign < -1 || c.sign > 1) bad(where + "the sign is not 1, -1 or 0");
    }
    return s;
}

/// The part of the check that differs between references and targets, and the totals.
class Checker {
public:
    Checker(const Certificate& cert, Setup setup)
        : cert_(cert), s_(std::move(setup)), network_cache_(s_.network) {
        if (s_.reference) reference_cache_.emplace(*s_.reference);
    }

    std::string run() {
        if (cert_.value.lower > cert_.value.upper)
            fail("value: lower " + cert_.value.lower.str() + " exceeds upper " + cert_.value.upper.str());
        if (cert_.exact && cert_.value.lower != cert_.value.upper)
            fail("value: marked exact but lower " + cert_.value.lower.str() + " != upper " +
                 cert_.value.upper.str());
        if (cert_.cells.empty()) fail("no cells; expected cells that tile the box");
        if (cert_.reference) check_reference_cells();
        else check_target_cells();
        return check_totals();
    }

private:
    void check_reference_cells() {
        Rational volume;
        std::map<std::pair<std::vector<std::string>, int>, std::size_t> keys;
        std::map<std::vector<std::string>, std::size_t> sign_zero;  // patterns of sign-0 cells
        std::map<std::vector<std::string>, std::size_t> first_with_patterns;
        for (std::size_t k = 0; k < cert_.cells.size(); ++k) {
            volume += check_reference_cell(k);
            const CertificateCell& c = cert_.cells[k];
            if (auto [it, fresh] = keys.emplace(std::pair(c.patterns, c.sign), k); !fresh)
                fail("cells " + std::to_string(it->second) + " and " + std::to_string(k) +
                     " have the same patterns and sign; their interiors would overlap");
            auto [first, fresh] = first_with_patterns.emplace(c.patterns, k);
            if (!fresh && (c.sign == 0 || cert_.cells[first->second].sign == 0))
                fail("cells " + std::to_string(first->second) + " and " + std::to_string(k) +
                     " have the same patterns and one of them has sign 0; their interiors would overlap");
        }
        const Rational box_volume = cert_.box.volume();
        if (volume != box_volume)
            fail("the cells' volumes sum to " + volume.str() + "; the box has volume " + box_volume.str() +
                 " (a cell or a facet is missing)");
    }

    /// Verifies cell k of a reference certificate; returns its exact volume.
    Rational check_reference_cell(std::size_t k) {
        const CertificateCell& c = cert_.cells[k];
        const std::string where = cell_name(k);
        const std::size_t d = s_.dim;
        if (c.vertices.size() < d + 1)
            fail(where + ": has " + std::to_string(c.vertices.size()) + " vertices; a cell in dimension " +
                 std::to_string(d) + " needs at least " + std::to_string(d + 1));
        check_vertices(c, cert_.box, where);
        const std::vector<detail::SimplexIndices> simplices =
            detail::triangulate_polytope(c.vertices, c.facets);
        std::vector<Rational> volumes;
        Rational volume;
        for (const auto& simplex : simplices)
            volume += volumes.emplace_back(detail::simplex_volume(c.vertices, simplex));
        if (volume.is_zero())
            fail(where + ": has volume 0 (the vertices are not full-dimensional or facets are missing)");
        // The cached walk per claimed pattern answers when the claim is the recomputed pattern;
        // otherwise the full walk runs and names the failure.
        const AffineMap* f_map = network_cache_.map_if_pattern_holds(c.patterns[0], c.vertices);
        const AffineMap* g_map =
            f_map ? reference_cache_->map_if_pattern_holds(c.patterns[1], c.vertices) : nullptr;
        NetworkWalk f, g;
        if (!f_map || !g_map) {
            f = walk_network(s_.network, s_.network_offset, c.vertices, where, "network");
            g = walk_network(*s_.reference, s_.reference_offset, c.vertices, where, "reference");
            compare_pattern(c.patterns[0], f.pattern, where, "network");
            compare_pattern(c.patterns[1], g.pattern, where, "reference");
            f_map = &f.map;
            g_map = &g.map;
        }
        AffineMap difference = *f_map;
        for (std::size_t i = 0; i < difference.A.rows(); ++i) {
            for (std::size_t j = 0; j < d; ++j) difference.A(i, j) -= g_map->A(i, j);
            difference.b[i] -= g_map->b[i];
        }
        compare_maps(c.map, difference, where, "network - reference on the cell");
        const bool zero = is_zero_map(c.map);
        if (c.sign != 0 && zero)
            fail(where + ": sign " + std::to_string(c.sign) +
                 " but d is identically zero on the cell; expected sign 0");
        if (c.sign == 0 && !zero && cert_.kind == CertificateKind::l1)
            fail(where + ": sign 0 but d is not identically zero on the cell");
        Rational max_abs;
        for (std::size_t v = 0; v < c.vertices.size(); ++v) {
            const Vector value = c.map.apply(c.vertices[v]);
            for (std::size_t i = 0; i < value.size(); ++i) {
                if (c.sign != 0 && value[i].sign() * c.sign < 0)
                    fail(where + ": sign " + std::to_string(c.sign) + " but d = " + value[i].str() +
                         " at vertex " + std::to_string(v));
                max_abs = max(max_abs, abs(value[i]));
            }
        }
        if (cert_.kind == CertificateKind::l1) {
            // The integral of the affine |d| = sign * d over each simplex is its volume times the
            // value at the barycenter.
            Rational integral;
            if (c.sign != 0) {
                for (std::size_t si = 0; si < simplices.size(); ++si) {
                    const detail::SimplexIndices& simplex = simplices[si];
                    Vector barycenter(d);
                    for (std::size_t p : simplex)
                        for (std::size_t j = 0; j < d; ++j) barycenter[j] += c.vertices[p][j];
                    for (Rational& x : barycenter) x /= Rational(static_cast<long>(simplex.size()));
                    integral += volumes[si] * c.map.apply(barycenter)[0];
                }
                integral *= Rational(c.sign);
            }
            if (!c.bound.contains(integral))
                fail(where + ": bound " + c.bound.str() +
                     " does not contain the integral of |d| over the cell, " + integral.str());
        } else if (!c.bound.contains(max_abs)) {
            fail(where + ": bound " + c.bound.str() + " does not contain the max of |d| over the cell, " +
                 max_abs.str());
        }
        return volume;
    }

    /// The target in the cells' coordinates: composed with the slice (t -> target(x0 + A t)) if any.
    Expr target_in_cell_coordinates() const {
        const Expr target = Expr::parse(cert_.target, cert_.network.input_dim);
        return cert_.slice ? compose_target_slice(target, *cert_.slice) : target;
    }

    /// Verifies a cell's bound (after its geometry, pattern and map); returns the reason it fails.
    using BoundCheck = std::function<std::string(const CertificateCell&)>;

    void check_target_cells() {
        if (!cert_.classes.empty()) {
            detail::ClassCellChecker classes(parse_classes(cert_.classes, s_.dim), s_.dim);
            const BoundCheck check = [&](const CertificateCell& c) { return classes.check(c); };
            if (s_.dim == 2) return check_cells_2d(check);
            return check_cells_1d(check);
        }
        const Expr target = target_in_cell_coordinates();
        if (s_.dim == 2)
            return check_cells_2d([&](const CertificateCell& c) {
                return detail::check_target_cell_2d(target, cert_.kind, c.vertices, c.map, c.bound);
            });
        check_cells_1d([&](const CertificateCell& c) {
            Rational lo = c.vertices[0][0], hi = lo;
            for (const Vector& v : c.vertices) lo = min(lo, v[0]), hi = max(hi, v[0]);
            return detail::check_target_cell(target, cert_.kind, lo, hi, c.map, c.sign, c.bound);
        });
    }

    /// The network's claimed pattern holds on the cell and gives its map; then its bound.
    void check_map_and_bound(const CertificateCell& c, const std::string& where,
                             const BoundCheck& check_bound) {
        const AffineMap* f_map = network_cache_.map_if_pattern_holds(c.patterns[0], c.vertices);
        NetworkWalk f;
        if (!f_map) {
            f = walk_network(s_.network, s_.network_offset, c.vertices, where, "network");
            compare_pattern(c.patterns[0], f.pattern, where, "network");
            f_map = &f.map;
        }
        compare_maps(c.map, *f_map, where, "the network on the cell");
        if (std::string reason = check_bound(c); !reason.empty()) fail(where + ": " + reason);
    }

    /// 1-D: intervals that tile [lo, hi] in order, each with its pattern, map and bound.
    void check_cells_1d(const BoundCheck& check_bound) {
        Rational expected_start = cert_.box.lo[0];
        for (std::size_t k = 0; k < cert_.cells.size(); ++k) {
            const CertificateCell& c = cert_.cells[k];
            const std::string where = cell_name(k);
            if (c.vertices.size() < 2)
                fail(where + ": has " + std::to_string(c.vertices.size()) + " vertices; an interval needs 2");
            check_vertices(c, cert_.box, where);
            Rational lo = c.vertices[0][0], hi = c.vertices[0][0];
            for (const Vector& v : c.vertices) {
                lo = min(lo, v[0]);
                hi = max(hi, v[0]);
            }
            if (lo == hi) fail(where + ": is the single point " + lo.str() + "; expected an interval");
            if (lo != expected_start)
                fail(where + ": starts at " + lo.str() + "; expected " + expected_start.str() +
                     (k == 0 ? " (the lower end of the box)"
                             : " (where cell " + std::to_string(k - 1) + " ends)"));
            expected_start = hi;
            check_map_and_bound(c, where, check_bound);
        }
        if (expected_start != cert_.box.hi[0])
            fail("the cells end at " + expected_start.str() + "; expected " + cert_.box.hi[0].str() +
                 " (the upper end of the box)");
    }

    /// 2-D: every cell a triangle whose pattern, map and bound verify; exact areas summing to the
    /// box's and pairwise disjoint interiors (so the triangles tile the box).
    void check_cells_2d(const BoundCheck& check_bound) {
        Rational area;
        std::vector<std::vector<Vector>> triangles;
        for (std::size_t k = 0; k < cert_.cells.size(); ++k) {
            const CertificateCell& c = cert_.cells[k];
            const std::string where = cell_name(k);
            if (c.vertices.size() != 3)
                fail(where + ": has " + std::to_string(c.vertices.size()) +
                     " vertices; cells of a 2-D target certificate are triangles");
            check_vertices(c, cert_.box, where);
            const Rational a = detail::simplex_volume(c.vertices, {0, 1, 2});
            if (a.is_zero()) fail(where + ": is a degenerate triangle (area 0)");
            area += a;
            check_map_and_bound(c, where, check_bound);
            triangles.push_back(c.vertices);
        }
        if (area != cert_.box.volume())
            fail("the cells' areas sum to " + area.str() + "; the box has area " + cert_.box.volume().str() +
                 " (a cell is missing or extra)");
        if (std::string reason = detail::check_triangle_tiling(triangles, cert_.box); !reason.empty())
            fail(reason);
    }

    /// Lower bound of |d(w)| at the witness: exact with a reference, from an Arb enclosure of the target.
    Rational witness_lower(const Vector& w) const {
        const Vector y = evaluate(s_.network, w);
        if (s_.reference) {
            const Vector z = evaluate(*s_.reference, w);
            Rational m;
            for (std::size_t i = 0; i < y.size(); ++i) m = max(m, abs(y[i] - z[i]));
            return m;
        }
        const Expr target = target_in_cell_coordinates();
        if (auto exact = target.eval_exact(w)) return abs(y[0] - *exact);
        Rational best;
        for (long prec = 64; prec <= 4096; prec *= 4) {
            std::vector<Interval> point;
            for (const Rational& x : w) point.push_back({x, x});
            const BallEval e = target.eval(point, prec);
            if (!e.ok() || !e.value.is_finite()) continue;
            const Interval f = e.value.to_interval();
            best = max(best, max(y[0] - f.upper, f.lower - y[0]));
            if (best >= cert_.value.lower) break;
        }
        return best;
    }

    std::string check_totals() {
        Rational sum_lower, sum_upper, max_lower, max_upper;
        for (const CertificateCell& c : cert_.cells) {
            sum_lower += c.bound.lower;
            sum_upper += c.bound.upper;
            max_lower = max(max_lower, c.bound.lower);
            max_upper = max(max_upper, c.bound.upper);
        }
        const bool l1 = cert_.kind == CertificateKind::l1;
        const Rational lower = l1 ? sum_lower : max_lower, upper = l1 ? sum_upper : max_upper;
        const std::string what = l1 ? "sum" : "max";
        // With a witness, the claimed lower of a sup is proved by the witness alone (below).
        const bool lower_by_witness = !l1 && cert_.witness.has_value();
        if (!lower_by_witness && cert_.value.lower > lower)
            fail("value: claimed lower " + cert_.value.lower.str() + " exceeds the " + what +
                 " of the cells' lower bounds, " + lower.str());
        if (cert_.value.upper < upper)
            fail("value: claimed upper " + cert_.value.upper.str() + " is below the " + what +
                 " of the cells' upper bounds, " + upper.str());
        if (cert_.witness) {
            const Vector& w = *cert_.witness;
            if (!cert_.box.contains(w)) fail("witness " + point_text(w) + " is outside the box");
            if (const Rational m = witness_lower(w); m < cert_.value.lower)
                fail("witness " + point_text(w) + ": |d| there is " + (cert_.reference ? "" : "at least ") +
                     m.str() + ", below the claimed lower " + cert_.value.lower.str());
        }
        std::string verified =
            std::to_string(cert_.cells.size()) + " cells tile the box, patterns, maps and bounds verified";
        if (cert_.kind == CertificateKind::equal) {
            for (std::size_t k = 0; k < cert_.cells.size(); ++k) {
                const CertificateCell& c = cert_.cells[k];
                if (!cert_.tolerance && !is_zero_map(c.map))
                    fail(cell_name(k) +
                         ": d is not identically zero on the cell (equal without a tolerance)");
                if (cert_.tolerance && c.bound.upper > *cert_.tolerance)
                    fail(cell_name(k) + ": bound upper " + c.bound.upper.str() + " exceeds the tolerance " +
                         cert_.tolerance->str());
            }
            if (!cert_.tolerance)
                return "equal on the box: " + verified + ", d identically zero on every cell";
            return "sup |d| <= " + cert_.tolerance->str() + " on the box: " + verified;
        }
        const std::string name(to_string(cert_.kind));
        std::string claim =
            cert_.exact ? name + " = " + cert_.value.lower.str() : name + " in " + cert_.value.str();
        if (cert_.witness) verified += ", witness verified";
        return claim + ": " + verified;
    }

    const Certificate& cert_;
    Setup s_;
    detail::PatternCache network_cache_;
    std::optional<detail::PatternCache> reference_cache_;
};

}  // namespace

CheckResult check_certificate(const Certificate& cert) {
    Checker checker(cert, validate(cert));
    CheckResult result;
    try {
        result.summary = checker.run();
        result.holds = true;
        result.cells = cert.cells.size();
    } catch (const CheckFailed& e) {
        result.failure = e.what;
    }
    return result;
}

}  // namespace relux
