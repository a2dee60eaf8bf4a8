// Times the exact distances and equivalence of two CPWL networks (relux/certify/distance_nd.hpp):
// L1 and sup-norm between two random 2-input 32x3 networks, a full proof of equality of a
// 2-input 32x3 network against itself with its hidden neurons permuted, and the max of k inputs
// in log2 form against the shallow form over [-1, 1]^k.
// Usage: distance_bench [--threads N] [--max-k K] [--only l1|linf|equal|max]
//   (defaults: TBB's threads, K = 7, everything)

#include "relux/certify/distance_nd.hpp"
#include "relux/cpwl/max_network.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/net/evaluate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <random>
#include <string>

using namespace relux;

namespace {

/// A random relu network whose weights are float32 values (He initialisation), read exactly.
Network random_network(std::mt19937_64& rng, std::size_t inputs, const std::vector<std::size_t>& hidden) {
    Network net;
    net.input_dim = inputs;
    std::size_t width = inputs;
    std::vector<std::size_t> widths = hidden;
    widths.push_back(1);
    for (std::size_t l = 0; l < widths.size(); ++l) {
        std::normal_distribution<double> weight(0.0, std::sqrt(2.0 / static_cast<double>(width)));
        std::normal_distribution<double> bias(0.0, 0.1);
        Layer layer{Matrix(widths[l], width),
                    Vector(widths[l]),
                    l + 1 < widths.size() ? Activation::relu : Activation::identity,
                    {},
                    false};
        for (std::size_t i = 0; i < widths[l]; ++i) {
            for (std::size_t j = 0; j < width; ++j)
                layer.weights(i, j) = Rational::from_double(static_cast<float>(weight(rng)));
            layer.bias[i] = Rational::from_double(static_cast<float>(bias(rng)));
        }
        net.layers.push_back(std::move(layer));
        width = widths[l];
    }
    return net;
}

/// The same function with the neurons of every hidden layer permuted at random.
Network permuted(Network net, std::mt19937_64& rng) {
    for (std::size_t l = 0; l + 1 < net.layers.size(); ++l) {
        Layer& cur = net.layers[l];
        Layer& next = net.layers[l + 1];
        std::vector<std::size_t> p(cur.output_dim());
        std::iota(p.begin(), p.end(), 0);
        std::shuffle(p.begin(), p.end(), rng);
        Layer c = cur, n = next;
        for (std::size_t i = 0; i < p.size(); ++i) {
            for (std::size_t j = 0; j < cur.input_dim(); ++j) c.weights(i, j) = cur.weights(p[i], j);
            c.bias[i] = cur.bias[p[i]];
            for (std::size_t r = 0; r < next.output_dim(); ++r) n.weights(r, i) = next.weights(r, p[i]);
        }
        cur = c;
        next = n;
    }
    return net;
}

Box cube(std::size_t dim) {
    Box box;
    box.lo.assign(dim, Rational(-1));
    box.hi.assign(dim, Rational(1));
    return box;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    int threads = 0;
    std::size_t max_k = 7;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--threads") && i + 1 < argc) threads = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--max-k") && i + 1 < argc)
            max_k = std::strtoul(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
        else {
            std::fprintf(stderr,
                         "usage: distance_bench [--threads N] [--max-k K] [--only l1|linf|equal|max]\n");
            return 2;
        }
    }
    CpwlDistanceOptions options;
    options.regions.threads = threads;
    std::mt19937_64 rng(20261201);
    const Network f = random_network(rng, 2, {32, 32, 32});
    Network g = random_network(rng, 2, {32, 32, 32});
    // shift g so that f - g vanishes at the origin: the difference then changes sign in the box
    g.layers.back().bias[0] += evaluate(f, Vector(2))[0] - evaluate(g, Vector(2))[0];
    const Box box = cube(2);

    auto wanted = [&](const char* what) { return only.empty() || only == what; };
    auto t0 = std::chrono::steady_clock::now();
    const std::size_t f_regions = enumerate_regions(f, box, options.regions).regions.size();
    const std::size_t g_regions = enumerate_regions(g, box, options.regions).regions.size();
    std::printf("regions of f alone: %zu, of g alone: %zu (%.2f s for both)\n", f_regions, g_regions,
                seconds_since(t0));

    if (wanted("l1")) {
        t0 = std::chrono::steady_clock::now();
        const CpwlDistanceResult l1 = l1_cpwl(f, g, box, options);
        std::printf(
            "l1_cpwl   2-input 32x3 vs 32x3 on [-1,1]^2: %.2f s, %zu cells, value ~ %.6g (%zu-digit "
            "denominator)\n",
            seconds_since(t0), l1.cells, l1.value.to_double(), l1.value.denominator().str().size());
    }
    if (wanted("linf")) {
        t0 = std::chrono::steady_clock::now();
        const CpwlDistanceResult linf = linf_cpwl(f, g, box, options);
        std::printf("linf_cpwl 2-input 32x3 vs 32x3 on [-1,1]^2: %.2f s, %zu cells, value ~ %.6g\n",
                    seconds_since(t0), linf.cells, linf.value.to_double());
    }
    if (wanted("equal")) {
        const Network fp = permuted(f, rng);
        t0 = std::chrono::steady_clock::now();
        const EqualResult eq = equal_networks(f, fp, box, std::nullopt, options);
        std::printf("equal     2-input 32x3 vs itself permuted:  %.2f s, %zu cells, equal = %s\n",
                    seconds_since(t0), eq.cells, eq.equal ? "true" : "false");
    }
    if (!wanted("max")) return 0;
    for (std::size_t k = 5; k <= max_k; ++k) {
        const Network a = construct_max(k, MaxForm::log2), b = construct_max(k, MaxForm::shallow);
        t0 = std::chrono::steady_clock::now();
        const EqualResult r = equal_networks(a, b, cube(k), std::nullopt, options);
        std::printf("equal     max of %zu, log2 vs shallow on [-1,1]^%zu: %.2f s, %zu cells, equal = %s\n", k,
                    k, seconds_since(t0), r.cells, r.equal ? "true" : "false");
    }
    return 0;
}
