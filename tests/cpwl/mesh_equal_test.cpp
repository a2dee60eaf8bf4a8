#define BOOST_TEST_MODULE mesh_equal
#include <boost/test/unit_test.hpp>

// Issue 5: on random 2-D and 3-D meshes that triangulate a box (Kuhn grids with perturbed interior
// vertices, boxes cut with extra degenerate interior points, very thin boxes) every form's network
// equals the interpolant exactly: all forms are proved pairwise equal on the box by equal_networks,
// and each form equals the test's own barycentric interpolation at every mesh vertex, at the
// barycenter of every simplex and at random rational points of the box.

#include "relux/certify/distance_nd.hpp"
#include "relux/cpwl/grid.hpp"
#include "relux/cpwl/mesh.hpp"
#include "relux/cpwl/mesh_network.hpp"
#include "relux/error.hpp"
#include "relux/net/evaluate.hpp"
#include "test_util.hpp"

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace relux;

namespace {

Rational R(long n, long d = 1) { return Rational(Integer(n), Integer(d)); }

/// Barycentric coordinates of x in the simplex (d + 1 points of dimension d), by exact Gaussian
/// elimination of sum_i l_i p_i = x, sum_i l_i = 1 (independent of Mesh::barycentric).
Vector barycentric(const std::vector<Vector>& p, const Vector& x) {
    const std::size_t d = x.size(), n = d + 1;
    std::vector<Vector> a(n, Vector(n + 1));
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t c = 0; c < n; ++c) a[r][c] = r < d ? p[c][r] : R(1);
        a[r][n] = r < d ? x[r] : R(1);
    }
    for (std::size_t c = 0; c < n; ++c) {
        std::size_t pivot = c;
        while (a[pivot][c].is_zero()) ++pivot;  // the simplex is non-degenerate
        std::swap(a[c], a[pivot]);
        for (std::size_t r = 0; r < n; ++r) {
            if (r == c || a[r][c].is_zero()) continue;
            const Rational f = a[r][c] / a[c][c];
            for (std::size_t k = c; k <= n; ++k) a[r][k] -= f * a[c][k];
        }
    }
    Vector l(n);
    for (std::size_t i = 0; i < n; ++i) l[i] = a[i][n] / a[i][i];
    return l;
}

/// The interpolant at x, computed in the test: the value on the first simplex whose barycentric
/// coordinates of x are all >= 0 (on shared faces all containing simplices agree).
std::optional<Rational> interpolate(const Mesh& m, const Vector& x) {
    for (const auto& s : m.simplices) {
        std::vector<Vector> p;
        for (std::size_t v : s) p.push_back(m.vertices[v]);
        const Vector l = barycentric(p, x);
        bool inside = true;
        for (const Rational& li : l) inside = inside && li.sign() >= 0;
        if (!inside) continue;
        Rational value;
        for (std::size_t i = 0; i < s.size(); ++i) value += l[i] * m.values[s[i]];
        return value;
    }
    return std::nullopt;
}

Vector random_point(const Box& b, std::mt19937_64& rng) {
    std::uniform_int_distribution<long> t(0, 97);
    Vector x(b.dim());
    for (std::size_t i = 0; i < b.dim(); ++i) x[i] = b.lo[i] + (b.hi[i] - b.lo[i]) * R(t(rng), 97);
    return x;
}

/// A Kuhn grid mesh of the box with n cells per axis and random values; interior vertices moved
/// by up to h/10 per axis (some left in place, so four coplanar points remain in 3-D).
Mesh perturbed_kuhn(const Box& box, std::size_t n, std::mt19937_64& rng) {
    Mesh m = grid_mesh(sample_grid(box, n, [&](const Vector&) { return test::random_rational(rng, 9, 4); }));
    std::uniform_int_distribution<long> shift(-10, 10);
    for (Vector& v : m.vertices) {
        bool interior = true;
        for (std::size_t i = 0; i < box.dim(); ++i)
            interior = interior && v[i] != box.lo[i] && v[i] != box.hi[i];
        if (!interior) continue;
        for (std::size_t i = 0; i < box.dim(); ++i)
            v[i] += (box.hi[i] - box.lo[i]) / R(static_cast<long>(n)) * R(shift(rng), 100);
    }
    return m;
}

