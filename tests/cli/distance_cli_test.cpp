#define BOOST_TEST_MODULE distance_cli
#include <boost/test/unit_test.hpp>

#include "relux/number/ball.hpp"
#include "relux/number/rational.hpp"
#include "test_util.hpp"

#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

using relux::Ball;
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
               ("relux_distance_cli_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
        return (path / name).string();
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

/// The nodes of the uniform interpolant of sin on [0, 3] with n pieces: x_i = 3i/n, y_i = sin(x_i)
/// to 16 significant digits (exact decimals; the tests use these exact values).
std::vector<std::pair<Rational, Rational>> sin_nodes(int n) {
    std::vector<std::pair<Rational, Rational>> nodes;
    for (int i = 0; i <= n; ++i) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.15e", std::sin(3.0 * i / n));
        nodes.push_back({q(3 * i, n), Rational::parse(buf)});
    }
    return nodes;
}

/// Build the interpolant through the nodes with `relux construct cpwl1d`; returns the file.
std::string build(const TempDir& dir, const std::string& name,
                  const std::vector<std::pair<Rational, Rational>>& nodes) {
    std::string points;
    for (const auto& [x, y] : nodes) points += (points.empty() ? "" : ",") + x.str() + ":" + y.str();
    const auto r = run_relux("construct cpwl1d --points '" + points + "'");
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    return dir.write(name, r.out);
}

/// integral_0^3 |N - sin|, independently: on each piece N - sin <= 0 up to the rounding of the node
/// values (sin is concave on [0, 3]), so the integral is the sum of |integral of N - sin| per piece,
/// integral of N = (b - a)(y_a + y_b)/2 exactly and integral of sin = cos a - cos b in Arb. The
/// neglected parts near the nodes are below 1e-25.
Ball sin_l1_reference(const std::vector<std::pair<Rational, Rational>>& nodes) {
    const long prec = 256;
    Ball total;
    for (std::size_t i = 0; i + 1 < nodes.size(); ++i) {
        const auto& [a, ya] = nodes[i];
        const auto& [b, yb] = nodes[i + 1];
        Ball n = Ball::enclose((b - a) * (ya + yb) / q(2), prec), ca = Ball::enclose(a, prec),
             cb = Ball::enclose(b, prec);
        arb_cos(ca.get(), ca.get(), prec);
        arb_cos(cb.get(), cb.get(), prec);
        Ball piece;
        arb_sub(piece.get(), ca.get(), cb.get(), prec);  // integral of sin
        arb_sub(piece.get(), piece.get(), n.get(), prec);
        arb_abs(piece.get(), piece.get());
        arb_add(total.get(), total.get(), piece.get(), prec);
    }
    arb_add_error_2exp_si(total.get(), -80);
    return total;
}

}  // namespace

BOOST_AUTO_TEST_CASE(square_interpolant_exact) {
    // The n-piece interpolant of x^2 on [0, 1]: integral of |N - x^2| = 1/(6 n^2), max = 1/(4 n)^2... =
    // h^2/4.
    TempDir dir;
    for (int n : {1, 4, 7}) {
        std::vector<std::pair<Rational, Rational>> nodes;
        for (int i = 0; i <= n; ++i) nodes.push_back({q(i, n), q(i * i, n * n)});
        const std::string net = build(dir, "sq" + std::to_string(n) + ".json", nodes);
        auto r = run_relux("l1 " + net + " --target 'x^2' --box 0:1 --json");
        BOOST_REQUIRE_EQUAL(r.exit_code, 0);
        Json j = Json::parse(r.out);
        BOOST_TEST(j["lower"].get<std::string>() == q(1, 6 * n * n).str());
        BOOST_TEST(j["upper"].get<std::string>() == q(1, 6 * n * n).str());
        BOOST_TEST(j["exact"].get<bool>());
        BOOST_TEST(j["status"].get<std::string>() == "certified");
        r = run_relux("linf " + net + " --target 'x^2' --box 0:1 --json");
        BOOST_REQUIRE_EQUAL(r.exit_code, 0);
        j = Json::parse(r.out);
        BOOST_TEST(j["lower"].get<std::string>() == q(1, 4 * n * n).str());
        BOOST_TEST(j["exact"].get<bool>());
        const Rational w = Rational::parse(j["witness"][0].get<std::string>());
        BOOST_TEST(Rational::parse(j["network_value"].get<std::string>()) - w * w == q(1, 4 * n * n));
    }
    const auto r = run_relux("l1 " + dir.file("sq4.json") + " --target 'x^2' --box 0:1");
    BOOST_TEST(contains(r.out, "value = 1/96 (exact)"), r.out);
    BOOST_TEST(contains(r.out, "status: certified"), r.out);
}

