// `relux construct mesh | grid | max | min`: networks for n-D piecewise-linear functions.

#include "construct_nd_command.hpp"

#include "cli_util.hpp"

#include "relux/certify/expression.hpp"
#include "relux/cpwl/compose.hpp"
#include "relux/cpwl/grid.hpp"
#include "relux/cpwl/max_network.hpp"
#include "relux/cpwl/mesh.hpp"
#include "relux/cpwl/mesh_network.hpp"
#include "relux/error.hpp"
#include "relux/geometry/box.hpp"
#include "relux/net/json_io.hpp"

#include <iostream>
#include <memory>
#include <string>

namespace relux::cli {

namespace {

std::string sizes_text(const NetworkSize& s) {
    return std::to_string(s.hidden_layers) + " hidden layer" + (s.hidden_layers == 1 ? "" : "s") +
           ", width " + std::to_string(s.width) + ", " + std::to_string(s.neurons) + " hidden neurons";
}

void finish(const Network& net, const std::string& output, const std::string& summary) {
    write_output(write_network_json(net), output);
    std::cerr << "relux: " << summary << (output.empty() || output == "-" ? "" : "; wrote " + output) << "\n";
}

// ---- mesh ---------------------------------------------------------------------------------------

struct MeshOptions {
    std::string file;
    std::string form = "hat";
    std::string output;
};

void add_mesh(CLI::App& construct) {
    auto o = std::make_shared<MeshOptions>();
    CLI::App* cmd = construct.add_subcommand(
        "mesh",
        "A network equal to the piecewise-linear interpolant of a simplicial mesh on the mesh's domain");
    cmd->add_option("MESH", o->file,
                    "A relux-mesh JSON file (\"-\" for standard input); format: proofs/mesh.md")
        ->required()
        ->type_name("FILE");
    cmd->add_option(
           "--form", o->form,
           "hat: sum of f(v) max(0, min of barycentric coordinates) over vertices (default; needs convex "
           "vertex stars); lattice: max of mins of the affine pieces (any convex domain; small meshes)")
        ->check(CLI::IsMember({"hat", "lattice"}))
        ->type_name("FORM");
    cmd->add_option("-o,--output", o->output, "Write the network JSON to this file instead of stdout")
        ->type_name("FILE");
    cmd->footer(
        "The mesh's domain must be convex. The network equals the interpolant exactly on the domain;\n"
        "outside it the network is some continuous extension. Sizes and the theory go to stderr.");
    cmd->callback([o] {
        const Mesh mesh = read_mesh(o->file);
        const MeshForm form = o->form == "lattice" ? MeshForm::lattice : MeshForm::hat;
        const MeshConstruction c = construct_mesh_network(mesh, form);
        finish(c.net, o->output,
               "form " + o->form + ": " + sizes_text(c.size) + " for " +
                   std::to_string(mesh.simplices.size()) + " simplices (" + std::to_string(c.terms) +
                   (form == MeshForm::lattice ? " min terms" : " hat terms") + "); theory: " + c.theory +
                   " = " + std::to_string(c.theory_hidden_layers) + " hidden layers");
    });
}

// ---- grid ---------------------------------------------------------------------------------------

struct GridOptions {
    std::string target;
    std::string box;
    std::size_t n = 0;
    std::string form = "arora";
    std::string output;
    std::string mesh_output;
};

void add_grid(CLI::App& construct) {
    auto o = std::make_shared<GridOptions>();
    CLI::App* cmd = construct.add_subcommand("grid",
                                             "Sample a target on a uniform grid, triangulate each cell "
                                             "(Kuhn), and build the interpolating network");
    cmd->add_option("--target", o->target, "The target expression in x1..xd (DESIGN.md), e.g. \"sin(x1)*x2\"")
        ->required()
        ->type_name("EXPR");
    cmd->add_option("--box", o->box, "The box \"lo:hi,lo:hi,...\" (its dimension is d)")
        ->required()
        ->type_name("BOX");
    cmd->add_option("--n", o->n, "Cells per axis (the grid has (N+1)^d vertices and N^d d! simplices)")
        ->required()
        ->check(CLI::PositiveNumber)
        ->type_name("N");
    cmd->add_option(
           "--form", o->form,
           "arora: signed sum of maxima of d+1 affine maps, ceil(log2(d+1)) hidden layers (default); "
           "hat: hat functions, one more layer; lattice: max-min form (small grids only)")
        ->check(CLI::IsMember({"arora", "hat", "lattice"}))
        ->type_name("FORM");
    cmd->add_option("-o,--output", o->output, "Write the network JSON to this file instead of stdout")
        ->type_name("FILE");
    cmd->add_option("--mesh-output", o->mesh_output, "Also write the triangulated grid as a relux-mesh file")
        ->type_name("FILE");
    cmd->footer(
        "Values are exact where the target is rational at a vertex; otherwise the midpoint of an Arb\n"
        "enclosure rounded to the nearest multiple of 2^-64 (error <= 2^-64 per vertex). The network is\n"
        "exact for the values it uses, on the whole box.");
    cmd->callback([o] {
        Box box;
        try {
            box = Box::parse(o->box);
        } catch (const ParseError& e) {
            throw ParseError("--box \"" + o->box + "\": " + e.what());
        } catch (const InvalidArgument& e) {
            throw InvalidArgument("--box \"" + o->box + "\": " + e.what());
        }
        Expr target = [&] {
            try {
                return Expr::parse(o->target, box.dim());
            } catch (const ParseError& e) {
                throw ParseError("--target: " + std::string(e.what()));
            }
        }();
        if (o->form == "lattice") {
            double simplices = 1;  // N^d d!, for the guard only
            for (std::size_t i = 0; i < box.dim(); ++i)
                simplices *= static_cast<double>(o->n) * static_cast<double>(i + 1);
            if (simplices > 256)
                throw InvalidArgument(
                    "--form lattice is meant for small grids (at most 256 simplices); this grid has " +
                    std::to_string(static_cast<long long>(simplices)) + "; use --form arora or --form hat");
        }
        const Grid grid = sample_grid(box, o->n, [&](const Vector& x) {
            return sampled_value(target, x, "", [&] { return "the grid vertex (" + point_text(x) + ")"; });
        });
        if (!o->mesh_output.empty()) write_output(write_mesh_json(grid_mesh(grid)), o->mesh_output);
        const GridForm form = o->form == "hat"       ? GridForm::hat
                              : o->form == "lattice" ? GridForm::lattice
                                                     : GridForm::arora;
        const MeshConstruction c = construct_grid_network(grid, form);
        finish(c.net, o->output,
               "form " + o->form + ": " + sizes_text(c.size) + " for a " + std::to_string(o->n) + "^" +
                   std::to_string(box.dim()) + " grid (" + std::to_string(c.terms) + " terms); theory: " +
                   c.theory + " = " + std::to_string(c.theory_hidden_layers) + " hidden layers");
    });
}

// ---- max / min ----------------------------------------------------------------------------------

struct MaxOptions {
    std::size_t inputs = 0;
    std::string form = "log2";
    std::string output;
};

void add_extreme(CLI::App& construct, bool minimum) {
    auto o = std::make_shared<MaxOptions>();
    const std::string name = minimum ? "min" : "max";
    CLI::App* cmd = construct.add_subcommand(
        name,
        "A network computing the " + std::string(minimum ? "minimum" : "maximum") + " of k numbers exactly");
    cmd->add_option("--inputs", o->inputs, "k, the number of inputs")
        ->required()
        ->check(CLI::PositiveNumber)
        ->type_name("K");
    cmd->add_option("--form", o->form,
                    "log2: balanced pairwise tree, ceil(log2 k) hidden layers (default); shallow: the "
                    "two-hidden-layer "
                    "max of 5 (Bakaev et al. 2025) in a tree of blocks")
        ->check(CLI::IsMember({"log2", "shallow"}))
        ->type_name("FORM");
    cmd->add_option("-o,--output", o->output, "Write the network JSON to this file instead of stdout")
        ->type_name("FILE");
    cmd->callback([o, minimum, name] {
        const MaxForm form = o->form == "shallow" ? MaxForm::shallow : MaxForm::log2;
        const Network net = construct_max(o->inputs, form, minimum);
        const std::size_t k = o->inputs;
        const std::string theory =
            form == MaxForm::log2
                ? "ceil(log2 k) = " + std::to_string(ceil_log2(k))
                : "blocks " + std::to_string(max_depth_shallow(k)) +
                      "; Bakaev et al. bound ceil(log3(k-2))+1 = " + std::to_string(max_depth_bbhsy_bound(k));
        finish(net, o->output,
               name + " of " + std::to_string(k) + " (form " + o->form +
                   "): " + sizes_text(network_size(net)) + "; theory: " + theory + " hidden layers");
    });
}

}  // namespace

void add_construct_nd_subcommands(CLI::App& construct) {
    add_mesh(construct);
    add_grid(construct);
    add_extreme(construct, false);
    add_extreme(construct, true);
}

}  // namespace relux::cli
