#pragma once
// The NNet text format of the ACAS Xu networks (Julian, Kochenderfer et al.).

#include "relux/net/network.hpp"

#include <string>
#include <string_view>

namespace relux {

/// Parse NNet text (sisl/NNet README: "//" header lines; numLayers, inputSize, outputSize,
/// maxLayerSize; the numLayers+1 layer sizes; an unused flag; input minimums; input maximums;
/// inputSize+1 means; inputSize+1 ranges; then per layer one line per neuron's weights and one
/// line per bias; values comma-separated, a trailing comma allowed) into an exact network that
/// computes what the file means: the input normalisation x -> (x - mean_i) / range_i and the
/// output de-normalisation y -> y * range_out + mean_out are folded exactly (from the decimal
/// text) into the first and last layers. Hidden layers are relu, the last layer identity. The
/// input minimums/maximums are not applied: the reference evaluators clamp inputs to them, so
/// outside that box this network extends the file's network linearly instead. Each line must
/// hold exactly the expected number of values. Throws ParseError naming `source`, the line
/// number and what was expected.
Network parse_network_nnet(std::string_view text, const std::string& source);

}  // namespace relux
