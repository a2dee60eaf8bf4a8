// Simplices of exact regions (see simplices.hpp).

#include "simplices.hpp"

#include "relux/net/evaluate.hpp"

#include <gmp.h>

#include <algorithm>

namespace relux::detail {

std::vector<MapSimplex> region_simplices(const std::vector<Region>& regions, std::size_t d) {
    std::vector<MapSimplex> out;
    for (std::size_t k = 0; k < regions.size(); ++k) {
        const Region& r = regions[k];
        if (d == 1) {
            Vector a = r.vertices[0], b = r.vertices[1];
            if (b[0] < a[0]) std::swap(a, b);
            out.push_back({{a, b}, &r.affine, k});
        } else {
            for (std::size_t i = 1; i + 1 < r.vertices.size(); ++i)
                out.push_back({{r.vertices[0], r.vertices[i], r.vertices[i + 1]}, &r.affine, k});
        }
    }
    return out;
}

CertificateCell simplex_cell(const std::vector<Vector>& v, const Region& region, const Interval& bound) {
    CertificateCell c;
    c.vertices = v;
    c.patterns = {to_string(region.pattern)};
    c.map = region.affine;
    c.bound = bound;
    const FacetSource split{FacetSource::Kind::neuron, split_facet_layer, 0};
    if (v.size() == 2) {
        const Rational lo = min(v[0][0], v[1][0]), hi = max(v[0][0], v[1][0]);
        c.facets.push_back({Vector{Rational(1)}, -lo, split});
        c.facets.push_back({Vector{Rational(-1)}, hi, split});
        return c;
    }
    // Edge (a, b) with the opposite vertex o: the line through a and b, oriented towards o.
    for (std::size_t i = 0; i < 3; ++i) {
        const Vector& a = v[i];
        const Vector& b = v[(i + 1) % 3];
        const Vector& o = v[(i + 2) % 3];
        Vector normal{a[1] - b[1], b[0] - a[0]};
        Rational offset = -(normal[0] * a[0] + normal[1] * a[1]);
        if (normal[0] * o[0] + normal[1] * o[1] + offset < 0) {
            for (Rational& x : normal) x = -x;
            offset = -offset;
        }
        c.facets.push_back({std::move(normal), std::move(offset), split});
    }
    return c;
}

void order_intervals(std::vector<CertificateCell>& cells) {
    if (cells.empty() || cells.front().vertices.front().size() != 1) return;
    const auto left = [](const CertificateCell& c) { return min(c.vertices[0][0], c.vertices[1][0]); };
    std::sort(cells.begin(), cells.end(),
              [&](const CertificateCell& a, const CertificateCell& b) { return left(a) < left(b); });
}

Rational simplex_volume(const std::vector<Vector>& v) {
    if (v.size() == 2) return abs(v[1][0] - v[0][0]);
    const Rational det =
        (v[1][0] - v[0][0]) * (v[2][1] - v[0][1]) - (v[1][1] - v[0][1]) * (v[2][0] - v[0][0]);
    return abs(det) / 2;
}

Vector vertex_average(const std::vector<Vector>& v) {
    Vector c(v[0].size());
    for (const Vector& x : v)
        for (std::size_t k = 0; k < x.size(); ++k) c[k] += x[k];
    for (Rational& x : c) x /= static_cast<long>(v.size());
    return c;
}

std::vector<Interval> bounding_box(const std::vector<Vector>& v) {
    std::vector<Interval> box(v[0].size());
    for (std::size_t k = 0; k < box.size(); ++k) {
        box[k] = {v[0][k], v[0][k]};
        for (const Vector& x : v) {
            if (x[k] < box[k].lower) box[k].lower = x[k];
            if (x[k] > box[k].upper) box[k].upper = x[k];
        }
    }
    return box;
}

std::pair<std::vector<Vector>, std::vector<Vector>> split_simplex(const std::vector<Vector>& v) {
    auto mid = [](const Vector& a, const Vector& b) {
        Vector m(a.size());
        for (std::size_t k = 0; k < a.size(); ++k) m[k] = (a[k] + b[k]) / 2;
        return m;
    };
    if (v.size() == 2) {
        const Vector m = mid(v[0], v[1]);
        return {{v[0], m}, {m, v[1]}};
    }
    auto len2 = [](const Vector& a, const Vector& b) {
        Rational s;
        for (std::size_t k = 0; k < a.size(); ++k) s += (a[k] - b[k]) * (a[k] - b[k]);
        return s;
    };
    std::size_t e = 0;  // the edge from v[e] to v[e + 1 mod 3]
    Rational best = len2(v[0], v[1]);
    for (std::size_t i = 1; i < 3; ++i) {
        const Rational l = len2(v[i], v[(i + 1) % 3]);
        if (l > best) best = l, e = i;
    }
    const Vector& a = v[e];
    const Vector& b = v[(e + 1) % 3];
    const Vector& c = v[(e + 2) % 3];
    const Vector m = mid(a, b);
    return {{a, m, c}, {m, b, c}};
}

std::string point_text(const Vector& x) {
    std::string s = "(";
    for (std::size_t i = 0; i < x.size(); ++i) s += (i ? ", " : "") + x[i].str();
    return s + ")";
}

Rational round_down(const Rational& x, long bits) {
    Integer num = x.numerator(), den = x.denominator(), q;
    mpz_mul_2exp(num.backend().data(), num.backend().data(), static_cast<mp_bitcnt_t>(bits));
    mpz_fdiv_q(q.backend().data(), num.backend().data(), den.backend().data());
    Integer scale(1);
    scale <<= static_cast<unsigned>(bits);
    return Rational(q, scale);
}

Rational round_up(const Rational& x, long bits) { return -round_down(-x, bits); }

long precision_for_tolerance(const Rational& tol) {
    const long bits = static_cast<long>(mpz_sizeinbase(mpq_denref(tol.mpq()), 2)) -
                      static_cast<long>(mpz_sizeinbase(mpq_numref(tol.mpq()), 2));
    return std::max(64L, bits + 48);
}

}  // namespace relux::detail
