// `relux eval NET --at POINT [--at POINT...] [--pattern] [--json]`: exact outputs of a network.

#include "cli_util.hpp"
#include "commands.hpp"

#include "relux/net/evaluate.hpp"
#include "relux/net/json_io.hpp"
#include "relux/report/regions_report.hpp"

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace relux::cli {

namespace {

struct EvalOptions {
    std::string network;
    std::vector<std::string> points;
    bool pattern = false;
    bool json = false;
};

/// Everything eval reports about one point.
struct PointResult {
    Vector at;
    Vector outputs;                      ///< exact outputs (the logits for a softmax network)
    std::vector<Interval> softmax;       ///< rigorous enclosures, softmax networks only
    std::optional<std::string> pattern;  ///< with --pattern
    std::optional<AffineMap> affine;     ///< with --pattern, CPWL layers only
};

PointResult evaluate_point(const Network& net, const Vector& x, bool with_pattern) {
    PointResult r{x, evaluate(net, x), {}, std::nullopt, std::nullopt};
    if (net.output == OutputKind::softmax) r.softmax = softmax_enclosure(r.outputs);
    if (with_pattern) {
        r.pattern = to_string(activation_pattern(net, x));
        // A square layer makes the network polynomial, not piecewise linear: no affine map.
        const bool piecewise_linear = std::none_of(net.layers.begin(), net.layers.end(), [](const Layer& l) {
            return l.activation == Activation::square;
        });
        if (piecewise_linear) r.affine = affine_map_at(net, x);
    }
    return r;
}

std::string human_text(const Network& net, const PointResult& r) {
    std::string out = "f(" + point_text(r.at) + ") = ";
    out += r.outputs.size() == 1 ? r.outputs[0].str() : "(" + point_text(r.outputs) + ")";
    if (net.output == OutputKind::softmax) {
        out += "   (logits, before softmax)\n";
        for (std::size_t i = 0; i < r.softmax.size(); ++i)
            out += "  softmax[" + std::to_string(i + 1) + "] in [" + r.softmax[i].lower.str() + ", " +
                   r.softmax[i].upper.str() + "]  ~" + approx_text(r.softmax[i]) + "\n";
    } else {
        out += "\n";
    }
    if (r.pattern) {
        out += "  pattern: " + (r.pattern->empty() ? std::string("(no relu neurons)") : *r.pattern) + "\n";
        out += "  affine map: " +
               (r.affine ? affine_text(*r.affine, "x")
                         : std::string("none (square activations: the network is not piecewise linear)")) +
               "\n";
    }
    return out;
}

Json point_json(const Network& net, const PointResult& r) {
    Json j = Json::object();
    j["at"] = exact_json(r.at);
    if (net.output == OutputKind::softmax) {
        j["logits"] = exact_json(r.outputs);
        Json s = Json::array();
        for (const Interval& i : r.softmax)
            s.push_back(Json{{"lower", i.lower.str()}, {"upper", i.upper.str()}});
        j["softmax"] = s;
    } else {
        j["outputs"] = exact_json(r.outputs);
    }
    if (r.pattern) {
        j["pattern"] = *r.pattern;
        j["affine"] = r.affine ? exact_json(*r.affine) : Json(nullptr);
    }
    return j;
}

void run_eval(const EvalOptions& o) {
    const Network net = load_network(o.network);
    const std::string what = "the network " + (o.network == "-" ? std::string("<stdin>") : o.network);
    // Parse every point first: a bad point must not leave half the output printed.
    std::vector<Vector> points;
    for (const std::string& p : o.points) points.push_back(parse_point(p, net.input_dim, "--at", what));
    std::vector<PointResult> results;
    for (const Vector& x : points) results.push_back(evaluate_point(net, x, o.pattern));

    if (o.json) {
        Json j = Json::object();
        j["input_dim"] = net.input_dim;
        j["output"] = std::string(to_string(net.output));
        j["points"] = Json::array();
        for (const PointResult& r : results) j["points"].push_back(point_json(net, r));
        std::cout << pretty_json(j);
    } else {
        for (const PointResult& r : results) std::cout << human_text(net, r);
    }
}

}  // namespace

void add_eval_command(CLI::App& app) {
    auto options = std::make_shared<EvalOptions>();
    CLI::App* cmd = app.add_subcommand("eval", "Exact outputs of a network at rational points");
    cmd->add_option("NET", options->network,
                    "Network file: relux JSON, or NNet when it ends in .nnet; - for stdin")
        ->type_name("FILE")
        ->required();
    cmd->add_option(
           "--at", options->points,
           "A point: exact coordinates separated by commas, e.g. \"1/2,-3,0.25\" (repeat for more points)")
        ->type_name("POINT")
        ->required()
        ->allow_extra_args(false);
    cmd->add_flag("--pattern", options->pattern,
                  "Also print the activation pattern and the exact affine map there");
    cmd->add_flag("--json", options->json, "Print JSON (exact numbers as strings)");
    cmd->footer(
        "For a softmax network the outputs are the exact logits, followed by a rigorous enclosure\n"
        "[lower, upper] of each softmax output (rational endpoints; ~ marks a decimal approximation).");
    cmd->callback([options] { run_eval(*options); });
}

}  // namespace relux::cli
