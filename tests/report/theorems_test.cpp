#define BOOST_TEST_MODULE theorems
#include <boost/test/unit_test.hpp>

// Theorem checks against their closed forms, with a second, independent look at the networks they
// build (exact evaluation at chosen points).

#include "relux/error.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/net/evaluate.hpp"
#include "relux/report/theorems.hpp"
#include "test_util.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace relux;

namespace {

/// The row of `report` whose quantity starts with `prefix`.
const TheoremCheck& row(const TheoremReport& report, const std::string& prefix) {
    for (const TheoremCheck& c : report.checks)
        if (c.quantity.rfind(prefix, 0) == 0) return c;
    BOOST_FAIL("no row " << prefix);
    return report.checks.front();
}

Rational eval1(const Network& net, const Rational& x) { return evaluate(net, Vector{x}).front(); }

}  // namespace

BOOST_AUTO_TEST_CASE(zaslavsky_counts) {
    const std::uint64_t seed = relux::test::seed(7);
    BOOST_TEST_CONTEXT("seed " << seed) {
        const std::pair<std::size_t, std::size_t> cases[] = {{1, 5}, {2, 6}, {3, 6}, {4, 5}};
        const char* expected[] = {"6", "22", "42", "31"};
        for (std::size_t i = 0; i < 4; ++i) {
            const auto [d, n] = cases[i];
            const TheoremReport report = zaslavsky_check(d, n, seed);
            BOOST_TEST(report.all_agree());
            const TheoremCheck& count = row(report, "activation regions");
            BOOST_TEST(count.expected == expected[i]);
            BOOST_TEST(count.value == expected[i]);
            // Independently: every region is one activation pattern, and all patterns differ.
            const auto [net, box] = zaslavsky_network(d, n, seed);
            const RegionResult regions = enumerate_regions(net, box);
            std::set<std::string> patterns;
            for (const Region& r : regions.regions) {
                patterns.insert(to_string(r.pattern));
            }
            BOOST_TEST(patterns.size() == regions.regions.size());
            BOOST_TEST(regions.volume == box.volume());
        }
    }
}

BOOST_AUTO_TEST_CASE(zaslavsky_fewer_neurons_than_inputs) {
    // n < d: 2^n regions, every sign pattern.
    const TheoremReport report = zaslavsky_check(4, 3, 11);
    BOOST_TEST(report.all_agree());
    BOOST_TEST(row(report, "activation regions").value == "8");
}

BOOST_AUTO_TEST_CASE(telgarsky_to_depth_10) {
    for (std::size_t l = 1; l <= 10; ++l) {
        BOOST_TEST_CONTEXT("L = " << l) {
            const TheoremReport report = telgarsky_check(l);
            BOOST_TEST(report.all_agree());
            BOOST_TEST(row(report, "linear regions").value ==
                       relux::test::power(2, static_cast<long>(l)).str());
            BOOST_TEST(row(report, "sawtooth ==").value == "equal");
            const TheoremCheck& shallow = row(report, "one-hidden-layer neurons");
            BOOST_TEST(Rational::parse(shallow.value) >= relux::test::power(2, static_cast<long>(l)) - 1);
        }
    }
    // The sawtooth itself: 0 at the even multiples of 2^-L, 1 at the odd ones.
    const Network saw = sawtooth_network(4);
    for (long k = 0; k <= 16; ++k)
        BOOST_TEST(eval1(saw, Rational(Integer(k), Integer(16))) == Rational(k % 2));
}