BOOST_AUTO_TEST_CASE(sin_fifty_pieces) {
    TempDir dir;
    const auto nodes = sin_nodes(50);
    const std::string net = build(dir, "sin50.json", nodes);
    const auto r = run_relux("l1 " + net + " --target 'sin(x)' --box 0:3 --tol 1e-9 --json");
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    const Json j = Json::parse(r.out);
    const Rational lower = Rational::parse(j["lower"].get<std::string>());
    const Rational upper = Rational::parse(j["upper"].get<std::string>());
    BOOST_TEST(upper - lower <= q(1, 1'000'000'000));
    BOOST_TEST(!j["exact"].get<bool>());
    const relux::Interval ref = sin_l1_reference(nodes).to_interval();
    BOOST_TEST((lower <= ref.lower && ref.upper <= upper), "reference " << ref.lower.to_double() << " vs ["
                                                                        << lower.to_double() << ", "
                                                                        << upper.to_double() << "]");

    // The sup norm: the witness and the target enclosure prove the lower bound.
    const auto s = run_relux("linf " + net + " --target 'sin(x)' --box 0:3 --tol 1e-9 --json");
    BOOST_REQUIRE_EQUAL(s.exit_code, 0);
    const Json k = Json::parse(s.out);
    const Rational lo = Rational::parse(k["lower"].get<std::string>()),
                   hi = Rational::parse(k["upper"].get<std::string>());
    BOOST_TEST(hi - lo <= q(1, 1'000'000'000));
    const Rational w = Rational::parse(k["witness"][0].get<std::string>());
    BOOST_TEST((q(0) <= w && w <= q(3)));
    const Rational n = Rational::parse(k["network_value"].get<std::string>());
    const Rational t_lo = Rational::parse(k["target_value"]["lower"].get<std::string>());
    const Rational t_hi = Rational::parse(k["target_value"]["upper"].get<std::string>());
    BOOST_TEST((t_lo <= t_hi && std::abs(t_lo.to_double() - std::sin(w.to_double())) < 1e-12));
    BOOST_TEST((n - t_hi >= lo || t_lo - n >= lo));
    // The chord error of sin with step h is at most h^2/8 and about that on the middle piece.
    const double h = 3.0 / 50;
    BOOST_TEST((hi.to_double() <= h * h / 8 + 1e-12 && lo.to_double() >= 0.99 * h * h / 8 * std::sin(1.5)));
    const auto text = run_relux("linf " + net + " --target 'sin(x)' --box 0:3");
    BOOST_TEST(contains(text.out, "witness x = "), text.out);
    BOOST_TEST(contains(text.out, "  network   "), text.out);
    BOOST_TEST(contains(text.out, "  target in ["), text.out);
}

BOOST_AUTO_TEST_CASE(certificate_round_trip) {
    TempDir dir;
    const std::string net = build(dir, "sin10.json", sin_nodes(10));
    for (const std::string kind : {"l1", "linf"}) {
        const std::string cert = dir.file(kind + ".cert.json");
        const auto r =
            run_relux(kind + " " + net + " --target 'sin(x)' --box 0:3 --tol 1e-10 --certificate " + cert);
        BOOST_REQUIRE_EQUAL(r.exit_code, 0);
        const Json c = Json::parse(std::ifstream(cert));
        BOOST_TEST(c["kind"].get<std::string>() == kind);
        BOOST_TEST(c["target"].get<std::string>() == "sin(x)");
        BOOST_TEST(c["cells"].size() >= 10u);
        const auto check = run_relux("check " + cert);
        BOOST_TEST(check.exit_code == 0, check.out << check.err);
    }
    // Polynomial targets: exact claims (checked exactly) and intervals (irrational roots or maxima).
    const std::string sq2 = build(dir, "sq2.json", {{q(0), q(0)}, {q(1, 2), q(1, 4)}, {q(1), q(1)}});
    for (const std::string target : {"x^2", "2*x^2 - 1/5", "x^3 - 1/3"})
        for (const std::string kind : {"l1", "linf"}) {
            const std::string cert = dir.file("p.cert.json");
            const auto r = run_relux(kind + " " + sq2 + " --target '" + target +
                                     "' --box 0:1 --tol 1e-12 --certificate " + cert);
            BOOST_REQUIRE_EQUAL(r.exit_code, 0);
            const auto check = run_relux("check " + cert);
            BOOST_TEST(check.exit_code == 0, kind << " " << target << ": " << check.out << check.err);
        }
}

BOOST_AUTO_TEST_CASE(slice_of_a_two_input_network) {
    // N(x1, x2) = relu(x1) + relu(x2) along x = (t, t), t in [-1, 1]: 2 relu(t) against the target
    // x1 + x2 = 2t: |N - f| = 2|t| on [-1, 0] and 0 on [0, 1]: L1 = 1, sup = 2 at t = -1.
    TempDir dir;
    const std::string net = dir.write("relu2.json", R"({
  "format": "relux-network", "version": 1, "input_dim": 2,
  "layers": [
    {"weights": [["1", "0"], ["0", "1"]], "bias": ["0", "0"], "activation": "relu"},
    {"weights": [["1", "1"]], "bias": ["0"], "activation": "identity"}
  ],
  "output": "identity"
})");
    const std::string slice = dir.write("diag.json", R"({"format": "relux-slice", "version": 1,
  "origin": ["0", "0"], "directions": [["1", "1"]], "box": "-1:1"})");
    auto r = run_relux("l1 " + net + " --target 'x1 + x2' --slice " + slice + " --json");
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    Json j = Json::parse(r.out);
    BOOST_TEST(j["lower"].get<std::string>() == "1");
    BOOST_TEST(j["exact"].get<bool>());
    r = run_relux("linf " + net + " --target 'x1 + x2' --slice " + slice + " --json");
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    j = Json::parse(r.out);
    BOOST_TEST(j["lower"].get<std::string>() == "2");
    BOOST_TEST(j["witness"][0].get<std::string>() == "-1");
    BOOST_TEST(j["witness_x"][1].get<std::string>() == "-1");
    // Over the 2-D box [-1, 1]^2: N - f = relu(-x1) + relu(-x2), whose integral is 2 (l1_target).
    r = run_relux("l1 " + net + " --target 'x1 + x2' --box -1:1,-1:1 --tol 1e-6 --json");
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    j = Json::parse(r.out);
    BOOST_TEST(Rational::parse(j["lower"].get<std::string>()) <= q(2));
    BOOST_TEST(q(2) <= Rational::parse(j["upper"].get<std::string>()));
    // With --slice the box is over t: it must have the slice's dimension.
    r = run_relux("l1 " + net + " --target 'x1 + x2' --slice " + slice + " --box 0:1,0:1");
    BOOST_TEST(r.exit_code == 2);
}

BOOST_AUTO_TEST_CASE(errors_and_budget) {
    TempDir dir;
    const std::string net = build(dir, "sq2.json", {{q(0), q(0)}, {q(1, 2), q(1, 4)}, {q(1), q(1)}});
    auto r = run_relux("l1 " + net + " --target 'sqrt(x)' --box -1:1");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "undefined at x = -1"), r.err);
    r = run_relux("l1 " + net + " --box 0:1");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "exactly one of --target EXPR, --reference NET2 and --classes CLASSES"),
               r.err);
    r = run_relux("l1 " + net + " --target x --reference " + net + " --box 0:1");
    BOOST_TEST(r.exit_code == 2);
    r = run_relux("linf " + net + " --target x --box 0:1,0:1");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "--box"), r.err);
    r = run_relux("linf " + net + " --target x");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "give the domain with --box"), r.err);
    r = run_relux("l1 " + net + " --target x --box 0:1 --tol 0");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "must be positive"), r.err);
    // A budget that cannot reach the tolerance: exit 4 after printing the rigorous interval.
    r = run_relux("l1 " + net + " --target 'sin(x)' --box 0:1 --tol 1e-30 --max-subdivisions 2");
    BOOST_TEST(r.exit_code == 4);
    BOOST_TEST(contains(r.out, "value in ["), r.out);
    BOOST_TEST(contains(r.out, "status: tolerance not reached"), r.out);
    BOOST_TEST(contains(r.err, "not reached"), r.err);
    r = run_relux("linf " + net +
                  " --target 'sin(30*x) + x^3' --box 0:1 --tol 1e-30 --max-subdivisions 2 --json");
    BOOST_TEST(r.exit_code == 4);
    BOOST_TEST(Json::parse(r.out)["status"].get<std::string>() == "tolerance not reached");
}

