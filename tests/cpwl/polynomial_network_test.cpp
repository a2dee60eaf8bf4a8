#define BOOST_TEST_MODULE polynomial_network
#include <boost/test/unit_test.hpp>

#include "relux/certify/expression.hpp"
#include "relux/cpwl/polynomial_network.hpp"
#include "relux/error.hpp"
#include "relux/net/evaluate.hpp"
#include "test_util.hpp"

#include <random>
#include <string>

using namespace relux;

namespace {

Rational q(long num, long den = 1) { return Rational(Integer(num), Integer(den)); }

/// A layer from rows of weights.
Layer layer(std::vector<std::vector<Rational>> w, Vector b, Activation a, bool residual = false) {
    Layer l;
    l.weights = Matrix(w.size(), w.front().size());
    for (std::size_t i = 0; i < w.size(); ++i)
        for (std::size_t j = 0; j < w[i].size(); ++j) l.weights(i, j) = w[i][j];
    l.bias = std::move(b);
    l.activation = a;
    l.residual = residual;
    return l;
}

Network network(std::size_t input_dim, std::vector<Layer> layers, OutputKind out = OutputKind::identity) {
    Network n;
    n.input_dim = input_dim;
    n.layers = std::move(layers);
    n.output = out;
    return n;
}

/// A random square/identity network: `hidden` layers (random widths 1..3, square or identity,
/// residual when square-shaped, half of the time), then an identity layer with 1 or 2 outputs.
Network random_network(std::mt19937_64& rng, std::size_t inputs, std::size_t hidden) {
    std::uniform_int_distribution<int> width(1, 3), coin(0, 1);
    Network n;
    n.input_dim = inputs;
    std::size_t previous = inputs;
    for (std::size_t k = 0; k <= hidden; ++k) {
        const bool last = k == hidden;
        const std::size_t rows = last ? static_cast<std::size_t>(coin(rng) + 1)
                                      : (coin(rng) ? previous : static_cast<std::size_t>(width(rng)));
        Layer l;
        l.weights = Matrix(rows, previous);
        for (std::size_t i = 0; i < rows; ++i)
            for (std::size_t j = 0; j < previous; ++j) l.weights(i, j) = test::random_rational(rng, 3, 4);
        for (std::size_t i = 0; i < rows; ++i) l.bias.push_back(test::random_rational(rng, 3, 4));
        l.activation = last ? Activation::identity : (coin(rng) ? Activation::square : Activation::identity);
        l.residual = rows == previous && coin(rng) == 1;
        n.layers.push_back(std::move(l));
        previous = rows;
    }
    n.validate();
    return n;
}

template <class F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no exception)";
}

}  // namespace

BOOST_AUTO_TEST_CASE(hand_example_one_input) {
    // (x + 1)^2 + x = x^2 + 3x + 1, squared = x^4 + 6x^3 + 11x^2 + 6x + 1, then (y - 1)/2.
    const Network net =
        network(1, {layer({{1}}, {1}, Activation::square, true), layer({{1}}, {0}, Activation::square),
                    layer({{q(1, 2)}}, {q(-1, 2)}, Activation::identity)});
    const auto polys = expand_polynomial(net);
    BOOST_REQUIRE_EQUAL(polys.size(), 1u);
    BOOST_TEST(polys[0].degree() == 4u);
    BOOST_TEST(polys[0].univariate_coefficients() == (Vector{0, 3, q(11, 2), 3, q(1, 2)}));
    BOOST_TEST(polynomial_text(polys[0]) == "1/2*x^4 + 3*x^3 + 11/2*x^2 + 3*x");
    BOOST_TEST(polys[0].evaluate({q(2, 3)}) == evaluate(net, {q(2, 3)})[0]);
}

