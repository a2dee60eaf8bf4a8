// `relux plot NET --target EXPR --box a:b --svg FILE [--tol T] [--no-certify]`: an SVG picture of a
// 1-D fit (target, network, error) with the certified sup error of `relux linf` in its legend.

#include "cli_util.hpp"
#include "commands.hpp"

#include "relux/certify/distance1d.hpp"
#include "relux/error.hpp"
#include "relux/geometry/box.hpp"
#include "relux/net/json_io.hpp"
#include "relux/report/fit_svg.hpp"

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace relux::cli {

namespace {

struct PlotOptions {
    std::string network;
    std::string target;
    std::string box;
    std::string svg;
    std::string tol = "1e-6";
    bool no_certify = false;
    std::size_t samples = 800;
    std::optional<std::string> title;
};

/// Read, certify (unless --no-certify), draw, write; throws Error for bad input (exit 2).
void run_plot(const PlotOptions& o) {
    const std::string name = o.network == "-" ? std::string("<stdin>") : o.network;
    const Network net = load_network(o.network);
    if (net.input_dim != 1)
        throw InvalidArgument("relux plot draws networks with one input; " + name + " has " +
                              std::to_string(net.input_dim) +
                              " inputs (for a 2-D region map use relux regions NET --box B --svg FILE)");
    Box box;
    try {
        box = Box::parse(o.box, 1);
    } catch (const InvalidArgument& e) {
        throw InvalidArgument("--box: " + std::string(e.what()) + " (relux plot needs one interval a:b)");
    }
    const Expr target = Expr::parse(o.target, 1);
    const Rational tol = Rational::parse(o.tol);
    if (tol.sign() <= 0) throw InvalidArgument("--tol " + o.tol + " must be positive");

    FitSvgInfo info;
    info.network = o.network == "-" ? name : std::filesystem::path(o.network).filename().string();
    info.samples = o.samples;
    info.title = o.title;
    std::string summary;
    if (!o.no_certify) {
        const LinfResult r = linf_1d(net, target, box.lo[0], box.hi[0], tol);
        info.sup_error = r.bound;
        info.witness = r.witness;
        summary = "; sup |N - f| " +
                  (r.exact ? "= " + r.bound.lower.str() + " (exact)"
                           : "in [" + r.bound.lower.str() + ", " + r.bound.upper.str() + "] (about " +
                                 approx_text(r.bound, 6) + ")") +
                  (r.status == CertifyStatus::certified ? "" : " (tolerance not reached)");
    }
    write_output(fit_svg(net, target, box.lo[0], box.hi[0], info), o.svg);
    (o.svg == "-" ? std::cerr : std::cout)
        << "relux: wrote " << (o.svg == "-" ? std::string("the picture to stdout") : o.svg) << ": " << name
        << " against '" << o.target << "' on " << box.str() << summary << "\n";
}

}  // namespace

void add_plot_command(CLI::App& app) {
    auto o = std::make_shared<PlotOptions>();
    CLI::App* cmd = app.add_subcommand(
        "plot",
        "SVG picture of a 1-D fit: the target, the network and |N - f|, with the certified sup error");
    cmd->add_option("NET", o->network,
                    "Network file with one input: relux JSON, or NNet (.nnet); - for stdin")
        ->required();
    cmd->add_option("--target", o->target, "Target expression in x, e.g. \"sin(x)\"")->required();
    cmd->add_option("--box", o->box, "The interval \"a:b\"")->required();
    cmd->add_option("--svg", o->svg, "Write the SVG to this file (- for stdout)")->required();
    cmd->add_option("--tol", o->tol,
                    "Width of the certified sup-error interval in the legend (default 1e-6)");
    cmd->add_flag("--no-certify", o->no_certify, "Draw only: leave the certified sup error out");
    cmd->add_option("--title", o->title,
                    "The title line instead of \"Fit of NET to f(x) = ...\"; \"\" for none (a caption)");
    cmd->add_option("--samples", o->samples,
                    "Target samples for drawing (default 800; breakpoints are added)")
        ->check(CLI::Range(2, 1000000));
    cmd->footer(
        "The network is drawn through its exact breakpoints; the target and |N - f| are sampled in double\n"
        "precision for drawing only. The legend's sup error is certified as by relux linf.");
    cmd->callback([o] { run_plot(*o); });
}

}  // namespace relux::cli
