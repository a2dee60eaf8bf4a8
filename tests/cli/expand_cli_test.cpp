#define BOOST_TEST_MODULE expand_cli
#include <boost/test/unit_test.hpp>

#include "test_util.hpp"

#include <unistd.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using relux::test::run_relux;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// A file in a fresh directory, removed at the end.
struct TempFile {
    fs::path dir;
    std::string path;
    TempFile(const std::string& name, const std::string& text) {
        static int counter = 0;
        dir = fs::temp_directory_path() /
              ("relux_expand_cli_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        fs::create_directories(dir);
        path = (dir / name).string();
        std::ofstream(path) << text;
    }
    ~TempFile() { fs::remove_all(dir); }
};

/// (x + 1)^2 + x, squared, then (y - 1)/2 = 1/2 x^4 + 3 x^3 + 11/2 x^2 + 3 x.
const char* const quartic = R"({
  "format": "relux-network", "version": 1, "input_dim": 1,
  "layers": [
    {"weights": [["1"]], "bias": ["1"], "activation": "square", "residual": true},
    {"weights": [["1"]], "bias": ["0"], "activation": "square"},
    {"weights": [["1/2"]], "bias": ["-1/2"], "activation": "identity"}
  ],
  "output": "identity"
})";

/// ((x1 + x2)^2 - (x1 - x2)^2)/4 = x1 x2, and 7 - x2.
const char* const product = R"({
  "format": "relux-network", "version": 1, "input_dim": 2,
  "layers": [
    {"weights": [["1", "1"], ["1", "-1"], ["0", "1"]], "bias": ["0", "0", "0"], "activation": "identity"},
    {"weights": [["1", "0", "0"], ["0", "1", "0"], ["0", "0", "1"]], "bias": ["0", "0", "0"], "activation": "square"},
    {"weights": [["1/4", "-1/4", "0"], ["0", "0", "0"]], "bias": ["0", "7"], "activation": "identity"}
  ],
  "output": "identity"
})";

}  // namespace

BOOST_AUTO_TEST_CASE(text_output) {
    const TempFile net("quartic.json", quartic);
    const auto r = run_relux("expand " + net.path);
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.out == "output 1: degree 4, 4 terms\n  f1 = 1/2*x^4 + 3*x^3 + 11/2*x^2 + 3*x\n");
}

BOOST_AUTO_TEST_CASE(json_output) {
    const TempFile net("product.json", product);
    const auto r = run_relux("expand " + net.path + " --json");
    BOOST_TEST_REQUIRE(r.exit_code == 0);
    const Json j = Json::parse(r.out);
    BOOST_TEST(j["input_dim"] == 2);
    BOOST_REQUIRE_EQUAL(j["outputs"].size(), 2u);
    BOOST_TEST(j["outputs"][0]["polynomial"] == "x1*x2");
    BOOST_TEST(j["outputs"][0]["degree"] == 2);
    BOOST_TEST(j["outputs"][0]["terms"] == 1);
    BOOST_TEST(j["outputs"][0]["coefficients"] ==
               Json::parse(R"([{"exponents": [1, 1], "coefficient": "1"}])"));
    // second output: the identity term x2 had weight 0 in the last layer: the constant 7
    BOOST_TEST(j["outputs"][1]["polynomial"] == "7");
    BOOST_TEST(j["outputs"][1]["coefficients"] ==
               Json::parse(R"([{"exponents": [0, 0], "coefficient": "7"}])"));
}

BOOST_AUTO_TEST_CASE(relu_network_is_bad_input) {
    const TempFile net("relu.json", R"({
  "format": "relux-network", "version": 1, "input_dim": 1,
  "layers": [{"weights": [["1"]], "bias": ["0"], "activation": "relu"},
             {"weights": [["1"]], "bias": ["0"], "activation": "identity"}],
  "output": "identity"
})");
    const auto r = run_relux("expand " + net.path);
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(
        contains(r.err, "layer 1 has activation relu: a polynomial network allows only square and identity"));
    const auto missing = run_relux("expand");
    BOOST_TEST(missing.exit_code == 2);
}
