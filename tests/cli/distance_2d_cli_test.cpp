#define BOOST_TEST_MODULE distance_2d_cli
#include <boost/test/unit_test.hpp>

// relux l1 / linf over 2-D boxes: analytic targets (l1_target, linf_target) and softmax class
// indicators (--classes), through the command line.

#include "relux/number/rational.hpp"
#include "test_util.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

using relux::Integer;
using relux::Rational;
using relux::test::run_relux;
using Json = nlohmann::json;

namespace {

const std::string data = std::string(RELUX_TEST_DATA_DIR) + "/softmax/";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

Rational q(long num, long den = 1) { return Rational(Integer(num), Integer(den)); }

/// The Kuhn-grid interpolant of x1 x2 on [0, 1]^2 with 4 cells per axis, written to a temp file.
std::string product_grid() {
    const std::string path =
        (std::filesystem::temp_directory_path() / "relux_distance_2d_grid4.json").string();
    const auto r = run_relux("construct grid --target 'x1*x2' --box 0:1,0:1 --n 4 -o " + path);
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    return path;
}

}  // namespace

BOOST_AUTO_TEST_CASE(grid_interpolant_of_the_product_in_2d) {
    // L1 = 1/(12 N^2) = 1/192 and sup = 1/(4 N^2) = 1/64 (proofs/target-2d.md).
    const std::string net = product_grid();
    const auto l1 = run_relux("l1 " + net + " --target 'x1*x2' --box 0:1,0:1 --tol 1e-3 --json");
    BOOST_REQUIRE_EQUAL(l1.exit_code, 0);
    const Json a = Json::parse(l1.out);
    BOOST_TEST(a["status"] == "certified");
    BOOST_TEST(Rational::parse(a["lower"].get<std::string>()) <= q(1, 192));
    BOOST_TEST(q(1, 192) <= Rational::parse(a["upper"].get<std::string>()));
    BOOST_TEST(Rational::parse(a["upper"].get<std::string>()) -
                   Rational::parse(a["lower"].get<std::string>()) <=
               q(1, 1000));
    const auto sup = run_relux("linf " + net + " --target 'x1*x2' --box 0:1,0:1 --tol 1e-4 --json");
    BOOST_REQUIRE_EQUAL(sup.exit_code, 0);
    const Json b = Json::parse(sup.out);
    BOOST_TEST(Rational::parse(b["lower"].get<std::string>()) <= q(1, 64));
    BOOST_TEST(q(1, 64) <= Rational::parse(b["upper"].get<std::string>()));
    BOOST_TEST(b["witness"].size() == 2u);
    std::remove(net.c_str());
}

BOOST_AUTO_TEST_CASE(softmax_classes_closed_form) {
    // Logits (0, x1) and classes x1 < 0, x1 >= 0 on [-1, 1] x [0, 1]: 4 (1 + ln 2 - ln(1 + e))
    // = 1.51954197216689...
    const auto r = run_relux("l1 " + data +
                             "sigmoid_x1.json --classes 'x1 < 0; x1 >= 0' --box -1:1,0:1 --tol 1e-4 --json");
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    const Json j = Json::parse(r.out);
    BOOST_TEST(j["status"] == "certified");
    BOOST_TEST(Rational::parse(j["lower"].get<std::string>()) <= Rational::parse("1.519541972166"));
    BOOST_TEST(Rational::parse("1.519541972167") <= Rational::parse(j["upper"].get<std::string>()));
}

BOOST_AUTO_TEST_CASE(errors_name_what_is_wrong) {
    const std::string net = data + "diamond.json";
    auto r = run_relux("l1 " + net + " --classes 'x1 < 0; x1 > 1/2' --box -1:1,-1:1");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "no class holds at x = ("), r.err);
    r = run_relux("l1 " + net + " --classes 'x1 < 1/2; x1 > 0' --box -1:1,-1:1");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "classes 1 and 2 overlap"), r.err);
    r = run_relux("l1 " + net + " --classes 'x1 < 0' --box -1:1,-1:1");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "2 softmax outputs but 1 classes"), r.err);
    r = run_relux("l1 " + net + " --classes 'x1 < 0; x1 >= 0' --target 'x1' --box -1:1,-1:1");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "give exactly one of --target EXPR, --reference NET2 and --classes CLASSES"),
               r.err);
    const std::string grid = product_grid();
    r = run_relux("l1 " + grid + " --target 'sqrt(x1-1/2)' --box 0:1,0:1");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST((contains(r.err, "target 'sqrt(x1-1/2)' is undefined at x = (") &&
                contains(r.err, "(sqrt of a negative number)")),
               r.err);
    std::remove(grid.c_str());
}

BOOST_AUTO_TEST_CASE(certificates_of_2d_targets_are_checked) {
    // The 4x4 Kuhn interpolant of x1 x2: L1 = 1/192, sup = 1/64; relux check re-verifies both.
    const std::string grid = product_grid();
    const std::string cert =
        (std::filesystem::temp_directory_path() / "relux_distance_2d_cert.json").string();
    for (const std::string kind : {"l1", "linf"}) {
        auto r =
            run_relux(kind + " " + grid + " --target 'x1*x2' --box 0:1,0:1 --tol 1e-3 --certificate " + cert);
        BOOST_REQUIRE_EQUAL(r.exit_code, 0);
        r = run_relux("check " + cert + " --json");
        BOOST_TEST(r.exit_code == 0, r.out + r.err);
        const Json j = Json::parse(r.out);
        BOOST_TEST(j["holds"] == true);
        BOOST_TEST(contains(j["summary"].get<std::string>(), kind + " in ["), r.out);
        BOOST_TEST(j["cells"].get<long>() > 100);
    }
    // Class indicators: the certificate lists the classes of each cell and verifies.
    auto r = run_relux("l1 " + data +
                       "sigmoid_x1.json --classes 'x1 < 0; x1 >= 0' --box -1:1,0:1 --tol 1e-3 "
                       "--certificate " +
                       cert);
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    r = run_relux("check " + cert);
    BOOST_TEST(r.exit_code == 0, r.out + r.err);
    BOOST_TEST(contains(r.out, "holds: l1 in ["), r.out);
    std::remove(cert.c_str());
    std::remove(grid.c_str());
}

BOOST_AUTO_TEST_CASE(approx_has_only_the_digits_the_interval_supports) {
    // A wide interval (tol 1/50) around 1.52: "1.52", not 15 digits and not "0e-1".
    const auto r = run_relux("l1 " + data +
                             "sigmoid_x1.json --classes 'x1 < 0; x1 >= 0' --box -1:1,0:1 --tol 1/50 --json");
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    const Json j = Json::parse(r.out);
    const double lower = Rational::parse(j["lower"].get<std::string>()).to_double();
    const double upper = Rational::parse(j["upper"].get<std::string>()).to_double();
    const std::string approx = j["approx"].get<std::string>();
    BOOST_TEST(approx.size() <= 5u, approx);
    BOOST_TEST(std::abs(std::stod(approx) - (lower + upper) / 2) <= upper - lower, approx);
}

BOOST_AUTO_TEST_CASE(budget_exhausted_exits_4_with_the_interval) {
    const auto r = run_relux("l1 " + data +
                             "sigmoid_x1.json --classes 'x1 < 0; x1 >= 0' --box -1:1,0:1 --tol 1e-9 "
                             "--max-subdivisions 100");
    BOOST_TEST(r.exit_code == 4);
    BOOST_TEST(contains(r.out, "status: tolerance not reached"), r.out);
    BOOST_TEST(contains(r.err, "the printed interval still holds"), r.err);
}
