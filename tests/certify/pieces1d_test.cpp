#define BOOST_TEST_MODULE pieces1d
#include <boost/test/unit_test.hpp>

#include "certify/networks.hpp"
#include "relux/certify/pieces1d.hpp"
#include "relux/error.hpp"
#include "relux/net/evaluate.hpp"
#include "test_util.hpp"

#include <random>

using relux::Network;
using relux::Piece1d;
using relux::Rational;
using relux::Vector;
using relux::test::frac;

namespace {

/// Every piece agrees with exact evaluation at its ends and at interior points, the pieces tile
/// [a, b], and neighbours carry different maps (maximality).
void check_pieces(const Network& net, const std::vector<Piece1d>& pieces, const Rational& a,
                  const Rational& b) {
    BOOST_REQUIRE(!pieces.empty());
    BOOST_TEST(pieces.front().lo == a);
    BOOST_TEST(pieces.back().hi == b);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const Piece1d& p = pieces[i];
        BOOST_TEST(p.lo < p.hi);
        if (i > 0) {
            BOOST_TEST(pieces[i - 1].hi == p.lo);
            BOOST_TEST((pieces[i - 1].slope != p.slope || pieces[i - 1].intercept != p.intercept));
        }
        for (int k = 0; k <= 6; ++k) {
            const Rational x = p.lo + (p.hi - p.lo) * frac(k, 6);
            BOOST_TEST(relux::evaluate(net, {x}) == (Vector{p.value(x)}));
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_single_relu) {
    Network net = relux::test::interpolant_network({-1, 0, 1}, {0, 0, 1});
    auto pieces = relux::pieces_1d(net, -2, 2);
    BOOST_REQUIRE(pieces.size() == 2u);
    BOOST_TEST((pieces[0] == Piece1d{-2, 0, {0}, {0}}));
    BOOST_TEST((pieces[1] == Piece1d{0, 2, {1}, {0}}));
    check_pieces(net, pieces, -2, 2);
    // an interval inside one piece
    auto inner = relux::pieces_1d(net, frac(1, 3), frac(1, 2));
    BOOST_REQUIRE(inner.size() == 1u);
    BOOST_TEST((inner[0] == Piece1d{frac(1, 3), frac(1, 2), {1}, {0}}));
}

BOOST_AUTO_TEST_CASE(collinear_nodes_and_dead_neurons_merge) {
    // nodes at 1 and 2 lie on one line: the kink terms cancel, one linear piece remains there
    Network net = relux::test::interpolant_network({0, 1, 2, 3}, {0, 1, 2, 0});
    auto pieces = relux::pieces_1d(net, -1, 4);
    BOOST_REQUIRE(pieces.size() == 2u);
    BOOST_TEST(pieces[0].hi == Rational(2));
    check_pieces(net, pieces, -1, 4);
}

BOOST_AUTO_TEST_CASE(interpolants_have_one_piece_per_segment) {
    Vector xs, ys;
    for (int i = 0; i <= 10; ++i) {
        xs.push_back(frac(i, 10));
        ys.push_back(frac(i * i, 100));
    }
    Network net = relux::test::interpolant_network(xs, ys);
    auto pieces = relux::pieces_1d(net, 0, 1);
    BOOST_TEST(pieces.size() == 10u);
    check_pieces(net, pieces, 0, 1);
}

BOOST_AUTO_TEST_CASE(yarotsky_sawtooth_has_two_to_the_m_pieces) {
    for (int m = 1; m <= 8; ++m) {
        BOOST_TEST_CONTEXT("m = " << m) {
            Network net = relux::test::yarotsky_network(m);
            auto pieces = relux::pieces_1d(net, 0, 1);
            BOOST_TEST(pieces.size() == (std::size_t{1} << m));
            for (std::size_t i = 0; i < pieces.size(); ++i) {
                BOOST_TEST(pieces[i].lo == frac(static_cast<long>(i), 1L << m));
                // interpolant of x^2: exact at the nodes
                BOOST_TEST(pieces[i].value(pieces[i].lo) == pieces[i].lo * pieces[i].lo);
            }
            if (m <= 5) check_pieces(net, pieces, 0, 1);
        }
    }
}

BOOST_AUTO_TEST_CASE(random_deep_networks_agree_with_exact_evaluation) {
    const std::uint64_t seed = relux::test::seed(7);
    BOOST_TEST_CONTEXT("seed " << seed) {
        std::mt19937_64 rng(seed);
        for (int trial = 0; trial < relux::test::scaled(30); ++trial) {
            std::vector<std::size_t> widths;
            const int depth = 1 + trial % 3;
            for (int k = 0; k < depth; ++k) widths.push_back(2 + (trial + k) % 5);
            Network net = relux::test::random_network(rng, widths);
            if (trial % 4 == 0) {  // a leaky layer and a residual layer
                net.layers[0].activation = relux::Activation::leaky_relu;
                net.layers[0].slope = frac(1, 10);
            }
            auto pieces = relux::pieces_1d(net, -4, frac(7, 2));
            check_pieces(net, pieces, -4, frac(7, 2));
            // no kink is missed: the network is affine between the reported breakpoints, so a
            // finer split of each piece finds the same map
            for (const Piece1d& p : pieces) {
                auto sub = relux::pieces_1d(net, p.lo, p.hi);
                BOOST_TEST(sub.size() == 1u);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(residual_layers) {
    Network net;
    net.input_dim = 1;
    relux::Layer l;
    l.weights = relux::Matrix(1, 1);
    l.weights(0, 0) = -2;
    l.bias = Vector{1};
    l.residual = true;  // relu(1 - 2x) + x
    net.layers.push_back(l);
    auto pieces = relux::pieces_1d(net, -1, 1);
    BOOST_REQUIRE(pieces.size() == 2u);
    BOOST_TEST((pieces[0] == Piece1d{-1, frac(1, 2), {-1}, {1}}));
    BOOST_TEST((pieces[1] == Piece1d{frac(1, 2), 1, {1}, {0}}));
}

BOOST_AUTO_TEST_CASE(bad_arguments) {
    Network net = relux::test::interpolant_network({0, 1}, {0, 1});
    auto message = [&](const Network& n, const Rational& a, const Rational& b) {
        try {
            relux::pieces_1d(n, a, b);
        } catch (const relux::InvalidArgument& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    BOOST_TEST(message(net, 1, 1) == "interval [1, 1] is empty: need a < b");
    BOOST_TEST(message(net, 2, 1) == "interval [2, 1] is empty: need a < b");
    Network sq = net;
    sq.layers[0].activation = relux::Activation::square;
    BOOST_TEST(message(sq, 0, 1) == "layer 1 has a square activation: the network is not piecewise linear");
    Network two;
    two.input_dim = 2;
    relux::Layer l;
    l.weights = relux::Matrix(1, 2);
    l.bias = Vector{0};
    l.activation = relux::Activation::identity;
    two.layers.push_back(l);
    BOOST_TEST(message(two, 0, 1) == "pieces_1d needs a network with one input; this one has 2");
}