BOOST_AUTO_TEST_CASE(polarization_gives_the_product) {
    // ((x1 + x2)^2 - (x1 - x2)^2)/4 = x1 x2, and a residual square layer on top: x1 x2 + (x1 x2)^2.
    const Network product = network(2, {layer({{1, 1}, {1, -1}}, {0, 0}, Activation::square),
                                        layer({{q(1, 4), q(-1, 4)}}, {0}, Activation::identity)});
    const auto p = expand_polynomial(product);
    BOOST_TEST(polynomial_text(p[0]) == "x1*x2");
    Network more = product;
    more.layers.push_back(layer({{1}}, {0}, Activation::square, true));
    const auto r = expand_polynomial(more);
    BOOST_TEST(polynomial_text(r[0]) == "x1^2*x2^2 + x1*x2");
    BOOST_TEST(r[0].terms.size() == 2u);
    BOOST_TEST(r[0].degree() == 4u);
}

BOOST_AUTO_TEST_CASE(text_signs_constants_and_zero) {
    const Network net = network(2, {layer({{q(-1, 2), 3}, {0, 0}}, {7, 0}, Activation::identity)});
    const auto p = expand_polynomial(net);
    BOOST_TEST(polynomial_text(p[0]) == "-1/2*x1 + 3*x2 + 7");
    BOOST_TEST(polynomial_text(p[1]) == "0");
    BOOST_TEST(p[1].terms.empty());
    BOOST_TEST(p[1].degree() == 0u);
}

BOOST_AUTO_TEST_CASE(random_networks_equal_exact_evaluation) {
    const auto s = test::seed(20261201);
    BOOST_TEST_CONTEXT("seed " << s) {
        std::mt19937_64 rng(s);
        for (int trial = 0; trial < test::scaled(60); ++trial) {
            const std::size_t inputs = 1 + trial % 3, hidden = 1 + trial % 3;
            const Network net = random_network(rng, inputs, hidden);
            const auto polys = expand_polynomial(net);
            BOOST_REQUIRE_EQUAL(polys.size(), net.output_dim());
            for (int point = 0; point < 5; ++point) {
                Vector x;
                for (std::size_t i = 0; i < inputs; ++i) x.push_back(test::random_rational(rng, 7, 5));
                const Vector y = evaluate(net, x);
                for (std::size_t o = 0; o < polys.size(); ++o) {
                    BOOST_TEST_CONTEXT("trial " << trial << " output " << o) {
                        BOOST_TEST(polys[o].evaluate(x) == y[o]);
                        // the printed text, parsed back and evaluated by the expression code
                        const auto parsed = Expr::parse(polynomial_text(polys[o]), inputs).eval_exact(x);
                        BOOST_REQUIRE(parsed.has_value());
                        BOOST_TEST(*parsed == y[o]);
                    }
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(relu_leaky_and_softmax_are_rejected) {
    const Network relu =
        network(1, {layer({{1}}, {0}, Activation::square), layer({{1}}, {0}, Activation::relu),
                    layer({{1}}, {0}, Activation::identity)});
    BOOST_TEST(message_of([&] { expand_polynomial(relu); }) ==
               "layer 2 has activation relu: a polynomial network allows only square and identity");
    Network leaky =
        network(1, {layer({{1}}, {0}, Activation::leaky_relu), layer({{1}}, {0}, Activation::identity)});
    leaky.layers[0].slope = q(1, 100);
    BOOST_TEST(message_of([&] { expand_polynomial(leaky); }) ==
               "layer 1 has activation leaky_relu: a polynomial network allows only square and identity");
    const Network soft = network(1, {layer({{1}, {2}}, {0, 0}, Activation::identity)}, OutputKind::softmax);
    BOOST_TEST(message_of([&] { expand_polynomial(soft); }) ==
               "the network has a softmax output: it is not a polynomial (expected output identity)");
    BOOST_CHECK_THROW(expand_polynomial(relu), InvalidArgument);
    MultiPolynomial two = MultiPolynomial::variable(2, 0);
    BOOST_TEST(message_of([&] { two.univariate_coefficients(); }) ==
               "a polynomial in 2 variables has no univariate coefficients (expected 1 variable)");
    BOOST_TEST(message_of([&] { two.evaluate({1}); }) ==
               "polynomial in 2 variables evaluated at a point with 1 coordinates");
}
