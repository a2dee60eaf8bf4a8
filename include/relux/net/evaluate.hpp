#pragma once
// Exact evaluation, activation patterns and local affine maps.

#include "relux/net/network.hpp"
#include "relux/number/ball.hpp"

#include <string>
#include <vector>

namespace relux {

/// State of one neuron at a point: pre-activation < 0, = 0 (on its hyperplane) or > 0.
enum class NeuronState : signed char { negative = -1, zero = 0, positive = 1 };

/// For each layer, the state of each neuron (empty for layers without on/off states).
using ActivationPattern = std::vector<std::vector<NeuronState>>;

/// An affine map x -> A x + b.
struct AffineMap {
    Matrix A;
    Vector b;
    Vector apply(const Vector& x) const;
    friend bool operator==(const AffineMap&, const AffineMap&) = default;
};

/// Exact network output at x (for a softmax network: the exact logits, i.e. the last layer's
/// output before softmax). Precondition: net.validate() passed; throws InvalidArgument when
/// x.size() != net.input_dim.
Vector evaluate(const Network& net, const Vector& x);

/// Exact outputs of every layer at x (index 0 is x itself, index i the output of layer i-1).
std::vector<Vector> evaluate_layers(const Network& net, const Vector& x);

/// The activation pattern of x: the sign of each relu/leaky_relu neuron's pre-activation.
ActivationPattern activation_pattern(const Network& net, const Vector& x);

/// "+-0|++" : one character a neuron, layers with on/off states separated by '|'.
std::string to_string(const ActivationPattern& pattern);

/// The exact affine map the network computes on the closed activation region of `pattern`
/// (before softmax). Neurons in state `zero` are treated as inactive: on a boundary both
/// choices give the same value at the point. Throws InvalidArgument for a network that is
/// not piecewise linear (square activations).
AffineMap affine_map_for_pattern(const Network& net, const ActivationPattern& pattern);

/// affine_map_for_pattern(net, activation_pattern(net, x)).
AffineMap affine_map_at(const Network& net, const Vector& x);

}  // namespace relux
