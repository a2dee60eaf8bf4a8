// Times exact evaluation of a random 2-16-16-16-1 relu network with small rational weights at
// many random rational points, and (with --check) compares evaluate() and activation_pattern()
// with a plain rational reference on random networks of every layer kind.
// Usage: eval_bench [points=100000] | eval_bench --check [networks=300]

#include "relux/net/evaluate.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <random>

using namespace relux;

namespace {

Rational random_rational(std::mt19937_64& rng, long max_num, long max_den) {
    return Rational(Integer(std::uniform_int_distribution<long>(-max_num, max_num)(rng)),
                    Integer(std::uniform_int_distribution<long>(1, max_den)(rng)));
}

Network random_network(std::mt19937_64& rng, const std::vector<std::size_t>& widths, long max_num,
                       long max_den) {
    Network net;
    net.input_dim = widths[0];
    for (std::size_t l = 1; l < widths.size(); ++l) {
        Layer layer{Matrix(widths[l], widths[l - 1]),
                    Vector(widths[l]),
                    l + 1 < widths.size() ? Activation::relu : Activation::identity,
                    {},
                    false};
        for (std::size_t i = 0; i < widths[l]; ++i) {
            for (std::size_t j = 0; j < widths[l - 1]; ++j)
                layer.weights(i, j) = random_rational(rng, max_num, max_den);
            layer.bias[i] = random_rational(rng, max_num, max_den);
        }
        net.layers.push_back(std::move(layer));
    }
    return net;
}

/// Plain rational evaluation (one canonical Rational per operation), with pre-activation signs.
Vector reference(const Network& net, const Vector& x, ActivationPattern& pattern) {
    Vector y = x;
    pattern.clear();
    for (const Layer& l : net.layers) {
        Vector z(l.output_dim());
        std::vector<NeuronState> states;
        for (std::size_t i = 0; i < z.size(); ++i) {
            z[i] = l.bias[i];
            for (std::size_t j = 0; j < y.size(); ++j) z[i] += l.weights(i, j) * y[j];
            if (l.has_pattern()) states.push_back(static_cast<NeuronState>(z[i].sign()));
            if (l.activation == Activation::relu && z[i].sign() < 0) z[i] = 0;
            if (l.activation == Activation::leaky_relu && z[i].sign() < 0) z[i] *= l.slope;
            if (l.activation == Activation::square) z[i] *= z[i];
            if (l.residual) z[i] += y[i];
        }
        pattern.push_back(std::move(states));
        y = std::move(z);
    }
    return y;
}

int check(int networks) {
    std::mt19937_64 rng(20261205);
    const Rational huge = Rational(Integer(1) << 70, Integer(3));
    int failures = 0;
    for (int n = 0; n < networks; ++n) {
        std::uniform_int_distribution<std::size_t> width(1, 5), depth(1, n % 10 == 0 ? 30 : 4);
        std::vector<std::size_t> widths{width(rng)};
        for (std::size_t l = depth(rng); l > 0; --l) widths.push_back(width(rng));
        const long max_den = n % 3 == 0 ? 1000000007L : 12;
        Network net = random_network(rng, widths, n % 7 == 0 ? 1000000 : 9, max_den);
        for (std::size_t l = 0; l < net.layers.size(); ++l) {
            Layer& layer = net.layers[l];
            const int kind = std::uniform_int_distribution<int>(0, 5)(rng);
            if (kind == 1) layer.activation = Activation::identity;
            if (kind == 2) {
                layer.activation = Activation::leaky_relu;
                layer.slope = n % 2 ? random_rational(rng, 5, 7) : Rational(Integer(1), Integer(1) << 80);
            }
            if (kind == 3 && net.layers.size() < 6) layer.activation = Activation::square;
            if (layer.input_dim() == layer.output_dim() && std::uniform_int_distribution<int>(0, 3)(rng) == 0)
                layer.residual = true;
            if (kind == 5) layer.weights(0, 0) = n % 2 ? huge : Rational(Integer(1), Integer(1) << 65);
        }
        net.validate();
        for (int p = 0; p < 5; ++p) {
            Vector x;
            for (std::size_t j = 0; j < net.input_dim; ++j)
                x.push_back(p == 0 ? Rational(0) : random_rational(rng, p == 4 ? 1000000000 : 50, max_den));
            ActivationPattern expected_pattern;
            const Vector expected = reference(net, x, expected_pattern);
            const bool ok = evaluate(net, x) == expected && evaluate_layers(net, x).back() == expected &&
                            activation_pattern(net, x) == expected_pattern &&
                            (!net.is_cpwl() || affine_map_at(net, x).apply(x) == expected);
            if (!ok) {
                std::printf("MISMATCH: network %d, point %d\n", n, p);
                ++failures;
            }
        }
    }
    std::printf("checked %d random networks at 5 points each: %d mismatches\n", networks, failures);
    return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::strcmp(argv[1], "--check") == 0) return check(argc > 2 ? std::atoi(argv[2]) : 300);
    const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
    std::mt19937_64 rng(20261201);
    const Network net = random_network(rng, {2, 16, 16, 16, 1}, 9, 8);
    net.validate();
    std::vector<Vector> points(n);
    for (Vector& p : points) p = {random_rational(rng, 1000, 1000), random_rational(rng, 1000, 1000)};
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    std::size_t checksum = 0, active = 0, bits = 0;
    for (const Vector& p : points) {
        const Rational y = evaluate(net, p).at(0);
        checksum = checksum * 31 + std::hash<Rational>{}(y);
        active += !y.is_zero();
        bits += mpz_sizeinbase(mpq_denref(y.mpq()), 2);
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    std::printf(
        "evaluate 2-16-16-16-1 (weights p/q, |p| <= 9, q <= 8) at %zu points (p/q, |p|, q <= 1000): "
        "%.3f s, cpu %.3f s (%.2f us/point cpu), nonzero outputs %zu, mean output denominator %.1f bits, "
        "checksum %zx\n",
        n, s, cpu, 1e6 * cpu / static_cast<double>(n), active,
        static_cast<double>(bits) / static_cast<double>(n), checksum);
    return 0;
}
