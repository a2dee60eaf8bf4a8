#include "cell_integral.hpp"

#include "relux/error.hpp"

#include <algorithm>
#include <iterator>
#include <vector>

namespace relux::detail {

namespace {

/// Exact determinant of a square matrix (Gaussian elimination).
Rational determinant(std::vector<Vector> m) {
    const std::size_t n = m.size();
    Rational det = 1;
    for (std::size_t c = 0; c < n; ++c) {
        std::size_t p = c;
        while (p < n && m[p][c].is_zero()) ++p;
        if (p == n) return 0;
        if (p != c) {
            std::swap(m[p], m[c]);
            det = -det;
        }
        det *= m[c][c];
        for (std::size_t r = c + 1; r < n; ++r) {
            if (m[r][c].is_zero()) continue;
            const Rational factor = m[r][c] / m[c][c];
            for (std::size_t k = c; k < n; ++k) m[r][k] -= factor * m[c][k];
        }
    }
    return det;
}

/// Dimension of the affine hull of the given vertices.
std::size_t affine_dimension(const std::vector<Vector>& vertices, const std::vector<std::size_t>& ids) {
    std::vector<Vector> rows;
    for (std::size_t k = 1; k < ids.size(); ++k) {
        Vector r = vertices[ids[k]];
        for (std::size_t i = 0; i < r.size(); ++i) r[i] -= vertices[ids[0]][i];
        rows.push_back(std::move(r));
    }
    std::size_t rank = 0;
    const std::size_t cols = vertices.front().size();
    for (std::size_t c = 0; c < cols && rank < rows.size(); ++c) {
        std::size_t p = rank;
        while (p < rows.size() && rows[p][c].is_zero()) ++p;
        if (p == rows.size()) continue;
        std::swap(rows[p], rows[rank]);
        for (std::size_t r = rank + 1; r < rows.size(); ++r) {
            if (rows[r][c].is_zero()) continue;
            const Rational factor = rows[r][c] / rows[rank][c];
            for (std::size_t k = c; k < cols; ++k) rows[r][k] -= factor * rows[rank][k];
        }
        ++rank;
    }
    return rank;
}

/// A pulling triangulation of the face with vertex set `face` (sorted) of dimension k: for each
/// facet of the face not containing its first vertex, the cones from that vertex over the
/// facet's triangulation. `incidence[j]` lists the vertices on the region's facet j.
void triangulate(const std::vector<Vector>& vertices, const std::vector<std::vector<std::size_t>>& incidence,
                 const std::vector<std::size_t>& face, std::size_t k, std::vector<std::size_t>& prefix,
                 std::vector<std::vector<std::size_t>>& out) {
    if (k == 0) {
        prefix.push_back(face.front());
        out.push_back(prefix);
        prefix.pop_back();
        return;
    }
    const std::size_t apex = face.front();
    std::vector<std::vector<std::size_t>> facets;
    for (const auto& on : incidence) {
        std::vector<std::size_t> t;
        std::set_intersection(face.begin(), face.end(), on.begin(), on.end(), std::back_inserter(t));
        if (t.size() < k || std::binary_search(t.begin(), t.end(), apex)) continue;
        if (std::find(facets.begin(), facets.end(), t) != facets.end()) continue;
        if (affine_dimension(vertices, t) != k - 1) continue;
        facets.push_back(std::move(t));
    }
    prefix.push_back(apex);
    for (const auto& t : facets) triangulate(vertices, incidence, t, k - 1, prefix, out);
    prefix.pop_back();
}

}  // namespace

Rational integral_over_region(const Region& r, const std::vector<Vector>& values, std::size_t output) {
    const std::vector<Vector>& v = r.vertices;
    const std::size_t dim = v.front().size();
    Rational total, volume;
    if (dim == 1) {
        total = abs(v[1][0] - v[0][0]) * (values[0][output] + values[1][output]) / Rational(2);
        volume = abs(v[1][0] - v[0][0]);
    } else if (dim == 2) {  // fan from vertex 0 (vertices are in convex position, in order)
        for (std::size_t i = 1; i + 1 < v.size(); ++i) {
            const Rational cross = abs((v[i][0] - v[0][0]) * (v[i + 1][1] - v[0][1]) -
                                       (v[i][1] - v[0][1]) * (v[i + 1][0] - v[0][0]));
            total += cross * (values[0][output] + values[i][output] + values[i + 1][output]) / Rational(6);
            volume += cross / Rational(2);
        }
    } else {
        std::vector<std::vector<std::size_t>> incidence;
        for (const Halfspace& h : r.facets) {
            std::vector<std::size_t> on;
            for (std::size_t i = 0; i < v.size(); ++i) {
                Rational s = h.offset;
                for (std::size_t j = 0; j < dim; ++j) s += h.normal[j] * v[i][j];
                if (s.is_zero()) on.push_back(i);
            }
            incidence.push_back(std::move(on));
        }
        std::vector<std::size_t> all(v.size()), prefix;
        for (std::size_t i = 0; i < v.size(); ++i) all[i] = i;
        std::vector<std::vector<std::size_t>> simplices;
        triangulate(v, incidence, all, dim, prefix, simplices);
        Rational factorial = 1;
        for (std::size_t i = 2; i <= dim; ++i) factorial *= Rational(static_cast<long>(i));
        for (const auto& s : simplices) {
            std::vector<Vector> m;
            for (std::size_t k = 1; k <= dim; ++k) {
                Vector row(dim);
                for (std::size_t j = 0; j < dim; ++j) row[j] = v[s[k]][j] - v[s[0]][j];
                m.push_back(std::move(row));
            }
            const Rational vol = abs(determinant(std::move(m))) / factorial;
            Rational sum;
            for (std::size_t idx : s) sum += values[idx][output];
            total += vol * sum / Rational(static_cast<long>(dim + 1));
            volume += vol;
        }
    }
    RELUX_ASSERT(volume == r.volume);  // the decomposition tiles the cell
    return total;
}

}  // namespace relux::detail
