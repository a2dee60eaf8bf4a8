// `relux theorem NAME [params] [--json]`: a theorem's formula beside the exact value relux computes
// (src/report/theorem_*.cpp). Exit 0 when every check agrees, 1 when one disagrees; regions-bound
// --search exits 1 when it finds a counterexample to the claimed bound and 4 when it finds none.

#include "cli_util.hpp"
#include "commands.hpp"

#include "relux/error.hpp"
#include "relux/net/json_io.hpp"
#include "relux/report/theorems.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

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
    std::vector<std::size_t> widths;  ///< serra: hidden widths (or width x depth)
    std::size_t samples = 3;          ///< serra: random networks counted
    std::string box;                  ///< serra, rates, regions-bound
    std::string target;               ///< rates
    std::vector<std::size_t> cells;   ///< rates: cells N of each grid
    std::string tol = "1e-10";        ///< rates: width of each certified interval
    std::string bound;                ///< regions-bound: the claimed bound B
    bool search = false;              ///< regions-bound
    std::size_t tries = 100;          ///< regions-bound: random candidates
    std::string output;               ///< regions-bound: where the counterexample network goes
};

/// The box of `text`, or [-1000, 1000]^inputs when empty (regions outside it are not counted).
Box box_or_default(const std::string& text, std::size_t inputs) {
    if (!text.empty()) return Box::parse(text, inputs);
    return Box{Vector(inputs, Rational(-1000)), Vector(inputs, Rational(1000))};
}

/// serra's hidden widths: --widths, or --width repeated --depth times.
std::vector<std::size_t> serra_widths(const TheoremOptions& o) {
    if (!o.widths.empty() && (o.width != 0 || o.depth != 0))
        throw InvalidArgument("serra: give --widths or --width with --depth, not both");
    if (!o.widths.empty()) return o.widths;
    if (o.width == 0 || o.depth == 0)
        throw InvalidArgument("serra: give --widths 4,4 or --width and --depth");
    return std::vector<std::size_t>(o.depth, o.width);
}

/// The exact number of an option's text; a bad number is a ParseError naming the option.
Rational option_number(const std::string& text, const std::string& option) {
    try {
        return Rational::parse(text);
    } catch (const Error& e) {
        throw ParseError(option + ": " + e.what());
    }
}

