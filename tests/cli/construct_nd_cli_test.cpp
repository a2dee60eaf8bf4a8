#define BOOST_TEST_MODULE construct_nd_cli
#include <boost/test/unit_test.hpp>

// These tests need `relux construct` to call relux::cli::add_construct_nd_subcommands
// (src/cli/construct_nd_command.hpp).

#include "relux/cpwl/mesh.hpp"
#include "relux/net/evaluate.hpp"
#include "relux/net/json_io.hpp"
#include "test_util.hpp"

#include <cmath>
#include <filesystem>
#include <string>

using namespace relux;
using relux::test::run_relux;

namespace {

Rational R(long n, long d = 1) { return Rational(Integer(n), Integer(d)); }

std::string data(const std::string& name) { return std::string(RELUX_TEST_DATA_DIR) + "/mesh/" + name; }

Network network_of(const test::CommandResult& r) {
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "exit " << r.exit_code << ": " << r.err);
    return parse_network_json(r.out, "stdout");
}

}  // namespace

BOOST_AUTO_TEST_CASE(construct_max_and_min) {
    const Network shallow = network_of(run_relux("construct max --inputs 5 --form shallow"));
    BOOST_TEST(shallow.layers.size() == 3u);  // two hidden layers
    BOOST_TEST(evaluate(shallow, Vector{R(1), R(-2), R(7, 3), R(7, 3), R(0)})[0] == R(7, 3));
    const test::CommandResult r = run_relux("construct min --inputs 6");
    const Network mn = network_of(r);
    BOOST_TEST(evaluate(mn, Vector{R(1), R(-2), R(7, 3), R(-5, 2), R(0), R(9)})[0] == R(-5, 2));
    BOOST_TEST(r.err.find("min of 6 (form log2): 3 hidden layers") != std::string::npos, r.err);
    const test::CommandResult bad = run_relux("construct max --inputs 0");
    BOOST_TEST(bad.exit_code == 2);
}

BOOST_AUTO_TEST_CASE(construct_mesh_forms) {
    const Mesh m = read_mesh(data("square.json"));
    for (const char* form : {"hat", "lattice"}) {
        const test::CommandResult r =
            run_relux("construct mesh '" + data("square.json") + "' --form " + form);
        const Network net = network_of(r);
        BOOST_TEST(r.err.find(std::string("form ") + form) != std::string::npos, r.err);
        for (const Vector& x :
             {Vector{R(0), R(0)}, Vector{R(1, 3), R(1, 5)}, Vector{R(1), R(1)}, Vector{R(1, 2), R(1, 2)}})
            BOOST_TEST(evaluate(net, x)[0] == *m.evaluate(x));
    }
}

BOOST_AUTO_TEST_CASE(construct_mesh_reports_bad_meshes) {
    const test::CommandResult r = run_relux("construct mesh '" + data("folded.json") + "'");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(
        r.err.find("simplices 0 and 1 overlap: they lie on the same side of their common facet (0, 1)") !=
            std::string::npos,
        r.err);
    const test::CommandResult nc = run_relux("construct mesh '" + data("nonconvex.json") + "'");
    BOOST_TEST(nc.exit_code == 2);
    BOOST_TEST(nc.err.find("needs a convex domain") != std::string::npos, nc.err);
}

BOOST_AUTO_TEST_CASE(construct_grid_polynomial_and_transcendental_targets) {
    const Network poly = network_of(run_relux("construct grid --target 'x1^2 + x2' --box '0:1,0:1' --n 2"));
    // exact at the vertices, the interpolant in between: at (1/4, 0) the average of 0 and 1/4
    BOOST_TEST(evaluate(poly, Vector{R(1, 2), R(1)})[0] == R(5, 4));
    BOOST_TEST(evaluate(poly, Vector{R(1, 4), R(0)})[0] == R(1, 8));
    BOOST_TEST(poly.layers.size() == 3u);  // arora: ceil(log2 3) = 2 hidden layers
    const Network sine =
        network_of(run_relux("construct grid --target 'sin(x)' --box '0:1' --n 2 --form hat"));
    const Rational v = evaluate(sine, Vector{R(1, 2)})[0];
    BOOST_TEST(std::abs(v.to_double() - std::sin(0.5)) < 1e-15);
    BOOST_TEST((v * Rational(Integer(1) << 64)).is_integer());  // rounded to a multiple of 2^-64
    const test::CommandResult big =
        run_relux("construct grid --target 'x1*x2' --box '0:1,0:1' --n 16 --form lattice");
    BOOST_TEST(big.exit_code == 2);
    BOOST_TEST(
        big.err.find("--form lattice is meant for small grids (at most 256 simplices); this grid has 512") !=
            std::string::npos,
        big.err);
    const Network lattice =
        network_of(run_relux("construct grid --target 'x1*x2' --box '0:1,0:1' --n 2 --form lattice"));
    BOOST_TEST(evaluate(lattice, Vector{R(1, 2), R(1)})[0] == R(1, 2));
    const test::CommandResult undefined = run_relux("construct grid --target 'log(x)' --box '0:1' --n 2");
    BOOST_TEST(undefined.exit_code == 2);
    BOOST_TEST(undefined.err.find("is undefined at the grid vertex (0)") != std::string::npos, undefined.err);
}

BOOST_AUTO_TEST_CASE(grid_interpolants_equal_the_grid_values_at_every_vertex) {
    // The cases: x1*x2 (exact values) and exp(x1+x2) (rounded values) on [0,1]^2; the
    // --mesh-output file holds the values the construction used, which the network must reproduce
    // exactly at every grid vertex, for every form.
    const std::string dir = std::filesystem::temp_directory_path().string();
    for (const std::string target : {"x1*x2", "exp(x1+x2)"}) {
        for (const std::string form : {"arora", "hat"}) {
            const std::string mesh_file = dir + "/relux_grid_vertices_mesh.json";
            const Network net =
                network_of(run_relux("construct grid --target '" + target + "' --box 0:1,0:1 --n 4 --form " +
                                     form + " --mesh-output " + mesh_file));
            const Mesh mesh = parse_mesh_json(read_text_file(mesh_file), mesh_file);
            BOOST_TEST(mesh.vertices.size() == 25u);
            for (std::size_t v = 0; v < mesh.vertices.size(); ++v) {
                BOOST_TEST_CONTEXT(target << ", " << form << ", vertex " << v) {
                    BOOST_TEST(evaluate(net, mesh.vertices[v])[0] == mesh.values[v]);
                    if (target == "x1*x2")
                        BOOST_TEST(mesh.values[v] == mesh.vertices[v][0] * mesh.vertices[v][1]);
                    else
                        BOOST_TEST(std::abs(mesh.values[v].to_double() -
                                            std::exp(mesh.vertices[v][0].to_double() +
                                                     mesh.vertices[v][1].to_double())) < 1e-14);
                }
            }
            std::filesystem::remove(mesh_file);
        }
    }
}
