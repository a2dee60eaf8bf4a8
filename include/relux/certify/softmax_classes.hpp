#pragma once
// Certified L1 distance between a softmax network and class indicators (Asadi & Jiang, "On
// Approximation Capabilities of ReLU Activation and Softmax Output Layer in Neural Networks"):
// sum_i integral over the box of |softmax_i(z(x)) - 1[x in C_i]| dx, as a rigorous interval
// (proofs/softmax-classes.md).

#include "relux/certify/certificate.hpp"
#include "relux/certify/distance1d.hpp"
#include "relux/certify/expression.hpp"
#include "relux/geometry/box.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/net/network.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace relux {

/// The classes of "x1^2+x2^2<1; x1^2+x2^2>=1": one predicate per ';' (conjunctions with '&'),
/// over `dim` variables. Throws ParseError naming the class and the column.
std::vector<Predicate> parse_classes(std::string_view text, std::size_t dim);

struct SoftmaxClassOptions {
    /// Budget: cells (pieces of regions) refined before giving up with tolerance_not_reached.
    std::size_t max_cells = 4'000'000;
    /// Limits of the region enumeration (max_regions, time_limit, threads).
    RegionOptions regions;
    /// Fill SoftmaxClassResult::certificate_cells (one per simplex of the final refinement).
    bool want_cells = false;
};

struct SoftmaxClassResult {
    Interval bound;  ///< contains the integral; width <= tol when certified
    CertifyStatus status = CertifyStatus::certified;
    std::string note;         ///< why the tolerance was not reached
    std::size_t regions = 0;  ///< activation regions (split by the affine class boundaries)
    std::size_t cells = 0;    ///< simplices in the final refinement
    /// With want_cells: per simplex its vertices, edges ("split"), the network's pattern, the logit
    /// map, the classes that may hold on it and its certified part of the integral.
    std::vector<CertificateCell> certificate_cells;
};

/// Certified enclosure of sum_i integral_box |softmax_i(N(x)) - 1[x in C_i]| dx for a network
/// with a softmax output of m = classes.size() classes and input dimension 1 or 2. The exact
/// activation regions are split exactly along class boundaries that are affine; on each simplex
/// of a region the integrand is 2 (1 - softmax_c) for the class c of the simplex, enclosed by the
/// midpoint value and a second-order remainder; simplices that straddle a curved class boundary
/// are bounded from both sides and refined. Throws InvalidArgument when the network is not a
/// relu network with a softmax output of m classes, the box does not fit, the dimension is not
/// 1 or 2, or the classes overlap or leave part of the box uncovered (the message names a
/// rational witness point and the classes).
SoftmaxClassResult softmax_class_l1(const Network& net, const std::vector<Predicate>& classes, const Box& box,
                                    const Rational& tol, const SoftmaxClassOptions& options = {});

}  // namespace relux
