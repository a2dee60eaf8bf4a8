#pragma once
// Exact building blocks for constructed networks: affine maps, composition, running networks in
// parallel, linear combinations of outputs, max/min of affine maps, and size statistics.
//
// Conventions: a "plain" network has relu hidden layers and one identity output layer, no
// residual layers and identity output (what every construction here produces). The helpers
// check this and throw InvalidArgument naming the offending network otherwise.

#include "relux/net/network.hpp"

#include <cstddef>
#include <vector>

namespace relux {

/// Size of a plain network, the numbers papers report.
struct NetworkSize {
    std::size_t hidden_layers = 0;  ///< relu layers
    std::size_t depth = 0;          ///< affine layers = hidden_layers + 1
    std::size_t width = 0;          ///< the widest hidden layer (0 without hidden layers)
    std::size_t neurons = 0;        ///< hidden (relu) neurons
    std::size_t nonzero_weights = 0;
};

/// Sizes of net (any valid network; hidden layers = layers with an on/off state).
NetworkSize network_size(const Network& net);

/// x -> A x + b as one identity layer. Throws InvalidArgument when sizes differ or A is empty.
Network affine_network(const Matrix& a, const Vector& b);

/// outer(inner(x)): inner's output layer is merged with outer's first layer (exact products),
/// so hidden layers add up. Throws InvalidArgument unless both are plain and the widths fit.
Network compose(const Network& outer, const Network& inner);

/// The same function with `hidden_layers` relu layers (>= the current count): the outputs are
/// passed through the extra layers as relu(y) - relu(-y), two neurons per output and layer.
Network pad_hidden_layers(const Network& net, std::size_t hidden_layers);

/// All networks on the same input, outputs concatenated in order. Shallower networks are padded
/// (pad_hidden_layers) to the deepest one; hidden layers are stacked block-diagonally.
Network parallel(const std::vector<Network>& nets);

/// x -> M net(x) + c, folded into the output layer (no extra layer). Throws InvalidArgument on
/// size mismatches.
Network linear_combination(const Network& net, const Matrix& m, const Vector& c);

/// The sum of net's outputs (one output).
Network sum_outputs(const Network& net);

/// max_i (A_i . x + b_i) over the k rows of A: a balanced tree of pairwise maxima
/// max(a, b) = a + relu(b - a), ceil(log2 k) hidden layers. Throws InvalidArgument when A has no
/// rows or b has another size.
Network max_of_affine(const Matrix& a, const Vector& b);

/// min_i (A_i . x + b_i), as max_of_affine.
Network min_of_affine(const Matrix& a, const Vector& b);

/// ceil(log2 k) for k >= 1 (0 for k = 1).
std::size_t ceil_log2(std::size_t k);

}  // namespace relux
