#define BOOST_TEST_MODULE compose
#include <boost/test/unit_test.hpp>

#include "relux/cpwl/circuit.hpp"
#include "relux/cpwl/compose.hpp"
#include "relux/error.hpp"
#include "relux/net/evaluate.hpp"
#include "test_util.hpp"

#include <algorithm>
#include <random>

using namespace relux;

namespace {

Rational R(long n, long d = 1) { return Rational(Integer(n), Integer(d)); }

Vector random_point(std::mt19937_64& rng, std::size_t d) {
    Vector x;
    for (std::size_t i = 0; i < d; ++i) x.push_back(test::random_rational(rng));
    return x;
}

Matrix random_matrix(std::mt19937_64& rng, std::size_t rows, std::size_t cols) {
    Matrix m(rows, cols);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j) m(i, j) = test::random_rational(rng, 5, 4);
    return m;
}

Rational affine_value(const Matrix& a, const Vector& b, std::size_t i, const Vector& x) {
    Rational v = b[i];
    for (std::size_t j = 0; j < x.size(); ++j) v += a(i, j) * x[j];
    return v;
}

template <class F>
void expect_message(F&& f, const std::string& part) {
    try {
        f();
        BOOST_ERROR("no error; expected one mentioning '" << part << "'");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find(part) != std::string::npos, "message: " << e.what());
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(max_and_min_of_affine_maps_are_exact_with_log2_depth) {
    const auto seed = test::seed(11);
    std::mt19937_64 rng(seed);
    BOOST_TEST_CONTEXT("seed " << seed) {
        for (std::size_t k = 1; k <= 9; ++k) {
            const std::size_t d = 1 + k % 3;
            const Matrix a = random_matrix(rng, k, d);
            Vector b;
            for (std::size_t i = 0; i < k; ++i) b.push_back(test::random_rational(rng));
            const Network mx = max_of_affine(a, b), mn = min_of_affine(a, b);
            BOOST_TEST(network_size(mx).hidden_layers == ceil_log2(k));
            BOOST_TEST(network_size(mn).hidden_layers == ceil_log2(k));
            for (int t = 0; t < test::scaled(40); ++t) {
                const Vector x = random_point(rng, d);
                Rational hi = affine_value(a, b, 0, x), lo = hi;
                for (std::size_t i = 1; i < k; ++i) {
                    hi = max(hi, affine_value(a, b, i, x));
                    lo = min(lo, affine_value(a, b, i, x));
                }
                BOOST_TEST(evaluate(mx, x)[0] == hi);
                BOOST_TEST(evaluate(mn, x)[0] == lo);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(parallel_sum_and_compose_agree_with_their_parts) {
    const auto seed = test::seed(12);
    std::mt19937_64 rng(seed);
    BOOST_TEST_CONTEXT("seed " << seed) {
        const Matrix a1 = random_matrix(rng, 3, 2), a2 = random_matrix(rng, 5, 2),
                     a3 = random_matrix(rng, 1, 2);
        const Vector b1{R(1), R(-2), R(1, 3)}, b2{R(0), R(1), R(2), R(3), R(-1, 2)}, b3{R(7)};
        const Network n1 = max_of_affine(a1, b1), n2 = min_of_affine(a2, b2), n3 = affine_network(a3, b3);
        const Network par = parallel({n1, n2, n3});
        BOOST_TEST(par.output_dim() == 3u);
        BOOST_TEST(network_size(par).hidden_layers == 3u);  // min of 5 needs 3
        const Network sum = sum_outputs(par);
        Matrix m(2, 3);
        m(0, 0) = 2;
        m(0, 2) = -1;
        m(1, 1) = R(1, 2);
        const Network comb = linear_combination(par, m, Vector{R(1), R(0)});
        // max of the three outputs, composed after the parallel network
        const Network outer = max_of_affine(Matrix::identity(3), Vector(3));
        const Network top = compose(outer, par);
        BOOST_TEST(network_size(top).hidden_layers == 3u + 2u);
        for (int t = 0; t < test::scaled(60); ++t) {
            const Vector x = random_point(rng, 2);
            const Rational y1 = evaluate(n1, x)[0], y2 = evaluate(n2, x)[0], y3 = evaluate(n3, x)[0];
            BOOST_TEST(evaluate(par, x) == (Vector{y1, y2, y3}));
            BOOST_TEST(evaluate(sum, x)[0] == y1 + y2 + y3);
            BOOST_TEST(evaluate(comb, x) == (Vector{2 * y1 - y3 + 1, R(1, 2) * y2}));
            BOOST_TEST(evaluate(top, x)[0] == max(y1, max(y2, y3)));
        }
    }
}

BOOST_AUTO_TEST_CASE(padding_passes_values_exactly_through_extra_layers) {
    const Network n = affine_network(Matrix::identity(2), Vector{R(-1), R(1, 2)});
    const Network p = pad_hidden_layers(n, 3);
    BOOST_TEST(network_size(p).hidden_layers == 3u);
    BOOST_TEST(network_size(p).neurons == 12u);  // 2 per output and layer
    for (const Vector& x : {Vector{R(-5), R(3)}, Vector{R(0), R(0)}, Vector{R(7, 3), R(-1, 9)}})
        BOOST_TEST(evaluate(p, x) == evaluate(n, x));
}

BOOST_AUTO_TEST_CASE(circuit_deduplicates_neurons_and_compiles_exactly) {
    ReluCircuit c(2);
    const CircuitValue x = c.input(0), y = c.input(1);
    const CircuitValue r1 = c.relu(x - y), r2 = c.relu(Rational(3) * (x - y));
    BOOST_TEST(c.neuron_count() == 1u);                             // relu(3 v) = 3 relu(v)
    const CircuitValue r3 = c.relu(r1 + ReluCircuit::constant(2));  // certainly >= 0: no neuron
    BOOST_TEST(c.neuron_count() == 1u);
    BOOST_TEST((c.relu(-r1) == ReluCircuit::constant(0)));
    // a value of depth 2 next to an affine output: the affine part is passed through
    const CircuitValue deep = c.relu(r1 - y);
    const Network net = c.compile({deep + x, r2 + r3, x + y + ReluCircuit::constant(1)});
    BOOST_TEST(network_size(net).hidden_layers == 2u);
    std::mt19937_64 rng(test::seed(13));
    for (int t = 0; t < test::scaled(50); ++t) {
        const Vector p = random_point(rng, 2);
        const Vector out = evaluate(net, p);
        const Rational rx = max(p[0] - p[1], Rational(0));
        BOOST_TEST(out[0] == max(rx - p[1], Rational(0)) + p[0]);
        BOOST_TEST(out[1] == 4 * rx + 2);
        BOOST_TEST(out[2] == p[0] + p[1] + 1);
        BOOST_TEST(c.evaluate(deep + x, p) == out[0]);
    }
    // no neuron at all: one identity layer
    const Network affine = c.compile({Rational(2) * x - y});
    BOOST_TEST(affine.layers.size() == 1u);
    BOOST_TEST(evaluate(affine, Vector{R(1), R(5)})[0] == R(-3));
}

BOOST_AUTO_TEST_CASE(helpers_reject_networks_that_do_not_fit) {
    const Network n2 = affine_network(Matrix::identity(2), Vector(2));
    const Network n3 = affine_network(Matrix::identity(3), Vector(3));
    expect_message([&] { (void)parallel({n2, n3}); }, "network 2 has 3 inputs; expected 2 like network 1");
    expect_message([&] { (void)compose(n2, n3); },
                   "the inner network has 3 outputs but the outer network expects 2 inputs");
    expect_message([&] { (void)linear_combination(n2, Matrix(1, 3), Vector(1)); },
                   "do not fit a network with 2 outputs");
    expect_message([&] { (void)max_of_affine(Matrix(2, 2), Vector(3)); }, "3 offsets for 2 maps");
    expect_message([&] { (void)affine_network(Matrix(2, 2), Vector(1)); },
                   "the offset has 1 entries; expected 2");
    Network bad = n2;
    bad.layers.back().activation = Activation::relu;
    expect_message([&] { (void)sum_outputs(bad); },
                   "layers[0] has activation relu; expected identity (the output layer)");
    expect_message([&] { (void)pad_hidden_layers(max_of_affine(Matrix::identity(4), Vector(4)), 1); },
                   "cannot pad a network with 2 hidden layers to 1");
    expect_message([&] { (void)parallel({}); }, "expected at least one network");
}
