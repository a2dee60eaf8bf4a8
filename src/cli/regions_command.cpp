// `relux regions NET --box B [--slice S.json] [--linear] [--json | --csv] [--svg FILE] ...`: the exact
// activation regions (and linear regions) of a CPWL network over a box or a 1-D/2-D slice.

#include "cli_util.hpp"
#include "commands.hpp"

#include "relux/error.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/geometry/slice.hpp"
#include "relux/net/json_io.hpp"
#include "relux/report/regions_report.hpp"
#include "relux/report/regions_svg.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace relux::cli {

namespace {

/// The command line of `relux regions`.
struct RegionsOptions {
    std::string network;
    std::string box;
    std::string slice;
    bool linear = false;
    bool json = false;
    bool csv = false;
    std::string svg;
    std::size_t max_regions = 0;
    double time_limit = 0;
    bool no_filter = false;
    int threads = 0;
    bool count_only = false;
};

/// Throws InvalidArgument unless the network is piecewise linear (no square layer, identity output).
void require_piecewise_linear(const Network& net, const std::string& name) {
    for (std::size_t i = 0; i < net.layers.size(); ++i)
        if (net.layers[i].activation == Activation::square)
            throw InvalidArgument(
                name + ": layers[" + std::to_string(i) +
                "] has a square activation, so the network is not piecewise linear and has no "
                "linear regions; regions needs relu, leaky_relu and identity layers");
    if (net.output == OutputKind::softmax)
        throw InvalidArgument(name +
                              ": the output is softmax, which is not piecewise linear; regions needs "
                              "\"output\": \"identity\" (the logits are piecewise linear: set the output to "
                              "identity to enumerate their regions)");
}

/// A progress line on stderr, redrawn at most 4 times a second once the run has taken a second.
/// Safe to call from several threads.
class ProgressLine {
public:
    void update(std::size_t regions, std::size_t in_progress) {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(250)) return;
        last_ = now;
        shown_ = true;
        const double seconds = std::chrono::duration<double>(now - start_).count();
        std::cerr << "\r\033[Krelux regions: " << regions << " regions, " << in_progress
                  << " cells in progress, " << static_cast<long>(seconds) << " s" << std::flush;
    }
    void clear() {
        std::lock_guard<std::mutex> lock(mutex_);
        if (shown_) std::cerr << "\r\033[K" << std::flush;
    }

private:
    std::mutex mutex_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_ = start_;
    bool shown_ = false;
};

/// Read the network (and slice), enumerate, print; throws Error for bad input (exit 2).
void run_regions(const RegionsOptions& o) {
    const std::string name = o.network == "-" ? std::string("<stdin>") : o.network;
    const Network net = load_network(o.network);
    require_piecewise_linear(net, name);

    std::optional<Slice> slice;
    Box box;
    if (!o.slice.empty()) {
        slice = load_slice(o.slice, net.input_dim);
        box = slice->box;
        if (!o.box.empty()) {
            box = Box::parse(o.box);
            if (box.dim() != slice->dim())
                throw InvalidArgument("--box '" + o.box + "' has " + std::to_string(box.dim()) +
                                      (box.dim() == 1 ? " axis" : " axes") + "; expected " +
                                      std::to_string(slice->dim()) +
                                      ": with --slice the box is over t, one axis per "
                                      "direction of the slice");
        }
    } else {
        if (o.box.empty())
            throw InvalidArgument("regions: give the box with --box, one lo:hi per input (" + name + " has " +
                                  std::to_string(net.input_dim) +
                                  (net.input_dim == 1 ? " input" : " inputs") +
                                  "), e.g. --box \"-1:1,0:1/2\"; or give a slice with --slice FILE");
        try {
            box = Box::parse(o.box, net.input_dim);
        } catch (const InvalidArgument& e) {
            throw InvalidArgument("--box: " + std::string(e.what()));
        }
    }
    if (!o.svg.empty() && box.dim() > 2)
        throw InvalidArgument("--svg draws 1-D and 2-D boxes only; this box has " +
                              std::to_string(box.dim()) +
                              " dimensions (use --slice for a 1-D or 2-D slice of the input)");
    if (o.count_only && !o.svg.empty())
        throw InvalidArgument("--svg needs the regions: it cannot be combined with --count-only");
    if (o.time_limit < 0) throw InvalidArgument("--time-limit must be at least 0 seconds (0 = no limit)");

    RegionOptions options;
    options.linear = o.linear;
    options.max_regions = o.max_regions;
    options.time_limit_seconds = o.time_limit;
    options.float_filter = !o.no_filter;
    options.threads = o.threads;
    auto progress = std::make_shared<ProgressLine>();
    if (::isatty(STDERR_FILENO))
        options.progress = [progress](std::size_t r, std::size_t c) { progress->update(r, c); };

    if (o.count_only) {
        // Streaming: nothing is stored, so memory stays flat however many regions there are.
        std::size_t incidences = 0, most = 0, distinct = 0;
        options.keep_regions = false;
        options.on_region = [&](const Region& r) {
            incidences += r.vertices.size();
            most = std::max(most, r.vertices.size());
            distinct += r.owned_vertices;  // owned_vertex_count's rule, from the exact incidences
        };
        const RegionResult result = enumerate_regions(slice ? compose_slice(net, *slice) : net, box, options);
        progress->clear();
        const bool whole = !result.partial && result.volume == box.volume();
        if (o.json) {
            Json j = Json::object();
            j["activation_regions"] = result.count;
            j["volume"] = result.volume.str();
            j["box_volume"] = box.volume().str();
            j["vertices"] = distinct;
            j["vertex_incidences"] = incidences;
            j["max_vertices"] = most;
            j["partial"] = result.partial;
            if (result.partial) j["stop_reason"] = result.stop_reason;
            std::cout << pretty_json(j) << std::flush;
        } else {
            // Like the stored report: a volume with a long exact text (a partial run of a trained
            // network) is shown "~" approximately; --json keeps it exact.
            const std::string volume_text = short_text(result.volume, kShownChars);
            if (result.partial) std::cout << "PARTIAL: " << result.stop_reason << "\n";
            std::cout << "box: " << box.str() << "\n"
                      << "activation regions: " << result.count << "\n"
                      << "volume: " << volume_text
                      << (whole ? " (= the box's volume: the regions tile it)" : "")
                      << (result.partial ? " (of " + short_text(box.volume(), kShownChars) + ")" : "")
                      << (volume_text[0] == '~' ? " (exact in --json)" : "") << "\n"
                      << "vertices: " << distinct << " distinct (" << incidences
                      << " region-vertex incidences, at most " << most << " per region)\n";
            if (result.partial) std::cout << "PARTIAL: " << result.stop_reason << "\n";
        }
        if (result.partial) std::cerr << "relux: PARTIAL: " << result.stop_reason << "\n";
        return;
    }
    RegionResult result = enumerate_regions(slice ? compose_slice(net, *slice) : net, box, options);
    progress->clear();
    if (slice) map_slice_regions_to_network(result, net);
    sort_regions_canonically(result);

    const RegionReportInfo info{box, o.linear, slice, std::filesystem::path(name).filename().string()};
    if (!o.svg.empty()) write_output(regions_svg(result, info), o.svg);
    if (o.svg != "-") {
        if (o.json) std::cout << regions_json(result, info) << std::flush;
        else if (o.csv) std::cout << regions_csv(result, info) << std::flush;
        else std::cout << regions_text(result, info) << std::flush;
    }
    if (result.partial)
        std::cerr << "relux: PARTIAL: " << result.stop_reason << "\nrelux: the output lists only the "
                  << result.regions.size()
                  << " regions found so far (exit code 0; \"partial\": true in JSON)\n";
}

}  // namespace

