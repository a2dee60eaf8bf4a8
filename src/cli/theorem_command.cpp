// `relux theorem NAME [params] [--json]`: a theorem's formula beside the exact value relux computes
// (src/report/theorem_*.cpp). Exit 0 when every check agrees, 1 when one disagrees.

#include "commands.hpp"

#include "relux/report/theorems.hpp"

#include <cstdint>
#include <functional>
#include <iostream>
#include <memory>
#include <string>

namespace relux::cli {

namespace {

/// Print the report (text or JSON) and throw PropertyFalse when a check disagrees.
void finish(const TheoremReport& report, bool json) {
    std::cout << (json ? theorem_json(report) : theorem_text(report)) << std::flush;
    if (!report.all_agree())
        throw PropertyFalse("theorem " + report.name + ": a formula and the exact value disagree");
}

/// The options of one theorem subcommand.
struct TheoremOptions {
    std::size_t inputs = 0;
    std::size_t width = 0;
    std::size_t depth = 0;
    std::uint64_t seed = 1;
    bool product = false;
    bool json = false;
};

/// A theorem subcommand with --json and a callback that runs `check`.
CLI::App* add_theorem(CLI::App* parent, const std::string& name, const std::string& description,
                      const std::shared_ptr<TheoremOptions>& o,
                      std::function<TheoremReport(const TheoremOptions&)> check) {
    CLI::App* cmd = parent->add_subcommand(name, description);
    cmd->add_flag("--json", o->json, "Print JSON (exact numbers as strings)");
    cmd->callback([o, check] { finish(check(*o), o->json); });
    return cmd;
}

}  // namespace

void add_theorem_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand("theorem", "Check a theorem: its formula beside relux's exact value");
    cmd->require_subcommand(1);
    cmd->footer(
        "Each check prints a table: quantity | formula | relux (exact) | agrees. Exit 0 when every\n"
        "check agrees, 1 when a formula and the exact value disagree.");

    auto z = std::make_shared<TheoremOptions>();
    CLI::App* zas =
        add_theorem(cmd, "zaslavsky", "Regions of one hidden layer in general position vs sum_{i<=d} C(n, i)",
                    z, [](const TheoremOptions& o) { return zaslavsky_check(o.inputs, o.width, o.seed); });
    zas->add_option("--inputs", z->inputs, "Input dimension d")->required()->check(CLI::PositiveNumber);
    zas->add_option("--width", z->width, "Neurons n of the hidden layer")
        ->required()
        ->check(CLI::PositiveNumber);
    zas->add_option("--seed", z->seed, "Seed of the random weights (default 1)");

    auto t = std::make_shared<TheoremOptions>();
    CLI::App* tel =
        add_theorem(cmd, "telgarsky", "The depth-L sawtooth: 2^L linear regions vs a shallow network", t,
                    [](const TheoremOptions& o) { return telgarsky_check(o.depth); });
    tel->add_option("--depth", t->depth, "Depth L (1..12)")->required()->check(CLI::Range(1, 12));

    auto y = std::make_shared<TheoremOptions>();
    CLI::App* yar = add_theorem(cmd, "yarotsky", "x^2 from m tent maps: exact sup error vs 2^(-2m-2)", y,
                                [](const TheoremOptions& o) { return yarotsky_check(o.depth, o.product); });
    yar->add_option("--depth", y->depth, "Number m of composed tent maps (1..16)")
        ->required()
        ->check(CLI::Range(1, 16));
    yar->add_flag("--product", y->product,
                  "Also x*y on [0, 1]^2 built from it (exact and certified sup error; depth <= 4)");

    auto m = std::make_shared<TheoremOptions>();
    CLI::App* mx =
        add_theorem(cmd, "max-depth", "Hidden layers for max of n numbers: log2 vs Bakaev et al. (2025)", m,
                    [](const TheoremOptions& o) { return max_depth_check(o.inputs); });
    mx->add_option("--inputs", m->inputs, "Number n of inputs (>= 2; equality proved for n <= 7)")
        ->required()
        ->check(CLI::Range(2, 1000));
}

}  // namespace relux::cli
