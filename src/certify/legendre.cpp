// Exact Legendre projections (proofs/polynomial-network.md, "Legendre projection").

#include "relux/certify/legendre.hpp"

#include "relux/cpwl/polynomial_network.hpp"
#include "relux/error.hpp"

#include <algorithm>
#include <string>

namespace relux {

namespace {

void trim(Vector& p) {
    while (!p.empty() && p.back().is_zero()) p.pop_back();
}

Vector add(Vector p, const Vector& q, const Rational& scale) {
    if (p.size() < q.size()) p.resize(q.size(), Rational(0));
    for (std::size_t k = 0; k < q.size(); ++k) add_product(p[k], scale, q[k]);
    trim(p);
    return p;
}

Vector multiply(const Vector& p, const Vector& q) {
    if (p.empty() || q.empty()) return {};
    Vector r(p.size() + q.size() - 1, Rational(0));
    for (std::size_t i = 0; i < p.size(); ++i)
        for (std::size_t j = 0; j < q.size(); ++j) add_product(r[i + j], p[i], q[j]);
    trim(r);
    return r;
}

/// x^e exactly.
Rational power(const Rational& x, std::size_t e) {
    Rational r(1);
    for (std::size_t i = 0; i < e; ++i) r *= x;
    return r;
}

void check_interval(const Rational& a, const Rational& b) {
    if (a >= b)
        throw InvalidArgument("interval [" + a.str() + ", " + b.str() + "] is empty (expected a < b)");
}

}  // namespace

Vector shifted_legendre(std::size_t k, const Rational& a, const Rational& b) {
    check_interval(a, b);
    // t = (2x - a - b)/(b - a)
    const Vector t{-(a + b) / (b - a), Rational(2) / (b - a)};
    Vector previous{Rational(1)}, current = t;
    if (k == 0) return previous;
    for (std::size_t j = 1; j < k; ++j) {
        // P_{j+1} = ((2j+1) t P_j - j P_{j-1}) / (j+1)
        Vector next = multiply(t, current);
        for (Rational& c : next)
            c *= Rational(static_cast<long>(2 * j + 1)) / Rational(static_cast<long>(j + 1));
        next = add(std::move(next), previous,
                   -Rational(static_cast<long>(j)) / Rational(static_cast<long>(j + 1)));
        previous = std::move(current);
        current = std::move(next);
    }
    return current;
}

Rational integrate_product(const Vector& p, const Vector& q, const Rational& a, const Rational& b) {
    const Vector r = multiply(p, q);
    Rational sum(0);
    for (std::size_t k = 0; k < r.size(); ++k)
        sum += r[k] * (power(b, k + 1) - power(a, k + 1)) / Rational(static_cast<long>(k + 1));
    return sum;
}

Vector legendre_projection(const Vector& f, const Rational& a, const Rational& b, std::size_t n) {
    check_interval(a, b);
    Vector g = f;
    trim(g);
    Vector result;
    for (std::size_t k = 0; k <= n; ++k) {
        const Vector pk = shifted_legendre(k, a, b);
        // ||P_k||^2 = (b - a)/(2k + 1) on [a, b]
        const Rational c = integrate_product(g, pk, a, b) * Rational(static_cast<long>(2 * k + 1)) / (b - a);
        if (!c.is_zero()) result = add(std::move(result), pk, c);
    }
    return result;
}

Vector rational_approximation(const Expr& target, const Rational& a, const Rational& b,
                              std::size_t taylor_degree) {
    check_interval(a, b);
    if (target.dim() != 1)
        throw InvalidArgument("target '" + target.text() + "' has " + std::to_string(target.dim()) +
                              " variables (expected one, x)");
    if (auto exact = target.polynomial_coefficients()) return *exact;
    const Rational c = (a + b) / Rational(2);
    const long prec = 256;
    const SeriesEval s =
        target.taylor({Interval{c, c}}, Vector{Rational(1)}, static_cast<long>(taylor_degree) + 1, prec);
    if (!s.ok())
        throw InvalidArgument("target '" + target.text() + "' has no Taylor series at x = " + c.str() + " (" +
                              s.reason + ")");
    // sum d_k (x - c)^k with d_k the midpoints of the enclosures, expanded exactly in powers of x.
    Vector result;
    Vector shift{Rational(1)};
    const Vector x_minus_c{-c, Rational(1)};
    for (std::size_t k = 0; k < s.coeffs.size(); ++k) {
        const Rational d = to_rational(arb_midref(s.coeffs[k].get()));
        if (!d.is_zero()) result = add(std::move(result), shift, d);
        shift = multiply(shift, x_minus_c);
    }
    return result;
}

std::string univariate_text(const Vector& p) {
    MultiPolynomial m;
    m.variables = 1;
    for (std::size_t k = 0; k < p.size(); ++k)
        if (!p[k].is_zero()) m.terms.emplace(Monomial{static_cast<unsigned>(k)}, p[k]);
    return polynomial_text(m);
}

L1Result l1_polynomial_1d(const Vector& p, const Expr& f, const Rational& a, const Rational& b,
                          const Rational& tol, const CertifyOptions& options) {
    check_interval(a, b);
    if (f.dim() != 1)
        throw InvalidArgument("target '" + f.text() + "' has " + std::to_string(f.dim()) +
                              " variables (expected one, x)");
    // |p - f| = |0 - (f - p)|: the zero function on one piece against the target f - p.
    const Expr difference = Expr::parse("(" + f.text() + ") - (" + univariate_text(p) + ")", 1);
    const std::vector<Piece1d> zero{Piece1d{a, b, Vector{Rational(0)}, Vector{Rational(0)}}};
    return l1_1d(zero, difference, tol, options);
}

}  // namespace relux
