#include "exact_linear.hpp"

#include "relux/error.hpp"

#include <utility>

namespace relux::detail {

Rational determinant(std::vector<Vector> m) {
    const std::size_t n = m.size();
    Rational det(1);
    for (std::size_t c = 0; c < n; ++c) {
        std::size_t p = c;
        while (p < n && m[p][c].is_zero()) ++p;
        if (p == n) return Rational(0);
        if (p != c) {
            std::swap(m[p], m[c]);
            det = -det;
        }
        det *= m[c][c];
        for (std::size_t r = c + 1; r < n; ++r) {
            if (m[r][c].is_zero()) continue;
            const Rational f = m[r][c] / m[c][c];
            for (std::size_t k = c; k < n; ++k) m[r][k] -= f * m[c][k];
        }
    }
    return det;
}

std::optional<Vector> solve(std::vector<Vector> m, Vector rhs) {
    const std::size_t n = m.size();
    RELUX_ASSERT(rhs.size() == n);
    for (std::size_t c = 0; c < n; ++c) {
        std::size_t p = c;
        while (p < n && m[p][c].is_zero()) ++p;
        if (p == n) return std::nullopt;
        std::swap(m[p], m[c]);
        std::swap(rhs[p], rhs[c]);
        for (std::size_t r = 0; r < n; ++r) {
            if (r == c || m[r][c].is_zero()) continue;
            const Rational f = m[r][c] / m[c][c];
            for (std::size_t k = c; k < n; ++k) m[r][k] -= f * m[c][k];
            rhs[r] -= f * rhs[c];
        }
    }
    for (std::size_t c = 0; c < n; ++c) rhs[c] /= m[c][c];
    return rhs;
}

Vector normal_vector(const std::vector<Vector>& vectors) {
    const std::size_t d = vectors.size() + 1;
    Vector n(d);
    for (std::size_t i = 0; i < d; ++i) {
        std::vector<Vector> minor;
        for (const Vector& v : vectors) {
            Vector row;
            for (std::size_t j = 0; j < d; ++j)
                if (j != i) row.push_back(v[j]);
            minor.push_back(std::move(row));
        }
        n[i] = (i % 2 == 0 ? Rational(1) : Rational(-1)) * (minor.empty() ? Rational(1) : determinant(minor));
    }
    return n;
}

Rational dot(const Vector& u, const Vector& v) {
    Rational s;
    for (std::size_t i = 0; i < u.size(); ++i) add_product(s, u[i], v[i]);
    return s;
}

Vector difference(const Vector& u, const Vector& v) {
    Vector r(u.size());
    for (std::size_t i = 0; i < u.size(); ++i) r[i] = u[i] - v[i];
    return r;
}

}  // namespace relux::detail
