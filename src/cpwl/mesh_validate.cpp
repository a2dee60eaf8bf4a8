// Mesh::validate: is the list of simplices a proper triangulation of its union?
// The checks and why they suffice: proofs/mesh.md.

#include "relux/cpwl/mesh.hpp"

#include "exact_linear.hpp"
#include "relux/error.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace relux {

using detail::difference;
using detail::dot;

namespace {

using Facet = std::vector<std::size_t>;  // sorted vertex indices
using FacetMap = std::map<Facet, std::vector<std::pair<std::size_t, std::size_t>>>;

std::string simplex_name(std::size_t s) { return "simplex " + std::to_string(s); }

std::string facet_text(const Facet& f) {
    std::string t = "(";
    for (std::size_t i = 0; i < f.size(); ++i) t += (i ? ", " : "") + std::to_string(f[i]);
    return t + ")";
}

FacetMap facet_map(const Mesh& m) {
    FacetMap facets;
    for (std::size_t s = 0; s < m.simplices.size(); ++s)
        for (std::size_t k = 0; k <= m.dim; ++k) {
            Facet f;
            for (std::size_t i = 0; i <= m.dim; ++i)
                if (i != k) f.push_back(m.simplices[s][i]);
            std::sort(f.begin(), f.end());
            facets[f].emplace_back(s, k);
        }
    return facets;
}

/// Sign of the apex relative to the hyperplane through the facet (in the simplex's vertex order).
int side(const Mesh& m, const Facet& f, std::size_t apex) {
    const Vector& base = m.vertices[f[0]];
    std::vector<Vector> edges;
    for (std::size_t i = 1; i < f.size(); ++i) edges.push_back(difference(m.vertices[f[i]], base));
    return dot(detail::normal_vector(edges), difference(m.vertices[apex], base)).sign();
}

/// True when the interiors of the convex hulls of a and b (full-dimensional simplices in R^n,
/// n = a[0].size()) intersect: no separating direction among the normals of hyperplanes spanned
/// by n - 1 edges of a and b (the facet normals of a - b).
bool interiors_overlap(const std::vector<Vector>& a, const std::vector<Vector>& b) {
    const std::size_t n = a[0].size();
    auto separated = [&](const Vector& dir) {
        Rational amin = dot(dir, a[0]), amax = amin, bmin = dot(dir, b[0]), bmax = bmin;
        for (const Vector& p : a) {
            const Rational v = dot(dir, p);
            amin = min(amin, v);
            amax = max(amax, v);
        }
        for (const Vector& p : b) {
            const Rational v = dot(dir, p);
            bmin = min(bmin, v);
            bmax = max(bmax, v);
        }
        return amax <= bmin || bmax <= amin;
    };
    if (n == 0) return true;  // two points in R^0
    std::vector<Vector> edges;
    for (const auto* set : {&a, &b})
        for (std::size_t i = 0; i < set->size(); ++i)
            for (std::size_t j = i + 1; j < set->size(); ++j)
                edges.push_back(difference((*set)[j], (*set)[i]));
    const std::size_t choose = n - 1;
    std::vector<std::size_t> pick(choose);
    for (std::size_t i = 0; i < choose; ++i) pick[i] = i;
    while (true) {
        std::vector<Vector> chosen;
        for (std::size_t i : pick) chosen.push_back(edges[i]);
        const Vector dir = detail::normal_vector(chosen);
        bool zero = true;
        for (const Rational& c : dir) zero = zero && c.is_zero();
        if (!zero && separated(dir)) return false;
        // next combination
        std::size_t i = choose;
        while (i > 0 && pick[i - 1] == edges.size() - choose + i - 1) --i;
        if (i == 0) break;
        ++pick[i - 1];
        for (std::size_t j = i; j < choose; ++j) pick[j] = pick[j - 1] + 1;
    }
    return true;
}

std::vector<Vector> points(const Mesh& m, const std::vector<std::size_t>& idx) {
    std::vector<Vector> p;
    for (std::size_t i : idx) p.push_back(m.vertices[i]);
    return p;
}

void check_indices_and_volume(const Mesh& m) {
    if (m.dim == 0) throw InvalidArgument("the mesh has dimension 0; expected at least 1");
    if (m.values.size() != m.vertices.size())
        throw InvalidArgument("the mesh has " + std::to_string(m.vertices.size()) + " vertices but " +
                              std::to_string(m.values.size()) + " values");
    for (std::size_t v = 0; v < m.vertices.size(); ++v)
        if (m.vertices[v].size() != m.dim)
            throw InvalidArgument("vertex " + std::to_string(v) + " has " +
                                  std::to_string(m.vertices[v].size()) + " coordinates; expected " +
                                  std::to_string(m.dim));
    if (m.simplices.empty()) throw InvalidArgument("the mesh has no simplices; expected at least one");
    for (std::size_t s = 0; s < m.simplices.size(); ++s) {
        const auto& simplex = m.simplices[s];
        if (simplex.size() != m.dim + 1)
            throw InvalidArgument(simplex_name(s) + " has " + std::to_string(simplex.size()) +
                                  " vertices; expected " + std::to_string(m.dim + 1) + " (dim + 1)");
        for (std::size_t k = 0; k < simplex.size(); ++k) {
            if (simplex[k] >= m.vertices.size())
                throw InvalidArgument(simplex_name(s) + ": vertex index " + std::to_string(simplex[k]) +
                                      " is out of range (the mesh has " + std::to_string(m.vertices.size()) +
                                      " vertices)");
            for (std::size_t j = 0; j < k; ++j)
                if (simplex[j] == simplex[k])
                    throw InvalidArgument(simplex_name(s) + " lists vertex " + std::to_string(simplex[k]) +
                                          " twice");
        }
        std::vector<Vector> edges;
        for (std::size_t k = 1; k < simplex.size(); ++k)
            edges.push_back(difference(m.vertices[simplex[k]], m.vertices[simplex[0]]));
        if (detail::determinant(edges).is_zero())
            throw InvalidArgument(simplex_name(s) +
                                  " is degenerate: its vertices lie in a common hyperplane (zero volume)");
    }
}

void check_shared_facets(const Mesh& m, const FacetMap& facets,
                         std::set<std::pair<std::size_t, std::size_t>>& adjacent) {
    for (const auto& [f, owners] : facets) {
        if (owners.size() > 2)
            throw InvalidArgument(
                "facet " + facet_text(f) + " is shared by simplices " + std::to_string(owners[0].first) +
                ", " + std::to_string(owners[1].first) + " and " + std::to_string(owners[2].first) +
                "; expected at most two: " + simplex_name(owners[2].first) + " overlaps them");
        if (owners.size() < 2) continue;
        const auto [s, k] = owners[0];
        const auto [t, l] = owners[1];
        if (side(m, f, m.simplices[s][k]) == side(m, f, m.simplices[t][l]))
            throw InvalidArgument("simplices " + std::to_string(s) + " and " + std::to_string(t) +
                                  " overlap: they lie on the same side of their common facet " +
                                  facet_text(f));
        adjacent.insert({std::min(s, t), std::max(s, t)});
    }
}

void check_overlaps(const Mesh& m, const std::set<std::pair<std::size_t, std::size_t>>& adjacent) {
    const std::size_t n = m.simplices.size(), d = m.dim;
    std::vector<Vector> lo(n), hi(n);
    std::vector<double> dlo(n), dhi(n);  // filter only: a padded double box along axis 0
    for (std::size_t s = 0; s < n; ++s) {
        lo[s] = hi[s] = m.vertices[m.simplices[s][0]];
        for (std::size_t v : m.simplices[s])
            for (std::size_t c = 0; c < d; ++c) {
                lo[s][c] = min(lo[s][c], m.vertices[v][c]);
                hi[s][c] = max(hi[s][c], m.vertices[v][c]);
            }
        const double a = lo[s][0].to_double(), b = hi[s][0].to_double();
        dlo[s] = a - 1e-9 * (std::abs(a) + 1);
        dhi[s] = b + 1e-9 * (std::abs(b) + 1);
    }
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return dlo[a] < dlo[b]; });
    for (std::size_t oi = 0; oi < n; ++oi) {
        const std::size_t s = order[oi];
        for (std::size_t oj = oi + 1; oj < n && dlo[order[oj]] <= dhi[s]; ++oj) {
            const std::size_t t = order[oj];
            bool strict = true;  // exact: the boxes overlap with positive volume
            for (std::size_t c = 0; c < d && strict; ++c) strict = lo[s][c] < hi[t][c] && lo[t][c] < hi[s][c];
            if (!strict || adjacent.count({std::min(s, t), std::max(s, t)})) continue;
            if (interiors_overlap(points(m, m.simplices[s]), points(m, m.simplices[t])))
                throw InvalidArgument("simplices " + std::to_string(std::min(s, t)) + " and " +
                                      std::to_string(std::max(s, t)) +
                                      " overlap (their interiors intersect)");
        }
    }
}

