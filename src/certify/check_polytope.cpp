#include "check_polytope.hpp"

#include "relux/error.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace relux::detail {

namespace {

/// Exact rank of the rows, by Gaussian elimination (the rows are consumed).
int rank_of(std::vector<Vector> rows) {
    int rank = 0;
    const std::size_t cols = rows.empty() ? 0 : rows[0].size();
    std::size_t r = 0;
    for (std::size_t c = 0; c < cols && r < rows.size(); ++c) {
        std::size_t pivot = r;
        while (pivot < rows.size() && rows[pivot][c].is_zero()) ++pivot;
        if (pivot == rows.size()) continue;
        std::swap(rows[r], rows[pivot]);
        for (std::size_t i = r + 1; i < rows.size(); ++i) {
            if (rows[i][c].is_zero()) continue;
            const Rational factor = rows[i][c] / rows[r][c];
            for (std::size_t j = c; j < cols; ++j) rows[i][j] -= factor * rows[r][j];
        }
        ++r;
        ++rank;
    }
    return rank;
}

/// Exact determinant of a square matrix given by rows (consumed).
Rational determinant(std::vector<Vector> rows) {
    const std::size_t n = rows.size();
    Rational det = 1;
    for (std::size_t c = 0; c < n; ++c) {
        std::size_t pivot = c;
        while (pivot < n && rows[pivot][c].is_zero()) ++pivot;
        if (pivot == n) return 0;
        if (pivot != c) {
            std::swap(rows[c], rows[pivot]);
            det = -det;
        }
        det *= rows[c][c];
        for (std::size_t i = c + 1; i < n; ++i) {
            if (rows[i][c].is_zero()) continue;
            const Rational factor = rows[i][c] / rows[c][c];
            for (std::size_t j = c; j < n; ++j) rows[i][j] -= factor * rows[c][j];
        }
    }
    return det;
}

/// The recursive pulling triangulation over precomputed incidences on[h][p] (point p on h).
class Triangulator {
public:
    Triangulator(const std::vector<Vector>& points, std::vector<std::vector<bool>> on)
        : points_(points), on_(std::move(on)) {}

    /// Simplices (k + 1 indices each) of conv(points[subset]), a polytope of affine dimension k.
    std::vector<SimplexIndices> run(const std::vector<std::size_t>& subset, int k) const {
        if (k == 0) return {SimplexIndices{subset.front()}};
        const std::size_t apex = subset.front();
        std::vector<SimplexIndices> out;
        std::set<std::vector<std::size_t>> facets;
        for (const std::vector<bool>& on_h : on_) {
            if (on_h[apex]) continue;  // facets through the apex contribute cones of volume 0
            std::vector<std::size_t> facet;
            for (std::size_t p : subset)
                if (on_h[p]) facet.push_back(p);
            if (static_cast<int>(facet.size()) < k) continue;
            if (!facets.insert(facet).second) continue;  // the same facet from another hyperplane
            if (affine_dimension(points_, facet) != k - 1) continue;
            for (SimplexIndices s : run(facet, k - 1)) {
                s.insert(s.begin(), apex);
                out.push_back(std::move(s));
            }
        }
        return out;
    }

private:
    const std::vector<Vector>& points_;
    std::vector<std::vector<bool>> on_;
};

}  // namespace

int affine_dimension(const std::vector<Vector>& points, const std::vector<std::size_t>& subset) {
    if (subset.empty()) return -1;
    std::vector<Vector> rows;
    const Vector& base = points[subset.front()];
    for (std::size_t i = 1; i < subset.size(); ++i) {
        Vector row = points[subset[i]];
        for (std::size_t j = 0; j < row.size(); ++j) row[j] -= base[j];
        rows.push_back(std::move(row));
    }
    return rank_of(std::move(rows));
}

Rational simplex_volume(const std::vector<Vector>& points, const SimplexIndices& simplex) {
    RELUX_ASSERT(!simplex.empty());
    const Vector& base = points[simplex.front()];
    RELUX_ASSERT(simplex.size() == base.size() + 1);
    std::vector<Vector> rows;
    Rational factorial = 1;
    for (std::size_t i = 1; i < simplex.size(); ++i) {
        Vector row = points[simplex[i]];
        for (std::size_t j = 0; j < row.size(); ++j) row[j] -= base[j];
        rows.push_back(std::move(row));
        factorial *= Rational(static_cast<long>(i));
    }
    return abs(determinant(std::move(rows))) / factorial;
}

std::vector<SimplexIndices> triangulate_polytope(const std::vector<Vector>& points,
                                                 const std::vector<Halfspace>& hyperplanes) {
    if (points.empty()) return {};
    const int dim = static_cast<int>(points.front().size());
    std::vector<std::size_t> all(points.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    if (affine_dimension(points, all) != dim) return {};
    std::vector<std::vector<bool>> on(hyperplanes.size(), std::vector<bool>(points.size()));
    for (std::size_t h = 0; h < hyperplanes.size(); ++h) {
        for (std::size_t p = 0; p < points.size(); ++p) {
            Rational value = hyperplanes[h].offset;
            for (std::size_t j = 0; j < points[p].size(); ++j)
                value += hyperplanes[h].normal[j] * points[p][j];
            on[h][p] = value.is_zero();
        }
    }
    return Triangulator(points, std::move(on)).run(all, dim);
}

Rational polytope_volume(const std::vector<Vector>& points, const std::vector<Halfspace>& hyperplanes) {
    Rational volume;
    for (const SimplexIndices& s : triangulate_polytope(points, hyperplanes))
        volume += simplex_volume(points, s);
    return volume;
}

}  // namespace relux::detail