BOOST_AUTO_TEST_CASE(yarotsky_to_depth_10) {
    for (std::size_t m = 1; m <= 10; ++m) {
        BOOST_TEST_CONTEXT("m = " << m) {
            const auto ml = static_cast<long>(m);
            const TheoremReport report = yarotsky_check(m);
            BOOST_TEST(report.all_agree());
            BOOST_TEST(row(report, "sup |f_m - x^2|").value == relux::test::power(2, -2 * ml - 2).str());
            BOOST_TEST(row(report, "integral |f_m - x^2|").value ==
                       (relux::test::power(2, -2 * ml) / Rational(6)).str());
            // Independently: f_m interpolates x^2 at the multiples of h = 2^-m, and at a midpoint
            // the error of the chord of x^2 is h^2/4.
            const Network f = yarotsky_square_network(m);
            const Rational h = relux::test::power(2, -ml);
            for (long k = 0; k < 8 && Rational(k) * h <= 1; ++k) {
                const Rational x = Rational(k) * h;
                BOOST_TEST(eval1(f, x) == x * x);
                if (x + h <= 1) {
                    const Rational mid = x + h / Rational(2);
                    BOOST_TEST(eval1(f, mid) - mid * mid == h * h / Rational(4));
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(yarotsky_product) {
    for (std::size_t m = 1; m <= 2; ++m) {
        BOOST_TEST_CONTEXT("m = " << m) {
            const TheoremReport report = yarotsky_check(m, true);
            BOOST_TEST(report.all_agree());
            BOOST_TEST(row(report, "sup |P_m - x y|").value ==
                       relux::test::power(2, -2 * static_cast<long>(m) - 1).str());
            // The maximum is attained at (0, 2^-m).
            const Network p = yarotsky_product_network(m);
            BOOST_TEST(evaluate(p, Vector{0, relux::test::power(2, -static_cast<long>(m))}).front() ==
                       relux::test::power(2, -2 * static_cast<long>(m) - 1));
        }
    }
    BOOST_CHECK_EXCEPTION(yarotsky_check(5, true), InvalidArgument, [](const InvalidArgument& e) {
        return std::string(e.what()).find("--product needs --depth at most 4") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(max_depth_sizes_and_equality) {
    const char* log2_layers[] = {"1", "2", "2", "3", "3"};     // n = 2..6
    const char* shallow_layers[] = {"1", "2", "2", "2", "3"};  // relux's block tree
    const char* paper[] = {"1", "2", "2", "2", "3"};           // ceil(log2 n) below 4, then log3
    for (std::size_t n = 2; n <= 6; ++n) {
        BOOST_TEST_CONTEXT("n = " << n) {
            const TheoremReport report = max_depth_check(n);
            BOOST_TEST(report.all_agree());
            BOOST_TEST(row(report, "hidden layers, log2 form").value == log2_layers[n - 2]);
            BOOST_TEST(row(report, "hidden layers, shallow form (").value == shallow_layers[n - 2]);
            BOOST_TEST(row(report, "hidden layers, shallow form vs").expected == paper[n - 2]);
            BOOST_TEST(row(report, "log2 form ==").value == "equal");
        }
    }
    // n = 11: the block tree needs 4 hidden layers, the paper's bound is 3; still agrees (>=).
    const TheoremReport eleven = max_depth_check(11);
    BOOST_TEST(eleven.all_agree());
    BOOST_TEST(row(eleven, "hidden layers, shallow form vs").expected == "3");
    BOOST_TEST(row(eleven, "hidden layers, shallow form vs").value == "4");
    BOOST_TEST(row(eleven, "log2 form ==").value == "skipped (n > 7)");
    // CPWL functions on R^d, d = n - 1: Arora's ceil(log2(d + 1)) beside Bakaev's ceil(log3(d - 1)) + 1,
    // and relux's d-dimensional grid interpolant (arora form) meets Arora's depth exactly.
    const char* arora[] = {"1", "2", "2", "3", "3"};   // d = 1..5
    const char* bakaev[] = {"1", "2", "2", "2", "3"};  // d = 1, 2: log2; d >= 3: log3(d - 1) + 1
    for (std::size_t d = 1; d <= 5; ++d) {
        BOOST_TEST_CONTEXT("d = " << d) {
            const TheoremReport report = max_depth_check(d + 1, 0);
            BOOST_TEST(row(report, "CPWL on R^d").value == std::string(arora[d - 1]) + " / " + bakaev[d - 1]);
            BOOST_TEST(row(report, "hidden layers of relux's grid interpolant").value == arora[d - 1]);
            BOOST_TEST(row(report, "the same against Bakaev").expected == bakaev[d - 1]);
        }
    }
}

BOOST_AUTO_TEST_CASE(report_formats_and_disagreement) {
    TheoremReport report;
    report.name = "demo";
    report.statement = "one row agrees, one does not";
    report.parameters = {{"depth", "3"}};
    report.checks.push_back({"pieces", "2^L", "8", "8", TheoremRelation::equal, true});
    report.checks.push_back({"neurons", "2^L - 1", "7", "5", TheoremRelation::at_least, false});
    BOOST_TEST(!report.all_agree());
    const std::string text = theorem_text(report);
    BOOST_TEST(text.find("pieces   | 2^L = 8") != std::string::npos);
    BOOST_TEST(text.find("no (relux >= formula)") != std::string::npos);
    BOOST_TEST(text.find("SOME CHECKS DISAGREE") != std::string::npos);
    const auto j = nlohmann::json::parse(theorem_json(report));
    BOOST_TEST(j["agrees"] == false);
    BOOST_TEST(j["parameters"]["depth"] == "3");
    BOOST_TEST(j["checks"][1]["expected"] == "7");
    BOOST_TEST(j["checks"][1]["relation"] == "at_least");
}

BOOST_AUTO_TEST_CASE(bad_parameters) {
    auto says = [](const std::string& text) {
        return [text](const InvalidArgument& e) {
            return std::string(e.what()).find(text) != std::string::npos;
        };
    };
    BOOST_CHECK_EXCEPTION(telgarsky_check(0), InvalidArgument, says("--depth must be between 1 and 12"));
    BOOST_CHECK_EXCEPTION(zaslavsky_check(0, 3), InvalidArgument,
                          says("--inputs and --width must be at least 1"));
    BOOST_CHECK_EXCEPTION(zaslavsky_check(10, 40), InvalidArgument, says("exceed 100000"));
    BOOST_CHECK_EXCEPTION(max_depth_check(1), InvalidArgument, says("--inputs must be at least 2"));
    BOOST_CHECK_EXCEPTION(yarotsky_check(0), InvalidArgument, says("--depth must be between 1 and 16"));
}

// ---- montufar, serra, rates, regions-bound search ------------------------------------------------

namespace {

/// C(n, k) by Pascal's rule (independent of the library's product formula).
Rational pascal(std::size_t n, std::size_t k) {
    std::vector<Rational> row{Rational(1)};
    for (std::size_t i = 1; i <= n; ++i) {
        std::vector<Rational> next(i + 1, Rational(1));
        for (std::size_t j = 1; j < i; ++j) next[j] = row[j - 1] + row[j];
        row = next;
    }
    return k <= n ? row[k] : Rational(0);
}

/// The box [lo, hi] of one axis.
Box interval(long lo, long hi) { return Box{{Rational(lo)}, {Rational(hi)}}; }

/// Serra's sum by brute force over every tuple (j_1..j_L) with 0 <= j_l <= n_l, keeping those in J.
Rational serra_brute_force(std::size_t n0, const std::vector<std::size_t>& widths) {
    Rational total(0);
    std::vector<std::size_t> j(widths.size(), 0);
    while (true) {
        bool in_j = true;
        std::size_t cap = n0;
        Rational product(1);
        for (std::size_t l = 0; l < widths.size(); ++l) {
            if (j[l] > std::min(cap, widths[l])) in_j = false;
            cap = std::min(cap, widths[l] - std::min(j[l], widths[l]));
            product *= pascal(widths[l], j[l]);
        }
        if (in_j) total += product;
        std::size_t l = 0;
        while (l < widths.size() && j[l] == widths[l]) j[l++] = 0;
        if (l == widths.size()) return total;
        ++j[l];
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(montufar_attains_its_formula) {
    // (n0, n, L) and the formula by hand: floor(n/n0)^(n0 (L-1)) * sum_{j<=n0} C(n, j).
    struct Case {
        std::size_t n0, n, depth;
        const char* expected;
    };
    const Case cases[] = {
        {1, 1, 1, "2"},   // one point: 2 pieces
        {1, 2, 4, "24"},  // 2^3 * 3
        {1, 3, 3, "36"},  // 3^2 * 4
        {2, 2, 2, "4"},   // 1 * (1 + 2 + 1)
        {2, 3, 3, "7"},   // p = 1: no real folding, 1 + 3 + 3
        {2, 4, 2, "44"},  // 2^2 * (1 + 4 + 6)
        {2, 5, 2, "64"},  // 2^2 * (1 + 5 + 10), one dead neuron in the folding layer
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("n0 = " << c.n0 << ", n = " << c.n << ", L = " << c.depth) {
            BOOST_TEST(montufar_lower_bound(c.n0, c.n, c.depth).str() == c.expected);
            const TheoremReport report = montufar_check(c.n0, c.n, c.depth);
            BOOST_TEST(report.all_agree());
            // The construction attains the formula exactly on [0, 1]^n0, both counts.
            BOOST_TEST(row(report, "linear regions").value == c.expected);
            BOOST_TEST(row(report, "activation regions").value == c.expected);
        }
    }
    // The folding, independently: with p = 3 teeth the first layer maps x and 2/3 - x (x in
    // [0, 1/3]) and x and x + 2/3 to the same point, so the network's outputs agree there.
    const Network net = montufar_network(1, 3, 2);
    BOOST_TEST(net.layers.size() == 3);
    BOOST_TEST(net.layers[0].weights.rows() == 3);
    for (long k = 0; k <= 6; ++k) {
        const Rational x(Integer(k), Integer(18));  // in [0, 1/3]
        const Vector at_x = evaluate(net, Vector{x});
        BOOST_TEST(evaluate(net, Vector{Rational(Integer(2), Integer(3)) - x}) == at_x);
        BOOST_TEST(evaluate(net, Vector{x + Rational(Integer(2), Integer(3))}) == at_x);
    }
    // The dead neuron of n = 5, n0 = 2 (floor(5/2) = 2 teeth per coordinate use 4 neurons).
    const Network five = montufar_network(2, 5, 2);
    for (std::size_t j = 0; j < 2; ++j) BOOST_TEST(five.layers[0].weights(4, j) == Rational(0));
    BOOST_TEST(five.layers[0].bias[4] == Rational(0));
}

BOOST_AUTO_TEST_CASE(serra_bound_closed_forms) {
    // One layer: Zaslavsky's sum_{j <= min(n0, n1)} C(n1, j).
    for (std::size_t n0 = 1; n0 <= 4; ++n0)
        for (std::size_t n1 = 1; n1 <= 7; ++n1) {
            Rational zaslavsky(0);
            for (std::size_t j = 0; j <= std::min(n0, n1); ++j) zaslavsky += pascal(n1, j);
            BOOST_TEST(serra_upper_bound(n0, {n1}) == zaslavsky);
        }
    // By hand: n0 = 3, widths 3,3: j_1 = 0,1,2,3 leaves caps 3,2,1,0 for layer 2 (8, 7, 4, 1
    // patterns) with weights 1, 3, 3, 1: 8 + 21 + 12 + 1 = 42; Montufar (2017): 8 * 8 = 64.
    BOOST_TEST(serra_upper_bound(3, {3, 3}).str() == "42");
    BOOST_TEST(montufar2017_upper_bound(3, {3, 3}).str() == "64");
    // n0 = 2, widths 1,5: j_1 = 0 leaves cap 1 (1 + 5), j_1 = 1 leaves cap 0 (1): 7; Montufar 2 * 6.
    BOOST_TEST(serra_upper_bound(2, {1, 5}).str() == "7");
    BOOST_TEST(montufar2017_upper_bound(2, {1, 5}).str() == "12");
    // n0 = 1: every cap stays 1, so prod (n_l + 1).
    BOOST_TEST(serra_upper_bound(1, {2, 3, 4}).str() == "60");
    // Brute force over all tuples for mixed widths.
    const std::vector<std::vector<std::size_t>> shapes = {{4, 4}, {2, 3, 2}, {5, 1, 3}, {3, 4, 2, 3}};
    for (const auto& widths : shapes)
        for (std::size_t n0 = 1; n0 <= 3; ++n0) {
            BOOST_TEST(serra_upper_bound(n0, widths) == serra_brute_force(n0, widths));
            BOOST_TEST(serra_upper_bound(n0, widths) <= montufar2017_upper_bound(n0, widths));
        }
}

BOOST_AUTO_TEST_CASE(serra_against_random_networks) {
    const Box box{{Rational(-1000), Rational(-1000)}, {Rational(1000), Rational(1000)}};
    const TheoremReport report = serra_check(2, {4, 4}, 1, 3, box);
    BOOST_TEST(report.all_agree());
    BOOST_TEST(report.checks.size() == 5u);
    BOOST_TEST(row(report, "activation regions in the box, seed 1").expected == "121");
    // Independently: the count of seed 1 by enumerate_regions directly.
    const RegionResult direct = enumerate_regions(random_relu_network(2, {4, 4}, 1), box);
    BOOST_TEST(row(report, "activation regions in the box, seed 1").value ==
               std::to_string(direct.regions.size()));
    // One layer: the random network's count is at most Zaslavsky's 1 + 5 + 10.
    const TheoremReport one = serra_check(2, {5}, 4, 2, box);
    BOOST_TEST(one.all_agree());
    BOOST_TEST(row(one, "activation regions in the box, seed 4").expected == "16");
}

BOOST_AUTO_TEST_CASE(rates_contains_closed_forms) {
    // x^2 on [0, 1]: the chord's error on a cell of width h integrates to h^3 / 6, total 1 / (6 N^2).
    const TheoremReport square =
        rates_check("x^2", interval(0, 1), {4, 8, 16}, Rational(Integer(1), Integer(1000000)));
    BOOST_TEST(square.all_agree());
    BOOST_TEST(square.checks[0].expected == "1/96");
    BOOST_TEST(square.checks[0].value == "1/96");  // exact (polynomial target)
    BOOST_TEST(square.checks[1].expected == "1/384");
    BOOST_TEST(square.checks[2].expected == "1/1536");
    BOOST_TEST((square.checks[0].relation == TheoremRelation::contains));
    BOOST_TEST(row(square, "fitted rate").value == "-2.0000");
    // 3x^2 + x on [0, 2], N = 4: |c2| (b - a)^3 / (6 N^2) = 3 * 8 / 96 = 1/4.
    const TheoremReport shifted =
        rates_check("3*x^2 + x", interval(0, 2), {4}, Rational(Integer(1), Integer(1000000)));
    BOOST_TEST(shifted.all_agree());
    BOOST_TEST(shifted.checks[0].expected == "1/4");
    // sin on [0, 3]: rigorous intervals, rate near -2 (an estimate).
    const TheoremReport sine =
        rates_check("sin(x)", interval(0, 3), {8, 16, 32}, Rational(Integer(1), Integer(10000000000)));
    BOOST_TEST(sine.all_agree());
    BOOST_TEST((sine.checks[0].relation == TheoremRelation::info));
    const double slope = std::stod(row(sine, "fitted rate").value);
    BOOST_TEST(slope < -1.9);
    BOOST_TEST(slope > -2.1);
}

BOOST_AUTO_TEST_CASE(rates_in_two_dimensions) {
    // x1^2 + x2^2 on [0, 1]^2, N x N Kuhn grid: on a simplex the interpolation error of a quadratic
    // form q is sum_{i<j} lambda_i lambda_j q(v_i - v_j) >= 0, and integral lambda_i lambda_j = vol/12;
    // the Kuhn simplex's edges have squared lengths h^2, h^2, 2h^2 and volume h^2/2, so each
    // contributes h^4/6 and the 2 N^2 simplices give 1 / (3 N^2).
    const Box square{{Rational(0), Rational(0)}, {Rational(1), Rational(1)}};
    const TheoremReport report =
        rates_check("x1^2 + x2^2", square, {2, 4}, Rational(Integer(1), Integer(1000)));
    BOOST_TEST(report.all_agree());
    for (std::size_t i = 0; i < 2; ++i) {
        const long n = i == 0 ? 2 : 4;
        const std::string value = report.checks[i].value;  // "[lower, upper] (~...)"
        const std::size_t comma = value.find(", "), close = value.find(']');
        const Rational lower = Rational::parse(value.substr(1, comma - 1));
        const Rational upper = Rational::parse(value.substr(comma + 2, close - comma - 2));
        const Rational exact = Rational(1) / Rational(3 * n * n);
        BOOST_TEST_CONTEXT("N = " << n) {
            BOOST_TEST(lower <= exact);
            BOOST_TEST(exact <= upper);
        }
    }
    BOOST_CHECK_EXCEPTION(
        rates_check("x1", square, {65}, Rational(1)), InvalidArgument, [](const InvalidArgument& e) {
            return std::string(e.what()).find("between 1 and 64 in 2-D") != std::string::npos;
        });
}

BOOST_AUTO_TEST_CASE(regions_bound_search_finds_and_certifies) {
    const Box big{{Rational(-100)}, {Rational(100)}};
    // Width 3, depth 3 in 1-D: the folding network has 3^2 * 4 = 36 regions on [0, 1] > 20.
    const BoundSearchResult found = regions_bound_search(1, 3, 3, Rational(20), 10, 1, big);
    BOOST_TEST(found.found);
    BOOST_TEST(found.regions == 36u);
    BOOST_TEST(!found.report.all_agree());
    BOOST_TEST(found.box.str() == "0:1");
    // Re-count the counterexample independently of the search (full enumeration, stored regions).
    const RegionResult recount = enumerate_regions(found.network, found.box);
    BOOST_TEST(recount.regions.size() == 36u);
    BOOST_TEST(recount.volume == Rational(1));
    // A true bound (Serra's 4^3 = 64 for n0 = 1, widths 3,3,3): nothing can be found.
    const BoundSearchResult none = regions_bound_search(1, 3, 3, serra_upper_bound(1, {3, 3, 3}), 5, 1, big);
    BOOST_TEST(!none.found);
    BOOST_TEST(none.report.all_agree());
    BOOST_TEST(row(none.report, "candidates counted").value == "6");
}

BOOST_AUTO_TEST_CASE(contains_relation_in_json) {
    TheoremReport report;
    report.name = "demo";
    report.checks.push_back({"error", "1/(6N^2)", "1/96", "[1/100, 1/90]", TheoremRelation::contains, true});
    const auto j = nlohmann::json::parse(theorem_json(report));
    BOOST_TEST(j["checks"][0]["relation"] == "contains");
    BOOST_TEST(j["checks"][0]["expected"] == "1/96");
    BOOST_TEST(theorem_text(report).find("yes (formula in relux's interval)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(new_checks_bad_parameters) {
    auto says = [](const std::string& text) {
        return [text](const InvalidArgument& e) {
            return std::string(e.what()).find(text) != std::string::npos;
        };
    };
    const Box square{{Rational(-1), Rational(-1)}, {Rational(1), Rational(1)}};
    BOOST_CHECK_EXCEPTION(montufar_check(3, 4, 2), InvalidArgument, says("--inputs must be 1 or 2"));
    BOOST_CHECK_EXCEPTION(montufar_check(2, 1, 2), InvalidArgument,
                          says("--width must be at least --inputs"));
    BOOST_CHECK_EXCEPTION(montufar_check(1, 10, 6), InvalidArgument, says("more than 100000"));
    BOOST_CHECK_EXCEPTION(montufar_check(1, 2, 0), InvalidArgument, says("--depth must be between 1 and 64"));
    BOOST_CHECK_EXCEPTION(serra_check(0, {4}, 1, 1, square), InvalidArgument,
                          says("--inputs must be at least 1"));
    BOOST_CHECK_EXCEPTION(serra_check(2, {4, 0}, 1, 1, square), InvalidArgument,
                          says("hidden width must be at least 1"));
    BOOST_CHECK_EXCEPTION(serra_check(2, {4}, 1, 0, square), InvalidArgument,
                          says("--samples must be between"));
    BOOST_CHECK_EXCEPTION(serra_check(3, {4}, 1, 1, square), InvalidArgument, says("the box has 2 axes"));
    BOOST_CHECK_EXCEPTION(serra_check(2, {40, 40, 40}, 1, 1, square), InvalidArgument,
                          says("more than 100000"));
    BOOST_CHECK_EXCEPTION(rates_check("x^2", Box{{Rational(1)}, {Rational(0)}}, {4}, Rational(1)),
                          InvalidArgument, says("lo < hi"));
    BOOST_CHECK_EXCEPTION(rates_check("x^2", interval(0, 1), {0}, Rational(1)), InvalidArgument,
                          says("between 1 and 4096"));
    BOOST_CHECK_EXCEPTION(rates_check("x^2", interval(0, 1), {}, Rational(1)), InvalidArgument,
                          says("at least one"));
    BOOST_CHECK_EXCEPTION(rates_check("sqrt(x)", interval(-1, 1), {2}, Rational(1)), InvalidArgument,
                          says("undefined at x = -1"));
    BOOST_CHECK_EXCEPTION(regions_bound_search(0, 2, 2, Rational(3), 1, 1, square), InvalidArgument,
                          says("must be at least 1"));
    BOOST_CHECK_EXCEPTION(regions_bound_search(1, 2, 2, Rational(3), 1, 1, square), InvalidArgument,
                          says("the box has 2 axes"));
}
