#pragma once
// Certified L1 and sup-norm distances between a CPWL network and a target expression over a 1-D or
// 2-D box, on the simplices of the network's exact regions (proofs/target-2d.md). The 1-D drivers of
// distance1d.hpp are sharper in 1-D (exact for polynomials); these work in 2-D as well.

#include "relux/certify/certificate.hpp"
#include "relux/certify/distance1d.hpp"
#include "relux/certify/expression.hpp"
#include "relux/geometry/box.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/net/network.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace relux {

struct TargetDistanceOptions {
    /// Budget: simplices refined before giving up with tolerance_not_reached.
    std::size_t max_cells = 4'000'000;
    /// Limits of the region enumeration.
    RegionOptions regions;
    /// Fill TargetDistanceResult::certificate_cells (one per simplex of the final refinement).
    bool want_cells = false;
};

struct TargetDistanceResult {
    Interval bound;  ///< contains the distance; width <= tol when certified
    CertifyStatus status = CertifyStatus::certified;
    std::string note;               ///< why the tolerance was not reached
    std::size_t regions = 0;        ///< activation regions of the network on the box
    std::size_t cells = 0;          ///< simplices of the final refinement
    std::optional<Vector> witness;  ///< linf: |N(witness) - f(witness)| >= bound.lower
    Rational network_value;         ///< linf: exact N(witness)
    Interval target_value;          ///< linf: encloses f(witness)
    /// With want_cells: the simplices with their region's pattern and map, facets tagged "split",
    /// and bound = the cell's certified part (l1: [lower, upper] of its integral; linf: [0, upper]
    /// of its max, the witness proving the lower bound).
    std::vector<CertificateCell> certificate_cells;
};

/// Certified [lower, upper] containing integral_box |N(x) - f(x)| dx, for a CPWL network with one
/// output and 1 or 2 inputs. Each simplex gets the midpoint rule for f with a second-order
/// remainder (Hessian enclosed by Arb over the simplex's bounding box) where N - f has one sign, and
/// [|integral of N - f|, vol * max |N - f|] where it may change sign; the widest simplex is split
/// until the width is <= tol or the budget runs out (status tolerance_not_reached). Throws
/// InvalidArgument when the shapes do not fit, the dimension is not 1 or 2, or the target is
/// undefined at a point of the box (the message names the point).
TargetDistanceResult l1_target(const Network& net, const Expr& target, const Box& box, const Rational& tol,
                               const TargetDistanceOptions& options = {});

/// Certified [lower, upper] containing sup_box |N(x) - f(x)|, with a witness point proving the
/// lower bound (branch and bound with mean-value enclosures). Same preconditions as l1_target.
TargetDistanceResult linf_target(const Network& net, const Expr& target, const Box& box, const Rational& tol,
                                 const TargetDistanceOptions& options = {});

}  // namespace relux
