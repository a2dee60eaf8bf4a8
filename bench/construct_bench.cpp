// Construction time and network size of `relux construct grid` for 2-D grids N = 8, 32, 128 and
// 3-D grids N = 4, 8, 16 (forms arora and hat), and of `relux construct max` for a few k.
//   build/bench/construct_bench [max_dense_entries]
// A network is materialized (dense rational matrices) only when sum over layers of
// rows x columns <= max_dense_entries (default 2e7); otherwise only its size is computed.

#include "relux/cpwl/compose.hpp"
#include "relux/cpwl/grid.hpp"
#include "relux/cpwl/max_network.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace relux;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// f(x) = 1 / (4 + x_1 + x_1 x_2 (+ x_1 x_2 x_3)): exact rational values at the vertices, and no
/// polynomial of low degree (a quadratic would make most arora terms cancel).
Rational target(const Vector& x) {
    Rational den(4), p(1);
    for (const Rational& c : x) {
        p *= c;
        den += p;
    }
    return Rational(1) / den;
}

}  // namespace

int main(int argc, char** argv) {
    const double max_dense = argc > 1 ? std::atof(argv[1]) : 2e7;
    std::printf(
        "grid: d, N, vertices, simplices, form, hidden layers, width, neurons, nonzero weights, sample s, "
        "plan s, build s\n");
    const std::pair<std::size_t, std::size_t> configs[] = {{2, 8}, {2, 32}, {2, 128},
                                                           {3, 4}, {3, 8},  {3, 16}};
    for (const auto& [d, n] : configs) {
        Box box{Vector(d, Rational(-1)), Vector(d, Rational(1))};
        auto t0 = std::chrono::steady_clock::now();
        const Grid g = sample_grid(box, n, target);
        const double sample_s = seconds_since(t0);
        std::size_t vertices = g.values.size(), simplices = 1;
        for (std::size_t i = 0; i < d; ++i) simplices *= n * (i + 1);
        for (GridForm form : {GridForm::arora, GridForm::hat}) {
            t0 = std::chrono::steady_clock::now();
            const NetworkSize planned = grid_network_size(g, form);
            const double plan_s = seconds_since(t0);
            // dense entries: first layer d x w1, then w x w, output w
            const double dense = static_cast<double>(planned.width) * static_cast<double>(planned.width) *
                                 static_cast<double>(planned.hidden_layers);
            std::string nonzeros = "-", build = "- (too large to store densely)";
            if (dense <= max_dense) {
                t0 = std::chrono::steady_clock::now();
                const MeshConstruction c = construct_grid_network(g, form);
                build = std::to_string(seconds_since(t0));
                nonzeros = std::to_string(c.size.nonzero_weights);
            }
            std::printf("grid: %zu, %zu, %zu, %zu, %s, %zu, %zu, %zu, %s, %.3f, %.3f, %s\n", d, n, vertices,
                        simplices, std::string(to_string(form)).c_str(), planned.hidden_layers, planned.width,
                        planned.neurons, nonzeros.c_str(), sample_s, plan_s, build.c_str());
            std::fflush(stdout);
        }
    }
    std::printf("lattice: d, N, simplices, hidden layers, width, neurons, min terms, build s\n");
    const std::pair<std::size_t, std::size_t> small[] = {{2, 2}, {2, 3}, {2, 4}, {3, 1}, {3, 2}};
    for (const auto& [d, n] : small) {
        Box box{Vector(d, Rational(-1)), Vector(d, Rational(1))};
        const Grid g = sample_grid(box, n, target);
        const auto t0 = std::chrono::steady_clock::now();
        const MeshConstruction c = construct_grid_network(g, GridForm::lattice);
        std::size_t simplices = 1;
        for (std::size_t i = 0; i < d; ++i) simplices *= n * (i + 1);
        std::printf("lattice: %zu, %zu, %zu, %zu, %zu, %zu, %zu, %.3f\n", d, n, simplices,
                    c.size.hidden_layers, c.size.width, c.size.neurons, c.terms, seconds_since(t0));
        std::fflush(stdout);
    }
    std::printf("max: k, form, hidden layers, width, neurons, nonzero weights, build s\n");
    for (std::size_t k : {5, 8, 16, 25, 64}) {
        for (MaxForm form : {MaxForm::log2, MaxForm::shallow}) {
            const auto t0 = std::chrono::steady_clock::now();
            const Network net = construct_max(k, form);
            const double s = seconds_since(t0);
            const NetworkSize sz = network_size(net);
            std::printf("max: %zu, %s, %zu, %zu, %zu, %zu, %.4f\n", k,
                        form == MaxForm::log2 ? "log2" : "shallow", sz.hidden_layers, sz.width, sz.neurons,
                        sz.nonzero_weights, s);
        }
    }
    return 0;
}
