#define BOOST_TEST_MODULE theorem_cli
#include <boost/test/unit_test.hpp>

// `relux theorem NAME`: the table, the JSON shape (exact numbers as strings) and the exit codes
// (0 agrees, 2 bad input; 1 is covered by the report test, no correct theorem disagrees).

#include "test_util.hpp"

#include <nlohmann/json.hpp>

#include <string>

using relux::test::run_relux;

namespace {

bool contains(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(telgarsky_table) {
    const auto r = run_relux("theorem telgarsky --depth 4");
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(contains(r.out, "quantity"));
    BOOST_TEST(contains(r.out, "relux (exact)"));
    BOOST_TEST(contains(r.out, "2^L = 16"));
    BOOST_TEST(contains(r.out, "all checks agree"));
}

BOOST_AUTO_TEST_CASE(yarotsky_json) {
    const auto r = run_relux("theorem yarotsky --depth 3 --json");
    BOOST_TEST(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    BOOST_TEST(j["theorem"] == "yarotsky");
    BOOST_TEST(j["agrees"] == true);
    BOOST_TEST(j["parameters"]["depth"] == "3");
    BOOST_TEST(j["checks"][0]["expected"] == "1/256");
    BOOST_TEST(j["checks"][0]["value"] == "1/256");
    BOOST_TEST(j["checks"][0]["agrees"] == true);
}

BOOST_AUTO_TEST_CASE(zaslavsky_and_max_depth) {
    const auto z = run_relux("theorem zaslavsky --inputs 2 --width 4 --seed 3 --json");
    BOOST_TEST(z.exit_code == 0);
    const auto j = nlohmann::json::parse(z.out);
    BOOST_TEST(j["checks"][0]["value"] == "11");
    BOOST_TEST(j["parameters"]["seed"] == "3");
    const auto m = run_relux("theorem max-depth --inputs 5");
    BOOST_TEST(m.exit_code == 0);
    BOOST_TEST(contains(m.out, "log2 form == shallow form on [-1, 1]^n"));
}

BOOST_AUTO_TEST_CASE(bad_input_exits_2) {
    const auto unknown = run_relux("theorem fermat");
    BOOST_TEST(unknown.exit_code == 2);
    BOOST_TEST(contains(unknown.err, "unknown command \"fermat\""));
    const auto missing = run_relux("theorem telgarsky");
    BOOST_TEST(missing.exit_code == 2);
    BOOST_TEST(contains(missing.err, "--depth"));
    const auto range = run_relux("theorem telgarsky --depth 0");
    BOOST_TEST(range.exit_code == 2);
    const auto product = run_relux("theorem yarotsky --depth 5 --product");
    BOOST_TEST(product.exit_code == 2);
    BOOST_TEST(contains(product.err, "--product needs --depth at most 4"));
}
