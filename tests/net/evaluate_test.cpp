#define BOOST_TEST_MODULE net_evaluate
#include <boost/test/unit_test.hpp>

#include "relux/error.hpp"
#include "relux/net/evaluate.hpp"
#include "test_util.hpp"

#include <random>
#include <string>

using relux::Activation;
using relux::ActivationPattern;
using relux::AffineMap;
using relux::Integer;
using relux::Layer;
using relux::Matrix;
using relux::Network;
using relux::NeuronState;
using relux::Rational;
using relux::Vector;

namespace {

Rational q(const char* text) { return Rational::parse(text); }

Matrix matrix(std::initializer_list<std::initializer_list<const char*>> rows) {
    Matrix m(rows.size(), rows.begin()->size());
    std::size_t i = 0;
    for (const auto& row : rows) {
        std::size_t j = 0;
        for (const char* v : row) m(i, j++) = q(v);
        ++i;
    }
    return m;
}

Vector vec(std::initializer_list<const char*> values) {
    Vector v;
    for (const char* x : values) v.push_back(q(x));
    return v;
}

Layer layer(Matrix w, Vector b, Activation a, bool residual = false, Rational slope = 0) {
    Layer l;
    l.weights = std::move(w);
    l.bias = std::move(b);
    l.activation = a;
    l.residual = residual;
    l.slope = std::move(slope);
    return l;
}

/// 2-3-1: hidden relu W1 = [[1, -1/3], [2/7, 1], [-1, -1]], b1 = [1/3, -2/7, 0];
/// output identity W2 = [[1, -2, 1/3]], b2 = [1/7].
Network net_2_3_1() {
    Network net;
    net.input_dim = 2;
    net.layers.push_back(layer(matrix({{"1", "-1/3"}, {"2/7", "1"}, {"-1", "-1"}}), vec({"1/3", "-2/7", "0"}),
                               Activation::relu));
    net.layers.push_back(layer(matrix({{"1", "-2", "1/3"}}), vec({"1/7"}), Activation::identity));
    net.validate();
    return net;
}

/// A random network of the given activations; residual layers only where square.
Network random_network(std::mt19937_64& rng, bool allow_square) {
    Network net;
    net.input_dim = 1 + rng() % 3;
    std::size_t width = net.input_dim;
    const std::size_t depth = 1 + rng() % 4;
    for (std::size_t li = 0; li < depth; ++li) {
        const bool last = li + 1 == depth;
        const bool residual = !last && rng() % 4 == 0;
        const std::size_t rows = last ? 1 + rng() % 2 : (residual ? width : 1 + rng() % 4);
        Layer l;
        l.weights = Matrix(rows, width);
        for (std::size_t i = 0; i < rows; ++i)
            for (std::size_t j = 0; j < width; ++j) l.weights(i, j) = relux::test::random_rational(rng, 9, 7);
        for (std::size_t i = 0; i < rows; ++i) l.bias.push_back(relux::test::random_rational(rng, 9, 7));
        const unsigned pick = rng() % (allow_square ? 4 : 3);
        l.activation =
            last ? Activation::identity
                 : (pick == 0 ? Activation::leaky_relu
                              : (pick == 3 ? Activation::square
                                           : (pick == 1 ? Activation::identity : Activation::relu)));
        if (rng() % 3 == 0 && !last) l.activation = Activation::relu;
        if (l.activation == Activation::leaky_relu) l.slope = relux::test::random_rational(rng, 3, 10);
        l.residual = residual;
        net.layers.push_back(std::move(l));
        width = rows;
    }
    net.validate();
    return net;
}

Vector random_point(std::mt19937_64& rng, std::size_t dim) {
    Vector x;
    for (std::size_t i = 0; i < dim; ++i) x.push_back(relux::test::random_rational(rng, 20, 11));
    return x;
}

bool strict(const ActivationPattern& p) {
    for (const auto& layer : p)
        for (NeuronState s : layer)
            if (s == NeuronState::zero) return false;
    return true;
}

/// Straightforward reference evaluation, written independently of evaluate.cpp.
Vector reference_evaluate(const Network& net, Vector x) {
    for (const Layer& l : net.layers) {
        Vector y(l.output_dim());
        for (std::size_t i = 0; i < l.output_dim(); ++i) {
            Rational z = l.bias[i];
            for (std::size_t j = 0; j < l.input_dim(); ++j) z += l.weights(i, j) * x[j];
            switch (l.activation) {
                case Activation::relu: y[i] = z > Rational(0) ? z : Rational(0); break;
                case Activation::leaky_relu: y[i] = z > Rational(0) ? z : l.slope * z; break;
                case Activation::square: y[i] = z * z; break;
                case Activation::identity: y[i] = z; break;
            }
            if (l.residual) y[i] += x[i];
        }
        x = std::move(y);
    }
    return x;
}

}  // namespace

