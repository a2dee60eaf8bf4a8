// `relux l1` and `relux linf`: certified L1 and sup-norm distances of a network to a target
// expression (1-D: a 1-input box or a 1-D slice) or to a reference network (exact, any dimension),
// with an optional certificate file (docs/certificate-format.md).

#include "cli_util.hpp"
#include "commands.hpp"

#include "relux/certify/certificate.hpp"
#include "relux/certify/distance1d.hpp"
#include "relux/certify/distance_nd.hpp"
#include "relux/certify/distance_target.hpp"
#include "relux/certify/softmax_classes.hpp"
#include "relux/error.hpp"
#include "relux/geometry/slice.hpp"
#include "relux/net/json_io.hpp"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace relux::cli {

namespace {

/// The command line of `relux l1` / `relux linf`.
struct DistanceOptions {
    CertificateKind kind = CertificateKind::l1;
    std::string network;
    std::string target;
    std::string reference;
    std::string classes;
    std::string box;
    std::string slice;
    std::string tol = "1e-9";
    std::size_t max_subdivisions = 1'000'000;
    bool json = false;
    std::string certificate;
};

/// The domain of the run: the box of the network that is certified (the composed one for a slice).
struct Domain {
    Network net;  ///< the network on the box (composed with the slice, if any)
    Box box;
    std::optional<Slice> slice;
};

/// Read the slice or the box; throws InvalidArgument for a missing or mis-sized domain.
Domain read_domain(const DistanceOptions& o, const Network& net, const std::string& name) {
    Domain d;
    if (!o.slice.empty()) {
        d.slice = load_slice(o.slice, net.input_dim);
        if (!o.box.empty()) {
            Box box = Box::parse(o.box);
            if (box.dim() != d.slice->dim())
                throw InvalidArgument(
                    "--box '" + o.box + "' has " + std::to_string(box.dim()) +
                    (box.dim() == 1 ? " axis" : " axes") + "; expected " + std::to_string(d.slice->dim()) +
                    ": with --slice the box is over t, one axis per direction of the slice");
            d.slice->box = box;
        }
        d.box = d.slice->box;
        d.net = compose_slice(net, *d.slice);
        return d;
    }
    if (o.box.empty())
        throw InvalidArgument("give the domain with --box, one lo:hi per input (" + name + " has " +
                              std::to_string(net.input_dim) + (net.input_dim == 1 ? " input" : " inputs") +
                              "), e.g. --box \"0:1\"; or give a slice with --slice FILE");
    try {
        d.box = Box::parse(o.box, net.input_dim);
    } catch (const InvalidArgument& e) {
        throw InvalidArgument("--box: " + std::string(e.what()) + " (" + name + " has " +
                              std::to_string(net.input_dim) + (net.input_dim == 1 ? " input)" : " inputs)"));
    }
    d.net = net;
    return d;
}

/// The interval as exact text and a decimal approximation, for humans.
void print_interval(const std::string& label, const Interval& v, bool exact) {
    if (exact) {
        std::cout << label << " = " << v.lower.str() << " (exact)\n"
                  << "  approx " << approx_text(v) << "\n";
        return;
    }
    std::cout << label << " in [" << v.lower.str() << ", " << v.upper.str() << "]\n"
              << "  lower  " << v.lower.str() << "  (about " << approx_text({v.lower, v.lower}) << ")\n"
              << "  upper  " << v.upper.str() << "  (about " << approx_text({v.upper, v.upper}) << ")\n"
              << "  width  " << v.width().str() << "  (about " << approx_text({v.width(), v.width()}, 3)
              << ")\n";
}

/// The witness as "t = ... (x = ...)" for a slice, else "x = ...".
std::string witness_text(const Vector& w, const Domain& d) {
    if (d.slice) return "t = " + point_text(w) + " (x = " + point_text(d.slice->point(w)) + ")";
    return "x = " + point_text(w);
}

/// Everything a run reached: the claim and the evidence for the certificate.
struct Outcome {
    Interval value;
    bool exact = false;
    std::optional<Vector> witness;
    Rational network_value;
    std::optional<Interval> other_value;  ///< target enclosure or exact reference value at the witness
    bool certified = true;
    std::string note;  ///< why it is unfinished
    std::size_t pieces = 0, subdivisions = 0, cells = 0;
    std::vector<CertificateCell> certificate_cells;
};

/// The fields that L1Result and LinfResult share.
template <class Result>
void take_1d(Outcome& out, Result& r) {
    out.value = r.bound;
    out.exact = r.exact;
    out.certified = r.status == CertifyStatus::certified;
    out.note = r.note;
    out.pieces = r.pieces;
    out.subdivisions = r.subdivisions;
    out.certificate_cells = std::move(r.cells);
}

/// A 2-D box: l1_target / linf_target on the simplices of the network's regions.
Outcome run_target_2d(const DistanceOptions& o, const Network& net, const Domain& d, const Rational& tol) {
    if (d.slice)
        throw InvalidArgument(
            "analytic targets over a 2-D slice are not supported in this version; use a 2-input "
            "network with --box, or a 1-D slice");
    const Expr target = Expr::parse(o.target, net.input_dim);
    TargetDistanceOptions options;
    options.max_cells = o.max_subdivisions;
    options.want_cells = !o.certificate.empty();
    TargetDistanceResult r = o.kind == CertificateKind::l1 ? l1_target(d.net, target, d.box, tol, options)
                                                           : linf_target(d.net, target, d.box, tol, options);
    Outcome out;
    out.value = r.bound;
    out.certified = r.status == CertifyStatus::certified;
    out.note = r.note;
    out.pieces = r.regions;
    out.subdivisions = r.cells;
    out.certificate_cells = std::move(r.certificate_cells);
    if (r.witness) {
        out.witness = r.witness;
        out.network_value = r.network_value;
        out.other_value = r.target_value;
    }
    return out;
}

/// --classes: sum_i integral |softmax_i - 1[C_i]| over the box (softmax_class_l1).
Outcome run_classes(const DistanceOptions& o, const Network& net, const Domain& d, const Rational& tol) {
    if (o.kind != CertificateKind::l1)
        throw InvalidArgument("--classes is a distance in L1 only: use relux l1");
    if (d.slice)
        throw InvalidArgument("--classes works over a box (--box), not over a slice, in this version");
    SoftmaxClassOptions options;
    options.max_cells = o.max_subdivisions;
    options.want_cells = !o.certificate.empty();
    SoftmaxClassResult r =
        softmax_class_l1(net, parse_classes(o.classes, net.input_dim), d.box, tol, options);
    Outcome out;
    out.value = r.bound;
    out.certified = r.status == CertifyStatus::certified;
    out.note = r.note;
    out.pieces = r.regions;
    out.subdivisions = r.cells;
    out.certificate_cells = std::move(r.certificate_cells);
    return out;
}

Outcome run_target(const DistanceOptions& o, const Network& net, const Domain& d, const Rational& tol) {
    if (d.box.dim() == 2) return run_target_2d(o, net, d, tol);
    if (d.box.dim() != 1)
        throw InvalidArgument(
            "analytic targets are certified over 1-D and 2-D domains (a box of 1 or 2 inputs, or a "
            "1-D slice) in this version; this domain has " +
            std::to_string(d.box.dim()) + " dimensions");
    Expr target = Expr::parse(o.target, net.input_dim);
    if (d.slice) target = compose_target_slice(target, *d.slice);
    CertifyOptions options;
    options.max_subdivisions = o.max_subdivisions;
    options.want_cells = !o.certificate.empty();
    const Rational& a = d.box.lo[0];
    const Rational& b = d.box.hi[0];
    Outcome out;
    if (o.kind == CertificateKind::l1) {
        L1Result r = l1_1d(d.net, target, a, b, tol, options);
        take_1d(out, r);
    } else {
        LinfResult r = linf_1d(d.net, target, a, b, tol, options);
        take_1d(out, r);
        out.witness = Vector{r.witness};
        out.network_value = r.network_value;
        out.other_value = r.target_value;
    }
    if (out.certified && out.value.width() > tol) {  // defensive: never call a wide interval certified
        out.certified = false;
        out.note = "tolerance " + tol.str() + " not reached; width " + out.value.width().str();
    }
    // Patterns refer to the given network (at the cell's midpoint mapped through the slice).
    if (d.slice)
        for (CertificateCell& c : out.certificate_cells) {
            const Rational mid = (c.vertices[0][0] + c.vertices[1][0]) / Rational(2);
            c.patterns = {to_string(activation_pattern(net, d.slice->point(Vector{mid})))};
        }
    return out;
}

Outcome run_reference(const DistanceOptions& o, const Domain& d, const Network& reference) {
    const Network ref = d.slice ? compose_slice(reference, *d.slice) : reference;
    CpwlDistanceOptions options;
    options.want_cells = !o.certificate.empty();
    CpwlDistanceResult r = o.kind == CertificateKind::l1 ? l1_cpwl(d.net, ref, d.box, options)
                                                         : linf_cpwl(d.net, ref, d.box, options);
    Outcome out;
    out.value = {r.value, r.value};
    out.exact = !r.partial;
    out.certified = !r.partial;
    out.note = r.stop_reason;
    out.cells = r.cells;
    if (o.kind == CertificateKind::linf && r.witness) {
        out.witness = r.witness;
        out.network_value = r.network_value;
        out.other_value = Interval{r.reference_value, r.reference_value};
    }
    out.certificate_cells = std::move(r.certificate_cells);
    return out;
}

/// Read everything, compute, print; throws Error for bad input (exit 2), Unfinished (exit 4).
void run_distance(const DistanceOptions& o) {
    const std::string command(to_string(o.kind));
    if (!o.target.empty() + !o.reference.empty() + !o.classes.empty() != 1)
        throw InvalidArgument(command +
                              ": give exactly one of --target EXPR, --reference NET2 and --classes CLASSES");
    const std::string name = o.network == "-" ? std::string("<stdin>") : o.network;
    const Network net = load_network(o.network);
    const Domain d = read_domain(o, net, name);
    const Rational tol = Rational::parse(o.tol);
    if (tol.sign() <= 0) throw InvalidArgument("--tol " + o.tol + " must be positive");

    std::optional<Network> reference;
    if (!o.reference.empty()) {
        reference = load_network(o.reference);
        if (reference->input_dim != net.input_dim)
            throw InvalidArgument("the reference " + o.reference + " has " +
                                  std::to_string(reference->input_dim) + " inputs but " + name + " has " +
                                  std::to_string(net.input_dim));
    }
    const Outcome out = reference            ? run_reference(o, d, *reference)
                        : !o.classes.empty() ? run_classes(o, net, d, tol)
                                             : run_target(o, net, d, tol);
    const std::string status =
        out.certified ? "certified" : (reference ? "partial" : "tolerance not reached");
    const std::string against = reference ? "reference " + o.reference
                                : o.classes.empty()
                                    ? "target '" + o.target + "'"
                                    : "class indicators '" + o.classes + "' through the softmax";
    const std::string label = o.kind == CertificateKind::l1 ? "L1 distance" : "sup-norm distance";

    if (o.json) {
        Json j = Json::object();
        j["kind"] = command;
        j["lower"] = out.value.lower.str();
        j["upper"] = out.value.upper.str();
        j["exact"] = out.exact;
        j["approx"] = approx_text(out.value);
        if (out.witness) {
            j["witness"] = exact_json(*out.witness);
            if (d.slice) j["witness_x"] = exact_json(d.slice->point(*out.witness));
            j["network_value"] = out.network_value.str();
            if (reference) j["reference_value"] = out.other_value->lower.str();
            else
                j["target_value"] =
                    Json{{"lower", out.other_value->lower.str()}, {"upper", out.other_value->upper.str()}};
        }
        j["status"] = status;
        if (!reference) j["tolerance"] = tol.str();
        j["box"] = d.box.str();
        if (!reference && d.box.dim() == 1 && o.classes.empty()) {
            j["pieces"] = out.pieces;
            j["subdivisions"] = out.subdivisions;
        } else if (!reference) {
            j["regions"] = out.pieces;
            j["cells"] = out.subdivisions;
        } else {
            j["cells"] = out.cells;
        }
        if (!out.note.empty()) j["note"] = out.note;
        std::cout << pretty_json(j) << std::flush;
    } else {
        std::cout << label << " of " << name << " to the " << against << " over "
                  << (d.slice ? "the slice " + o.slice + ", t in " : std::string("the box ")) << d.box.str()
                  << "\n";
        print_interval("value", out.value, out.exact);
        if (out.witness) {
            std::cout << "witness " << witness_text(*out.witness, d) << "\n"
                      << "  network   " << out.network_value.str() << "  (about "
                      << approx_text({out.network_value, out.network_value}) << ")\n";
            const Interval& t = *out.other_value;
            if (reference) std::cout << "  reference " << t.lower.str() << "\n";
            else if (t.lower == t.upper) std::cout << "  target    " << t.lower.str() << " (exact)\n";
            else
                std::cout << "  target in [" << t.lower.str() << ", " << t.upper.str() << "]  (about "
                          << approx_text(t) << ")\n";
        }
        std::cout << "status: " << status;
        if (!reference) std::cout << " (tolerance " << tol.str() << ")";
        std::cout << "\n";
        if (!out.note.empty()) std::cout << "note: " << out.note << "\n";
    }

    if (!o.certificate.empty()) {
        Certificate cert;
        cert.kind = o.kind;
        cert.network = net;
        cert.reference = reference;
        cert.target = o.target;
        cert.classes = o.classes;
        cert.box = d.box;
        cert.slice = d.slice;
        cert.value = out.value;
        cert.exact = out.exact;
        cert.witness = out.witness;
        cert.cells = out.certificate_cells;
        write_output(write_certificate_json(cert), o.certificate);
    }
    if (!out.certified)
        throw Unfinished(command + ": " + (reference ? "stopped before the end: " : "") + out.note +
                         " (the printed interval still holds)");
}

void add_distance_command(CLI::App& app, CertificateKind kind) {
    auto o = std::make_shared<DistanceOptions>();
    o->kind = kind;
    const bool l1 = kind == CertificateKind::l1;
    CLI::App* cmd = app.add_subcommand(std::string(to_string(kind)),
                                       l1 ? "Certified L1 distance (integral of |N - f|) to a target "
                                            "expression, a reference network or softmax class indicators"
                                          : "Certified sup-norm distance (max of |N - f|) with a witness "
                                            "point, to a target or a reference network");
    cmd->add_option("NET", o->network, "Network file: relux JSON, or NNet when it ends in .nnet; - for stdin")
        ->required();
    auto* target =
        cmd->add_option("--target", o->target, "Target expression in x (or x1..xd), e.g. \"sin(x)\"");
    auto* reference =
        cmd->add_option("--reference", o->reference, "A reference network file: exact distance");
    if (kind == CertificateKind::l1)
        cmd->add_option(
            "--classes", o->classes,
            "Class indicators for a softmax network, one class per ';' (conjunctions with '&'), e.g. "
            "\"x1^2+x2^2<1; x1^2+x2^2>=1\": certifies sum_i integral |softmax_i - 1[x in C_i]|");
    target->excludes(reference);
    cmd->add_option("--box", o->box, "The box \"lo:hi,...\", one axis per input (with --slice: over t)");
    cmd->add_option("--slice", o->slice,
                    "A relux-slice JSON file: the distance over x = x0 + A t, t in its box");
    cmd->add_option("--tol", o->tol,
                    "Target and classes: the width the interval must reach (exact number, default 1e-9)");
    cmd->add_option("--max-subdivisions", o->max_subdivisions,
                    "Target and classes: the budget of subdivisions (default 1000000); when it runs out the "
                    "rigorous interval reached is printed and the exit code is 4");
    cmd->add_flag("--json", o->json, "Print JSON (exact numbers as strings)");
    cmd->add_option("--certificate", o->certificate,
                    "Also write a relux certificate to this file (relux check)");
    cmd->footer(
        "Output: the value as an exact interval [lower, upper] (or one exact number) with a decimal\n"
        "approximation, the status (certified, or tolerance not reached: exit 4, the interval still holds)" +
        std::string(
            l1 ? ""
               : ",\nand the witness point with the exact network value and an enclosure of the target") +
        ".\nA target is certified over a 1-D or 2-D domain (a box of 1 or 2 inputs, or a 1-D slice); a "
        "reference\n"
        "network in any dimension gives the exact value. --certificate works with all of them." +
        std::string(l1 ? "\n--classes (softmax network, 1 or 2 inputs) certifies the class-indicator "
                         "distance of Asadi & Jiang."
                       : "") +
        " --json prints {\"lower\", \"upper\", \"exact\", " + std::string(l1 ? "" : "\"witness\", ") +
        "\"status\", ...}.");
    cmd->callback([o] { run_distance(*o); });
}

}  // namespace

void add_distance_commands(CLI::App& app) {
    add_distance_command(app, CertificateKind::l1);
    add_distance_command(app, CertificateKind::linf);
}

}  // namespace relux::cli
