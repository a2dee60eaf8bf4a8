#define BOOST_TEST_MODULE cli
#include <boost/test/unit_test.hpp>

#include "relux/error.hpp"
#include "relux/net/json_io.hpp"
#include "relux/number/rational.hpp"
#include "test_util.hpp"

#include <unistd.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using relux::Integer;
using relux::Rational;
using relux::test::run_relux;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

Rational q(long num, long den = 1) { return Rational(Integer(num), Integer(den)); }

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// A fresh directory for the files of one test, removed at the end.
struct TempDir {
    fs::path path;
    TempDir() {
        static int counter = 0;
        path = fs::temp_directory_path() /
               ("relux_cli_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    /// Write `text` to a file in the directory; returns its path.
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
        return (path / name).string();
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

/// A shell word: single-quoted.
std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

const std::string three_piece_points = "0:0,1:2,2:1,4:3";

/// The minimal network of the 3-piece example, as in tests/data/cpwl1d/example_minimal.json.
const std::string three_piece_net = R"({
  "format": "relux-network", "version": 1, "input_dim": 1,
  "layers": [
    {"weights": [["-1"], ["1"], ["1"]], "bias": ["1", "-1", "-2"], "activation": "relu"},
    {"weights": [["-2", "-1", "2"]], "bias": ["2"], "activation": "identity"}
  ],
  "output": "identity"
})";

/// Two inputs, two relu neurons, softmax over two logits (1, -1) at (1/2, -1).
const std::string softmax_net = R"({
  "format": "relux-network", "version": 1, "input_dim": 2,
  "layers": [
    {"weights": [["1", "-1/2"], ["0", "3"]], "bias": ["0", "1/3"], "activation": "relu"},
    {"weights": [["1", "1"], ["-1", "0.1"]], "bias": ["0", "0"], "activation": "identity"}
  ],
  "output": "softmax"
})";

/// |x| in NNet format, with trivial normalisation (means 0, ranges 1).
const std::string abs_nnet =
    "// |x|\n2,1,1,2,\n1,2,1,\n0,\n-10,\n10,\n0,0,\n1,1,\n1,\n-1,\n0,\n0,\n1,1,\n0,\n";

/// The interpolant through (0,0),(1,2),(2,1),(4,3), extended linearly: the expected values.
const std::vector<std::pair<std::string, std::string>> three_piece_values = {
    {"-1", "-2"}, {"0", "0"}, {"1/2", "1"}, {"1", "2"}, {"3/2", "3/2"},
    {"2", "1"},   {"3", "2"}, {"4", "3"},   {"5", "4"}};

/// Rigorous rational bounds [lo, hi] of e^2 from its Taylor series: the terms after 2^n/n! sum to
/// less than twice the first omitted one when n >= 4.
std::pair<Rational, Rational> exp2_bounds(int n) {
    Rational sum = 0, term = 1;
    for (int k = 0; k < n; ++k) {
        sum += term;
        term = term * Rational(2) / Rational(k + 1);
    }
    return {sum, sum + 2 * term};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(general)

BOOST_AUTO_TEST_CASE(version_prints_the_project_version) {
    const auto r = run_relux("--version");
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.out == std::string("relux ") + RELUX_VERSION + "\n");
}

BOOST_AUTO_TEST_CASE(no_arguments_print_help_and_exit_2) {
    const auto r = run_relux("");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(contains(r.err, "Usage: relux [OPTIONS] SUBCOMMAND"));
    BOOST_TEST(contains(r.err, "eval"));
    BOOST_TEST(contains(r.err, "construct"));
}

BOOST_AUTO_TEST_CASE(help_lists_commands_and_exit_codes) {
    const auto r = run_relux("help");
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(contains(r.out, "Usage: relux [OPTIONS] SUBCOMMAND"));
    BOOST_TEST(contains(r.out, "Exit codes: 0 ok, 1 a property is false"));
    BOOST_TEST(run_relux("--help").out == r.out);
}

BOOST_AUTO_TEST_CASE(help_of_a_command) {
    const auto eval = run_relux("help eval");
    BOOST_TEST(eval.exit_code == 0);
    BOOST_TEST(contains(eval.out, "Usage: relux eval [OPTIONS] NET"));
    BOOST_TEST(contains(eval.out, "--pattern"));
    BOOST_TEST(run_relux("eval --help").out == eval.out);
    const auto cpwl = run_relux("help construct cpwl1d");
    BOOST_TEST(cpwl.exit_code == 0);
    BOOST_TEST(contains(cpwl.out, "Usage: relux construct cpwl1d [OPTIONS]"));
    BOOST_TEST(contains(cpwl.out, "--points-file"));
}