BOOST_AUTO_TEST_CASE(relu_2_3_1_matches_hand_computed_values) {
    const Network net = net_2_3_1();
    // (1/2, 3/7): pre = (29/42, 2/7, -13/14), out = 29/42 - 4/7 + 1/7 = 11/42.
    BOOST_TEST((relux::evaluate(net, vec({"1/2", "3/7"})) == vec({"11/42"})));
    // (-2/3, 1/5): pre = (-2/5, -29/105, 7/15), out = 7/45 + 1/7 = 94/315.
    BOOST_TEST((relux::evaluate(net, vec({"-2/3", "1/5"})) == vec({"94/315"})));
    // (-1, -2): pre = (0, -18/7, 3), out = 1 + 1/7 = 8/7.
    BOOST_TEST((relux::evaluate(net, vec({"-1", "-2"})) == vec({"8/7"})));
    // (0, 0): pre = (1/3, -2/7, 0), out = 1/3 + 1/7 = 10/21.
    BOOST_TEST((relux::evaluate(net, vec({"0", "0"})) == vec({"10/21"})));

    const std::vector<Vector> layers = relux::evaluate_layers(net, vec({"1/2", "3/7"}));
    BOOST_TEST_REQUIRE(layers.size() == 3u);
    BOOST_TEST((layers[0] == vec({"1/2", "3/7"})));
    BOOST_TEST((layers[1] == vec({"29/42", "2/7", "0"})));
    BOOST_TEST((layers[2] == vec({"11/42"})));
}

BOOST_AUTO_TEST_CASE(leaky_relu_square_residual_and_identity_layers) {
    Network leaky;
    leaky.input_dim = 1;
    leaky.layers.push_back(
        layer(matrix({{"1"}, {"-1"}}), vec({"-1/3", "2/7"}), Activation::leaky_relu, false, q("1/10")));
    leaky.layers.push_back(layer(matrix({{"1", "1"}}), vec({"0"}), Activation::identity));
    // x = 0: pre = (-1/3, 2/7) -> (-1/30, 2/7), sum 53/210.
    BOOST_TEST((relux::evaluate(leaky, vec({"0"})) == vec({"53/210"})));
    // x = 1: pre = (2/3, -5/7) -> (2/3, -1/14), sum 25/42.
    BOOST_TEST((relux::evaluate(leaky, vec({"1"})) == vec({"25/42"})));

    Network square;
    square.input_dim = 1;
    square.layers.push_back(layer(matrix({{"1"}}), vec({"1/3"}), Activation::square));
    // (2/7 + 1/3)^2 = (13/21)^2
    BOOST_TEST((relux::evaluate(square, vec({"2/7"})) == vec({"169/441"})));
    BOOST_TEST((relux::evaluate(square, vec({"-1/3"})) == vec({"0"})));
    BOOST_TEST((relux::evaluate(square, vec({"-1"})) == vec({"4/9"})));

    Network residual;
    residual.input_dim = 2;
    residual.layers.push_back(
        layer(matrix({{"1", "1"}, {"0", "-1"}}), vec({"-1/3", "0"}), Activation::relu, true));
    // x = (1/3, 2/7): pre = (2/7, -2/7) -> (2/7, 0), + x = (13/21, 2/7).
    BOOST_TEST((relux::evaluate(residual, vec({"1/3", "2/7"})) == vec({"13/21", "2/7"})));

    Network square_residual;
    square_residual.input_dim = 2;
    square_residual.layers.push_back(
        layer(matrix({{"1", "0"}, {"1", "1"}}), vec({"0", "-1/2"}), Activation::square, true));
    // x = (1/3, 2/7): (1/9 + 1/3, (1/3 + 2/7 - 1/2)^2 + 2/7) = (4/9, (5/42)^2 + 2/7)
    BOOST_TEST(
        (relux::evaluate(square_residual, vec({"1/3", "2/7"})) == Vector{q("4/9"), q("25/1764") + q("2/7")}));

    Network identity;
    identity.input_dim = 2;
    identity.layers.push_back(layer(matrix({{"2/7", "1/3"}}), vec({"1"}), Activation::identity));
    BOOST_TEST((relux::evaluate(identity, vec({"7", "3"})) == vec({"4"})));
    BOOST_TEST((relux::evaluate(identity, vec({"1/2", "-1/5"})) == vec({"113/105"})));
}

