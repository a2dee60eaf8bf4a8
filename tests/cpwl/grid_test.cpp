#define BOOST_TEST_MODULE grid
#include <boost/test/unit_test.hpp>

#include "relux/cpwl/compose.hpp"
#include "relux/cpwl/grid.hpp"
#include "relux/net/evaluate.hpp"
#include "test_util.hpp"

#include <random>

using namespace relux;

namespace {

Rational R(long n, long d = 1) { return Rational(Integer(n), Integer(d)); }

Box make_box(std::size_t d) {
    Box b{Vector(d), Vector(d)};
    for (std::size_t i = 0; i < d; ++i) {
        b.lo[i] = R(-1, static_cast<long>(i + 2));
        b.hi[i] = R(static_cast<long>(i + 1), 3);
    }
    return b;
}

/// A random point of the box (including its boundary) with small denominators.
Vector random_point(const Box& b, std::mt19937_64& rng) {
    std::uniform_int_distribution<long> t(0, 24);
    Vector x(b.dim());
    for (std::size_t i = 0; i < b.dim(); ++i) x[i] = b.lo[i] + (b.hi[i] - b.lo[i]) * R(t(rng), 24);
    return x;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_grid_form_equals_the_kuhn_interpolant_on_the_box) {
    const auto seed = test::seed(51);
    std::mt19937_64 rng(seed);
    BOOST_TEST_CONTEXT("seed " << seed) {
        const std::size_t cells[] = {0, 5, 3, 2, 1};
        for (std::size_t d = 1; d <= 4; ++d) {
            const Box box = make_box(d);
            const Grid g =
                sample_grid(box, cells[d], [&](const Vector&) { return test::random_rational(rng, 9, 4); });
            const Mesh m = grid_mesh(g);
            std::vector<GridForm> forms{GridForm::arora, GridForm::hat};
            if (d == 1) forms.push_back(GridForm::lattice);
            for (GridForm form : forms) {
                BOOST_TEST_CONTEXT("d = " << d << ", form " << to_string(form)) {
                    const MeshConstruction c = construct_grid_network(g, form);
                    if (form != GridForm::lattice) {
                        BOOST_TEST(c.size.hidden_layers == c.theory_hidden_layers);
                        const NetworkSize planned = grid_network_size(g, form);
                        BOOST_TEST(planned.neurons == c.size.neurons);
                        BOOST_TEST(planned.width == c.size.width);
                        BOOST_TEST(planned.hidden_layers == c.size.hidden_layers);
                    }
                    for (std::size_t v = 0; v < m.vertices.size(); ++v)
                        BOOST_TEST(evaluate(c.net, m.vertices[v])[0] == m.values[v]);
                    for (int t = 0; t < test::scaled(d <= 2 ? 150 : 60); ++t) {
                        const Vector x = random_point(box, rng);
                        BOOST_TEST(evaluate(c.net, x)[0] == *m.evaluate(x));
                    }
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(lattice_form_of_a_small_2d_grid) {
    std::mt19937_64 rng(test::seed(53));
    const Grid g =
        sample_grid(make_box(2), 2, [&](const Vector&) { return test::random_rational(rng, 9, 4); });
    const Mesh m = grid_mesh(g);
    const MeshConstruction c = construct_grid_network(g, GridForm::lattice);
    for (std::size_t v = 0; v < m.vertices.size(); ++v)
        BOOST_TEST(evaluate(c.net, m.vertices[v])[0] == m.values[v]);
    for (int t = 0; t < test::scaled(100); ++t) {
        const Vector x = random_point(g.box, rng);
        BOOST_TEST(evaluate(c.net, x)[0] == *m.evaluate(x));
    }
}

BOOST_AUTO_TEST_CASE(arora_form_has_the_depth_of_arora_et_al) {
    // ceil(log2(d + 1)) hidden layers: 1 for d = 1, 2 for d = 2, 3; the hat form one more.
    for (std::size_t d = 1; d <= 3; ++d) {
        const Grid g = sample_grid(make_box(d), 2, [](const Vector& x) {
            Rational s;
            for (const Rational& c : x) s += c * c;
            return s;
        });
        BOOST_TEST(construct_grid_network(g, GridForm::arora).size.hidden_layers == ceil_log2(d + 1));
        BOOST_TEST(construct_grid_network(g, GridForm::hat).size.hidden_layers == ceil_log2(d + 1) + 1);
    }
}

BOOST_AUTO_TEST_CASE(affine_data_gives_a_small_network) {
    // f = 2 x1 - x2 + 1 is affine: the difference operator of the arora identity annihilates
    // affine data, so the 3^2 translates u in {1..3}^2 (all of whose shifts u - w are grid
    // vertices) get alpha_u = 0: at most 7^2 - 3^2 = 40 terms remain
    const Grid g = sample_grid(make_box(2), 4, [](const Vector& x) { return 2 * x[0] - x[1] + 1; });
    const MeshConstruction c = construct_grid_network(g, GridForm::arora);
    std::mt19937_64 rng(test::seed(52));
    for (int t = 0; t < 50; ++t) {
        const Vector x = random_point(g.box, rng);
        BOOST_TEST(evaluate(c.net, x)[0] == 2 * x[0] - x[1] + 1);
    }
    BOOST_TEST(c.terms <= 40u);
}
