#pragma once
// Exact Legendre L2 projections of polynomials on an interval, rational polynomial
// approximations of analytic targets, and the certified L1 error of a polynomial against a target.
// Polynomials are coefficient vectors c_0..c_n of sum c_k x^k (trailing zeros removed).

#include "relux/certify/distance1d.hpp"
#include "relux/certify/expression.hpp"
#include "relux/number/matrix.hpp"

#include <cstddef>

namespace relux {

/// Exact coefficients of the shifted Legendre polynomial P_k((2x - a - b)/(b - a)) on [a, b]
/// (P_0 = 1, P_1 = t, (k+1) P_{k+1} = (2k+1) t P_k - k P_{k-1}). Throws InvalidArgument when a >= b.
Vector shifted_legendre(std::size_t k, const Rational& a, const Rational& b);

/// Exact integral_a^b p(x) q(x) dx.
Rational integrate_product(const Vector& p, const Vector& q, const Rational& a, const Rational& b);

/// Exact L2([a, b]) orthogonal projection of the polynomial f onto the polynomials of degree <= n:
/// sum_k (2k+1)/(b-a) <f, P_k> P_k over the shifted Legendre P_0..P_n. Exact for every polynomial f
/// (f itself when deg f <= n). Throws InvalidArgument when a >= b.
Vector legendre_projection(const Vector& f, const Rational& a, const Rational& b, std::size_t n);

/// The exact coefficients when `target` is a polynomial in one variable (Expr::is_polynomial), else
/// a rational polynomial approximation: the Taylor polynomial of degree taylor_degree at (a+b)/2,
/// each coefficient rounded to a dyadic rational near Arb's enclosure. The approximation is NOT
/// certified; certify what is built from it with l1_polynomial_1d. Throws InvalidArgument when the
/// target is not in one variable, a >= b, or its Taylor series cannot be computed at the center.
Vector rational_approximation(const Expr& target, const Rational& a, const Rational& b,
                              std::size_t taylor_degree);

/// Certified enclosure of integral_a^b |p(x) - f(x)| dx, by l1_1d on the zero function against
/// the target f - p (proofs/l1-1d.md): exact for a polynomial f whose difference has rational roots
/// in (a, b), an interval of width <= tol otherwise (or status tolerance_not_reached).
/// Throws as l1_1d.
L1Result l1_polynomial_1d(const Vector& p, const Expr& f, const Rational& a, const Rational& b,
                          const Rational& tol, const CertifyOptions& options = {});

/// "3/5*x - 1" (x as the variable, decreasing powers), parsable by Expr::parse; "0" for empty.
std::string univariate_text(const Vector& p);

}  // namespace relux
