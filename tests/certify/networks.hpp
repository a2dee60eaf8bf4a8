#pragma once
// Networks built directly in the certify tests (independent of the cpwl layer's constructions).

#include "relux/net/network.hpp"
#include "test_util.hpp"

#include <random>

namespace relux::test {

inline Rational frac(long n, long d = 1) { return Rational(Integer(n), Integer(d)); }

/// One relu hidden layer reproducing the interpolant through (xs[i], ys[i]), extended linearly:
/// y0 + s0 (relu(x - x0) - relu(x0 - x)) + sum_i (s_i - s_{i-1}) relu(x - x_i).
inline Network interpolant_network(const Vector& xs, const Vector& ys) {
    const std::size_t n = xs.size() - 1;  // pieces
    Vector slopes;
    for (std::size_t i = 0; i < n; ++i) slopes.push_back((ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]));
    Layer hidden;
    hidden.weights = Matrix(n + 1, 1);
    hidden.bias = Vector(n + 1);
    hidden.activation = Activation::relu;
    Layer out;
    out.weights = Matrix(1, n + 1);
    out.bias = Vector{ys[0]};
    out.activation = Activation::identity;
    hidden.weights(0, 0) = 1;
    hidden.bias[0] = -xs[0];
    hidden.weights(1, 0) = -1;
    hidden.bias[1] = xs[0];
    out.weights(0, 0) = slopes[0];
    out.weights(0, 1) = -slopes[0];
    for (std::size_t i = 1; i < n; ++i) {
        hidden.weights(i + 1, 0) = 1;
        hidden.bias[i + 1] = -xs[i];
        out.weights(0, i + 1) = slopes[i] - slopes[i - 1];
    }
    Network net;
    net.input_dim = 1;
    net.layers = {hidden, out};
    net.validate();
    return net;
}

/// Yarotsky's approximation f_m(x) = x - sum_{s=1}^m g_s(x) / 4^s of x^2 on [0, 1], with g_s the
/// s-fold tent map g(x) = 2 relu(x) - 4 relu(x - 1/2). Each hidden layer carries
/// (relu(g_{s-1}), relu(g_{s-1} - 1/2), the partial sum), all non-negative on [0, 1].
inline Network yarotsky_network(int m) {
    Network net;
    net.input_dim = 1;
    Layer first;
    first.weights = Matrix(3, 1);
    first.weights(0, 0) = 1;
    first.weights(1, 0) = 1;
    first.weights(2, 0) = 1;
    first.bias = Vector{0, frac(-1, 2), 0};
    net.layers.push_back(first);
    Rational four_s = 4;  // 4^s for the tent g_s computed from the current layer
    for (int s = 1; s < m; ++s, four_s *= Rational(4)) {
        Layer l;
        l.weights = Matrix(3, 3);
        // g_s = 2 a1 - 4 a2
        l.weights(0, 0) = 2;
        l.weights(0, 1) = -4;
        l.weights(1, 0) = 2;
        l.weights(1, 1) = -4;
        l.weights(2, 0) = -Rational(2) / four_s;
        l.weights(2, 1) = Rational(4) / four_s;
        l.weights(2, 2) = 1;
        l.bias = Vector{0, frac(-1, 2), 0};
        net.layers.push_back(l);
    }
    Layer out;
    out.activation = Activation::identity;
    out.weights = Matrix(1, 3);
    out.weights(0, 0) = -Rational(2) / four_s;
    out.weights(0, 1) = Rational(4) / four_s;
    out.weights(0, 2) = 1;
    out.bias = Vector{0};
    net.layers.push_back(out);
    net.validate();
    return net;
}

/// A random relu network with one input and one output and the given hidden widths; small
/// rational weights, so that many neurons switch inside [-4, 4].
inline Network random_network(std::mt19937_64& rng, const std::vector<std::size_t>& widths) {
    Network net;
    net.input_dim = 1;
    std::size_t in = 1;
    std::vector<std::size_t> all = widths;
    all.push_back(1);
    for (std::size_t k = 0; k < all.size(); ++k) {
        Layer l;
        l.weights = Matrix(all[k], in);
        l.bias = Vector(all[k]);
        for (std::size_t i = 0; i < all[k]; ++i) {
            for (std::size_t j = 0; j < in; ++j) l.weights(i, j) = random_rational(rng, 6, 4);
            l.bias[i] = random_rational(rng, 8, 3);
        }
        l.activation = k + 1 == all.size() ? Activation::identity : Activation::relu;
        net.layers.push_back(l);
        in = all[k];
    }
    net.validate();
    return net;
}

}  // namespace relux::test
