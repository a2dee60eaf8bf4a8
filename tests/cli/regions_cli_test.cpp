#define BOOST_TEST_MODULE regions_cli
#include <boost/test/unit_test.hpp>

#include "relux/cpwl/cpwl1d.hpp"
#include "relux/net/json_io.hpp"
#include "test_util.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

using namespace relux;
using relux::test::run_relux;
namespace fs = std::filesystem;

namespace {

using relux::test::tags_balanced;

/// A scratch directory with the test networks, removed at the end.
struct Files {
    fs::path dir = fs::temp_directory_path() / ("relux_regions_cli_" + std::to_string(::getpid()));

    Files() {
        fs::create_directories(dir);
        // (0,0),(1,2),(2,1),(4,3): slopes 2, -1, 1 with breakpoints 1 and 2.
        const Cpwl1d f({0, 1, 2, 4}, {0, 2, 1, 3});
        write("cpwl.json", write_network_json(construct_cpwl1d(f, Cpwl1dForm::minimal)));
        write("pairs.json", write_network_json(construct_cpwl1d(f, Cpwl1dForm::pairs)));
        // y = relu(x1) + relu(x2) on 3 inputs (x3 unused): its linear regions are the four quadrants.
        write("quadrants.json", R"({"format": "relux-network", "version": 1, "input_dim": 3, "layers": [
            {"weights": [["1", "0", "0"], ["0", "1", "0"]], "bias": ["0", "0"], "activation": "relu"},
            {"weights": [["1", "1"]], "bias": ["0"], "activation": "identity"}]})");
        write("square.json", R"({"format": "relux-network", "version": 1, "input_dim": 1, "layers": [
            {"weights": [["1"]], "bias": ["0"], "activation": "square"},
            {"weights": [["1"]], "bias": ["0"], "activation": "identity"}]})");
        write("softmax.json", R"({"format": "relux-network", "version": 1, "input_dim": 1, "layers": [
            {"weights": [["1"], ["-1"]], "bias": ["0", "0"], "activation": "identity"}], "output": "softmax"})");
        // relu(N x - 1) with N = 1234567890123456789012345: regions [0, 1/N] and [1/N, 1], long exact
        // volumes.
        write("tiny.json", R"({"format": "relux-network", "version": 1, "input_dim": 1, "layers": [
            {"weights": [["1234567890123456789012345"]], "bias": ["-1"], "activation": "relu"},
            {"weights": [["1"]], "bias": ["0"], "activation": "identity"}]})");
        // The plane x3 = 1/2 through the box [-1, 1]^2 of (x1, x2), via three points.
        write("plane.json", R"({"format": "relux-slice", "version": 1,
            "through": [["-1", "-1", "1/2"], ["1", "-1", "1/2"], ["-1", "1", "1/2"]]})");
    }
    ~Files() { fs::remove_all(dir); }

    void write(const std::string& name, const std::string& text) const { std::ofstream(dir / name) << text; }
    std::string operator()(const std::string& name) const { return "'" + (dir / name).string() + "'"; }
};

