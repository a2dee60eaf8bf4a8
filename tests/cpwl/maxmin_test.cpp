#define BOOST_TEST_MODULE maxmin
#include <boost/test/unit_test.hpp>

#include "relux/cpwl/maxmin.hpp"
#include "relux/cpwl/mesh.hpp"
#include "relux/cpwl/mesh_network.hpp"
#include "relux/error.hpp"
#include "relux/net/evaluate.hpp"
#include "test_util.hpp"

#include <algorithm>
#include <random>

using namespace relux;

namespace {

Rational R(long n, long d = 1) { return Rational(Integer(n), Integer(d)); }

std::string data(const std::string& name) { return std::string(RELUX_TEST_DATA_DIR) + "/mesh/" + name; }

/// Random points of simplex s (random non-negative barycentric weights, some zero: faces too).
std::vector<Vector> points_in(const Mesh& m, std::size_t s, std::mt19937_64& rng, int count) {
    std::vector<Vector> out;
    std::uniform_int_distribution<long> w(0, 9);
    for (int t = 0; t < count; ++t) {
        std::vector<Rational> lambda;
        Rational total;
        for (std::size_t k = 0; k <= m.dim; ++k) {
            lambda.push_back(R(w(rng)));
            total += lambda.back();
        }
        if (total.is_zero()) continue;
        Vector x(m.dim);
        for (std::size_t k = 0; k <= m.dim; ++k)
            for (std::size_t c = 0; c < m.dim; ++c)
                x[c] += lambda[k] / total * m.vertices[m.simplices[s][k]][c];
        out.push_back(std::move(x));
    }
    return out;
}

/// f(x) for x in simplex s, by barycentric coordinates (independent of Mesh::evaluate's search).
Rational interpolant(const Mesh& m, std::size_t s, const Vector& x) {
    const Vector lambda = m.barycentric(s, x);
    Rational v;
    for (std::size_t k = 0; k <= m.dim; ++k) v += lambda[k] * m.values[m.simplices[s][k]];
    return v;
}

/// Checks that net equals the interpolant at every vertex and at random points of every simplex.
void expect_equal_on_mesh(const Network& net, const Mesh& m, std::mt19937_64& rng, int per_simplex) {
    for (std::size_t v = 0; v < m.vertices.size(); ++v)
        BOOST_TEST(evaluate(net, m.vertices[v])[0] == m.values[v]);
    for (std::size_t s = 0; s < m.simplices.size(); ++s)
        for (const Vector& x : points_in(m, s, rng, per_simplex))
            BOOST_TEST(evaluate(net, x)[0] == interpolant(m, s, x));
}

/// A triangle split at random interior points (1-to-3 splits): irregular and often thin triangles.
Mesh random_split_mesh(std::mt19937_64& rng, int splits) {
    Mesh m;
    m.dim = 2;
    m.vertices = {Vector{R(0), R(0)}, Vector{R(4), R(0)}, Vector{R(0), R(4)}, Vector{R(4), R(4)}};
    m.simplices = {{0, 1, 2}, {1, 3, 2}};
    std::uniform_int_distribution<long> w(1, 20);
    for (int i = 0; i < splits; ++i) {
        const std::size_t s = std::uniform_int_distribution<std::size_t>(0, m.simplices.size() - 1)(rng);
        const auto tri = m.simplices[s];
        const Rational a = R(w(rng)), b = R(w(rng)), c = R(w(rng)), t = a + b + c;
        Vector p(2);
        for (std::size_t k = 0; k < 2; ++k)
            p[k] = (a * m.vertices[tri[0]][k] + b * m.vertices[tri[1]][k] + c * m.vertices[tri[2]][k]) / t;
        const std::size_t n = m.vertices.size();
        m.vertices.push_back(p);
        m.simplices[s] = {tri[0], tri[1], n};
        m.simplices.push_back({tri[1], tri[2], n});
        m.simplices.push_back({tri[2], tri[0], n});
    }
    for (std::size_t v = 0; v < m.vertices.size(); ++v) m.values.push_back(test::random_rational(rng, 9, 3));
    return m;
}

/// A rectilinear n x n grid with random spacing (some gaps 10^-9: thin triangles), Kuhn-split.
Mesh random_grid_mesh(std::mt19937_64& rng, std::size_t n) {
    std::vector<Vector> axis(2);
    for (auto& a : axis) {
        Rational x = test::random_rational(rng, 5, 2);
        for (std::size_t i = 0; i <= n; ++i) {
            a.push_back(x);
            x += std::uniform_int_distribution<int>(0, 3)(rng) == 0
                     ? R(1, 1000000000)
                     : R(std::uniform_int_distribution<long>(1, 9)(rng), 4);
        }
    }
    Mesh m;
    m.dim = 2;
    for (std::size_t j = 0; j <= n; ++j)
        for (std::size_t i = 0; i <= n; ++i) {
            m.vertices.push_back(Vector{axis[0][i], axis[1][j]});
            m.values.push_back(test::random_rational(rng, 9, 3));
        }
    auto id = [&](std::size_t i, std::size_t j) { return i + (n + 1) * j; };
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t i = 0; i < n; ++i) {
            m.simplices.push_back({id(i, j), id(i + 1, j), id(i + 1, j + 1)});
            m.simplices.push_back({id(i, j), id(i, j + 1), id(i + 1, j + 1)});
        }
    return m;
}