/// regions-bound --search: print the report (with the counterexample network in JSON mode), write
/// the network to -o, then exit 1 when the claimed bound is refuted and 4 when nothing was found.
void run_search(const TheoremOptions& o) {
    if (!o.search)
        throw InvalidArgument(
            "regions-bound: add --search to look for a network with more than --bound regions");
    const Rational bound = option_number(o.bound, "--bound");
    const BoundSearchResult r = regions_bound_search(o.inputs, o.width, o.depth, bound, o.tries, o.seed,
                                                     box_or_default(o.box, o.inputs));
    if (r.found && !o.output.empty()) write_output(write_network_json(r.network), o.output);
    if (o.json) {
        nlohmann::ordered_json j = nlohmann::ordered_json::parse(theorem_json(r.report));
        j["found"] = r.found;
        if (r.found) {
            j["regions"] = r.regions;
            j["box"] = r.box.str();
            if (!o.output.empty()) j["network_file"] = o.output;
            j["network"] = nlohmann::ordered_json::parse(write_network_json(r.network));
        }
        std::cout << j.dump(2) << "\n" << std::flush;
    } else {
        std::cout << theorem_text(r.report);
        if (r.found) {
            if (!o.output.empty())
                std::cout << "counterexample written to " << o.output << "; re-check: relux regions "
                          << o.output << " --box \"" << r.box.str() << "\" --count-only\n";
            else std::cout << "counterexample network (relux JSON):\n" << write_network_json(r.network);
        }
        std::cout << std::flush;
    }
    if (r.found)
        throw PropertyFalse("theorem regions-bound: the bound " + bound.str() + " is false: a network with " +
                            std::to_string(r.regions) + " activation regions in " + r.box.str());
    throw Unfinished("theorem regions-bound: no counterexample in " + std::to_string(o.tries) +
                     " random tries (this does not prove the bound)");
}

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
        "check agrees, 1 when a formula and the exact value disagree. regions-bound --search exits 1\n"
        "when it finds a counterexample to the claimed bound and 4 when it finds none.");

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

    auto mo = std::make_shared<TheoremOptions>();
    CLI::App* mon = add_theorem(
        cmd, "montufar",
        "Folding networks: (prod floor(n/n0)^n0) sum_{j<=n0} C(n, j) linear regions (lower bound)", mo,
        [](const TheoremOptions& o) { return montufar_check(o.inputs, o.width, o.depth, o.seed); });
    mon->add_option("--inputs", mo->inputs, "Input dimension n0 (1 or 2)")
        ->required()
        ->check(CLI::Range(1, 2));
    mon->add_option("--width", mo->width, "Width n of every hidden layer (n >= n0)")
        ->required()
        ->check(CLI::PositiveNumber);
    mon->add_option("--depth", mo->depth, "Hidden layers L (1..64)")->required()->check(CLI::Range(1, 64));
    mon->add_option("--seed", mo->seed, "Seed of the last layer's arrangement (default 1)");

    auto se = std::make_shared<TheoremOptions>();
    CLI::App* ser = add_theorem(
        cmd, "serra", "Serra et al. (2018) upper bound vs exact regions of random networks", se,
        [](const TheoremOptions& o) {
            return serra_check(o.inputs, serra_widths(o), o.seed, o.samples, box_or_default(o.box, o.inputs));
        });
    ser->add_option("--inputs", se->inputs, "Input dimension n0")->required()->check(CLI::PositiveNumber);
    ser->add_option("--widths", se->widths, "Hidden widths n_1,...,n_L (e.g. 4,4)")->delimiter(',');
    ser->add_option("--width", se->width, "Width of every hidden layer (with --depth)");
    ser->add_option("--depth", se->depth, "Hidden layers (with --width)");
    ser->add_option("--seed", se->seed, "Seed of the first random network (default 1)");
    ser->add_option("--samples", se->samples, "Random networks to count (default 3)");
    ser->add_option("--box", se->box, "Where regions are counted (default -1000:1000 per axis)");

    auto ra = std::make_shared<TheoremOptions>();
    CLI::App* rat =
        add_theorem(cmd, "rates", "Certified L1 error of grid interpolants vs neurons, and the fitted rate",
                    ra, [](const TheoremOptions& o) {
                        return rates_check(o.target, Box::parse(o.box.empty() ? "0:1" : o.box), o.cells,
                                           option_number(o.tol, "--tol"));
                    });
    rat->add_option("--target", ra->target, "Target expression in x (2-D: x1, x2), e.g. \"sin(x)\"")
        ->required();
    rat->add_option("--box", ra->box,
                    "Interval lo:hi (default 0:1), or a 2-D box lo:hi,lo:hi (grid interpolants)");
    rat->add_option("--n", ra->cells, "Cells N of each grid, e.g. 4,8,16,32")->required()->delimiter(',');
    rat->add_option("--tol", ra->tol, "Width of each certified interval (default 1e-10)");

    auto rb = std::make_shared<TheoremOptions>();
    CLI::App* reg = cmd->add_subcommand(
        "regions-bound",
        "Search for a network breaking 'width w, depth L => at most B regions' (exit 1 if found)");
    reg->add_flag("--json", rb->json, "Print JSON (exact numbers as strings; the network when found)");
    reg->add_option("--inputs", rb->inputs, "Input dimension d")->required()->check(CLI::PositiveNumber);
    reg->add_option("--width", rb->width, "Width w of every hidden layer")
        ->required()
        ->check(CLI::PositiveNumber);
    reg->add_option("--depth", rb->depth, "Hidden layers L")->required()->check(CLI::PositiveNumber);
    reg->add_option("--bound", rb->bound, "The claimed bound B on the activation regions")->required();
    reg->add_flag("--search", rb->search, "Look for a counterexample (required)");
    reg->add_option("--tries", rb->tries, "Random networks to try after the structured ones (default 100)");
    reg->add_option("--seed", rb->seed, "Seed of the first random network (default 1)");
    reg->add_option("--box", rb->box,
                    "Where random networks' regions are counted (default -1000:1000 per axis)");
    reg->add_option("-o,--output", rb->output, "Write the counterexample network (relux JSON) to this file");
    reg->callback([rb] { run_search(*rb); });
}

}  // namespace relux::cli
