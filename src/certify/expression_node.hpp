#pragma once
// The expression tree behind relux::Expr (private to src/certify).

#include "relux/certify/expression.hpp"

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace relux::detail {

enum class Op {
    number,
    pi,
    e,
    variable,
    neg,
    add,
    sub,
    mul,
    div,
    pow,
    sin,
    cos,
    exp,
    log,
    sqrt,
    abs,
    tanh,
    sigmoid,
    min,
    max
};

/// Name of a function or operator ("sin", "+").
std::string_view op_name(Op op);

using NodePtr = std::shared_ptr<const ExprNode>;

/// sum terms[k].second * x_{terms[k].first} + constant, terms sorted by variable, no zero terms.
struct AffineForm {
    std::vector<std::pair<std::size_t, Rational>> terms;
    Rational constant;
};

/// The affine form of a node when it is affine in the variables with rational coefficients
/// (constants included), computed from the children's forms.
std::optional<AffineForm> affine_of(const ExprNode& n);

struct ExprNode {
    Op op = Op::number;
    Rational value;                    ///< number
    std::size_t variable = 0;          ///< variable: 0-based index
    std::vector<NodePtr> args;         ///< operands (pow: base, exponent)
    std::optional<Rational> exponent;  ///< pow: the exponent when it is a rational constant
    /// Set when the node is affine and not constant: evaluation over an exact box then uses its
    /// exact range (x - 1/3 over [1/3, 1] is [0, 2/3] with 0 exact, so sqrt stays defined).
    std::optional<AffineForm> affine;
};

/// Exact value of a node (see Expr::eval_exact).
std::optional<Rational> eval_exact(const ExprNode& n, const Vector& x);
/// True when the node is a rational constant (no variables, exact value known).
std::optional<Rational> constant_value(const ExprNode& n);

}  // namespace relux::detail
