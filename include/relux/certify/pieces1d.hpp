#pragma once
// Exact linear pieces of a network with one input on an interval, without the n-D enumerator.

#include "relux/net/network.hpp"

#include <vector>

namespace relux {

/// On [lo, hi] the network computes x -> slope * x + intercept (one entry per output; for a
/// softmax network these are the logits).
struct Piece1d {
    Rational lo;
    Rational hi;
    Vector slope;
    Vector intercept;

    /// Exact value of output `out` at x.
    Rational value(const Rational& x, std::size_t out = 0) const { return slope[out] * x + intercept[out]; }
    friend bool operator==(const Piece1d&, const Piece1d&) = default;
};

/// The maximal intervals of [a, b] on which the network (input_dim 1; relu, leaky_relu and
/// identity layers, residual allowed) is one affine map, in increasing order, covering [a, b]
/// exactly (pieces[i].hi == pieces[i+1].lo). Adjacent pieces have different maps. Exact: each
/// layer's pre-activations are affine in x on a piece, their roots split it. Throws
/// InvalidArgument when a >= b, input_dim != 1 or the network has a square activation.
std::vector<Piece1d> pieces_1d(const Network& net, const Rational& a, const Rational& b);

}  // namespace relux