BOOST_AUTO_TEST_CASE(reference_networks_exact) {
    // relu(x1) + relu(x2) against x1 + x2 on [-1, 1]^2: the difference is relu(-x1) + relu(-x2),
    // with integral 2 and maximum 2 at (-1, -1).
    TempDir dir;
    const std::string net = dir.write("relu2.json", R"({
  "format": "relux-network", "version": 1, "input_dim": 2,
  "layers": [
    {"weights": [["1", "0"], ["0", "1"]], "bias": ["0", "0"], "activation": "relu"},
    {"weights": [["1", "1"]], "bias": ["0"], "activation": "identity"}
  ],
  "output": "identity"
})");
    const std::string sum = dir.write("sum.json", R"({
  "format": "relux-network", "version": 1, "input_dim": 2,
  "layers": [{"weights": [["1", "1"]], "bias": ["0"], "activation": "identity"}],
  "output": "identity"
})");
    auto r = run_relux("l1 " + net + " --reference " + sum + " --box -1:1,-1:1 --json");
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    Json j = Json::parse(r.out);
    BOOST_TEST(j["lower"].get<std::string>() == "2");
    BOOST_TEST(j["upper"].get<std::string>() == "2");
    BOOST_TEST(j["exact"].get<bool>());
    r = run_relux("linf " + net + " --reference " + sum + " --box -1:1,-1:1");
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    BOOST_TEST(contains(r.out, "value = 2 (exact)"), r.out);
    BOOST_TEST(contains(r.out, "witness x = -1, -1"), r.out);
    // 1-D interpolants of x^2 with 4 and 2 pieces: L1 = 1/32, sup = 1/16.
    const std::string sq4 =
        build(dir, "sq4.json",
              {{q(0), q(0)}, {q(1, 4), q(1, 16)}, {q(1, 2), q(1, 4)}, {q(3, 4), q(9, 16)}, {q(1), q(1)}});
    const std::string sq2 = build(dir, "sq2.json", {{q(0), q(0)}, {q(1, 2), q(1, 4)}, {q(1), q(1)}});
    r = run_relux("l1 " + sq4 + " --reference " + sq2 + " --box 0:1 --json");
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    BOOST_TEST(Json::parse(r.out)["lower"].get<std::string>() == "1/32");
    r = run_relux("linf " + sq4 + " --reference " + sq2 + " --box 0:1 --json");
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    BOOST_TEST(Json::parse(r.out)["lower"].get<std::string>() == "1/16");
    // A reference of another input dimension.
    r = run_relux("l1 " + sq4 + " --reference " + sum + " --box 0:1");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "inputs"), r.err);
}

