#define BOOST_TEST_MODULE max_network
#include <boost/test/unit_test.hpp>

#include "relux/certify/distance_nd.hpp"
#include "relux/cpwl/compose.hpp"
#include "relux/cpwl/max_network.hpp"
#include "relux/error.hpp"
#include "relux/net/evaluate.hpp"
#include "test_util.hpp"

#include <algorithm>
#include <random>

using namespace relux;

namespace {

Rational max_of(const Vector& x) { return *std::max_element(x.begin(), x.end()); }
Rational min_of(const Vector& x) { return *std::min_element(x.begin(), x.end()); }

/// Points with ties: all equal, pairs equal, the maximum repeated, and random points.
std::vector<Vector> test_points(std::mt19937_64& rng, std::size_t k, int random_count) {
    std::vector<Vector> pts;
    pts.push_back(Vector(k, Rational(0)));
    pts.push_back(Vector(k, Rational(Integer(-7), Integer(3))));
    for (std::size_t i = 0; i < k; ++i)
        for (std::size_t j = i + 1; j < k; ++j) {
            Vector x;
            for (std::size_t t = 0; t < k; ++t) x.push_back(test::random_rational(rng, 6, 3));
            x[j] = x[i];  // a tie
            pts.push_back(x);
            Vector y = x;
            y[i] = y[j] = max_of(x) + 1;  // the maximum attained twice
            pts.push_back(y);
            Vector z = x;
            z[i] = z[j] = min_of(x) - 1;  // the minimum attained twice
            pts.push_back(z);
        }
    for (int t = 0; t < random_count; ++t) {
        Vector x;
        for (std::size_t i = 0; i < k; ++i) x.push_back(test::random_rational(rng, 30, 7));
        pts.push_back(x);
    }
    return pts;
}

}  // namespace