Mesh kuhn_cube(std::mt19937_64& rng, Rational height) {
    Mesh m;
    m.dim = 3;
    for (int i = 0; i < 8; ++i) {
        m.vertices.push_back(Vector{R(i & 1), R((i >> 1) & 1), height * R((i >> 2) & 1)});
        m.values.push_back(test::random_rational(rng, 9, 4));
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

/// kuhn_cube with random interior points inserted (each splits its tetrahedron into four).
Mesh random_split_mesh_3d(std::mt19937_64& rng, int splits) {
    Mesh m = kuhn_cube(rng, R(1));
    std::uniform_int_distribution<long> w(1, 20);
    for (int i = 0; i < splits; ++i) {
        const std::size_t s = std::uniform_int_distribution<std::size_t>(0, m.simplices.size() - 1)(rng);
        const auto tet = m.simplices[s];
        Vector p(3);
        Rational total;
        std::vector<Rational> lambda;
        for (int k = 0; k < 4; ++k) {
            lambda.push_back(R(w(rng)));
            total += lambda.back();
        }
        for (int k = 0; k < 4; ++k)
            for (std::size_t c = 0; c < 3; ++c)
                p[c] += lambda[static_cast<std::size_t>(k)] / total *
                        m.vertices[tet[static_cast<std::size_t>(k)]][c];
        const std::size_t n = m.vertices.size();
        m.vertices.push_back(p);
        m.values.push_back(test::random_rational(rng, 9, 4));
        for (std::size_t k = 0; k < 4; ++k) {
            auto t = tet;
            t[k] = n;
            if (k == 0) m.simplices[s] = t;
            else m.simplices.push_back(t);
        }
    }
    return m;
}

/// A rectilinear 2 x 2 x 2 grid with random spacing (some gaps 10^-9), Kuhn-split: 48 tetrahedra.
Mesh random_grid_mesh_3d(std::mt19937_64& rng) {
    std::vector<Vector> axis(3);
    for (auto& a : axis) {
        Rational x = test::random_rational(rng, 5, 2);
        for (int i = 0; i <= 2; ++i) {
            a.push_back(x);
            x += std::uniform_int_distribution<int>(0, 2)(rng) == 0
                     ? R(1, 1000000000)
                     : R(std::uniform_int_distribution<long>(1, 9)(rng), 4);
        }
    }
    Mesh m;
    m.dim = 3;
    auto id = [](std::size_t i, std::size_t j, std::size_t k) { return i + 3 * j + 9 * k; };
    for (std::size_t k = 0; k <= 2; ++k)
        for (std::size_t j = 0; j <= 2; ++j)
            for (std::size_t i = 0; i <= 2; ++i) {
                m.vertices.push_back(Vector{axis[0][i], axis[1][j], axis[2][k]});
                m.values.push_back(test::random_rational(rng, 9, 3));
            }
    const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    for (std::size_t k = 0; k < 2; ++k)
        for (std::size_t j = 0; j < 2; ++j)
            for (std::size_t i = 0; i < 2; ++i)
                for (const auto& p : perms) {
                    std::size_t c[3] = {i, j, k};
                    std::vector<std::size_t> s{id(c[0], c[1], c[2])};
                    for (int a : p) {
                        ++c[a];
                        s.push_back(id(c[0], c[1], c[2]));
                    }
                    m.simplices.push_back(s);
                }
    return m;
}

}  // namespace

BOOST_AUTO_TEST_CASE(simplex_based_index_sets_can_fail_and_the_cell_based_ones_do_not) {
    const Mesh m = read_mesh(data("lattice_counterexample.json"));
    const Vector corner{R(8), R(0)};
    BOOST_TEST(*m.evaluate(corner) == R(0));
    // S_k = { j : l_j >= l_k on simplex k }: for the simplex (9,2), (9,3), (10,3) the set holds
    // the pieces -x - y + 11 and -x - y + 10, whose minimum at (8, 0) is 2 > f(8, 0) = 0.
    BOOST_TEST(lattice_form_by_simplex(m)(corner) == R(2));
    const LatticeForm lf = lattice_form(m);
    BOOST_TEST(lf(corner) == R(0));
    std::mt19937_64 rng(test::seed(41));
    for (std::size_t s = 0; s < m.simplices.size(); ++s)
        for (const Vector& x : points_in(m, s, rng, 20)) BOOST_TEST(lf(x) == interpolant(m, s, x));
    const MeshConstruction c = construct_mesh_network(m, MeshForm::lattice);
    expect_equal_on_mesh(c.net, m, rng, 20);
    BOOST_TEST(c.size.hidden_layers == c.theory_hidden_layers);
}

BOOST_AUTO_TEST_CASE(lattice_and_hat_networks_equal_random_2d_interpolants) {
    const auto seed = test::seed(42);
    std::mt19937_64 rng(seed);
    BOOST_TEST_CONTEXT("seed " << seed) {
        for (int trial = 0; trial < test::scaled(4); ++trial) {
            const Mesh grid = random_grid_mesh(rng, 2);
            BOOST_REQUIRE_NO_THROW(grid.validate());
            for (MeshForm form : {MeshForm::lattice, MeshForm::hat}) {
                const MeshConstruction c = construct_mesh_network(grid, form);
                BOOST_TEST(c.size.hidden_layers <= c.theory_hidden_layers);
                expect_equal_on_mesh(c.net, grid, rng, 8);
            }
            const Mesh split = random_split_mesh(rng, 3);
            BOOST_REQUIRE_NO_THROW(split.validate());
            const MeshConstruction c = construct_mesh_network(split, MeshForm::lattice);
            expect_equal_on_mesh(c.net, split, rng, 8);
        }
    }
}

BOOST_AUTO_TEST_CASE(lattice_and_hat_networks_equal_3d_interpolants_on_thin_cubes) {
    const auto seed = test::seed(43);
    std::mt19937_64 rng(seed);
    BOOST_TEST_CONTEXT("seed " << seed) {
        for (const Rational& height : {R(1), R(1, 1000000)}) {
            const Mesh cube = kuhn_cube(rng, height);
            BOOST_REQUIRE_NO_THROW(cube.validate());
            for (MeshForm form : {MeshForm::lattice, MeshForm::hat}) {
                const MeshConstruction c = construct_mesh_network(cube, form);
                expect_equal_on_mesh(c.net, cube, rng, 10);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(random_3d_meshes) {
    const auto seed = test::seed(45);
    std::mt19937_64 rng(seed);
    BOOST_TEST_CONTEXT("seed " << seed) {
        const Mesh split = random_split_mesh_3d(rng, 2);  // irregular tetrahedra, coplanar cube faces
        BOOST_REQUIRE_NO_THROW(split.validate());
        expect_equal_on_mesh(construct_mesh_network(split, MeshForm::lattice).net, split, rng, 6);
        const Mesh grid = random_grid_mesh_3d(rng);  // thin tetrahedra
        BOOST_REQUIRE_NO_THROW(grid.validate());
        expect_equal_on_mesh(construct_mesh_network(grid, MeshForm::hat).net, grid, rng, 6);
    }
}

BOOST_AUTO_TEST_CASE(forms_refuse_meshes_outside_their_theory) {
    const Mesh nonconvex = read_mesh(data("nonconvex.json"));
    for (MeshForm form : {MeshForm::lattice, MeshForm::hat}) {
        try {
            (void)construct_mesh_network(nonconvex, form);
            BOOST_ERROR("no error");
        } catch (const InvalidArgument& e) {
            BOOST_TEST(std::string(e.what()).find("needs a convex domain, but vertex") != std::string::npos,
                       e.what());
        }
    }
    // a square with a vertex pushed inward along a diagonal: the pushed vertex's star is not convex
    Mesh m;
    m.dim = 2;
    m.vertices = {Vector{R(0), R(0)}, Vector{R(2), R(0)}, Vector{R(2), R(2)}, Vector{R(0), R(2)},
                  Vector{R(1), R(1, 4)}};
    m.values = {R(0), R(1), R(2), R(3), R(4)};
    m.simplices = {{0, 1, 4}, {1, 2, 4}, {2, 3, 4}, {3, 0, 4}};
    BOOST_REQUIRE_NO_THROW(m.validate());
    try {
        (void)construct_mesh_network(m, MeshForm::hat);
        BOOST_ERROR("no error");
    } catch (const InvalidArgument& e) {
        BOOST_TEST(std::string(e.what()).find(
                       "the hat form needs convex vertex stars, but the star of vertex") != std::string::npos,
                   e.what());
    }
    std::mt19937_64 rng(test::seed(44));
    expect_equal_on_mesh(construct_mesh_network(m, MeshForm::lattice).net, m, rng, 10);
}