BOOST_AUTO_TEST_CASE(target_certificates_over_a_slice) {
    // N(x1, x2) = relu(x1) + relu(x2) along x = (t, t), t in [-1, 1], against sin(x1) + sin(x2):
    // N - f = -2 sin t on [-1, 0] and 2(t - sin t) on [0, 1], so the L1 distance is
    // 2(1 - cos 1) + (2 cos 1 - 1) = 1 and the sup is 2 sin 1 at t = -1.
    TempDir dir;
    const std::string net = dir.write("relu2.json", R"({
  "format": "relux-network", "version": 1, "input_dim": 2,
  "layers": [
    {"weights": [["1", "0"], ["0", "1"]], "bias": ["0", "0"], "activation": "relu"},
    {"weights": [["1", "1"]], "bias": ["0"], "activation": "identity"}
  ],
  "output": "identity"
})");
    const std::string slice = dir.write("diag.json", R"({"format": "relux-slice", "version": 1,
  "origin": ["0", "0"], "directions": [["1", "1"]], "box": "-1:1"})");
    for (const std::string kind : {"l1", "linf"}) {
        BOOST_TEST_CONTEXT(kind) {
            const std::string cert = dir.file(kind + ".cert.json");
            const auto r = run_relux(kind + " " + net + " --target 'sin(x1) + sin(x2)' --slice " + slice +
                                     " --tol 1e-12 --json --certificate " + cert);
            BOOST_REQUIRE_EQUAL(r.exit_code, 0);
            const Json j = Json::parse(r.out);
            const Rational lower = Rational::parse(j["lower"].get<std::string>());
            const Rational upper = Rational::parse(j["upper"].get<std::string>());
            BOOST_TEST(upper - lower <= Rational::parse("1e-12"));
            if (kind == "l1") {
                BOOST_TEST(lower <= q(1));
                BOOST_TEST(q(1) <= upper);
            } else {
                Ball two_sin_1 = Ball::enclose(q(1), 128);
                arb_sin(two_sin_1.get(), two_sin_1.get(), 128);
                arb_mul_2exp_si(two_sin_1.get(), two_sin_1.get(), 1);
                const relux::Interval ref = two_sin_1.to_interval();
                BOOST_TEST(lower <= ref.upper);
                BOOST_TEST(ref.lower <= upper);
                BOOST_TEST(j["witness"][0].get<std::string>() == "-1");
            }
            const auto check = run_relux("check " + cert);
            BOOST_TEST(check.exit_code == 0, check.out << check.err);
            BOOST_TEST(contains(check.out, "holds: " + kind), check.out);
            // A moved cell bound fails the check, naming the cell.
            Json c = Json::parse(std::ifstream(cert));
            BOOST_REQUIRE(c["cells"].size() >= 2u);
            BOOST_TEST(c["slice"].is_object());
            const Rational up = Rational::parse(c["cells"][0]["bound"]["upper"].get<std::string>());
            c["cells"][0]["bound"]["upper"] = (up / q(2) - q(1, 1000)).str();
            const std::string bad = dir.write(kind + ".bad.json", c.dump());
            const auto fails = run_relux("check " + bad);
            BOOST_TEST(fails.exit_code == 1, fails.out << fails.err);
            BOOST_TEST(contains(fails.out, "cell 0"), fails.out);
        }
    }
}
