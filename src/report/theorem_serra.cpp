// Serra, Tjandraatmadja & Ramalingam (2018), Theorem 1: an upper bound on the regions of a deep relu
// network, exact, against the exact activation regions of seeded random networks.

#include "relux/error.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/report/theorems.hpp"

#include "theorem_rows.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace relux {

Rational serra_upper_bound(std::size_t inputs, const std::vector<std::size_t>& widths) {
    // The tuples of J are walked layer by layer; a tuple's future choices depend only on the running
    // cap m = min(n0, n_1 - j_1, ..., n_{l-1} - j_{l-1}), so the sum over prefixes is kept per cap.
    std::map<std::size_t, Rational> by_cap{{inputs, Rational(1)}};
    for (const std::size_t n : widths) {
        std::map<std::size_t, Rational> next;
        for (const auto& [cap, sum] : by_cap)
            for (std::size_t j = 0; j <= std::min(cap, n); ++j)
                next[std::min(cap, n - j)] += sum * detail::binomial(n, j);
        by_cap = std::move(next);
    }
    Rational total(0);
    for (const auto& [cap, sum] : by_cap) total += sum;
    return total;
}

Rational montufar2017_upper_bound(std::size_t inputs, const std::vector<std::size_t>& widths) {
    Rational product(1);
    std::size_t d = inputs;
    for (const std::size_t n : widths) {
        d = std::min(d, n);
        Rational layer(0);
        for (std::size_t j = 0; j <= d; ++j) layer += detail::binomial(n, j);
        product *= layer;
    }
    return product;
}

Network random_relu_network(std::size_t inputs, const std::vector<std::size_t>& widths, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    Network net;
    net.input_dim = inputs;
    std::size_t previous = inputs;
    for (const std::size_t n : widths) {
        Layer layer;
        layer.weights = Matrix(n, previous);
        layer.bias = Vector(n);
        layer.activation = Activation::relu;
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < previous; ++j)
                layer.weights(i, j) = detail::small_random_rational(rng);
            layer.bias[i] = detail::small_random_rational(rng);
        }
        net.layers.push_back(layer);
        previous = n;
    }
    Layer out;
    out.weights = Matrix(1, previous);
    for (std::size_t j = 0; j < previous; ++j) out.weights(0, j) = detail::small_random_rational(rng);
    out.bias = Vector(1);
    out.activation = Activation::identity;
    net.layers.push_back(out);
    net.validate();
    return net;
}

namespace {

/// "4,4" for the parameters.
std::string widths_text(const std::vector<std::size_t>& widths) {
    std::string s;
    for (std::size_t i = 0; i < widths.size(); ++i) s += (i ? "," : "") + std::to_string(widths[i]);
    return s;
}

}  // namespace

TheoremReport serra_check(std::size_t inputs, const std::vector<std::size_t>& widths, std::uint64_t seed,
                          std::size_t samples, const Box& box) {
    if (inputs == 0) throw InvalidArgument("serra: --inputs must be at least 1");
    if (widths.empty() || std::find(widths.begin(), widths.end(), std::size_t{0}) != widths.end())
        throw InvalidArgument(
            "serra: every hidden width must be at least 1 (--widths 4,4 or --width/--depth)");
    if (samples == 0 || samples > 100) throw InvalidArgument("serra: --samples must be between 1 and 100");
    if (box.dim() != inputs)
        throw InvalidArgument("serra: the box has " + std::to_string(box.dim()) + " axes but --inputs is " +
                              std::to_string(inputs));
    const Rational bound = serra_upper_bound(inputs, widths);
    if (bound > Rational(100000))
        throw InvalidArgument("serra: the bound is " + bound.str() +
                              " regions, more than 100000 to enumerate; use smaller --widths or --inputs");
    TheoremReport report;
    report.name = "serra";
    report.statement =
        "A relu network with n0 inputs and hidden widths n_1..n_L has at most sum_{(j_1..j_L) in J} prod_l "
        "C(n_l, j_l) regions, J = {0 <= j_l <= min(n0, n_1 - j_1, ..., n_{l-1} - j_{l-1}, n_l)} (Serra, "
        "Tjandraatmadja & Ramalingam 2018, Theorem 1).";
    report.parameters = {{"inputs", std::to_string(inputs)},
                         {"widths", widths_text(widths)},
                         {"seed", std::to_string(seed)},
                         {"samples", std::to_string(samples)},
                         {"box", box.str()}};
    const std::string formula = "sum_J prod_l C(n_l, j_l)";
    const unsigned long limit = std::stoul(bound.str()) + 1;
    std::size_t most = 0;
    for (std::size_t s = 0; s < samples; ++s) {
        const std::uint64_t sample_seed = seed + s;
        RegionOptions options;
        options.keep_regions = false;
        options.max_regions = limit;  // one more than the bound: enough to see it broken
        const RegionResult result =
            enumerate_regions(random_relu_network(inputs, widths, sample_seed), box, options);
        most = std::max(most, result.count);
        report.checks.push_back(detail::compare_row(
            "activation regions in the box, seed " + std::to_string(sample_seed) +
                (result.partial ? " (stopped)" : ""),
            formula, bound, Rational(static_cast<unsigned long>(result.count)), TheoremRelation::at_most));
    }
    const Rational older = montufar2017_upper_bound(inputs, widths);
    report.checks.push_back(detail::compare_row(
        "most activation regions over the samples", "prod_l sum_{j<=d_l} C(n_l, j) (Montufar 2017)", older,
        Rational(static_cast<unsigned long>(most)), TheoremRelation::at_most));
    report.checks.push_back(detail::compare_row("Serra bound vs Montufar (2017) bound", "Montufar (2017)",
                                                older, bound, TheoremRelation::at_most));
    report.notes.push_back(
        "weights and biases drawn from p/q, |p| <= 9, 1 <= q <= 4 (random_relu_network, seeds " +
        std::to_string(seed) + ".." + std::to_string(seed + samples - 1) + "); regions counted exactly");
    report.notes.push_back(
        "regions outside the box are not counted, so each count is a lower bound on the network's regions; "
        "at_most compares that count with the bound");
    report.notes.push_back("d_l = min(n0, n_1, ..., n_l); the Serra bound is never above Montufar's (2017)");
    return report;
}

}  // namespace relux