void add_regions_command(CLI::App& app) {
    auto o = std::make_shared<RegionsOptions>();
    CLI::App* cmd =
        app.add_subcommand("regions", "Exact activation and linear regions of a network over a box");
    cmd->add_option("NET", o->network, "Network file: relux JSON, or NNet when it ends in .nnet; - for stdin")
        ->required();
    cmd->add_option("--box", o->box, "The box \"lo:hi,lo:hi,...\", one axis per input, e.g. \"-1:1,0:1/2\"");
    cmd->add_option(
        "--slice", o->slice,
        "A relux-slice JSON file: enumerate over x = x0 + A t, t in the slice's box (or in --box, "
        "then over t)");
    auto* linear = cmd->add_flag("--linear", o->linear, "Also merge activation regions into linear regions");
    auto* json = cmd->add_flag("--json", o->json, "Print JSON (exact numbers as strings)");
    auto* csv = cmd->add_flag("--csv", o->csv, "Print CSV, one row per region");
    json->excludes(csv);
    auto* count = cmd->add_flag(
        "--count-only", o->count_only,
        "Stream the regions without storing them (memory stays flat): print the count, the exact "
        "total volume and vertex statistics only");
    count->excludes(csv);
    count->excludes(linear);
    cmd->add_option(
        "--svg", o->svg,
        "Also draw the regions (1-D or 2-D box) into this SVG file; with - the SVG goes to stdout "
        "instead of the text");
    cmd->add_option("--max-regions", o->max_regions,
                    "Stop after this many regions (a partial result; 0 = no limit)");
    cmd->add_option("--time-limit", o->time_limit,
                    "Stop after this many seconds (a partial result; 0 = no limit)");
    cmd->add_flag("--no-filter", o->no_filter,
                  "Decide every sign exactly, without the floating-point filter");
    cmd->add_option("--threads", o->threads, "Worker threads (0 = all cores)")->check(CLI::NonNegativeNumber);
    cmd->footer(
        "Output: the counts, the exact total volume and one line per region (index, activation pattern,\n"
        "exact volume, [linear region,] the exact affine map), or --json / --csv. Patterns have one\n"
        "character per relu neuron (+ active, - inactive, 0 zero on the whole region), layers separated by "
        "|.\n"
        "A run stopped by --max-regions or --time-limit still exits with 0, but prints PARTIAL: <reason>\n"
        "as the first and last line (and on stderr); with --json it sets \"partial\": true and "
        "\"stop_reason\".\n"
        "A slice file is {\"format\": \"relux-slice\", \"version\": 1, \"origin\": [...], \"directions\": "
        "[[...]],\n"
        "\"box\": \"0:1,0:1\"} or {..., \"through\": [a, b, c]} (see docs/slice-format.md).");
    cmd->callback([o] { run_regions(*o); });
}

}  // namespace relux::cli
