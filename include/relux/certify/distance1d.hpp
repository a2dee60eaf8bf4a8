#pragma once
// Certified L1 and sup-norm distances in one dimension: a CPWL network against a target
// expression (exact for polynomial targets, a certified interval otherwise) or against another
// CPWL network (exact).

#include "relux/certify/certificate.hpp"
#include "relux/certify/expression.hpp"
#include "relux/certify/pieces1d.hpp"
#include "relux/geometry/slice.hpp"
#include "relux/net/network.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace relux {

enum class CertifyStatus {
    certified,             ///< upper - lower <= tol (or exact)
    tolerance_not_reached  ///< the budget ran out first; the bound is still rigorous
};

/// "certified" or "tolerance not reached".
std::string_view to_string(CertifyStatus status);

struct CertifyOptions {
    /// Working precision of Arb in bits; raised automatically to about log2(1/tol) + 64.
    long prec = 128;
    /// Budget: the number of interval subdivisions before giving up with tolerance_not_reached.
    std::size_t max_subdivisions = 1'000'000;
    /// Fill the result's `cells` with certificate cells (docs/certificate-format.md): the final
    /// cells [lo, hi], each with the network's map, the sign of N - f (0 when not constant or not
    /// asserted) and a rational bound on its part (l1: the integral of |N - f| over the cell,
    /// linf: the max of |N - f| on it) such that `bound` contains their sum (l1) / max (linf).
    /// Patterns are filled by the Network overloads only. Off by default (no cost when off).
    bool want_cells = false;
};

/// [lower, upper] contains integral_a^b |N(x) - f(x)| dx.
struct L1Result {
    Interval bound;
    bool exact = false;  ///< lower == upper is the exact value
    CertifyStatus status = CertifyStatus::certified;
    std::string note;                    ///< why the tolerance was not reached, and the width reached
    std::size_t pieces = 0;              ///< linear pieces of the network (of both networks merged)
    std::size_t subdivisions = 0;        ///< interval subdivisions used
    std::vector<CertificateCell> cells;  ///< when CertifyOptions::want_cells, sorted by lo

    Rational width() const { return bound.width(); }
};

/// [lower, upper] contains sup_{a <= x <= b} |N(x) - f(x)|, and the witness proves the lower
/// bound: |network_value - t| >= lower for every t in target_value.
struct LinfResult {
    Interval bound;
    bool exact = false;
    Rational witness;        ///< a point of [a, b]
    Rational network_value;  ///< exact N(witness)
    Interval target_value;   ///< encloses f(witness); a point when exact (polynomial, network)
    CertifyStatus status = CertifyStatus::certified;
    std::string note;
    std::size_t pieces = 0;
    std::size_t subdivisions = 0;
    std::vector<CertificateCell> cells;  ///< when CertifyOptions::want_cells, sorted by lo; the
                                         ///< witness is an end of a cell whose lower bound is bound.lower

    Rational width() const { return bound.width(); }
};

/// Certified L1 distance between a network (one input, one output, identity output) and a
/// one-variable target on [a, b]. A polynomial target gives the exact value when the difference's
/// real roots are rational (always true for interpolants: roots at the nodes) and otherwise an
/// interval of width <= tol; any other target gives an interval of width <= tol, or
/// status tolerance_not_reached with the rigorous interval reached. Throws InvalidArgument when
/// a >= b, the shapes do not fit, or the target is undefined at a point of [a, b] (the message
/// names the point: "target 'sqrt(x)' is undefined at x = -1 (sqrt of a negative number)").
/// Precondition: tol > 0.
L1Result l1_1d(const Network& net, const Expr& target, const Rational& a, const Rational& b,
               const Rational& tol, const CertifyOptions& options = {});
/// The same on given pieces (contiguous, increasing; output 0 is used): for callers that already
/// have them, e.g. a network restricted to a 1-D slice.
L1Result l1_1d(const std::vector<Piece1d>& pieces, const Expr& target, const Rational& tol,
               const CertifyOptions& options = {});

/// Certified sup-norm distance with a witness point, as l1_1d.
LinfResult linf_1d(const Network& net, const Expr& target, const Rational& a, const Rational& b,
                   const Rational& tol, const CertifyOptions& options = {});
LinfResult linf_1d(const std::vector<Piece1d>& pieces, const Expr& target, const Rational& tol,
                   const CertifyOptions& options = {});

/// The target along a 1-D slice: t -> target(slice.point(t)), an expression in x (= t) with the
/// same operations (each variable x_i is replaced by (origin_i + direction_i * x)). Throws
/// InvalidArgument when the slice is not 1-D or target.dim() != slice.input_dim().
Expr compose_target_slice(const Expr& target, const Slice& slice);

/// Exact L1 distance between two CPWL networks (one input, one output each) on [a, b].
L1Result l1_1d(const Network& net, const Network& reference, const Rational& a, const Rational& b);
L1Result l1_1d(const std::vector<Piece1d>& pieces, const std::vector<Piece1d>& reference);
/// Exact sup-norm distance between two CPWL networks on [a, b], attained at the witness (a
/// breakpoint of one of them or an end of the interval).
LinfResult linf_1d(const Network& net, const Network& reference, const Rational& a, const Rational& b);
LinfResult linf_1d(const std::vector<Piece1d>& pieces, const std::vector<Piece1d>& reference);

}  // namespace relux