BOOST_AUTO_TEST_CASE(unknown_commands_exit_2) {
    auto r = run_relux("frobnicate --at 1");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(
        contains(r.err, "relux: error: unknown command \"frobnicate\"; expected one of: eval, construct"));
    r = run_relux("construct cpwl2d --points 0:0,1:1");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(
        r.err, "relux: error: unknown command \"cpwl2d\" for 'relux construct'; expected one of: cpwl1d"));
    BOOST_TEST(contains(r.err, " (see 'relux help construct')\n"));
    r = run_relux("help frobnicate");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "relux: error: unknown command \"frobnicate\""));
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2) {
    auto r = run_relux("eval");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "relux: error: "));
    BOOST_TEST(contains(r.err, "Run 'relux eval --help' for usage."));
    r = run_relux("eval net.json");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "relux: error: --at is required"));
    r = run_relux("construct");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "relux: error: A subcommand is required"));
    r = run_relux("eval --frobnicate x.json --at 1");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "--frobnicate"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(eval)

BOOST_AUTO_TEST_CASE(exact_values_of_the_three_piece_network) {
    TempDir dir;
    const std::string net = dir.write("three.json", three_piece_net);
    std::string args = "eval " + quote(net);
    std::string expected;
    for (const auto& [x, y] : three_piece_values) {
        args += " --at " + x;  // "-1" must be read as a value, not an option
        expected += "f(" + x + ") = " + y + "\n";
    }
    const auto r = run_relux(args);
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.err.empty());
    BOOST_TEST(r.out == expected);
}

BOOST_AUTO_TEST_CASE(decimals_in_points_are_exact) {
    TempDir dir;
    const std::string net = dir.write("three.json", three_piece_net);
    // 0.1 is 1/10 exactly: f = 2x there; 3.25 is on the slope-1 piece: f = x - 1.
    const auto r = run_relux("eval " + quote(net) + " --at 0.1 --at=3.25 --at 1e-3");
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.out == "f(1/10) = 1/5\nf(13/4) = 9/4\nf(1/1000) = 1/500\n");
}

BOOST_AUTO_TEST_CASE(pattern_and_affine_map) {
    TempDir dir;
    const std::string net = dir.write("three.json", three_piece_net);
    // Neurons relu(1 - x), relu(x - 1), relu(x - 2). At x = 1 two neurons are on their hyperplane
    // (state 0) and count as inactive: the map y = 2 agrees with f at the point only.
    const auto r = run_relux("eval " + quote(net) + " --at 1/2 --at 1 --at 3/2 --at 3 --pattern");
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.out ==
               "f(1/2) = 1\n  pattern: +--\n  affine map: y = 2 x1\n"
               "f(1) = 2\n  pattern: 00-\n  affine map: y = 2\n"
               "f(3/2) = 3/2\n  pattern: -+-\n  affine map: y = -x1 + 3\n"
               "f(3) = 2\n  pattern: -++\n  affine map: y = x1 - 1\n");
}

BOOST_AUTO_TEST_CASE(json_output_is_exact) {
    TempDir dir;
    const std::string net = dir.write("three.json", three_piece_net);
    const auto r = run_relux("eval " + quote(net) + " --at -1 --at 3/2 --json --pattern");
    BOOST_TEST(r.exit_code == 0);
    const Json expected = Json::parse(R"({
      "input_dim": 1, "output": "identity",
      "points": [
        {"at": ["-1"], "outputs": ["-2"], "pattern": "+--", "affine": {"A": [["2"]], "b": ["0"]}},
        {"at": ["3/2"], "outputs": ["3/2"], "pattern": "-+-", "affine": {"A": [["-1"]], "b": ["3"]}}
      ]})");
    BOOST_TEST(Json::parse(r.out) == expected);
    // Without --pattern there are no pattern and affine keys.
    const auto plain = run_relux("eval " + quote(net) + " --at 5 --json");
    BOOST_TEST(Json::parse(plain.out) ==
               Json::parse(
                   R"({"input_dim": 1, "output": "identity", "points": [{"at": ["5"], "outputs": ["4"]}]})"));
}

BOOST_AUTO_TEST_CASE(several_outputs_and_stdin) {
    TempDir dir;
    const std::string net = R"({"format": "relux-network", "version": 1, "input_dim": 2,
      "layers": [{"weights": [["1", "2"], ["1/3", "-1"], ["0", "0"]], "bias": ["0", "1/2", "7"],
                  "activation": "identity"}]})";
    const auto r = run_relux("eval - --at '1, 1/4' --pattern", net);
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.out ==
               "f(1, 1/4) = (3/2, 7/12, 7)\n  pattern: (no relu neurons)\n"
               "  affine map: y1 = x1 + 2 x2; y2 = 1/3 x1 - x2 + 1/2; y3 = 7\n");
}

