#define BOOST_TEST_MODULE equal_cli
#include <boost/test/unit_test.hpp>

// `relux equal`: exit codes 0 (equal) / 1 (not equal, with a witness) / 2 (bad input) / 4
// (undecided), the JSON shape, tolerances, slices and certificates checked by `relux check`.

#include "relux/cpwl/cpwl1d.hpp"
#include "relux/cpwl/max_network.hpp"
#include "relux/net/json_io.hpp"
#include "test_util.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace relux;
using relux::test::run_relux;
namespace fs = std::filesystem;

namespace {

/// A scratch directory with the test networks, removed at the end.
struct Files {
    fs::path dir = fs::temp_directory_path() / ("relux_equal_cli_" + std::to_string(::getpid()));

    Files() {
        fs::create_directories(dir);
        const Cpwl1d f({0, 1, 2, 4}, {0, 2, 1, 3});
        write("minimal.json", write_network_json(construct_cpwl1d(f, Cpwl1dForm::minimal)));
        write("pairs.json", write_network_json(construct_cpwl1d(f, Cpwl1dForm::pairs)));
        // A spike of height h = 1e-9 and width 2h at 1/3, against 0.
        const Rational a = Rational::parse("1/3"), h = Rational::parse("1e-9");
        const Cpwl1d spike({0, a, a + h, a + Rational(2) * h, 1}, {0, 0, h, 0, 0});
        write("spike.json", write_network_json(construct_cpwl1d(spike, Cpwl1dForm::pairs)));
        write("zero.json", write_network_json(construct_cpwl1d(Cpwl1d({0, 1}, {0, 0}), Cpwl1dForm::pairs)));
        write("max_log2.json", write_network_json(construct_max(5, MaxForm::log2)));
        write("max_shallow.json", write_network_json(construct_max(5, MaxForm::shallow)));
        write("min.json", write_network_json(construct_max(5, MaxForm::log2, true)));
        write("two_outputs.json", R"({"format": "relux-network", "version": 1, "input_dim": 1, "layers": [
            {"weights": [["1"], ["-1"]], "bias": ["0", "0"], "activation": "identity"}]})");
        write("plane.json", R"({"format": "relux-slice", "version": 1, "origin": ["0", "0", "0", "0", "0"],
            "directions": [["1", "0", "1", "0", "0"], ["0", "1", "0", "-1", "1/2"]], "box": "-1:1,-1:1"})");
    }
    ~Files() { fs::remove_all(dir); }

    void write(const std::string& name, const std::string& text) const { std::ofstream(dir / name) << text; }
    std::string operator()(const std::string& name) const { return "'" + (dir / name).string() + "'"; }
};

bool contains(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(equal, Files)

BOOST_AUTO_TEST_CASE(cpwl1d_forms_are_equal) {
    const auto r =
        run_relux("equal " + (*this)("minimal.json") + " " + (*this)("pairs.json") + " --box=-1:5");
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.out.rfind("equal (", 0) == 0);
    BOOST_TEST(contains(r.out, "cells of the common refinement over the box -1:5"));
    const auto j =
        run_relux("equal " + (*this)("minimal.json") + " " + (*this)("pairs.json") + " --box=-1:5 --json");
    BOOST_TEST(j.exit_code == 0);
    const auto json = nlohmann::json::parse(j.out);
    BOOST_TEST(json["equal"] == true);
    BOOST_TEST(!json.contains("witness"));
    BOOST_TEST(!json.contains("outputs"));
    BOOST_TEST(json["cells"].get<int>() >= 3);
}

BOOST_AUTO_TEST_CASE(narrow_spike_and_tolerance) {
    const std::string nets = "equal " + (*this)("spike.json") + " " + (*this)("zero.json") + " --box 0:1";
    const auto r = run_relux(nets + " --json");
    BOOST_TEST(r.exit_code == 1);
    const auto json = nlohmann::json::parse(r.out);
    BOOST_TEST(json["equal"] == false);
    const Rational x = Rational::parse(json["witness"][0].get<std::string>());
    BOOST_TEST((Rational::parse("1/3") < x && x < Rational::parse("1/3") + Rational::parse("2e-9")));
    BOOST_TEST(json["outputs"].size() == 2u);
    BOOST_TEST(json["outputs"][1][0] == "0");
    const Rational y = Rational::parse(json["outputs"][0][0].get<std::string>());
    BOOST_TEST((y > 0 && y <= Rational::parse("1e-9")));
    BOOST_TEST(contains(r.err, "differ at x = "));

    const auto text = run_relux(nets);
    BOOST_TEST(text.exit_code == 1);
    BOOST_TEST(text.out.rfind("not equal\nwitness x = ", 0) == 0);

    const auto loose = run_relux(nets + " --tolerance 2e-9");
    BOOST_TEST(loose.exit_code == 0);
    BOOST_TEST(contains(loose.out, "equal within tolerance 1/500000000"));
    BOOST_TEST(contains(loose.out, "max difference 1/1000000000"));
    const auto tight = run_relux(nets + " --tolerance 1e-10");
    BOOST_TEST(tight.exit_code == 1);
    BOOST_TEST(contains(tight.err, "by more than 1/10000000000"));
}

