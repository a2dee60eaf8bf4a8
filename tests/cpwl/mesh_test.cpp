#define BOOST_TEST_MODULE mesh
#include <boost/test/unit_test.hpp>

#include "relux/cpwl/grid.hpp"
#include "relux/cpwl/mesh.hpp"
#include "relux/error.hpp"
#include "test_util.hpp"

#include <random>
#include <string>

using namespace relux;

namespace {

Rational R(long n, long d = 1) { return Rational(Integer(n), Integer(d)); }

std::string data(const std::string& name) { return std::string(RELUX_TEST_DATA_DIR) + "/mesh/" + name; }

template <class E, class F>
void expect_error(F&& f, const std::string& part) {
    try {
        f();
        BOOST_ERROR("no error; expected one mentioning '" << part << "'");
    } catch (const E& e) {
        BOOST_TEST(std::string(e.what()).find(part) != std::string::npos, "message: " << e.what());
    }
}

/// The unit cube [0,1]^3 cut into the 6 Kuhn tetrahedra (vertex i has coordinates = bits of i).
Mesh kuhn_cube() {
    Mesh m;
    m.dim = 3;
    for (int i = 0; i < 8; ++i) {
        m.vertices.push_back(Vector{R(i & 1), R((i >> 1) & 1), R((i >> 2) & 1)});
        m.values.push_back(R(i * i - 3));
    }
    const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    for (const auto& p : perms) {
        std::vector<std::size_t> s{0};
        int v = 0;
        for (int a : p) s.push_back(static_cast<std::size_t>(v |= 1 << a));
        m.simplices.push_back(s);
    }
    return m;
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_a_mesh_and_evaluates_the_interpolant_exactly) {
    const Mesh m = read_mesh(data("square.json"));
    BOOST_TEST(m.dim == 2u);
    BOOST_TEST(m.simplices.size() == 4u);
    // vertex values
    for (std::size_t v = 0; v < m.vertices.size(); ++v) BOOST_TEST(*m.evaluate(m.vertices[v]) == m.values[v]);
    // midpoint of the edge (0,0)-(1,0): (1 + 2) / 2; a barycentric point of triangle (1,2,4)
    BOOST_TEST(*m.evaluate(Vector{R(1, 2), R(0)}) == R(3, 2));
    const Vector p{R(1) * R(1, 6) + R(1) * R(1, 3) + R(1, 2) * R(1, 2),
                   R(0) * R(1, 6) + R(1) * R(1, 3) + R(1, 2) * R(1, 2)};
    BOOST_TEST(*m.evaluate(p) == R(2) * R(1, 6) + R(-1, 2) * R(1, 3) + R(3) * R(1, 2));
    BOOST_TEST(!m.evaluate(Vector{R(2), R(0)}).has_value());
    BOOST_TEST(!m.nonconvex_reason().has_value());
    BOOST_TEST(m.boundary_facets().size() == 4u);
    // the piece of triangle (0,1,4): values 1, 2, 3 at (0,0), (1,0), (1/2,1/2)
    const AffinePiece piece = m.piece(0);
    BOOST_TEST(piece.gradient == (Vector{R(1), R(3)}));
    BOOST_TEST(piece.offset == R(1));
}

BOOST_AUTO_TEST_CASE(writing_and_reading_gives_the_same_mesh) {
    const Mesh m = read_mesh(data("lattice_counterexample.json"));
    const std::string text = write_mesh_json(m);
    const Mesh again = parse_mesh_json(text, "again");
    BOOST_TEST(again.vertices == m.vertices);
    BOOST_TEST(again.values == m.values);
    BOOST_TEST(again.simplices == m.simplices);
    BOOST_TEST(write_mesh_json(again) == text);
}

BOOST_AUTO_TEST_CASE(malformed_meshes_are_rejected_naming_the_simplex) {
    expect_error<InvalidArgument>(
        [] { (void)read_mesh(data("bad_index.json")); },
        "bad_index.json: simplex 1: vertex index 7 is out of range (the mesh has 4 vertices)");
    expect_error<InvalidArgument>([] { (void)read_mesh(data("repeated_vertex.json")); },
                                  "simplex 1 lists vertex 1 twice");
    expect_error<InvalidArgument>([] { (void)read_mesh(data("wrong_arity.json")); },
                                  "simplex 1 has 2 vertices; expected 3 (dim + 1)");
    expect_error<InvalidArgument>(
        [] { (void)read_mesh(data("degenerate.json")); },
        "simplex 1 is degenerate: its vertices lie in a common hyperplane (zero volume)");
    expect_error<InvalidArgument>(
        [] { (void)read_mesh(data("triple_facet.json")); },
        "facet (1, 2) is shared by simplices 0, 1 and 2; expected at most two: simplex 2 overlaps them");
    expect_error<InvalidArgument>(
        [] { (void)read_mesh(data("folded.json")); },
        "simplices 0 and 1 overlap: they lie on the same side of their common facet (0, 1)");
    expect_error<InvalidArgument>([] { (void)read_mesh(data("overlap.json")); },
                                  "simplices 0 and 1 overlap (their interiors intersect)");
    expect_error<InvalidArgument>(
        [] { (void)read_mesh(data("hanging.json")); },
        "boundary facet (0, 1) and simplex 1's boundary facet (0, 3) overlap without coinciding");
}

BOOST_AUTO_TEST_CASE(syntax_errors_name_the_json_path) {
    expect_error<ParseError>(
        [] {
            (void)parse_mesh_json(R"({"format":"relux-mesh","version":1,"dim":2,"vertices":[]})", "m.json");
        },
        "m.json: vertices: expected a non-empty array of vertices");
    expect_error<ParseError>(
        [] {
            (void)parse_mesh_json(
                R"({"format":"relux-mesh","version":1,"dim":2,"vertices":[{"x":["0"],"value":"1"}],"simplices":[[0]]})",
                "m.json");
        },
        "m.json: vertices[0].x: expected 2 coordinates (dim), got 1");
    expect_error<ParseError>(
        [] {
            (void)parse_mesh_json(
                R"({"format":"relux-mesh","version":1,"dim":1,"vertices":[{"x":["0"],"value":"1/0"}],"simplices":[[0]]})",
                "m.json");
        },
        "m.json: vertices[0].value:");
    expect_error<ParseError>([] { (void)parse_mesh_json(R"({"format":"mesh","version":1})", "m.json"); },
                             "m.json: format: expected \"relux-mesh\", got \"mesh\"");
    expect_error<ParseError>(
        [] { (void)parse_mesh_json(R"({"format":"relux-mesh","version":1,"dim":1,"colour":1})", "m.json"); },
        "unknown key \"colour\"");
    expect_error<ParseError>(
        [] {
            (void)parse_mesh_json(
                R"({"format":"relux-mesh","version":1,"dim":1,"vertices":[{"x":["0"],"value":"1"}],"simplices":[[0,-1]]})",
                "m.json");
        },
        "m.json: simplices[0][1]: expected a positive integer");
}

BOOST_AUTO_TEST_CASE(nonconvex_domains_are_recognized) {
    const Mesh m = read_mesh(data("nonconvex.json"));  // two triangles touching at a vertex
    const auto why = m.nonconvex_reason();
    BOOST_REQUIRE(why.has_value());
    BOOST_TEST(why->find("lies outside the boundary facet") != std::string::npos, *why);
}

BOOST_AUTO_TEST_CASE(three_dimensional_meshes_with_coplanar_points_and_thin_simplices) {
    Mesh cube = kuhn_cube();  // every face of the cube has four coplanar vertices
    BOOST_CHECK_NO_THROW(cube.validate());
    BOOST_TEST(!cube.nonconvex_reason().has_value());
    BOOST_TEST(cube.boundary_facets().size() == 12u);  // two triangles per square face
    // at (1/2, 1/4, 1/4) (tetrahedron 0, 1, 3, 7 of the order x >= y >= z) the barycentric
    // weights are 1/2, 1/4, 0, 1/4 on the values -3, -2, 6, 46
    BOOST_TEST(*cube.evaluate(Vector{R(1, 2), R(1, 4), R(1, 4)}) == R(19, 2));
    // a very thin cube: z in [0, 10^-12]
    Mesh thin = cube;
    for (Vector& v : thin.vertices) v[2] *= R(1, 1000000000000L);
    BOOST_CHECK_NO_THROW(thin.validate());
    // a seventh tetrahedron overlapping the others is detected
    Mesh bad = cube;
    bad.vertices.push_back(Vector{R(1, 2), R(1, 2), R(1, 2)});
    bad.values.push_back(R(0));
    bad.simplices.push_back({8, 1, 2, 4});
    expect_error<InvalidArgument>([&] { bad.validate(); }, "overlap");
}

BOOST_AUTO_TEST_CASE(kuhn_grids_are_valid_triangulations) {
    const auto seed = test::seed(31);
    std::mt19937_64 rng(seed);
    for (std::size_t d = 1; d <= 3; ++d) {
        Box box{Vector(d), Vector(d)};
        for (std::size_t i = 0; i < d; ++i) {
            box.lo[i] = R(-1, static_cast<long>(i + 1));
            box.hi[i] = R(2, static_cast<long>(i + 2));
        }
        const Grid g = sample_grid(box, 3, [&](const Vector&) { return test::random_rational(rng); });
        const Mesh m = grid_mesh(g);
        std::size_t fact = 1;
        for (std::size_t i = 2; i <= d; ++i) fact *= i;
        std::size_t cells = 1;
        for (std::size_t i = 0; i < d; ++i) cells *= 3;
        BOOST_TEST(m.simplices.size() == cells * fact);
        BOOST_CHECK_NO_THROW(m.validate());
        BOOST_TEST(!m.nonconvex_reason().has_value());
    }
    expect_error<InvalidArgument>(
        [] {
            (void)sample_grid(Box{Vector{R(0)}, Vector{R(1)}}, 0, [](const Vector&) { return Rational(0); });
        },
        "--n must be at least 1");
}