BOOST_AUTO_TEST_CASE(a_softmax_network_evaluates_to_its_logits) {
    Network net = net_2_3_1();
    net.output = relux::OutputKind::softmax;
    BOOST_TEST((relux::evaluate(net, vec({"1/2", "3/7"})) == vec({"11/42"})));
}

BOOST_AUTO_TEST_CASE(activation_patterns_and_their_text) {
    const Network net = net_2_3_1();
    using S = NeuronState;
    const ActivationPattern p = relux::activation_pattern(net, vec({"1/2", "3/7"}));
    BOOST_TEST_REQUIRE(p.size() == 2u);
    BOOST_TEST((p[0] == std::vector<S>{S::positive, S::positive, S::negative}));
    BOOST_TEST(p[1].empty());  // the identity layer has no on/off states
    BOOST_TEST(relux::to_string(p) == "++-");
    BOOST_TEST(relux::to_string(relux::activation_pattern(net, vec({"-2/3", "1/5"}))) == "--+");
    // (1/3, -1/3) lies exactly on the third neuron's hyperplane -x1 - x2 = 0.
    const ActivationPattern on = relux::activation_pattern(net, vec({"1/3", "-1/3"}));
    BOOST_TEST((on[0] == std::vector<S>{S::positive, S::negative, S::zero}));
    BOOST_TEST(relux::to_string(on) == "+-0");
    // (-1, -2) lies on the first neuron's hyperplane x1 - x2/3 + 1/3 = 0.
    BOOST_TEST(relux::to_string(relux::activation_pattern(net, vec({"-1", "-2"}))) == "0-+");

    // Several pattern layers are separated by '|'; layers without states are skipped.
    Network deep;
    deep.input_dim = 1;
    deep.layers.push_back(layer(matrix({{"1"}, {"-1"}, {"1"}}), vec({"0", "0", "-1/3"}), Activation::relu));
    deep.layers.push_back(layer(matrix({{"1", "1", "1"}}), vec({"0"}), Activation::identity));
    deep.layers.push_back(
        layer(matrix({{"1"}, {"-1"}}), vec({"-1/3", "1/5"}), Activation::leaky_relu, false, q("1/2")));
    deep.layers.push_back(layer(matrix({{"1", "1"}}), vec({"0"}), Activation::identity));
    // x = 1/3: (1/3, -1/3, 0) -> 1/3 -> (0, -2/15)
    BOOST_TEST(relux::to_string(relux::activation_pattern(deep, vec({"1/3"}))) == "+-0|0-");
    BOOST_TEST(relux::to_string(relux::activation_pattern(deep, vec({"-1"}))) == "-+-|+-");
    BOOST_TEST(relux::to_string(ActivationPattern{}) == "");
}

