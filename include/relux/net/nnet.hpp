#pragma once
// The NNet text format of the ACAS Xu networks (Julian, Kochenderfer et al.).

#include "relux/net/network.hpp"

#include <string>
#include <string_view>

namespace relux {

/// Parse NNet text into an exact network that computes what the file means: the input
/// normalisation x -> (x - mean_i) / range_i and the output de-normalisation
/// y -> y * range_out + mean_out are folded exactly (from the decimal text) into the first and
/// last layers. Hidden layers are relu, the last layer identity. Throws ParseError naming
/// `source`, the line number and what was expected.
Network parse_network_nnet(std::string_view text, const std::string& source);

}  // namespace relux
