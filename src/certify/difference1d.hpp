#pragma once
// The difference g(x) = N(x) - f(x) between a network piece (N = m x + c) and a target f,
// cut into cells on which its sign, monotonicity and Taylor data are certified. Shared by the
// analytic L1 and sup-norm drivers (private to src/certify; see proofs/l1-1d.md).

#include "relux/certify/certificate.hpp"
#include "relux/certify/expression.hpp"
#include "relux/certify/pieces1d.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace relux::detail {

/// Taylor order of the quadrature: coefficients 0..kOrder-1 at the midpoint, coefficient kOrder
/// bounded over the cell.
constexpr long kOrder = 8;

/// A closed cell [lo, hi] of one piece with what is certified about g on it.
struct Cell {
    enum class Kind {
        smooth,  ///< f is analytic on the cell: `rem` bounds g^(kOrder)/kOrder! over it
        root,    ///< a tiny bracket around the single root of a monotone g (ends known)
        rough    ///< no Taylor data (a kink, sqrt at 0, a domain doubt): only `range`
    };
    std::size_t piece = 0;
    Rational lo, hi;
    Kind kind = Kind::rough;
    bool bounded = false;          ///< range is valid
    Ball range;                    ///< encloses g on [lo, hi]
    int sign = 0;                  ///< +1/-1: g has this sign on the open cell; 0: unknown
    int slope = 0;                 ///< +1/-1: g is strictly monotone on the cell in this direction
    Ball rem;                      ///< smooth: encloses the Taylor coefficient of order kOrder over the cell
    std::vector<Ball> mid_series;  ///< smooth: g's Taylor coefficients at the midpoint (may be empty)
    std::optional<std::pair<Ball, Ball>> ends;  ///< g(lo), g(hi) when computed
    std::string reason;                         ///< rough: what prevented Taylor data
};

/// Sign of a ball: +1, -1, 0 when it is exactly zero, 2 when it contains 0 and other numbers.
int ball_sign(const Ball& b);

class Analyzer {
public:
    Analyzer(const Expr& target, const std::vector<Piece1d>& pieces, long prec);

    /// Append the cells of [lo, hi] of piece `piece`: usually one, three or more when a root or a
    /// critical point of g is bracketed. Throws InvalidArgument when f is undefined at a point.
    void analyze(std::size_t piece, const Rational& lo, const Rational& hi, std::vector<Cell>& out,
                 int depth = 0);

    /// g(x) at a rational point, with the precision raised (up to 4x) until its sign is known.
    /// Throws when f is certainly undefined at x; nullopt when f could not be evaluated.
    std::optional<Ball> value_at(std::size_t piece, const Rational& x);
    /// Enclosure of f(x), raising the precision up to 4x when needed (nullopt when it could not
    /// be evaluated; throws when f is certainly undefined at x).
    std::optional<Ball> target_at(const Rational& x);
    /// Taylor coefficients of g at a rational point (throws when f is undefined there).
    std::optional<std::vector<Ball>> series_at(std::size_t piece, const Rational& x, long length, long prec);
    /// Enclosure of integral_lo^hi g for a smooth cell (computes the midpoint series if missing).
    Ball integral(Cell& cell);
    /// The exact network value m x + c.
    Rational network_at(std::size_t piece, const Rational& x) const { return pieces_[piece].value(x); }

    [[noreturn]] void undefined_at(const Rational& x, const std::string& reason) const;
    /// Throw when a cell stays unbounded although it is tiny (a pole or a domain boundary).
    void check_unbounded(const Cell& cell) const;

    long prec() const { return prec_; }
    std::size_t evaluations() const { return evaluations_; }

private:
    int sign_at(std::size_t piece, const Rational& x, long k);
    std::optional<std::pair<Rational, Rational>> bracket(std::size_t piece, const Rational& lo,
                                                         const Rational& hi, long k, int s_lo, int s_hi);
    void rough_cell(Cell& cell, std::string reason);

    const Expr& f_;
    const std::vector<Piece1d>& pieces_;
    long prec_;
    std::size_t evaluations_ = 0;
};

}  // namespace relux::detail

namespace relux {
struct CertifyOptions;
struct L1Result;
struct LinfResult;
}  // namespace relux

namespace relux::detail {

/// The analytic drivers behind l1_1d / linf_1d for a non-polynomial target (distance1d_analytic.cpp).
L1Result l1_analytic(const std::vector<Piece1d>& pieces, const Expr& target, const Rational& tol,
                     const CertifyOptions& options);
LinfResult linf_analytic(const std::vector<Piece1d>& pieces, const Expr& target, const Rational& tol,
                         const CertifyOptions& options);

/// max(options_prec, log2(1/tol) + 64): enough bits that rounding stays far below tol.
long working_precision(const Rational& tol, long options_prec);
/// x rounded down (up) to a multiple of 2^(floor(log2 tol) - 10): readable exact endpoints.
Rational round_down_to_grid(const Rational& x, const Rational& tol);
Rational round_up_to_grid(const Rational& x, const Rational& tol);

/// The certificate cell [lo, hi] of a piece (distance1d.cpp): vertices [[lo], [hi]], facets
/// x - lo >= 0 and hi - x >= 0, the piece's map (output 0), `sign` and `bound`; no patterns.
CertificateCell target_cell(const Piece1d& piece, const Rational& lo, const Rational& hi, int sign,
                            const Interval& bound);
/// The cell's interval [lo, hi] (vertices[0][0], vertices[1][0]).
const Rational& cell_lo(const CertificateCell& cell);
const Rational& cell_hi(const CertificateCell& cell);

}  // namespace relux::detail