BOOST_AUTO_TEST_CASE(affine_map_of_a_pattern_by_hand) {
    const Network net = net_2_3_1();
    // Pattern ++-: A = W2[0] W1[0] - 2 W1[1] = [1 - 4/7, -1/3 - 2], b = 1/3 + 4/7 + 1/7.
    const AffineMap m = relux::affine_map_at(net, vec({"1/2", "3/7"}));
    BOOST_TEST((m.A == matrix({{"3/7", "-7/3"}})));
    BOOST_TEST((m.b == vec({"22/21"})));
    BOOST_TEST((m.apply(vec({"1/2", "3/7"})) == vec({"11/42"})));

    // On a hyperplane the zero neuron counts as inactive, and either choice agrees at the point.
    const Vector x = vec({"1/3", "-1/3"});
    ActivationPattern p = relux::activation_pattern(net, x);
    const AffineMap inactive = relux::affine_map_for_pattern(net, p);
    p[0][2] = NeuronState::negative;
    BOOST_TEST((relux::affine_map_for_pattern(net, p) == inactive));
    p[0][2] = NeuronState::positive;
    const AffineMap active = relux::affine_map_for_pattern(net, p);
    BOOST_TEST(!(active == inactive));
    BOOST_TEST((active.apply(x) == relux::evaluate(net, x)));
    BOOST_TEST((inactive.apply(x) == relux::evaluate(net, x)));

    // Leaky relu: the negative side is scaled by the slope; residual adds the input map.
    Network leaky;
    leaky.input_dim = 2;
    leaky.layers.push_back(layer(matrix({{"1", "2"}, {"-1", "1/3"}}), vec({"1/7", "0"}),
                                 Activation::leaky_relu, true, q("1/4")));
    const AffineMap lm = relux::affine_map_at(leaky, vec({"1", "1"}));  // pre = (22/7, -2/3): +-
    BOOST_TEST((lm.A == matrix({{"2", "2"}, {"-1/4", "13/12"}})));
    BOOST_TEST((lm.b == vec({"1/7", "0"})));
}

BOOST_AUTO_TEST_CASE(random_affine_maps_agree_with_evaluation_on_their_region) {
    const auto seed = relux::test::seed(4242);
    std::mt19937_64 rng(seed);
    int nearby_checked = 0, boundary_points = 0;
    BOOST_TEST_CONTEXT("seed " << seed) {
        for (int trial = 0; trial < relux::test::scaled(150); ++trial) {
            const Network net = random_network(rng, false);
            for (int k = 0; k < 6; ++k) {
                const Vector x = random_point(rng, net.input_dim);
                const Vector fx = relux::evaluate(net, x);
                BOOST_TEST_CONTEXT("trial " << trial << ", x[0] = " << x[0]) {
                    BOOST_TEST((fx == reference_evaluate(net, x)));
                    BOOST_TEST((relux::evaluate_layers(net, x).back() == fx));
                    const ActivationPattern p = relux::activation_pattern(net, x);
                    const AffineMap m = relux::affine_map_for_pattern(net, p);
                    BOOST_TEST((m == relux::affine_map_at(net, x)));
                    BOOST_TEST((m.apply(x) == fx));
                    if (!strict(p)) {
                        ++boundary_points;
                        continue;
                    }
                    // Points nearby with the same strict pattern lie in the same open region.
                    for (int j = 0; j < 4; ++j) {
                        Vector y = x;
                        for (Rational& c : y) c += relux::test::random_rational(rng, 5, 7) / Rational(1000);
                        if (relux::activation_pattern(net, y) != p) continue;
                        ++nearby_checked;
                        BOOST_TEST((m.apply(y) == relux::evaluate(net, y)));
                    }
                }
            }
        }
    }
    BOOST_TEST(nearby_checked > 500);
    BOOST_TEST_MESSAGE("nearby points checked: " << nearby_checked
                                                 << ", points on a boundary: " << boundary_points);
}

