#pragma once
// The difference network of two CPWL networks f and g over a box: one network whose activation
// regions are the common refinement of f's and g's, optionally split where f - g changes sign
// (private to src/certify; see proofs/equal.md).

#include "relux/geometry/box.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/net/network.hpp"

#include <cstddef>

namespace relux::detail {

/// The combined network and where its layers come from.
struct DifferenceNetwork {
    Network net;              ///< input x, output d = f(x) - g(x); its regions' maps are d's
    std::size_t f_first = 0;  ///< net.layers[f_first + k] computes f's layer k
    std::size_t f_layers = 0;
    std::size_t g_first = 0;  ///< net.layers[g_first + k] computes g's layer k
    std::size_t g_layers = 0;
    std::size_t sign_layer = 0;  ///< the last layer, computing d (a pattern layer when split by sign)
};

/// Build the combined network: f's layers carrying x, then g's layers carrying f(x), then d (with
/// split_by_sign as one leaky_relu neuron of slope 1, so that cells are cut where d = 0).
/// Carried values pass relu / leaky_relu layers as relu(v + s) - s with s chosen from exact
/// interval bounds over `box` so that v + s >= 1 there: they add no hyperplane inside the box.
/// Preconditions: f and g are validated CPWL networks with equal input and output sizes, the
/// box has their input dimension; `split_by_sign` needs one output.
DifferenceNetwork build_difference_network(const Network& f, const Network& g, const Box& box,
                                           bool split_by_sign);

/// The activation pattern of f (or g) on a region of dn.net: the first rows of its layers.
ActivationPattern sub_pattern(const DifferenceNetwork& dn, const ActivationPattern& combined,
                              const Network& net, bool is_f);

/// The facet source of a combined-network facet in certificate terms: box faces unchanged; a
/// neuron of f keeps f's layer index, a neuron of g gets layer f.layers.size() + its layer in g,
/// the sign neuron layer f.layers.size() + g.layers.size().
FacetSource certificate_source(const DifferenceNetwork& dn, const FacetSource& source);

}  // namespace relux::detail
