// `relux theorem regions-bound --search`: look for a network that breaks a claimed bound on the number
// of regions, and certify it by an exact count.

#include "relux/error.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/report/theorems.hpp"

#include "theorem_rows.hpp"

#include <string>

namespace relux {

namespace {

/// Exact activation regions of net in box, stopping after `limit` (0 = no limit); `partial` is set
/// when the limit stopped it (then the count is limit).
std::size_t count_regions(const Network& net, const Box& box, std::size_t limit, bool& partial) {
    RegionOptions options;
    options.keep_regions = false;
    options.max_regions = limit;
    const RegionResult result = enumerate_regions(net, box, options);
    partial = result.partial;
    return result.count;
}

}  // namespace

BoundSearchResult regions_bound_search(std::size_t inputs, std::size_t width, std::size_t depth,
                                       const Rational& bound, std::size_t tries, std::uint64_t seed,
                                       const Box& box) {
    if (inputs == 0 || width == 0 || depth == 0)
        throw InvalidArgument("regions-bound: --inputs, --width and --depth must be at least 1");
    if (tries > 10000) throw InvalidArgument("regions-bound: --tries must be at most 10000");
    if (bound.sign() < 0) throw InvalidArgument("regions-bound: --bound must be at least 0");
    if (box.dim() != inputs)
        throw InvalidArgument("regions-bound: the box has " + std::to_string(box.dim()) +
                              " axes but --inputs is " + std::to_string(inputs));
    if (bound > Rational(1000000))
        throw InvalidArgument(
            "regions-bound: --bound must be at most 1000000 (regions are counted one by one)");
    // Count until one region more than the bound: that is enough to refute it.
    Integer floor_bound = bound.numerator() / bound.denominator();
    const std::size_t limit = static_cast<std::size_t>(std::stoul(floor_bound.str())) + 1;

    BoundSearchResult out;
    TheoremReport& report = out.report;
    report.name = "regions-bound";
    report.statement =
        "Claim under test: every relu network with d inputs and L hidden layers of width w has at "
        "most B activation regions. --search looks for a network with more (a certified "
        "counterexample: its regions in a box, counted exactly).";
    report.parameters = {{"inputs", std::to_string(inputs)}, {"width", std::to_string(width)},
                         {"depth", std::to_string(depth)},   {"bound", bound.str()},
                         {"tries", std::to_string(tries)},   {"seed", std::to_string(seed)}};

    std::size_t best = 0, tried = 0;
    std::string best_candidate;
    auto consider = [&](const Network& net, const Box& where, const std::string& name) {
        ++tried;
        bool partial = false;
        const std::size_t count = count_regions(net, where, limit, partial);
        if (count > best || best_candidate.empty()) {
            best = count;
            best_candidate = name;
        }
        if (Rational(static_cast<unsigned long>(count)) <= bound) return false;
        // Broken: count it completely, so that the printed number is the network's exact count in the box.
        out.found = true;
        out.network = net;
        out.box = where;
        out.regions = count_regions(net, where, 0, partial);
        out.candidate = name;
        return true;
    };

    // Structured candidates: Montufar's folding network (the sawtooth with w teeth per layer in 1-D).
    if (inputs <= 2 && width >= inputs && detail::binomial(width, inputs) <= Rational(100000)) {
        const Box unit{Vector(inputs, Rational(0)), Vector(inputs, Rational(1))};
        for (std::uint64_t s = seed; s < seed + 3 && !out.found; ++s) {
            std::uint64_t used = 0;
            const Network net = detail::montufar_folding(inputs, width, depth, s, 1, used);
            consider(net, unit, "montufar folding (arrangement seed " + std::to_string(used) + ")");
            if (inputs == 1) break;  // in 1-D every arrangement seed gives the same count
        }
    }
    const std::vector<std::size_t> widths(depth, width);
    for (std::size_t t = 0; t < tries && !out.found; ++t)
        consider(random_relu_network(inputs, widths, seed + t), box,
                 "random, seed " + std::to_string(seed + t));

    if (out.found) {
        report.checks.push_back(
            detail::compare_row("activation regions of the counterexample in its box (exact)", "B", bound,
                                Rational(static_cast<unsigned long>(out.regions)), TheoremRelation::at_most));
        report.checks.push_back(detail::info_row("counterexample", out.candidate));
        report.checks.push_back(detail::info_row("box", out.box.str()));
    } else {
        report.checks.push_back(detail::compare_row("most activation regions found (exact, in its box)", "B",
                                                    bound, Rational(static_cast<unsigned long>(best)),
                                                    TheoremRelation::at_most));
        report.checks.push_back(
            detail::info_row("best candidate", best_candidate.empty() ? "-" : best_candidate));
    }
    report.checks.push_back(detail::info_row("candidates counted", std::to_string(tried)));
    report.notes.push_back(
        "candidates: Montufar folding networks on [0, 1]^d (d <= 2, w >= d, C(w, d) <= 10^5), then random "
        "networks with "
        "weights "
        "p/q, |p| <= 9, 1 <= q <= 4 (seeds " +
        std::to_string(seed) + ", " + std::to_string(seed + 1) + ", ...) on the --box");
    report.notes.push_back(
        "regions in a box are a subset of the network's regions, so a count above B in any box refutes the "
        "claim; "
        "`relux regions NET --box BOX --count-only` re-counts it");
    if (!out.found) report.notes.push_back("no counterexample found: this does not prove the bound");
    return out;
}

}  // namespace relux
