#pragma once
// The network model of DESIGN.md: dense layers with rational weights.

#include "relux/number/matrix.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace relux {

enum class Activation { relu, identity, leaky_relu, square };
enum class OutputKind { identity, softmax };

std::string_view to_string(Activation a);
std::string_view to_string(OutputKind o);

/// One dense layer: y = activation(W x + b), plus x when residual.
struct Layer {
    Matrix weights;  ///< rows = neurons, cols = previous width
    Vector bias;     ///< one per neuron
    Activation activation = Activation::relu;
    Rational slope;         ///< negative-side slope of leaky_relu (unused otherwise)
    bool residual = false;  ///< output = activation(W x + b) + x; needs rows == cols

    std::size_t input_dim() const { return weights.cols(); }
    std::size_t output_dim() const { return weights.rows(); }
    /// True when this layer's neurons have on/off states (relu, leaky_relu).
    bool has_pattern() const {
        return activation == Activation::relu || activation == Activation::leaky_relu;
    }
    friend bool operator==(const Layer&, const Layer&) = default;
};

/// A feed-forward network. Invariant (checked by validate()): at least one layer, the first
/// layer's width of input is input_dim, each layer's input width is the previous output width,
/// bias sizes match, residual layers are square.
struct Network {
    std::size_t input_dim = 0;
    std::vector<Layer> layers;
    OutputKind output = OutputKind::identity;

    std::size_t output_dim() const;
    /// Number of neurons in layers with an on/off state (the hidden ReLU neurons).
    std::size_t pattern_neurons() const;
    /// Total neurons of all layers but the last.
    std::size_t hidden_neurons() const;
    /// Continuous piecewise-linear: no square activation and identity output.
    bool is_cpwl() const;
    /// Throws InvalidNetwork naming the first layer (and field) that does not fit.
    void validate() const;

    friend bool operator==(const Network&, const Network&) = default;
};

}  // namespace relux