BOOST_AUTO_TEST_CASE(max_and_min_of_k_numbers_are_exact_for_k_up_to_17) {
    const auto seed = test::seed(21);
    std::mt19937_64 rng(seed);
    BOOST_TEST_CONTEXT("seed " << seed) {
        for (std::size_t k = 1; k <= 17; ++k) {
            BOOST_TEST_CONTEXT("k = " << k) {
                const Network lmax = construct_max(k, MaxForm::log2),
                              lmin = construct_max(k, MaxForm::log2, true);
                const Network smax = construct_max(k, MaxForm::shallow),
                              smin = construct_max(k, MaxForm::shallow, true);
                BOOST_TEST(network_size(lmax).hidden_layers == ceil_log2(k));
                BOOST_TEST(network_size(lmin).hidden_layers == ceil_log2(k));
                BOOST_TEST(network_size(smax).hidden_layers == max_depth_shallow(k));
                BOOST_TEST(network_size(smin).hidden_layers == max_depth_shallow(k));
                for (const Vector& x : test_points(rng, k, test::scaled(k <= 8 ? 30 : 10))) {
                    BOOST_TEST(evaluate(lmax, x)[0] == max_of(x));
                    BOOST_TEST(evaluate(lmin, x)[0] == min_of(x));
                    BOOST_TEST(evaluate(smax, x)[0] == max_of(x));
                    BOOST_TEST(evaluate(smin, x)[0] == min_of(x));
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(max_of_five_has_two_hidden_layers) {
    // Bakaev et al. 2025: two hidden layers suffice for five numbers; the log2 tree needs three.
    BOOST_TEST(network_size(construct_max(5, MaxForm::shallow)).hidden_layers == 2u);
    BOOST_TEST(network_size(construct_max(5, MaxForm::log2)).hidden_layers == 3u);
    // exhaustive check on the integer grid {-2..2}^5: every order pattern with ties occurs
    const Network net = construct_max(5, MaxForm::shallow);
    Vector x(5);
    for (int code = 0; code < 3125; ++code) {
        int c = code;
        for (std::size_t i = 0; i < 5; ++i, c /= 5) x[i] = c % 5 - 2;
        BOOST_TEST(evaluate(net, x)[0] == max_of(x));
    }
}

BOOST_AUTO_TEST_CASE(depth_formulas) {
    // capacities 1, 2, 5, 10, 25, 50, 125 for 0..6 hidden layers
    const std::size_t expected[] = {0, 0, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4};
    for (std::size_t k = 1; k <= 11; ++k) BOOST_TEST(max_depth_shallow(k) == expected[k]);
    BOOST_TEST(max_depth_shallow(25) == 4u);
    BOOST_TEST(max_depth_shallow(26) == 5u);
    BOOST_TEST(max_depth_bbhsy_bound(4) == 2u);
    BOOST_TEST(max_depth_bbhsy_bound(5) == 2u);
    BOOST_TEST(max_depth_bbhsy_bound(6) == 3u);
    BOOST_TEST(max_depth_bbhsy_bound(11) == 3u);
    BOOST_TEST(max_depth_bbhsy_bound(12) == 4u);
    BOOST_TEST(max_depth_bbhsy_bound(29) == 4u);
    BOOST_TEST(max_depth_bbhsy_bound(3) == 2u);
}

namespace {

/// Least L with 3^(L-1) + 2 >= k: the bound of Bakaev et al. for k >= 4, recomputed here.
std::size_t paper_layers(std::size_t k) {
    std::size_t layers = 1, power = 1;
    while (power + 2 < k) {
        power *= 3;
        ++layers;
    }
    return layers;
}

/// Least L with c(L) >= k for the block-tree capacities c = 1, 2, 5, 10, 25, 50, ...
std::size_t tree_layers(std::size_t k) {
    std::vector<std::size_t> c{1, 2};
    while (c.back() < k) c.push_back(std::max(2 * c[c.size() - 1], 5 * c[c.size() - 2]));
    std::size_t layers = 0;
    while (c[layers] < k) ++layers;
    return layers;
}

}  // namespace

BOOST_AUTO_TEST_CASE(shallow_depth_against_the_paper_bound_for_k_up_to_40) {
    // The paper's ceil(log3(k-2)) + 1 is met except at k = 11 and 26..29 (for k <= 40), where the
    // block tree of proofs/max-network.md Section 3 is one hidden layer deeper (Section 4: gap).
    for (std::size_t k = 2; k <= 40; ++k) {
        BOOST_TEST_CONTEXT("k = " << k) {
            const std::size_t layers = network_size(construct_max(k, MaxForm::shallow)).hidden_layers;
            BOOST_TEST(layers == max_depth_shallow(k));
            BOOST_TEST(layers == tree_layers(k));
            BOOST_TEST(layers <= ceil_log2(k));
            if (k < 4) {
                BOOST_TEST(layers == ceil_log2(k));
                BOOST_TEST(max_depth_bbhsy_bound(k) == ceil_log2(k));
                continue;
            }
            BOOST_TEST(max_depth_bbhsy_bound(k) == paper_layers(k));
            const bool gap = k == 11 || (26 <= k && k <= 29);
            BOOST_TEST(layers == paper_layers(k) + (gap ? 1u : 0u));
        }
    }
}

BOOST_AUTO_TEST_CASE(shallow_equals_log2_form_on_the_cube_for_k_5_to_7) {
    // Exact proof over [-1, 1]^k by the common refinement (equal_networks), not sampling.
    for (std::size_t k = 5; k <= 7; ++k) {
        BOOST_TEST_CONTEXT("k = " << k) {
            Box box;
            box.lo = Vector(k, Rational(-1));
            box.hi = Vector(k, Rational(1));
            const EqualResult r =
                equal_networks(construct_max(k, MaxForm::shallow), construct_max(k, MaxForm::log2), box);
            BOOST_TEST(!r.partial);
            BOOST_TEST(r.equal);
            BOOST_TEST(r.max_difference == Rational(0));
        }
    }
}

BOOST_AUTO_TEST_CASE(zero_inputs_is_an_error) {
    try {
        (void)construct_max(0, MaxForm::log2);
        BOOST_ERROR("no error");
    } catch (const InvalidArgument& e) {
        BOOST_TEST(std::string(e.what()) == "--inputs must be at least 1");
    }
}
