#define BOOST_TEST_MODULE theorem_cli
#include <boost/test/unit_test.hpp>

// `relux theorem NAME`: the table, the JSON shape (exact numbers as strings) and the exit codes
// (0 agrees, 2 bad input; 1 for a check that disagrees is covered by the report test, no correct
// theorem disagrees; regions-bound --search exits 1 with a counterexample and 4 without one).

#include "test_util.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include <unistd.h>

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

BOOST_AUTO_TEST_CASE(montufar_and_serra_json) {
    const auto m = run_relux("theorem montufar --inputs 2 --width 4 --depth 2 --json");
    BOOST_TEST(m.exit_code == 0);
    const auto mj = nlohmann::json::parse(m.out);
    BOOST_TEST(mj["theorem"] == "montufar");
    BOOST_TEST(mj["checks"][0]["expected"] == "44");  // 2^2 * (1 + 4 + 6)
    BOOST_TEST(mj["checks"][0]["value"] == "44");
    BOOST_TEST(mj["checks"][0]["relation"] == "at_least");
    const auto s =
        run_relux("theorem serra --inputs 3 --widths 3,3 --samples 2 --box \"-50:50,-50:50,-50:50\" --json");
    BOOST_TEST(s.exit_code == 0);
    const auto sj = nlohmann::json::parse(s.out);
    BOOST_TEST(sj["parameters"]["widths"] == "3,3");
    BOOST_TEST(sj["checks"][0]["expected"] == "42");  // 8 + 3*7 + 3*4 + 1
    BOOST_TEST(sj["checks"][0]["relation"] == "at_most");
    BOOST_TEST(sj["checks"][3]["expected"] == "64");  // Montufar (2017): 8 * 8
    BOOST_TEST(sj["agrees"] == true);
    const auto same = run_relux("theorem serra --inputs 1 --width 3 --depth 2 --samples 1 --json");
    BOOST_TEST(same.exit_code == 0);
    BOOST_TEST(nlohmann::json::parse(same.out)["checks"][0]["expected"] == "16");  // (3 + 1)^2
}

BOOST_AUTO_TEST_CASE(rates_json) {
    const auto r = run_relux("theorem rates --target \"x^2\" --box 0:1 --n 4,8 --json");
    BOOST_TEST(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    BOOST_TEST(j["checks"][0]["relation"] == "contains");
    BOOST_TEST(j["checks"][0]["expected"] == "1/96");
    BOOST_TEST(j["checks"][1]["expected"] == "1/384");
    BOOST_TEST(j["checks"][2]["value"] == "-2.0000");
    const auto s = run_relux("theorem rates --target \"sin(x)\" --box 0:3 --n 4,8,16");
    BOOST_TEST(s.exit_code == 0);
    BOOST_TEST(contains(s.out, "fitted rate: slope of log(error) vs log(neurons) (double estimate)"));
}

BOOST_AUTO_TEST_CASE(regions_bound_search_counterexample_rechecks) {
    namespace fs = std::filesystem;
    const fs::path file =
        fs::temp_directory_path() / ("relux_theorem_cx_" + std::to_string(::getpid()) + ".json");
    const auto r = run_relux("theorem regions-bound --inputs 1 --width 3 --depth 3 --bound 20 --search -o " +
                             file.string() + " --json");
    BOOST_TEST(r.exit_code == 1);  // the claimed bound is false
    BOOST_TEST(contains(r.err, "the bound 20 is false"));
    const auto j = nlohmann::json::parse(r.out);
    BOOST_TEST(j["found"] == true);
    BOOST_TEST(j["regions"] == 36);
    BOOST_TEST(j["checks"][0]["agrees"] == false);
    const std::string box = j["box"];
    // Re-load the written file and re-count with `relux regions --count-only`.
    const auto again = run_relux("regions " + file.string() + " --box \"" + box + "\" --count-only --json");
    BOOST_TEST(again.exit_code == 0);
    const auto k = nlohmann::json::parse(again.out);
    BOOST_TEST(k["activation_regions"] == 36);
    BOOST_TEST(k["activation_regions"].get<int>() > 20);
    BOOST_TEST(k["partial"] == false);
    fs::remove(file);
    // 2-D, text mode, the network printed on stdout.
    const auto two =
        run_relux("theorem regions-bound --inputs 2 --width 4 --depth 2 --bound 40 --search --tries 0");
    BOOST_TEST(two.exit_code == 1);
    BOOST_TEST(contains(two.out, "counterexample network (relux JSON):"));
    BOOST_TEST(contains(two.out, "\"format\": \"relux-network\""));
    // A bound that holds (Serra: 4^3 = 64 in 1-D): nothing found, exit 4.
    const auto none =
        run_relux("theorem regions-bound --inputs 1 --width 3 --depth 3 --bound 64 --search --tries 3");
    BOOST_TEST(none.exit_code == 4);
    BOOST_TEST(contains(none.out, "no counterexample found: this does not prove the bound"));
    BOOST_TEST(contains(none.err, "no counterexample in 3 random tries"));
}

BOOST_AUTO_TEST_CASE(new_theorems_bad_input_exits_2) {
    const auto no_search = run_relux("theorem regions-bound --inputs 1 --width 2 --depth 2 --bound 3");
    BOOST_TEST(no_search.exit_code == 2);
    BOOST_TEST(contains(no_search.err, "add --search"));
    const auto inputs = run_relux("theorem montufar --inputs 3 --width 4 --depth 2");
    BOOST_TEST(inputs.exit_code == 2);
    BOOST_TEST(contains(inputs.err, "--inputs"));
    const auto big = run_relux("theorem montufar --inputs 1 --width 10 --depth 6");
    BOOST_TEST(big.exit_code == 2);
    BOOST_TEST(contains(big.err, "more than 100000"));
    const auto both = run_relux("theorem serra --inputs 2 --widths 4,4 --width 4 --depth 2");
    BOOST_TEST(both.exit_code == 2);
    BOOST_TEST(contains(both.err, "give --widths or --width with --depth, not both"));
    const auto neither = run_relux("theorem serra --inputs 2");
    BOOST_TEST(neither.exit_code == 2);
    BOOST_TEST(contains(neither.err, "give --widths 4,4 or --width and --depth"));
    const auto box = run_relux("theorem rates --target \"x^2\" --box \"0:1,0:1,0:1\" --n 4");
    BOOST_TEST(box.exit_code == 2);
    BOOST_TEST(contains(box.err, "one interval lo:hi or a 2-D box"));
    const auto bound = run_relux("theorem regions-bound --inputs 1 --width 2 --depth 2 --bound x --search");
    BOOST_TEST(bound.exit_code == 2);
    BOOST_TEST(contains(bound.err, "--bound: invalid number 'x'"));
    const auto tol = run_relux("theorem rates --target \"x^2\" --n 4 --tol 0");
    BOOST_TEST(tol.exit_code == 2);
    BOOST_TEST(contains(tol.err, "--tol must be positive"));
    const auto target = run_relux("theorem rates --target \"x^\" --n 4");
    BOOST_TEST(target.exit_code == 2);
}
