#pragma once
// Exact distances and exact equivalence between two CPWL networks in any input dimension that
// region enumeration handles, over a box (callers compose with a slice first): the common
// refinement of both networks' activation regions, split where the difference changes sign
// (proofs/certificate-cpwl.md).

#include "relux/certify/certificate.hpp"
#include "relux/geometry/box.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/net/network.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace relux {

struct CpwlDistanceOptions {
    RegionOptions regions;    ///< limits, threads, progress (linear is ignored)
    bool want_cells = false;  ///< fill the result's certificate cells
};

/// An exact distance between two CPWL networks f (network) and g (reference) with one output each.
struct CpwlDistanceResult {
    Rational value;                           ///< the exact L1 or sup-norm distance (partial: of the
                                              ///< cells done: a lower bound)
    std::optional<Vector> witness;            ///< linf: a point of the box where |f - g| = value
    Rational network_value, reference_value;  ///< linf: exact f(witness), g(witness)
    std::size_t cells = 0;                    ///< cells of the common refinement (split by sign for l1)
    bool partial = false;                     ///< a limit stopped the run (then value is only a bound)
    std::string stop_reason;
    std::vector<CertificateCell> certificate_cells;  ///< when want_cells
};

/// Exact integral over the box of |f - g|. Throws InvalidArgument when the input dimensions differ
/// from the box's, an output size is not 1, or a network is not piecewise linear.
CpwlDistanceResult l1_cpwl(const Network& f, const Network& g, const Box& box,
                           const CpwlDistanceOptions& options = {});

/// Exact max over the box of |f - g|, with a witness vertex. Same preconditions as l1_cpwl.
CpwlDistanceResult linf_cpwl(const Network& f, const Network& g, const Box& box,
                             const CpwlDistanceOptions& options = {});

/// The answer of equal_networks.
struct EqualResult {
    bool equal = false;    ///< f == g on the box (or sup |f - g| <= tolerance)
    bool partial = false;  ///< a limit stopped the run before a decision
    std::string stop_reason;
    std::optional<Vector> witness;          ///< when not equal: a point of the box where they differ
                                            ///< (by more than the tolerance)
    Vector network_value, reference_value;  ///< exact outputs at the witness
    Rational max_difference;                ///< max over the box (over the cells done) of max_i |f_i - g_i|
    std::size_t cells = 0;
    std::vector<CertificateCell> certificate_cells;  ///< when want_cells and equal
};

/// Decide exactly whether f == g on the box (every output), or with a tolerance whether
/// max_i sup |f_i - g_i| <= tolerance. Throws InvalidArgument when the input or output sizes
/// differ, or a network is not piecewise linear.
EqualResult equal_networks(const Network& f, const Network& g, const Box& box,
                           const std::optional<Rational>& tolerance = std::nullopt,
                           const CpwlDistanceOptions& options = {});

}  // namespace relux
