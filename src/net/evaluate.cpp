#include "relux/net/evaluate.hpp"

#include "relux/error.hpp"

namespace relux {

Vector AffineMap::apply(const Vector& x) const {
    Vector y = multiply(A, x);
    for (std::size_t i = 0; i < y.size(); ++i) y[i] += b[i];
    return y;
}

namespace {

void check_input(const Network& net, const Vector& x) {
    if (x.size() != net.input_dim)
        throw InvalidArgument("point has " + std::to_string(x.size()) + " coordinates; the network expects " +
                              std::to_string(net.input_dim) + " inputs");
}

Vector pre_activation(const Layer& l, const Vector& x) {
    Vector z = multiply(l.weights, x);
    for (std::size_t i = 0; i < z.size(); ++i) z[i] += l.bias[i];
    return z;
}

Vector apply_layer(const Layer& l, const Vector& x) {
    Vector z = pre_activation(l, x);
    for (Rational& v : z) {
        switch (l.activation) {
            case Activation::relu:
                if (v.sign() < 0) v = 0;
                break;
            case Activation::leaky_relu:
                if (v.sign() < 0) v *= l.slope;
                break;
            case Activation::square: v *= v; break;
            case Activation::identity: break;
        }
    }
    if (l.residual)
        for (std::size_t i = 0; i < z.size(); ++i) z[i] += x[i];
    return z;
}

}  // namespace

std::vector<Vector> evaluate_layers(const Network& net, const Vector& x) {
    check_input(net, x);
    std::vector<Vector> out{x};
    out.reserve(net.layers.size() + 1);
    for (const Layer& l : net.layers) out.push_back(apply_layer(l, out.back()));
    return out;
}

Vector evaluate(const Network& net, const Vector& x) {
    check_input(net, x);
    Vector y = x;
    for (const Layer& l : net.layers) y = apply_layer(l, y);
    return y;
}

ActivationPattern activation_pattern(const Network& net, const Vector& x) {
    check_input(net, x);
    ActivationPattern p;
    Vector y = x;
    for (const Layer& l : net.layers) {
        std::vector<NeuronState> states;
        if (l.has_pattern()) {
            for (const Rational& v : pre_activation(l, y))
                states.push_back(static_cast<NeuronState>(v.sign()));
        }
        p.push_back(std::move(states));
        y = apply_layer(l, y);
    }
    return p;
}

std::string to_string(const ActivationPattern& pattern) {
    std::string s;
    bool first = true;
    for (const auto& layer : pattern) {
        if (layer.empty()) continue;
        if (!first) s += '|';
        first = false;
        for (NeuronState st : layer)
            s += st == NeuronState::positive ? '+' : (st == NeuronState::negative ? '-' : '0');
    }
    return s;
}

AffineMap affine_map_for_pattern(const Network& net, const ActivationPattern& pattern) {
    for (const Layer& l : net.layers)
        if (l.activation == Activation::square)
            throw InvalidArgument("the network has a square activation: it is not piecewise linear");
    RELUX_ASSERT(pattern.size() == net.layers.size());
    AffineMap map{Matrix::identity(net.input_dim), Vector(net.input_dim)};
    for (std::size_t li = 0; li < net.layers.size(); ++li) {
        const Layer& l = net.layers[li];
        AffineMap next{multiply(l.weights, map.A), multiply(l.weights, map.b)};
        for (std::size_t i = 0; i < next.b.size(); ++i) {
            next.b[i] += l.bias[i];
            if (!l.has_pattern()) continue;
            RELUX_ASSERT(pattern[li].size() == l.output_dim());
            if (pattern[li][i] == NeuronState::positive) continue;
            const Rational factor = l.activation == Activation::relu ? Rational(0) : l.slope;
            for (std::size_t j = 0; j < next.A.cols(); ++j) next.A(i, j) *= factor;
            next.b[i] *= factor;
        }
        if (l.residual) {
            for (std::size_t i = 0; i < next.A.rows(); ++i) {
                for (std::size_t j = 0; j < next.A.cols(); ++j) next.A(i, j) += map.A(i, j);
                next.b[i] += map.b[i];
            }
        }
        map = std::move(next);
    }
    return map;
}

AffineMap affine_map_at(const Network& net, const Vector& x) {
    return affine_map_for_pattern(net, activation_pattern(net, x));
}

}  // namespace relux
