#include "relux/cpwl/compose.hpp"

#include "relux/cpwl/circuit.hpp"
#include "relux/error.hpp"

#include <algorithm>
#include <string>

namespace relux {

namespace {

std::string name_of(std::size_t i) { return "network " + std::to_string(i + 1); }

/// Throws unless net is valid, has relu hidden layers, an identity output layer and no residual.
void require_plain(const Network& net, const std::string& what) {
    net.validate();
    if (net.output != OutputKind::identity)
        throw InvalidArgument(what + " has a softmax output; expected an identity output");
    for (std::size_t i = 0; i < net.layers.size(); ++i) {
        const Layer& l = net.layers[i];
        const bool last = i + 1 == net.layers.size();
        if (l.residual)
            throw InvalidArgument(what + ": layers[" + std::to_string(i) +
                                  "] is residual; expected plain layers");
        if (last ? l.activation != Activation::identity : l.activation != Activation::relu)
            throw InvalidArgument(what + ": layers[" + std::to_string(i) + "] has activation " +
                                  std::string(to_string(l.activation)) + "; expected " +
                                  (last ? "identity (the output layer)" : "relu (a hidden layer)"));
    }
}

Layer identity_layer(Matrix w, Vector b) {
    return Layer{std::move(w), std::move(b), Activation::identity, Rational(0), false};
}
Layer relu_layer(Matrix w, Vector b) {
    return Layer{std::move(w), std::move(b), Activation::relu, Rational(0), false};
}

}  // namespace

std::size_t ceil_log2(std::size_t k) {
    RELUX_ASSERT(k >= 1);
    std::size_t r = 0;
    while ((std::size_t{1} << r) < k) ++r;
    return r;
}

NetworkSize network_size(const Network& net) {
    NetworkSize s;
    s.depth = net.layers.size();
    for (const Layer& l : net.layers) {
        if (l.has_pattern()) {
            ++s.hidden_layers;
            s.neurons += l.output_dim();
            s.width = std::max(s.width, l.output_dim());
        }
        for (std::size_t i = 0; i < l.weights.rows(); ++i)
            for (std::size_t j = 0; j < l.weights.cols(); ++j)
                if (!l.weights(i, j).is_zero()) ++s.nonzero_weights;
    }
    return s;
}

Network affine_network(const Matrix& a, const Vector& b) {
    if (a.rows() == 0 || a.cols() == 0)
        throw InvalidArgument("an affine map needs at least one row and one column");
    if (b.size() != a.rows())
        throw InvalidArgument("affine map: the offset has " + std::to_string(b.size()) +
                              " entries; expected " + std::to_string(a.rows()) + " (one per row)");
    Network net;
    net.input_dim = a.cols();
    net.layers.push_back(identity_layer(a, b));
    return net;
}

Network compose(const Network& outer, const Network& inner) {
    require_plain(outer, "the outer network");
    require_plain(inner, "the inner network");
    if (inner.output_dim() != outer.input_dim)
        throw InvalidArgument("compose: the inner network has " + std::to_string(inner.output_dim()) +
                              " outputs but the outer network expects " + std::to_string(outer.input_dim) +
                              " inputs");
    Network net;
    net.input_dim = inner.input_dim;
    net.layers.assign(inner.layers.begin(), inner.layers.end() - 1);
    const Layer& last = inner.layers.back();
    const Layer& first = outer.layers.front();
    Vector bias = multiply(first.weights, last.bias);
    for (std::size_t i = 0; i < bias.size(); ++i) bias[i] += first.bias[i];
    net.layers.push_back(
        Layer{multiply(first.weights, last.weights), std::move(bias), first.activation, first.slope, false});
    net.layers.insert(net.layers.end(), outer.layers.begin() + 1, outer.layers.end());
    return net;
}

Network pad_hidden_layers(const Network& net, std::size_t hidden_layers) {
    require_plain(net, "the network to pad");
    const std::size_t have = net.layers.size() - 1;
    if (hidden_layers < have)
        throw InvalidArgument("cannot pad a network with " + std::to_string(have) + " hidden layers to " +
                              std::to_string(hidden_layers));
    if (hidden_layers == have) return net;
    Network out = net;
    const Layer last = out.layers.back();
    out.layers.pop_back();
    const std::size_t k = last.output_dim(), w = last.input_dim();
    // relu(y), relu(-y) with y = the old output layer; then copies; then y = relu(y) - relu(-y).
    Matrix first(2 * k, w);
    Vector first_bias(2 * k);
    for (std::size_t i = 0; i < k; ++i) {
        for (std::size_t j = 0; j < w; ++j) {
            first(i, j) = last.weights(i, j);
            first(k + i, j) = -last.weights(i, j);
        }
        first_bias[i] = last.bias[i];
        first_bias[k + i] = -last.bias[i];
    }
    out.layers.push_back(relu_layer(std::move(first), std::move(first_bias)));
    for (std::size_t extra = have + 1; extra < hidden_layers; ++extra)
        out.layers.push_back(relu_layer(Matrix::identity(2 * k), Vector(2 * k)));
    Matrix final(k, 2 * k);
    for (std::size_t i = 0; i < k; ++i) {
        final(i, i) = 1;
        final(i, k + i) = -1;
    }
    out.layers.push_back(identity_layer(std::move(final), Vector(k)));
    return out;
}

Network parallel(const std::vector<Network>& nets) {
    if (nets.empty()) throw InvalidArgument("parallel: expected at least one network");
    std::size_t hidden = 0;
    for (std::size_t i = 0; i < nets.size(); ++i) {
        require_plain(nets[i], name_of(i));
        if (nets[i].input_dim != nets[0].input_dim)
            throw InvalidArgument("parallel: " + name_of(i) + " has " + std::to_string(nets[i].input_dim) +
                                  " inputs; expected " + std::to_string(nets[0].input_dim) +
                                  " like network 1");
        hidden = std::max(hidden, nets[i].layers.size() - 1);
    }
    std::vector<Network> padded;
    for (const Network& n : nets) padded.push_back(pad_hidden_layers(n, hidden));
    Network out;
    out.input_dim = nets[0].input_dim;
    for (std::size_t layer = 0; layer <= hidden; ++layer) {
        std::size_t rows = 0, cols = 0;
        for (const Network& n : padded) {
            rows += n.layers[layer].output_dim();
            cols += layer == 0 ? 0 : n.layers[layer].input_dim();
        }
        if (layer == 0) cols = out.input_dim;
        Matrix w(rows, cols);
        Vector b(rows);
        std::size_t r0 = 0, c0 = 0;
        for (const Network& n : padded) {
            const Layer& l = n.layers[layer];
            for (std::size_t i = 0; i < l.output_dim(); ++i) {
                b[r0 + i] = l.bias[i];
                for (std::size_t j = 0; j < l.input_dim(); ++j)
                    w(r0 + i, (layer == 0 ? 0 : c0) + j) = l.weights(i, j);
            }
            r0 += l.output_dim();
            c0 += l.input_dim();
        }
        out.layers.push_back(layer == hidden ? identity_layer(std::move(w), std::move(b))
                                             : relu_layer(std::move(w), std::move(b)));
    }
    return out;
}

Network linear_combination(const Network& net, const Matrix& m, const Vector& c) {
    require_plain(net, "the network");
    if (m.cols() != net.output_dim() || m.rows() == 0 || c.size() != m.rows())
        throw InvalidArgument("linear combination: a " + std::to_string(m.rows()) + "x" +
                              std::to_string(m.cols()) + " matrix and " + std::to_string(c.size()) +
                              " offsets do not fit a network with " + std::to_string(net.output_dim()) +
                              " outputs");
    Network out = net;
    Layer& last = out.layers.back();
    Vector bias = multiply(m, last.bias);
    for (std::size_t i = 0; i < bias.size(); ++i) bias[i] += c[i];
    last.weights = multiply(m, last.weights);
    last.bias = std::move(bias);
    return out;
}

Network sum_outputs(const Network& net) {
    Matrix ones(1, net.output_dim());
    for (std::size_t j = 0; j < ones.cols(); ++j) ones(0, j) = 1;
    return linear_combination(net, ones, Vector(1));
}

namespace {

Network extreme_of_affine(const Matrix& a, const Vector& b, bool maximum) {
    if (a.rows() == 0 || a.cols() == 0)
        throw InvalidArgument("max/min of affine maps: expected at least one map and one input");
    if (b.size() != a.rows())
        throw InvalidArgument("max/min of affine maps: " + std::to_string(b.size()) + " offsets for " +
                              std::to_string(a.rows()) + " maps");
    ReluCircuit circuit(a.cols());
    std::vector<CircuitValue> maps;
    for (std::size_t i = 0; i < a.rows(); ++i) {
        Vector row(a.row(i), a.row(i) + a.cols());
        maps.push_back(circuit.affine(row, b[i]));
    }
    const CircuitValue v = maximum ? circuit.max_of(maps) : circuit.min_of(maps);
    return circuit.compile({v});
}

}  // namespace

Network max_of_affine(const Matrix& a, const Vector& b) { return extreme_of_affine(a, b, true); }
Network min_of_affine(const Matrix& a, const Vector& b) { return extreme_of_affine(a, b, false); }

}  // namespace relux