BOOST_AUTO_TEST_CASE(max_forms_on_a_slice_with_certificate) {
    const std::string cert = (dir / "cert.json").string();
    const auto r = run_relux("equal " + (*this)("max_log2.json") + " " + (*this)("max_shallow.json") +
                             " --slice " + (*this)("plane.json") + " --certificate '" + cert + "'");
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(contains(r.out, "over the slice"));
    const auto check = run_relux("check '" + cert + "'");
    BOOST_TEST(check.exit_code == 0);
    BOOST_TEST(contains(check.out, "holds"));
    const auto c = nlohmann::json::parse(std::ifstream(cert));
    BOOST_TEST(c["kind"] == "equal");
    BOOST_TEST(c["cells"].size() > 1u);

    // max vs min differ; the witness is reported as the network input x, and as t
    const auto d = run_relux("equal " + (*this)("max_log2.json") + " " + (*this)("min.json") + " --slice " +
                             (*this)("plane.json") + " --json");
    BOOST_TEST(d.exit_code == 1);
    const auto json = nlohmann::json::parse(d.out);
    BOOST_TEST(json["witness"].size() == 5u);
    BOOST_TEST(json["witness_t"].size() == 2u);
    BOOST_TEST(json["outputs"][0] != json["outputs"][1]);
}

BOOST_AUTO_TEST_CASE(full_box_in_five_dimensions) {
    const auto r = run_relux("equal " + (*this)("max_log2.json") + " " + (*this)("max_shallow.json") +
                             " --box=-1:1,-1:1,-1:1,-1:1,-1:1 --json");
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(nlohmann::json::parse(r.out)["equal"] == true);
}

BOOST_AUTO_TEST_CASE(limits_leave_it_undecided) {
    const auto r = run_relux("equal " + (*this)("max_log2.json") + " " + (*this)("max_shallow.json") +
                             " --slice " + (*this)("plane.json") + " --max-regions 1");
    BOOST_TEST(r.exit_code == 4);
    BOOST_TEST(r.out.rfind("undecided: stopped by --max-regions 1", 0) == 0);
    const auto j = run_relux("equal " + (*this)("max_log2.json") + " " + (*this)("max_shallow.json") +
                             " --slice " + (*this)("plane.json") + " --max-regions 1 --json");
    BOOST_TEST(j.exit_code == 4);
    const auto json = nlohmann::json::parse(j.out);
    BOOST_TEST(json["equal"].is_null());
    BOOST_TEST(json["partial"] == true);
}

BOOST_AUTO_TEST_CASE(bad_input) {
    const auto inputs =
        run_relux("equal " + (*this)("max_log2.json") + " " + (*this)("pairs.json") + " --box 0:1");
    BOOST_TEST(inputs.exit_code == 2);
    BOOST_TEST(contains(inputs.err, "max_log2.json has 5 inputs but "));
    BOOST_TEST(contains(inputs.err, "pairs.json has 1 input;"));
    const auto outputs =
        run_relux("equal " + (*this)("pairs.json") + " " + (*this)("two_outputs.json") + " --box 0:1");
    BOOST_TEST(outputs.exit_code == 2);
    BOOST_TEST(contains(outputs.err, "pairs.json has 1 output but "));
    BOOST_TEST(contains(outputs.err, "two_outputs.json has 2 outputs;"));
    const auto no_box = run_relux("equal " + (*this)("pairs.json") + " " + (*this)("minimal.json"));
    BOOST_TEST(no_box.exit_code == 2);
    BOOST_TEST(contains(no_box.err, "give the box with --box"));
    const auto tol = run_relux("equal " + (*this)("pairs.json") + " " + (*this)("minimal.json") +
                               " --box 0:1 --tolerance=-1");
    BOOST_TEST(tol.exit_code == 2);
    BOOST_TEST(contains(tol.err, "--tolerance -1 must be at least 0"));
}

BOOST_AUTO_TEST_SUITE_END()