bool contains(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(regions, Files)

BOOST_AUTO_TEST_CASE(cpwl1d_has_three_linear_regions_with_exact_maps) {
    for (const char* net : {"cpwl.json", "pairs.json"}) {
        BOOST_TEST_CONTEXT(net) {
            const auto r = run_relux("regions " + (*this)(net) + " --box 0:4 --linear --json");
            BOOST_TEST(r.exit_code == 0);
            BOOST_TEST(r.err == "");
            const auto j = nlohmann::json::parse(r.out);
            BOOST_TEST(j["linear_regions"] == 3);
            BOOST_TEST(j["activation_regions"].get<int>() >= 3);
            BOOST_TEST(j["volume"] == "4");
            BOOST_TEST(j["partial"] == false);
            // Per linear region: the union of its intervals and its one map.
            std::map<int, std::pair<std::string, std::string>> span;  // id -> (lo, hi) as text
            std::map<int, std::string> map;
            for (const auto& region : j["regions"]) {
                const int id = region["linear_region"];
                const std::string lo = region["vertices"][0][0], hi = region["vertices"][1][0];
                auto [it, fresh] = span.emplace(id, std::make_pair(lo, hi));
                if (!fresh) it->second.second = hi;  // regions come sorted left to right
                const std::string affine = region["affine"].dump();
                BOOST_TEST((map.emplace(id, affine).first->second == affine));
            }
            BOOST_TEST(span.size() == 3u);
            BOOST_TEST((span[0] == std::make_pair(std::string("0"), std::string("1"))));
            BOOST_TEST((span[1] == std::make_pair(std::string("1"), std::string("2"))));
            BOOST_TEST((span[2] == std::make_pair(std::string("2"), std::string("4"))));
            BOOST_TEST(map[0] == R"({"A":[["2"]],"b":["0"]})");
            BOOST_TEST(map[1] == R"({"A":[["-1"]],"b":["3"]})");
            BOOST_TEST(map[2] == R"({"A":[["1"]],"b":["-1"]})");
        }
    }
}

BOOST_AUTO_TEST_CASE(human_output_lists_counts_volume_and_maps) {
    const auto r = run_relux("regions " + (*this)("cpwl.json") + " --box 0:4 --linear");
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(contains(r.out, "box: 0:4\n"));
    BOOST_TEST(contains(r.out, "linear regions: 3\n"));
    BOOST_TEST(contains(r.out, "volume: 4\n"));
    BOOST_TEST(contains(r.out, "y = 2 x1\n"));
    BOOST_TEST(contains(r.out, "y = -x1 + 3\n"));
    BOOST_TEST(contains(r.out, "y = x1 - 1\n"));
    BOOST_TEST(!contains(r.out, "PARTIAL"));
}

BOOST_AUTO_TEST_CASE(count_only_streams_counts_and_volume) {
    // relu(x1) + relu(x2) over [-1, 1]^3: four quadrant regions, each 2 x ... of volume 2.
    auto r = run_relux("regions " + (*this)("quadrants.json") + " --box -1:1,-1:1,-1:1 --count-only");
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(contains(r.out, "activation regions: 4\n"), r.out);
    BOOST_TEST(contains(r.out, "volume: 8 (= the box's volume: the regions tile it)\n"), r.out);
    BOOST_TEST(contains(r.out, "vertices: 18 distinct (32 region-vertex incidences, at most 8 per region)\n"),
               r.out);
    r = run_relux("regions " + (*this)("quadrants.json") + " --box -1:1,-1:1,-1:1 --count-only --json");
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(contains(r.out, "\"activation_regions\": 4"), r.out);
    BOOST_TEST(contains(r.out, "\"vertices\": 18"), r.out);
    r = run_relux("regions " + (*this)("cpwl.json") + " --box 0:4 --count-only --linear");
    BOOST_TEST(r.exit_code == 2);
    r = run_relux("regions " + (*this)("cpwl.json") + " --box 0:4 --count-only --max-regions 1");
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(contains(r.out, "PARTIAL: stopped by --max-regions 1"), r.out);
    BOOST_TEST(contains(r.out, " (of 4)\n"), r.out);
    // A partial volume with a long exact text is shown "~" in text, exact in JSON.
    r = run_relux("regions " + (*this)("tiny.json") + " --box 0:1 --count-only --max-regions 1");
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(contains(r.out, "volume: ~"), r.out);
    BOOST_TEST(contains(r.out, " (of 1) (exact in --json)\n"), r.out);
    r = run_relux("regions " + (*this)("tiny.json") + " --box 0:1 --count-only --max-regions 1 --json");
    const auto j = nlohmann::json::parse(r.out);
    const std::string volume = j["volume"];
    BOOST_TEST((volume == "1/1234567890123456789012345" ||
                volume == "1234567890123456789012344/1234567890123456789012345"),
               volume);
}

BOOST_AUTO_TEST_CASE(csv_has_a_header_and_a_row_per_region) {
    const auto r = run_relux("regions " + (*this)("cpwl.json") + " --box 0:4 --linear --csv");
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.out.rfind("region,pattern,volume,linear_region,A1_1,b1\n", 0) == 0u);
    BOOST_TEST(contains(r.out, ",0,2,0\n"));  // linear region 0: y = 2 x1 + 0
    const auto rows = std::count(r.out.begin(), r.out.end(), '\n') - 1;
    const auto j =
        nlohmann::json::parse(run_relux("regions " + (*this)("cpwl.json") + " --box 0:4 --json").out);
    BOOST_TEST(rows == j["activation_regions"].get<long>());
}

BOOST_AUTO_TEST_CASE(svg_files_are_written_for_1d_and_2d) {
    const std::string one = (dir / "one.svg").string(), two = (dir / "two.svg").string();
    auto r = run_relux("regions " + (*this)("cpwl.json") + " --box 0:4 --linear --svg '" + one + "'");
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(contains(r.out, "linear regions: 3"));  // the text still goes to stdout
    std::stringstream s1;
    s1 << std::ifstream(one).rdbuf();
    BOOST_TEST(s1.str().rfind("<?xml version=\"1.0\"", 0) == 0u);
    BOOST_TEST(tags_balanced(s1.str()));
    BOOST_TEST(contains(s1.str(), "<path d=\"M"));
    r = run_relux("regions " + (*this)("quadrants.json") + " --slice " + (*this)("plane.json") +
                  " --linear --svg '" + two + "'");
    BOOST_TEST(r.exit_code == 0);
    std::stringstream s2;
    s2 << std::ifstream(two).rdbuf();
    BOOST_TEST(tags_balanced(s2.str()));
    BOOST_TEST(contains(s2.str(), "4 activation regions, 4 linear regions"));
    r = run_relux("regions " + (*this)("cpwl.json") + " --box 0:4 --svg -");
    BOOST_TEST(r.out.rfind("<?xml", 0) == 0u);
    BOOST_TEST(!contains(r.out, "activation regions:"));
}