/// The square [0,1]^2 cut at the points (1/2, 0) (on an edge, collinear with two corners) and
/// (1/2, 1/2) (on the diagonal, collinear with two corners): five triangles.
Mesh square_with_collinear_points(std::mt19937_64& rng) {
    Mesh m;
    m.dim = 2;
    m.vertices = {{R(0), R(0)}, {R(1, 2), R(0)}, {R(1), R(0)},
                  {R(1), R(1)}, {R(0), R(1)},    {R(1, 2), R(1, 2)}};
    for (std::size_t i = 0; i < m.vertices.size(); ++i) m.values.push_back(test::random_rational(rng));
    m.simplices = {{0, 1, 5}, {1, 2, 5}, {2, 3, 5}, {3, 4, 5}, {4, 0, 5}};
    return m;
}

/// The cube [0,1]^3 coned from its center to the 12 boundary triangles of its Kuhn triangulation
/// (the center is coplanar with pairs of cube edges); `thin` scales the z axis by 10^-12.
Mesh coned_cube(std::mt19937_64& rng, bool thin) {
    const Rational z = thin ? R(1, 1000000000000L) : R(1);
    Mesh m;
    m.dim = 3;
    for (int i = 0; i < 8; ++i) m.vertices.push_back({R(i & 1), R((i >> 1) & 1), R((i >> 2) & 1) * z});
    m.vertices.push_back({R(1, 2), R(1, 2), z / R(2)});
    for (std::size_t i = 0; i < m.vertices.size(); ++i) m.values.push_back(test::random_rational(rng));
    // Kuhn tetrahedra 0 < e_a < e_a + e_b < 7; their faces on the cube's boundary.
    Mesh kuhn;
    kuhn.dim = 3;
    kuhn.vertices.assign(m.vertices.begin(), m.vertices.begin() + 8);
    kuhn.values.assign(8, R(0));
    const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    for (const auto& p : perms) {
        std::vector<std::size_t> s{0};
        int v = 0;
        for (int a : p) s.push_back(static_cast<std::size_t>(v |= 1 << a));
        kuhn.simplices.push_back(s);
    }
    for (const auto& [s, opposite] : kuhn.boundary_facets()) {
        std::vector<std::size_t> t;
        for (std::size_t i = 0; i < 4; ++i)
            if (i != opposite) t.push_back(kuhn.simplices[s][i]);
        t.push_back(8);
        m.simplices.push_back(t);
    }
    return m;
}

/// Every network equals the interpolant: pairwise equal on the box (exact), and equal to the test's
/// interpolation at the vertices, at each simplex's barycenter and at random points.
void check_forms(const Mesh& m, const Box& box, const std::vector<std::pair<std::string, Network>>& nets,
                 std::mt19937_64& rng, int random_points) {
    BOOST_REQUIRE_NO_THROW(m.validate());
    // Equality is transitive: the first form against each other one proves them pairwise equal.
    for (std::size_t j = 1; j < nets.size(); ++j) {
        const EqualResult r = equal_networks(nets[0].second, nets[j].second, box);
        BOOST_TEST(r.equal, nets[0].first << " vs " << nets[j].first << ": differ at a witness");
        BOOST_TEST(!r.partial);
    }
    std::vector<Vector> points = m.vertices;
    for (const auto& s : m.simplices) {
        Vector c(m.dim);
        for (std::size_t v : s)
            for (std::size_t k = 0; k < m.dim; ++k) c[k] += m.vertices[v][k] / R(static_cast<long>(s.size()));
        points.push_back(c);
    }
    for (int t = 0; t < random_points; ++t) points.push_back(random_point(box, rng));
    for (std::size_t p = 0; p < points.size(); ++p) {
        const std::optional<Rational> expected = interpolate(m, points[p]);
        BOOST_REQUIRE(expected.has_value());
        if (p < m.vertices.size()) BOOST_TEST(*expected == m.values[p]);
        for (const auto& [name, net] : nets)
            BOOST_TEST(evaluate(net, points[p])[0] == *expected, name << " at point " << p);
    }
}