BOOST_AUTO_TEST_CASE(random_points_on_a_hyperplane_get_state_zero) {
    // Put x exactly on a first-layer hyperplane (solve for the last coordinate), then the map
    // of the pattern still gives the exact value there.
    const auto seed = relux::test::seed(99);
    std::mt19937_64 rng(seed);
    int placed = 0;
    BOOST_TEST_CONTEXT("seed " << seed) {
        for (int trial = 0; trial < relux::test::scaled(200); ++trial) {
            const Network net = random_network(rng, false);
            const Layer& first = net.layers[0];
            if (!first.has_pattern()) continue;
            const std::size_t i = rng() % first.output_dim(), d = net.input_dim;
            if (first.weights(i, d - 1).is_zero()) continue;
            Vector x = random_point(rng, d);
            Rational rest = first.bias[i];
            for (std::size_t j = 0; j + 1 < d; ++j) rest += first.weights(i, j) * x[j];
            x[d - 1] = -rest / first.weights(i, d - 1);
            const ActivationPattern p = relux::activation_pattern(net, x);
            BOOST_TEST((p[0][i] == NeuronState::zero));
            BOOST_TEST((relux::affine_map_for_pattern(net, p).apply(x) == relux::evaluate(net, x)));
            ++placed;
        }
    }
    BOOST_TEST(placed > 50);
}

BOOST_AUTO_TEST_CASE(random_square_networks_match_the_reference) {
    const auto seed = relux::test::seed(5);
    std::mt19937_64 rng(seed);
    BOOST_TEST_CONTEXT("seed " << seed) {
        for (int trial = 0; trial < relux::test::scaled(100); ++trial) {
            const Network net = random_network(rng, true);
            const Vector x = random_point(rng, net.input_dim);
            BOOST_TEST((relux::evaluate(net, x) == reference_evaluate(net, x)));
        }
    }
}

BOOST_AUTO_TEST_CASE(square_networks_have_no_affine_map) {
    Network net;
    net.input_dim = 1;
    net.layers.push_back(layer(matrix({{"1"}, {"1"}}), vec({"0", "1"}), Activation::relu));
    net.layers.push_back(layer(matrix({{"1", "-1"}}), vec({"1/3"}), Activation::square));
    const ActivationPattern p = relux::activation_pattern(net, vec({"1"}));
    BOOST_TEST(relux::to_string(p) == "++");
    try {
        (void)relux::affine_map_for_pattern(net, p);
        BOOST_ERROR("no error");
    } catch (const relux::InvalidArgument& e) {
        BOOST_TEST(std::string(e.what()) ==
                   "the network has a square activation: it is not piecewise linear");
    }
    BOOST_CHECK_THROW(relux::affine_map_at(net, vec({"1"})), relux::InvalidArgument);
}

BOOST_AUTO_TEST_CASE(a_point_of_the_wrong_size_is_rejected) {
    const Network net = net_2_3_1();
    const std::string expected = "point has 3 coordinates; the network expects 2 inputs";
    const Vector x = vec({"1", "2", "3"});
    auto message = [](auto&& call) {
        try {
            call();
        } catch (const relux::InvalidArgument& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    BOOST_TEST(message([&] { (void)relux::evaluate(net, x); }) == expected);
    BOOST_TEST(message([&] { (void)relux::evaluate_layers(net, x); }) == expected);
    BOOST_TEST(message([&] { (void)relux::activation_pattern(net, x); }) == expected);
    BOOST_TEST(message([&] { (void)relux::affine_map_at(net, x); }) == expected);
    BOOST_TEST(message([&] { (void)relux::evaluate(net, Vector{}); }) ==
               "point has 0 coordinates; the network expects 2 inputs");
}
