#include "relux/net/network.hpp"

#include "relux/error.hpp"

namespace relux {

std::string_view to_string(Activation a) {
    switch (a) {
        case Activation::relu: return "relu";
        case Activation::identity: return "identity";
        case Activation::leaky_relu: return "leaky_relu";
        case Activation::square: return "square";
    }
    return "?";
}

std::string_view to_string(OutputKind o) { return o == OutputKind::identity ? "identity" : "softmax"; }

std::size_t Network::output_dim() const { return layers.empty() ? input_dim : layers.back().output_dim(); }

std::size_t Network::pattern_neurons() const {
    std::size_t n = 0;
    for (const Layer& l : layers)
        if (l.has_pattern()) n += l.output_dim();
    return n;
}

std::size_t Network::hidden_neurons() const {
    std::size_t n = 0;
    for (std::size_t i = 0; i + 1 < layers.size(); ++i) n += layers[i].output_dim();
    return n;
}

bool Network::is_cpwl() const {
    if (output != OutputKind::identity) return false;
    for (const Layer& l : layers)
        if (l.activation == Activation::square) return false;
    return true;
}

void Network::validate() const {
    if (input_dim == 0) throw InvalidNetwork("network has input_dim 0; expected at least one input");
    if (layers.empty()) throw InvalidNetwork("network has no layers; expected at least one");
    std::size_t width = input_dim;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const Layer& l = layers[i];
        const std::string where = "layers[" + std::to_string(i) + "]";
        if (l.output_dim() == 0)
            throw InvalidNetwork(where + " has no neurons; expected at least one row of weights");
        if (l.input_dim() != width)
            throw InvalidNetwork(where + ".weights has " + std::to_string(l.input_dim()) +
                                 " columns; expected " + std::to_string(width) +
                                 " (the width of the previous layer)");
        if (l.bias.size() != l.output_dim())
            throw InvalidNetwork(where + ".bias has " + std::to_string(l.bias.size()) +
                                 " entries; expected " + std::to_string(l.output_dim()));
        if (l.residual && l.output_dim() != l.input_dim())
            throw InvalidNetwork(where + " is residual but maps " + std::to_string(l.input_dim()) +
                                 " inputs to " + std::to_string(l.output_dim()) +
                                 " outputs; expected a square layer");
        width = l.output_dim();
    }
}

}  // namespace relux
