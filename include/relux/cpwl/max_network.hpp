#pragma once
// Networks for the maximum (and minimum) of k numbers. Proofs: proofs/max-network.md.

#include "relux/cpwl/circuit.hpp"
#include "relux/net/network.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace relux {

enum class MaxForm {
    log2,    ///< balanced tree of pairwise maxima: ceil(log2 k) hidden layers
    shallow  ///< max of 5 in 2 hidden layers (Bakaev, Brunck, Hertrich, Stade, Yehudayoff 2025),
             ///< composed in a tree of blocks of arity 2..5 for other k (see max_depth_shallow)
};

/// The network x -> max(x_1, ..., x_k) (or min when `minimum`), exact on all of R^k.
/// Throws InvalidArgument for k == 0.
Network construct_max(std::size_t k, MaxForm form, bool minimum = false);

/// Hidden layers of construct_max(k, MaxForm::shallow): the least L such that k inputs fit a tree
/// of blocks max2 (1 hidden layer) and max3, max4, max5 (2 hidden layers each); capacity
/// c(0) = 1, c(L) = max(2 c(L-1), 5 c(L-2)).
std::size_t max_depth_shallow(std::size_t k);

/// The paper's bound ceil(log3(k - 2)) + 1 hidden layers for k >= 4 (Bakaev et al. 2025,
/// Theorem for the maximum of n >= 4 numbers), ceil(log2 k) for k < 4. For comparison only.
std::size_t max_depth_bbhsy_bound(std::size_t k);

/// max(a_1, ..., a_5) in 2 more layers than the deepest a_i, by the identity
/// 2 max = P1 + P2 + P3 + P4 + Q - R13 - R14 - R23 - R24 of proofs/max-network.md.
/// Precondition: values.size() == 5.
CircuitValue bbhsy_max5(ReluCircuit& circuit, const std::vector<CircuitValue>& values);

/// max of values by the shallow block tree (values of depth 0 for exact depth guarantees).
CircuitValue shallow_max(ReluCircuit& circuit, std::vector<CircuitValue> values);

}  // namespace relux
