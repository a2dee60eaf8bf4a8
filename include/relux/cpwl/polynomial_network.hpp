#pragma once
// Polynomial networks (square activation with residual connections, "residual networks as
// Taylor-like expansions"): their exact expansion into multivariate polynomials with rational
// coefficients (proofs/polynomial-network.md).

#include "relux/net/network.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace relux {

/// Exponents of the input variables in one monomial: x1^e[0] * x2^e[1] * ...
using Monomial = std::vector<unsigned>;

/// A multivariate polynomial with rational coefficients in `variables` inputs. Invariant: no
/// stored coefficient is zero, every monomial has `variables` entries (the zero polynomial has
/// no terms).
struct MultiPolynomial {
    std::size_t variables = 0;
    std::map<Monomial, Rational> terms;

    /// The constant c (no terms when c == 0).
    static MultiPolynomial constant(std::size_t variables, const Rational& c);
    /// The variable x_{index+1}. Precondition: index < variables.
    static MultiPolynomial variable(std::size_t variables, std::size_t index);

    /// Total degree (0 for a constant, also for the zero polynomial).
    std::size_t degree() const;
    /// Exact value at x. Throws InvalidArgument when x.size() != variables.
    Rational evaluate(const Vector& x) const;
    /// Coefficients c_0..c_degree of a polynomial in one variable (empty for 0). Throws
    /// InvalidArgument when variables != 1.
    Vector univariate_coefficients() const;

    MultiPolynomial& operator+=(const MultiPolynomial& o);
    MultiPolynomial& operator*=(const Rational& c);
    friend MultiPolynomial operator+(MultiPolynomial a, const MultiPolynomial& b) { return a += b; }
    friend MultiPolynomial operator*(MultiPolynomial a, const Rational& c) { return a *= c; }
    /// Exact product. Precondition: a.variables == b.variables.
    friend MultiPolynomial operator*(const MultiPolynomial& a, const MultiPolynomial& b);
    friend bool operator==(const MultiPolynomial&, const MultiPolynomial&) = default;
};

/// One polynomial per output of `net` in its inputs, exactly equal to evaluate(net, x) at every
/// rational x (for each layer: W p + b, squared entrywise for `square`, plus p for residual).
/// Allowed activations: square and identity; output: identity. Throws InvalidArgument naming the
/// layer for relu or leaky_relu (not polynomial) and for a softmax output; InvalidNetwork when
/// validate() fails. The cost grows with the number of terms, up to C(inputs + degree, degree)
/// per neuron, and the degree doubles with each square layer.
std::vector<MultiPolynomial> expand_polynomial(const Network& net);

/// "1/2*x1^2 - 3*x1*x2 + 7": terms by decreasing total degree, then decreasing exponents of
/// x1, x2, ...; the variable is called x when there is one input; "0" for the zero polynomial.
/// The text parses back with Expr::parse to the same function.
std::string polynomial_text(const MultiPolynomial& p);

}  // namespace relux