BOOST_AUTO_TEST_CASE(nnet_files) {
    TempDir dir;
    const std::string net = dir.write("abs.nnet", abs_nnet);
    const auto r = run_relux("eval " + quote(net) + " --at -3 --at 5/2 --json");
    BOOST_TEST(r.exit_code == 0);
    const Json j = Json::parse(r.out);
    BOOST_TEST(j["points"][0]["outputs"] == Json::parse(R"(["3"])"));
    BOOST_TEST(j["points"][1]["outputs"] == Json::parse(R"(["5/2"])"));
}

BOOST_AUTO_TEST_CASE(softmax_logits_and_certified_enclosures) {
    TempDir dir;
    const std::string net = dir.write("softmax.json", softmax_net);
    // At (1/2, -1): hidden (1, 0), logits (1, -1); softmax_1 = e^2 / (e^2 + 1), softmax_2 = 1 / (e^2 + 1).
    const auto r = run_relux("eval " + quote(net) + " --at 1/2,-1 --json");
    BOOST_TEST(r.exit_code == 0);
    const Json j = Json::parse(r.out);
    BOOST_TEST(j["output"] == "softmax");
    const Json& p = j["points"][0];
    BOOST_TEST(p["logits"] == Json::parse(R"(["1", "-1"])"));
    BOOST_TEST(!p.contains("outputs"));
    BOOST_REQUIRE(p["softmax"].size() == 2u);
    const auto [lo, hi] = exp2_bounds(40);  // width below 1e-35
    const Rational truth_lo[2] = {lo / (lo + 1), Rational(1) / (hi + 1)};
    const Rational truth_hi[2] = {hi / (hi + 1), Rational(1) / (lo + 1)};
    for (int i = 0; i < 2; ++i) {
        const Rational lower = Rational::parse(p["softmax"][i]["lower"].get<std::string>());
        const Rational upper = Rational::parse(p["softmax"][i]["upper"].get<std::string>());
        BOOST_TEST_CONTEXT("softmax " << i + 1 << " in [" << lower << ", " << upper << "]") {
            BOOST_TEST(lower <= truth_lo[i]);
            BOOST_TEST(truth_hi[i] <= upper);
            BOOST_TEST(upper - lower < q(1, 1000000000000000000));  // at least 64 bits of accuracy
        }
    }
    const auto text = run_relux("eval " + quote(net) + " --at 1/2,-1");
    BOOST_TEST(contains(text.out, "f(1/2, -1) = (1, -1)   (logits, before softmax)\n  softmax[1] in ["));
    BOOST_TEST(contains(text.out, "]  ~0.880797077977882\n  softmax[2] in ["));
    BOOST_TEST(contains(text.out, "]  ~0.119202922022118\n"));
}

BOOST_AUTO_TEST_CASE(missing_file) {
    TempDir dir;
    const std::string missing = dir.file("missing.json");
    const auto r = run_relux("eval " + quote(missing) + " --at 1");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(r.err == "relux: error: " + missing + ": cannot open file for reading\n");
}

BOOST_AUTO_TEST_CASE(malformed_json_names_the_file) {
    TempDir dir;
    const std::string bad = dir.write("bad.json", "{\"format\": \"relux-network\", \"version\": 1,");
    auto r = run_relux("eval " + quote(bad) + " --at 1");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "relux: error: " + bad + ": not valid JSON"));
    const std::string ragged =
        dir.write("ragged.json", R"({"format": "relux-network", "version": 1, "input_dim": 1,
      "layers": [{"weights": [["1", "2"]], "bias": ["0"], "activation": "relu"}]})");
    r = run_relux("eval " + quote(ragged) + " --at 1");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(
        contains(r.err, "relux: error: " + ragged + ": layers[0].weights[0]: row has 2 entries; expected 1"));
}

BOOST_AUTO_TEST_CASE(bad_numbers_in_points) {
    TempDir dir;
    const std::string net = dir.write("three.json", three_piece_net);
    auto r = run_relux("eval " + quote(net) + " --at 1/0");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(contains(r.err, "relux: error: --at \"1/0\": coordinate 1: invalid number '1/0'"));
    r = run_relux("eval " + quote(net) + " --at 1 --at abc");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(r.out.empty());  // nothing is printed before every point is read
    BOOST_TEST(contains(r.err, "relux: error: --at \"abc\": coordinate 1: invalid number 'abc'"));
    r = run_relux("eval " + quote(net) + " --at 1,");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "--at \"1,\": coordinate 2 is empty"));
}