/// The lattice form, and the hat form when the mesh meets its precondition (convex vertex stars;
/// perturbed and coned meshes usually do not: then construct_mesh_network must say so).
std::vector<std::pair<std::string, Network>> mesh_forms(const Mesh& m, bool hat_required) {
    std::vector<std::pair<std::string, Network>> nets;
    nets.emplace_back("lattice", construct_mesh_network(m, MeshForm::lattice).net);
    // The same interpolant listed differently (simplices reversed, each simplex's vertices rotated)
    // gives a structurally different lattice network: equal_networks must prove it equal too.
    Mesh reordered = m;
    std::reverse(reordered.simplices.begin(), reordered.simplices.end());
    for (auto& s : reordered.simplices) std::rotate(s.begin(), s.begin() + 1, s.end());
    nets.emplace_back("lattice (reordered mesh)", construct_mesh_network(reordered, MeshForm::lattice).net);
    try {
        nets.emplace_back("hat", construct_mesh_network(m, MeshForm::hat).net);
    } catch (const InvalidArgument& e) {
        BOOST_TEST(!hat_required, e.what());
        BOOST_TEST(std::string(e.what()).find("convex vertex stars") != std::string::npos, e.what());
    }
    return nets;
}

Box make_box(std::vector<std::pair<Rational, Rational>> axes) {
    Box b;
    for (const auto& [lo, hi] : axes) {
        b.lo.push_back(lo);
        b.hi.push_back(hi);
    }
    return b;
}

}  // namespace

BOOST_AUTO_TEST_CASE(grid_and_mesh_forms_agree_on_kuhn_grids) {
    const auto seed = test::seed(501);
    std::mt19937_64 rng(seed);
    BOOST_TEST_CONTEXT("seed " << seed) {
        const Box boxes[] = {make_box({{R(-1, 2), R(1)}, {R(0), R(2, 3)}}),
                             make_box({{R(0), R(1)}, {R(0), R(1)}}),
                             make_box({{R(0), R(1)}, {R(0), R(1, 3)}, {R(-1), R(0)}})};
        const std::size_t cells[] = {2, 2, 1};
        for (std::size_t b = 0; b < 3; ++b) {
            BOOST_TEST_CONTEXT("box " << boxes[b].str()) {
                const Grid g = sample_grid(boxes[b], cells[b],
                                           [&](const Vector&) { return test::random_rational(rng, 9, 4); });
                const Mesh m = grid_mesh(g);
                auto nets = mesh_forms(m, true);
                for (GridForm form : {GridForm::arora, GridForm::hat})
                    nets.emplace_back("grid " + std::string(to_string(form)),
                                      construct_grid_network(g, form).net);
                check_forms(m, boxes[b], nets, rng, 40);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(perturbed_kuhn_meshes) {
    const auto seed = test::seed(502);
    std::mt19937_64 rng(seed);
    BOOST_TEST_CONTEXT("seed " << seed) {
        for (int rep = 0; rep < test::scaled(1); ++rep) {
            const Box square = make_box({{R(0), R(1)}, {R(-1, 3), R(1, 3)}});
            const Mesh m2 = perturbed_kuhn(square, 2, rng);
            BOOST_TEST_CONTEXT("2-D, repetition " << rep) {
                check_forms(m2, square, mesh_forms(m2, false), rng, 40);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(degenerate_positions_and_thin_simplices) {
    const auto seed = test::seed(503);
    std::mt19937_64 rng(seed);
    BOOST_TEST_CONTEXT("seed " << seed) {
        const Mesh sq = square_with_collinear_points(rng);
        BOOST_TEST_CONTEXT("square with collinear points") {
            check_forms(sq, make_box({{R(0), R(1)}, {R(0), R(1)}}), mesh_forms(sq, false), rng, 40);
        }
        for (bool thin : {false, true}) {
            const Mesh cube = coned_cube(rng, thin);
            const Rational z = thin ? R(1, 1000000000000L) : R(1);
            BOOST_TEST_CONTEXT("coned cube, thin " << thin) {
                check_forms(cube, make_box({{R(0), R(1)}, {R(0), R(1)}, {R(0), z}}), mesh_forms(cube, false),
                            rng, 30);
            }
        }
        // A very thin 2-D Kuhn grid: the strip [0, 1] x [0, 10^-9].
        const Box strip = make_box({{R(0), R(1)}, {R(0), R(1, 1000000000)}});
        const Mesh m = perturbed_kuhn(strip, 2, rng);
        BOOST_TEST_CONTEXT("thin strip") { check_forms(m, strip, mesh_forms(m, false), rng, 30); }
    }
}