/// Boundary facets on a common hyperplane must not overlap in a (d-1)-dimensional set unless equal.
void check_hanging_facets(const Mesh& m, const FacetMap& facets) {
    const std::size_t d = m.dim;
    std::map<std::string, std::vector<std::pair<std::size_t, Facet>>> by_plane;
    for (const auto& [f, owners] : facets) {
        if (owners.size() != 1) continue;
        const Vector& base = m.vertices[f[0]];
        std::vector<Vector> edges;
        for (std::size_t i = 1; i < f.size(); ++i) edges.push_back(difference(m.vertices[f[i]], base));
        Vector n = detail::normal_vector(edges);
        Rational scale;
        for (const Rational& c : n)
            if (!c.is_zero()) {
                scale = c;  // sign included: orientation-free key
                break;
            }
        std::string key = (dot(n, base) / scale).str();
        for (const Rational& c : n) key += "," + (c / scale).str();
        by_plane[key].emplace_back(owners[0].first, f);
    }
    for (const auto& [key, list] : by_plane) {
        if (list.size() < 2) continue;
        // project the hyperplane injectively to R^(d-1): drop a coordinate with nonzero normal part
        const Facet& f0 = list[0].second;
        std::vector<Vector> edges;
        for (std::size_t i = 1; i < f0.size(); ++i)
            edges.push_back(difference(m.vertices[f0[i]], m.vertices[f0[0]]));
        const Vector n = detail::normal_vector(edges);
        std::size_t drop = 0;
        while (n[drop].is_zero()) ++drop;
        auto project = [&](const Facet& f) {
            std::vector<Vector> p;
            for (std::size_t v : f) {
                Vector q;
                for (std::size_t c = 0; c < d; ++c)
                    if (c != drop) q.push_back(m.vertices[v][c]);
                p.push_back(std::move(q));
            }
            return p;
        };
        for (std::size_t i = 0; i < list.size(); ++i)
            for (std::size_t j = i + 1; j < list.size(); ++j)
                if (interiors_overlap(project(list[i].second), project(list[j].second)))
                    throw InvalidArgument(
                        simplex_name(list[i].first) + "'s boundary facet " + facet_text(list[i].second) +
                        " and " + simplex_name(list[j].first) + "'s boundary facet " +
                        facet_text(list[j].second) +
                        " overlap without coinciding: faces are not matched (a hanging vertex?)");
    }
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> Mesh::boundary_facets() const {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (const auto& [f, owners] : facet_map(*this))
        if (owners.size() == 1) out.push_back(owners[0]);
    std::sort(out.begin(), out.end());
    return out;
}

void Mesh::validate() const {
    check_indices_and_volume(*this);
    const FacetMap facets = facet_map(*this);
    std::set<std::pair<std::size_t, std::size_t>> adjacent;
    check_shared_facets(*this, facets, adjacent);
    check_overlaps(*this, adjacent);
    check_hanging_facets(*this, facets);
}

}  // namespace relux
