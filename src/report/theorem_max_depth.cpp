// Depth of the maximum of n numbers: the log2 tree (Arora et al. 2018) and the shallow form of
// Bakaev, Brunck, Hertrich, Stade and Yehudayoff (2025), with the networks relux builds for each.

#include "relux/certify/distance_nd.hpp"
#include "relux/cpwl/compose.hpp"
#include "relux/cpwl/grid.hpp"
#include "relux/cpwl/max_network.hpp"
#include "relux/error.hpp"
#include "relux/report/theorems.hpp"

#include "theorem_rows.hpp"

#include <string>

namespace relux {

namespace {

/// "hidden layers / width / neurons".
std::string size_text(const NetworkSize& s) {
    return std::to_string(s.hidden_layers) + " / " + std::to_string(s.width) + " / " +
           std::to_string(s.neurons);
}

Rational count(std::size_t n) { return Rational(static_cast<unsigned long>(n)); }

}  // namespace

TheoremReport max_depth_check(std::size_t inputs, std::size_t max_equal_inputs) {
    if (inputs < 2) throw InvalidArgument("max-depth: --inputs must be at least 2");
    TheoremReport report;
    report.name = "max-depth";
    report.statement =
        "max of n numbers: ceil(log2 n) hidden layers (Arora et al. 2018); ceil(log3(n - 2)) + 1 for "
        "n >= 4 (Bakaev et al. 2025).";
    report.parameters = {{"inputs", std::to_string(inputs)}};
    const Network deep = construct_max(inputs, MaxForm::log2);
    const Network shallow = construct_max(inputs, MaxForm::shallow);
    const NetworkSize deep_size = network_size(deep), shallow_size = network_size(shallow);

    report.checks.push_back(detail::compare_row("hidden layers, log2 form", "ceil(log2 n)",
                                                count(ceil_log2(inputs)), count(deep_size.hidden_layers)));
    report.checks.push_back(detail::compare_row("hidden layers, shallow form (relux's block tree)",
                                                "least L: c(L) >= n, c(L) = max(2 c(L-1), 5 c(L-2))",
                                                count(max_depth_shallow(inputs)),
                                                count(shallow_size.hidden_layers)));
    report.checks.push_back(detail::compare_row(
        "hidden layers, shallow form vs Bakaev et al.",
        inputs >= 4 ? "ceil(log3(n - 2)) + 1" : "ceil(log2 n)", count(max_depth_bbhsy_bound(inputs)),
        count(shallow_size.hidden_layers), TheoremRelation::at_least));
    report.checks.push_back(
        detail::info_row("log2 form: hidden layers / width / neurons", size_text(deep_size)));
    report.checks.push_back(
        detail::info_row("shallow form: hidden layers / width / neurons", size_text(shallow_size)));
    if (inputs <= max_equal_inputs) {
        Box cube{Vector(inputs, Rational(-1)), Vector(inputs, Rational(1))};
        const EqualResult same = equal_networks(deep, shallow, cube);
        report.checks.push_back(detail::text_row("log2 form == shallow form on [-1, 1]^n", "", "equal",
                                                 same.partial ? "undecided"
                                                 : same.equal ? "equal"
                                                              : "differ"));
    } else {
        report.checks.push_back(detail::info_row("log2 form == shallow form on [-1, 1]^n",
                                                 "skipped (n > " + std::to_string(max_equal_inputs) + ")"));
    }
    // CPWL functions on R^d, d = n - 1: the max of n affine maps is one, and both bounds transfer.
    const std::size_t d = inputs - 1;
    report.checks.push_back(detail::info_row(
        "CPWL on R^d, d = n - 1 = " + std::to_string(d) + ": hidden layers that suffice, Arora / Bakaev",
        std::to_string(ceil_log2(d + 1)) + " / " + std::to_string(max_depth_bbhsy_bound(d + 1))));
    if (d <= 6) {
        // relux's grid interpolant in d dimensions (arora form: signed sums of max(0, y - u) terms).
        Box unit{Vector(d, Rational(0)), Vector(d, Rational(1))};
        const Grid grid = sample_grid(unit, 2, [](const Vector& x) {
            Rational p(1);
            for (const Rational& v : x) p *= v;
            return p;
        });
        const NetworkSize g = grid_network_size(grid, GridForm::arora);
        report.checks.push_back(
            detail::compare_row("hidden layers of relux's grid interpolant on R^d (arora form)",
                                "ceil(log2(d + 1))", count(ceil_log2(d + 1)), count(g.hidden_layers)));
        report.checks.push_back(detail::compare_row("the same against Bakaev et al. for CPWL on R^d",
                                                    d >= 3 ? "ceil(log3(d - 1)) + 1" : "ceil(log2(d + 1))",
                                                    count(max_depth_bbhsy_bound(d + 1)),
                                                    count(g.hidden_layers), TheoremRelation::at_least));
    }
    report.notes.push_back(
        "relux's shallow form composes blocks max2 (1 hidden layer) and max3..max5 (2 hidden "
        "layers, the max5 identity of Bakaev et al.); it meets the paper's bound for n <= 10 but "
        "not for every larger n (n = 11: 4 hidden layers against the paper's 3).");
    return report;
}

}  // namespace relux