BOOST_AUTO_TEST_CASE(a_slice_enumerates_over_t) {
    const auto r = run_relux("regions " + (*this)("quadrants.json") + " --slice " + (*this)("plane.json") +
                             " --linear --json");
    BOOST_TEST(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    BOOST_TEST(j["activation_regions"] == 4);  // t = (1/2, 1/2) maps to x = (0, 0)
    BOOST_TEST(j["linear_regions"] == 4);
    BOOST_TEST(j["volume"] == "1");
    BOOST_TEST(j["box"] == "0:1,0:1");
    BOOST_TEST(j["slice"]["directions"].dump() == R"([["2","0","0"],["0","2","0"]])");
    for (const auto& region : j["regions"]) BOOST_TEST(region["volume"] == "1/4");
    // --box replaces the slice's box (over t).
    const auto k = nlohmann::json::parse(run_relux("regions " + (*this)("quadrants.json") + " --slice " +
                                                   (*this)("plane.json") + " --box 0:1/2,0:1/2 --json")
                                             .out);
    BOOST_TEST(k["activation_regions"] == 1);
    BOOST_TEST(k["regions"][0]["affine"].dump() == R"({"A":[["0","0"]],"b":["0"]})");
}

BOOST_AUTO_TEST_CASE(a_partial_run_exits_0_and_says_so) {
    auto r = run_relux("regions " + (*this)("cpwl.json") + " --box 0:4 --max-regions 1");
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.out.rfind("PARTIAL: ", 0) == 0u);
    BOOST_TEST(contains(r.err, "relux: PARTIAL: "));
    r = run_relux("regions " + (*this)("cpwl.json") + " --box 0:4 --max-regions 1 --json");
    BOOST_TEST(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    BOOST_TEST(j["partial"] == true);
    BOOST_TEST(j["stop_reason"].get<std::string>() != "");
    BOOST_TEST(j["regions"].size() >= 1u);
}

BOOST_AUTO_TEST_CASE(bad_input_exits_2_with_a_clear_message) {
    const std::map<std::string, std::string> cases = {
        {"regions " + (*this)("cpwl.json") + " --box 0:1,0:1",
         "relux: error: --box: box '0:1,0:1' has 2 axes; expected 1 (one per network input)\n"},
        {"regions " + (*this)("cpwl.json") + " --box 2:2",
         "relux: error: --box: box '2:2', axis 1: lower bound 2 is not below upper bound 2; a box needs "
         "positive "
         "width on every axis\n"},
        {"regions " + (*this)("square.json") + " --box 0:1",
         "layers[0] has a square activation, so the network is not piecewise linear and has no linear "
         "regions; "
         "regions needs relu, leaky_relu and identity layers\n"},
        {"regions " + (*this)("softmax.json") + " --box 0:1",
         ": the output is softmax, which is not piecewise linear; regions needs \"output\": \"identity\""},
        {"regions " + (*this)("cpwl.json"),
         "cpwl.json has 1 input), e.g. --box \"-1:1,0:1/2\"; or give a slice"},
        {"regions " + (*this)("quadrants.json") + " --box 0:1,0:1,0:1 --svg x.svg",
         "relux: error: --svg draws 1-D and 2-D boxes only; this box has 3 dimensions (use --slice for a 1-D "
         "or 2-D "
         "slice of the input)\n"},
        {"regions " + (*this)("cpwl.json") + " --slice " + (*this)("plane.json"),
         "plane.json: through: the slice lives in 3 dimensions; expected 1 (the network's input "
         "dimension)\n"},
        {"regions " + (*this)("quadrants.json") + " --slice " + (*this)("plane.json") + " --box 0:1",
         "relux: error: --box '0:1' has 1 axis; expected 2: with --slice the box is over t"},
        {"regions " + (*this)("cpwl.json") + " --box 0:4 --json --csv", "--json excludes --csv"},
        {"regions " + (*this)("missing.json") + " --box 0:4", "missing.json: cannot open file for reading\n"},
    };
    for (const auto& [args, message] : cases) {
        BOOST_TEST_CONTEXT(args) {
            const auto r = run_relux(args);
            BOOST_TEST(r.exit_code == 2);
            BOOST_TEST(r.out == "");
            BOOST_TEST(contains(r.err, message), "stderr: " << r.err);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