BOOST_AUTO_TEST_CASE(wrong_dimension_names_the_expected_one) {
    TempDir dir;
    const std::string net = dir.write("softmax.json", softmax_net);
    const auto r = run_relux("eval " + quote(net) + " --at 1,2,3");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(r.err == "relux: error: --at \"1,2,3\": got 3 coordinates, but the network " + net +
                            " has input dimension 2 (expected 2 coordinates)\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(construct)

BOOST_AUTO_TEST_CASE(both_forms_match_the_reference_networks) {
    for (const std::string form : {"minimal", "pairs"}) {
        BOOST_TEST_CONTEXT("form " << form) {
            const auto r = run_relux("construct cpwl1d --points " + three_piece_points + " --form " + form);
            BOOST_TEST(r.exit_code == 0);
            const std::string reference =
                std::string(RELUX_TEST_DATA_DIR) + "/cpwl1d/example_" + form + ".json";
            BOOST_TEST((relux::parse_network_json(r.out, "stdout") == relux::load_network(reference)));
            const std::string neurons = form == "minimal" ? "3" : "6";
            BOOST_TEST(r.err == "relux: built a network with " + neurons +
                                    " hidden neurons for 3 pieces (form " + form + ")\n");
        }
    }
}

BOOST_AUTO_TEST_CASE(default_form_is_minimal_and_output_is_canonical) {
    const auto r = run_relux("construct cpwl1d --points '" + three_piece_points + "'");
    BOOST_TEST(r.exit_code == 0);
    const relux::Network net = relux::parse_network_json(r.out, "stdout");
    BOOST_TEST(net.hidden_neurons() == 3u);
    BOOST_TEST(r.out == relux::write_network_json(net));
}

BOOST_AUTO_TEST_CASE(constructed_networks_evaluate_exactly) {
    TempDir dir;
    for (const std::string form : {"minimal", "pairs"}) {
        BOOST_TEST_CONTEXT("form " << form) {
            const std::string file = dir.file(form + ".json");
            const auto built = run_relux("construct cpwl1d --points " + three_piece_points + " --form " +
                                         form + " -o " + quote(file));
            BOOST_TEST(built.exit_code == 0);
            BOOST_TEST(built.out.empty());
            BOOST_TEST(contains(built.err, "; wrote " + file + "\n"));
            std::string args = "eval " + quote(file) + " --json";
            for (const auto& [x, y] : three_piece_values) args += " --at " + x;
            const auto r = run_relux(args);
            BOOST_TEST(r.exit_code == 0);
            const Json j = Json::parse(r.out);
            BOOST_REQUIRE(j["points"].size() == three_piece_values.size());
            for (std::size_t i = 0; i < three_piece_values.size(); ++i) {
                BOOST_TEST(j["points"][i]["at"][0] == three_piece_values[i].first);
                BOOST_TEST(j["points"][i]["outputs"][0] == three_piece_values[i].second);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(points_from_a_file) {
    const std::string file = std::string(RELUX_TEST_DATA_DIR) + "/cpwl1d/example.txt";
    const auto r = run_relux("construct cpwl1d --points-file " + quote(file));
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST((relux::parse_network_json(r.out, "stdout") ==
                relux::load_network(std::string(RELUX_TEST_DATA_DIR) + "/cpwl1d/example_minimal.json")));
}

BOOST_AUTO_TEST_CASE(bad_points_exit_2) {
    auto r = run_relux("construct cpwl1d --points 0:0,2:1,1:3");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(contains(
        r.err, "relux: error: --points \"0:0,2:1,1:3\": point 3 (x = 1): x must be strictly greater"));
    r = run_relux("construct cpwl1d --points 0:0,1:2,1:3");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(
        r.err, "relux: error: --points \"0:0,1:2,1:3\": point 3 (x = 1): x must be strictly greater"));
    r = run_relux("construct cpwl1d --points 0:0");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "relux: error: --points \"0:0\": expected at least two points, got 1"));
    r = run_relux("construct cpwl1d --points 0:0,1:x");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "relux: error: --points \"0:0,1:x\": point 2 ('1:x'): invalid number 'x'"));
    r = run_relux("construct cpwl1d --points 0:0,1:1 --form widest");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "relux: error: --form: widest not in {minimal,pairs}"));
    r = run_relux("construct cpwl1d");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "relux: error: --points or --points-file is required"));
    r = run_relux("construct cpwl1d --points 0:0,1:1 --points-file x.txt");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "excludes --points-file"));
}

BOOST_AUTO_TEST_CASE(file_errors_exit_2) {
    TempDir dir;
    const std::string missing = dir.file("missing.txt");
    auto r = run_relux("construct cpwl1d --points-file " + quote(missing));
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "relux: error: " + missing));
    const std::string out = dir.file("no/such/dir/net.json");
    r = run_relux("construct cpwl1d --points 0:0,1:1 -o " + quote(out));
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(r.err == "relux: error: " + out + ": cannot open file for writing\n");
}

BOOST_AUTO_TEST_SUITE_END()
