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

#include <set>
#include <string>

using namespace relux;

namespace {

/// The row of `report` whose quantity starts with `prefix`.
const TheoremCheck& row(const TheoremReport& report, const std::string& prefix) {
    for (const TheoremCheck& c : report.checks)
        if (c.quantity.rfind(prefix, 0) == 0) return c;
    BOOST_FAIL("no row " << prefix);
    return report.checks.front();
}

Rational pow2(long e) {
    Rational r(1);
    for (long i = 0; i < (e >= 0 ? e : -e); ++i) r = e >= 0 ? r * Rational(2) : r / Rational(2);
    return r;
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
            BOOST_TEST(row(report, "linear regions").value == pow2(static_cast<long>(l)).str());
            BOOST_TEST(row(report, "sawtooth ==").value == "equal");
            const TheoremCheck& shallow = row(report, "one-hidden-layer neurons");
            BOOST_TEST(Rational::parse(shallow.value) >= pow2(static_cast<long>(l)) - 1);
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
            BOOST_TEST(row(report, "sup |f_m - x^2|").value == pow2(-2 * ml - 2).str());
            BOOST_TEST(row(report, "integral |f_m - x^2|").value == (pow2(-2 * ml) / Rational(6)).str());
            // Independently: f_m interpolates x^2 at the multiples of h = 2^-m, and at a midpoint
            // the error of the chord of x^2 is h^2/4.
            const Network f = yarotsky_square_network(m);
            const Rational h = pow2(-ml);
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
            BOOST_TEST(row(report, "sup |P_m - x y|").value == pow2(-2 * static_cast<long>(m) - 1).str());
            // The maximum is attained at (0, 2^-m).
            const Network p = yarotsky_product_network(m);
            BOOST_TEST(evaluate(p, Vector{0, pow2(-static_cast<long>(m))}).front() ==
                       pow2(-2 * static_cast<long>(m) - 1));
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
