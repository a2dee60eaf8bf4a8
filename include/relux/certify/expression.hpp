#pragma once
// Target expressions (DESIGN.md "Boxes, slices, targets"): parsing, rigorous evaluation on Arb
// balls, Taylor series along a line, exact evaluation and exact polynomial extraction.

#include "relux/number/ball.hpp"
#include "relux/number/matrix.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relux {

namespace detail {
struct ExprNode;
}

/// Outcome of a rigorous evaluation. Only `ok` carries a value.
enum class EvalStatus {
    ok,               ///< the value encloses the expression at every point of the input
    undefined,        ///< certainly undefined at every point of the input (sqrt(-1), log(0), 1/0)
    maybe_undefined,  ///< some operation's argument straddles its domain boundary: refine and retry
    not_smooth        ///< (series only) a kink or an infinite derivative may lie in the input:
                      ///< abs/min/max at a tie, sqrt at 0
};

/// A rigorous value: the ball encloses f(p) for every point p of the input when status == ok;
/// otherwise `reason` names the operation ("sqrt of a negative number").
struct BallEval {
    EvalStatus status = EvalStatus::ok;
    Ball value;
    std::string reason;
    bool ok() const { return status == EvalStatus::ok; }
};

/// Taylor coefficients c_k of t -> f(p + t v) at t = 0, k = 0 .. length-1. When the point p is
/// a ball, each c_k encloses f^(k)/k! along the line at every point of that ball (the form that
/// Taylor remainder bounds need).
struct SeriesEval {
    EvalStatus status = EvalStatus::ok;
    std::vector<Ball> coeffs;
    std::string reason;
    bool ok() const { return status == EvalStatus::ok; }
};

/// A ball that contains [lo, hi], with dyadic ends that are exact when they lie on a grid of
/// about (hi - lo)/2^27 (0 stays 0, so sqrt(x) over [0, h] is defined): the input ball for
/// ranges over a box. Precondition: lo <= hi.
Ball interval_ball(const Rational& lo, const Rational& hi);

/// A parsed target expression over the variables x1..xd (or x when d = 1). Immutable and cheap
/// to copy (a shared tree). Operations: numbers read exactly ("0.1" is 1/10), + - * / ^, unary
/// minus, parentheses, sin cos exp log sqrt abs tanh sigmoid (one argument), min max (two or more),
/// constants pi and e. `a^r` for a non-integer exponent r is defined for a >= 0 (a > 0 when r < 0).
class Expr {
public:
    /// Parse `text` over `dim` variables: dim == 1 accepts x (and x1); dim > 1 accepts x1..xd;
    /// dim == 0 infers the dimension from the variables used. Throws ParseError with the column
    /// and a caret line: "expected ')' at column 6 in 'sin(x'".
    static Expr parse(std::string_view text, std::size_t dim = 0);

    std::size_t dim() const { return dim_; }
    /// The text it was parsed from.
    const std::string& text() const { return text_; }
    /// Canonical text (fully determined by the tree; parse(str()) gives the same tree).
    std::string str() const;

    /// Rigorous enclosure of f over the box of input balls (a point when the balls are exact).
    /// Domain problems are reported in the status, never thrown. Precondition: x.size() == dim().
    BallEval eval(const std::vector<Ball>& x, long prec) const;
    /// Taylor series of t -> f(point + t direction), see SeriesEval. Precondition: sizes == dim().
    SeriesEval taylor(const std::vector<Ball>& point, const std::vector<Ball>& direction, long length,
                      long prec) const;

    /// As eval, over an exact box (one interval per variable; a point when lower == upper).
    /// Affine sub-expressions get their exact range first, so a domain boundary at a rational
    /// point is respected: sqrt(x - 1/3) is defined at x = 1/3 and over [1/3, 1], and log(3x - 1)
    /// is certainly undefined at x = 1/3.
    BallEval eval(const std::vector<Interval>& box, long prec) const;
    /// As taylor, along x = p + t direction for p in the exact box.
    SeriesEval taylor(const std::vector<Interval>& box, const Vector& direction, long length,
                      long prec) const;

    /// Exact value when every operation on the way is rational (+ - * /, integer powers, abs,
    /// min, max); nullopt when a transcendental operation or constant is involved or the value
    /// is undefined (division by zero).
    std::optional<Rational> eval_exact(const Vector& x) const;
    /// True when f is a polynomial with rational coefficients as written: numbers, variables,
    /// + - *, powers with constant non-negative integer exponents and division by nonzero
    /// rational constants.
    bool is_polynomial() const;
    /// Exact coefficients c_0..c_n (f = sum c_k x^k, trailing zeros removed, empty for f = 0)
    /// when dim() == 1 and is_polynomial(); nullopt otherwise.
    std::optional<Vector> polynomial_coefficients() const;

    /// The root node (for the evaluators in src/certify).
    const detail::ExprNode& root() const { return *root_; }

private:
    Expr(std::shared_ptr<const detail::ExprNode> root, std::string text, std::size_t dim)
        : root_(std::move(root)), text_(std::move(text)), dim_(dim) {}
    friend class Predicate;

    std::shared_ptr<const detail::ExprNode> root_;
    std::string text_;
    std::size_t dim_ = 0;
};

/// f(x) as a rational, for sampling a target at the nodes of an interpolant (construct grid,
/// theorem rates): exact when f is rational at x (eval_exact); otherwise the midpoint of an Arb
/// enclosure of width <= 2^-80 rounded to the nearest multiple of 2^-64, so |value - f(x)| <= 2^-64
/// (proofs/mesh.md). Throws InvalidArgument "<context>--target '<f>' is undefined at <at>: <reason>"
/// or "... could not be evaluated accurately at <at()>: <reason>", at() naming the point (called
/// only for the message).
Rational sampled_value(const Expr& f, const Vector& x, const std::string& context,
                       const std::function<std::string()>& at);

/// Three-valued truth of a predicate on a ball (Arb's "certainly" predicates).
enum class Truth { yes, no, unknown };

/// One comparison lhs op rhs, decided by the sign of difference = lhs - rhs (one expression, so
/// that exact boxes see e.g. x - 1/3 exactly).
struct Comparison {
    enum class Op { less, less_equal, greater, greater_equal } op = Op::less;
    Expr lhs;
    Expr rhs;
    Expr difference;
};

/// A class target: a conjunction of comparisons between expressions, e.g.
/// "x1^2 + x2^2 < 1 & x1 > 0". Chains "0 < x < 1" mean "0 < x & x < 1".
class Predicate {
public:
    /// Parse with the same rules as Expr::parse; comparisons are < <= > >= and are joined by '&'
    /// (or "&&"). Throws ParseError with the column.
    static Predicate parse(std::string_view text, std::size_t dim = 0);

    std::size_t dim() const { return dim_; }
    const std::string& text() const { return text_; }
    const std::vector<Comparison>& comparisons() const { return comparisons_; }
    std::string str() const;

    /// yes when the predicate certainly holds at every point of the input balls, no when it
    /// certainly fails at every point, unknown otherwise (including domain problems).
    Truth eval(const std::vector<Ball>& x, long prec) const;
    /// The same over an exact box (see Expr::eval on intervals).
    Truth eval(const std::vector<Interval>& box, long prec) const;
    /// Exact truth when every side has an exact value at x (see Expr::eval_exact).
    std::optional<bool> eval_exact(const Vector& x) const;

private:
    std::vector<Comparison> comparisons_;
    std::string text_;
    std::size_t dim_ = 0;
};

}  // namespace relux
