// `relux equal NET1 NET2 --box B [--slice S] [--tolerance E] ...`: decide exactly whether two CPWL
// networks agree on a box (or a 1-D/2-D slice), with a witness point when they do not and an
// optional certificate when they do (docs/certificate-format.md, proofs/equal.md).

#include "cli_util.hpp"
#include "commands.hpp"

#include "relux/certify/certificate.hpp"
#include "relux/certify/distance_nd.hpp"
#include "relux/error.hpp"
#include "relux/geometry/slice.hpp"
#include "relux/net/json_io.hpp"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace relux::cli {

namespace {

/// The command line of `relux equal`.
struct EqualOptions {
    std::string network;
    std::string reference;
    std::string box;
    std::string slice;
    std::string tolerance;
    bool json = false;
    std::string certificate;
    std::size_t max_regions = 0;
    double time_limit = 0;
    int threads = 0;
};

/// "3 inputs" / "1 output".
std::string count_text(std::size_t n, const std::string& what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

/// Throws InvalidArgument unless the network is piecewise linear.
void require_cpwl(const Network& net, const std::string& name) {
    if (!net.is_cpwl())
        throw InvalidArgument(name +
                              " is not piecewise linear (a square layer or a softmax output); equal needs "
                              "relu, leaky_relu and identity layers with an identity output");
}

/// "[1/2, 3]".
std::string bracket_text(const Vector& v) { return "[" + point_text(v) + "]"; }

/// Patterns of the given networks at the vertex average of each cell mapped through the slice.
void patterns_through_slice(std::vector<CertificateCell>& cells, const Slice& slice, const Network& f,
                            const Network& g) {
    for (CertificateCell& c : cells) {
        Vector t(c.vertices.front().size());
        for (const Vector& v : c.vertices)
            for (std::size_t i = 0; i < t.size(); ++i)
                t[i] += v[i] / Rational(static_cast<long>(c.vertices.size()));
        const Vector x = slice.point(t);
        c.patterns = {to_string(activation_pattern(f, x)), to_string(activation_pattern(g, x))};
    }
}

/// Read both networks and the domain, decide, print; throws Error for bad input (exit 2),
/// PropertyFalse when the networks differ (exit 1), Unfinished when a limit came first (exit 4).
void run_equal(const EqualOptions& o) {
    const std::string name1 = o.network == "-" ? std::string("<stdin>") : o.network;
    const std::string name2 = o.reference == "-" ? std::string("<stdin>") : o.reference;
    const Network f = load_network(o.network), g = load_network(o.reference);
    require_cpwl(f, name1);
    require_cpwl(g, name2);
    if (f.input_dim != g.input_dim)
        throw InvalidArgument("equal: " + name1 + " has " + count_text(f.input_dim, "input") + " but " +
                              name2 + " has " + count_text(g.input_dim, "input") +
                              "; equal compares networks of one input size");
    if (f.output_dim() != g.output_dim())
        throw InvalidArgument("equal: " + name1 + " has " + count_text(f.output_dim(), "output") + " but " +
                              name2 + " has " + count_text(g.output_dim(), "output") +
                              "; equal compares networks of one output size");

    std::optional<Slice> slice;
    Box box;
    if (!o.slice.empty()) {
        slice = load_slice(o.slice, f.input_dim);
        if (!o.box.empty()) {
            const Box t_box = Box::parse(o.box);
            if (t_box.dim() != slice->dim())
                throw InvalidArgument(
                    "--box '" + o.box + "' has " + std::to_string(t_box.dim()) +
                    (t_box.dim() == 1 ? " axis" : " axes") + "; expected " + std::to_string(slice->dim()) +
                    ": with --slice the box is over t, one axis per direction of the slice");
            slice->box = t_box;
        }
        box = slice->box;
    } else {
        if (o.box.empty())
            throw InvalidArgument("equal: give the box with --box, one lo:hi per input (" + name1 + " has " +
                                  count_text(f.input_dim, "input") +
                                  "), e.g. --box \"-1:1,0:1/2\"; or give a slice with --slice FILE");
        try {
            box = Box::parse(o.box, f.input_dim);
        } catch (const InvalidArgument& e) {
            throw InvalidArgument("--box: " + std::string(e.what()));
        }
    }
    std::optional<Rational> tolerance;
    if (!o.tolerance.empty()) {
        tolerance = Rational::parse(o.tolerance);
        if (tolerance->sign() < 0)
            throw InvalidArgument("--tolerance " + o.tolerance + " must be at least 0");
    }
    if (o.time_limit < 0) throw InvalidArgument("--time-limit must be at least 0 seconds (0 = no limit)");

    CpwlDistanceOptions options;
    options.regions.max_regions = o.max_regions;
    options.regions.time_limit_seconds = o.time_limit;
    options.regions.threads = o.threads;
    options.want_cells = !o.certificate.empty();
    EqualResult r =
        slice ? equal_networks(compose_slice(f, *slice), compose_slice(g, *slice), box, tolerance, options)
              : equal_networks(f, g, box, tolerance, options);
    std::optional<Vector> x;
    if (r.witness) x = slice ? slice->point(*r.witness) : *r.witness;

    if (o.json) {
        Json j = Json::object();
        if (r.partial) j["equal"] = nullptr;
        else j["equal"] = r.equal;
        if (x) {
            j["witness"] = exact_json(*x);
            if (slice) j["witness_t"] = exact_json(*r.witness);
            j["outputs"] = Json::array({exact_json(r.network_value), exact_json(r.reference_value)});
        }
        if (tolerance) j["tolerance"] = tolerance->str();
        if (r.equal) j["max_difference"] = r.max_difference.str();
        j["cells"] = r.cells;
        j["box"] = box.str();
        if (r.partial) {
            j["partial"] = true;
            j["stop_reason"] = r.stop_reason;
        }
        std::cout << pretty_json(j) << std::flush;
    } else if (r.equal) {
        std::cout << "equal";
        if (tolerance) std::cout << " within tolerance " << tolerance->str();
        std::cout << " (" << count_text(r.cells, "cell") << " of the common refinement over "
                  << (slice ? "the slice " + o.slice + ", t in " : std::string("the box ")) << box.str()
                  << ")\n";
        if (tolerance)
            std::cout << "max difference " << r.max_difference.str() << "  (about "
                      << approx_text({r.max_difference, r.max_difference}) << ")\n";
    } else if (x) {
        std::cout << "not equal\n"
                  << "witness x = " << point_text(*x);
        if (slice) std::cout << " (t = " << point_text(*r.witness) << ")";
        std::cout << "\n  " << name1 << ": " << bracket_text(r.network_value) << "\n  " << name2 << ": "
                  << bracket_text(r.reference_value) << "\n";
    } else {
        std::cout << "undecided: " << r.stop_reason << "\n";
    }

    if (r.equal && !o.certificate.empty()) {
        Certificate cert;
        cert.kind = CertificateKind::equal;
        cert.network = f;
        cert.reference = g;
        cert.box = box;
        cert.slice = slice;
        cert.value = Interval{Rational(0), r.max_difference};
        cert.exact = r.max_difference.is_zero();
        cert.tolerance = tolerance;
        cert.cells = std::move(r.certificate_cells);
        if (slice) patterns_through_slice(cert.cells, *slice, f, g);
        write_output(write_certificate_json(cert), o.certificate);
    }
    if (x)
        throw PropertyFalse("equal: " + name1 + " and " + name2 + " differ" +
                            (tolerance ? " by more than " + tolerance->str() : std::string()) +
                            " at x = " + point_text(*x));
    if (r.partial) throw Unfinished("equal: undecided, " + r.stop_reason);
}

}  // namespace

void add_equal_command(CLI::App& app) {
    auto o = std::make_shared<EqualOptions>();
    CLI::App* cmd = app.add_subcommand("equal", "Decide exactly whether two CPWL networks agree on a box");
    cmd->add_option("NET1", o->network,
                    "First network file: relux JSON, or NNet when it ends in .nnet; - for stdin")
        ->required();
    cmd->add_option("NET2", o->reference, "Second network file (same input and output sizes)")->required();
    cmd->add_option("--box", o->box, "The box \"lo:hi,...\", one axis per input (with --slice: over t)");
    cmd->add_option("--slice", o->slice, "A relux-slice JSON file: compare on x = x0 + A t, t in its box");
    cmd->add_option("--tolerance", o->tolerance,
                    "Equal when every output differs by at most this exact number (default: exactly equal)");
    cmd->add_flag("--json", o->json, "Print JSON (exact numbers as strings)");
    cmd->add_option("--certificate", o->certificate,
                    "When equal, also write a relux certificate to this file (relux check)");
    cmd->add_option("--max-regions", o->max_regions, "Stop after this many cells (then undecided, exit 4)");
    cmd->add_option("--time-limit", o->time_limit, "Stop after this many seconds (then undecided, exit 4)");
    cmd->add_option("--threads", o->threads, "Worker threads (0 = all cores)")->check(CLI::NonNegativeNumber);
    cmd->footer(
        "Output: \"equal\" with the number of cells (exit 0); or \"not equal\", a witness point x and both\n"
        "networks' exact outputs there (exit 1); or \"undecided\" with the reason when a limit stopped the\n"
        "run first (exit 4). --json prints {\"equal\": true|false|null, \"witness\": [...], \"outputs\": "
        "[[...],\n"
        "[...]], \"cells\": N, ...} (witness and outputs only when they differ). With --slice the witness "
        "is\n"
        "the network input x; \"witness_t\" is its slice coordinate.");
    cmd->callback([o] { run_equal(*o); });
}

}  // namespace relux::cli
