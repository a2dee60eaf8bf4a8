#define BOOST_TEST_MODULE cli_check
#include <boost/test/unit_test.hpp>

#include "../certify/certificate_examples.hpp"
#include "relux/certify/certificate.hpp"
#include "test_util.hpp"

#include <unistd.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using namespace relux;
using namespace relux::test::cert;
using relux::test::run_relux;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// A certificate file in a fresh temporary directory, removed at the end.
struct CertFile {
    fs::path dir;
    std::string path;
    explicit CertFile(const std::string& text) {
        static int counter = 0;
        dir = fs::temp_directory_path() /
              ("relux_check_cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        fs::create_directories(dir);
        path = (dir / "cert.json").string();
        std::ofstream(path) << text;
    }
    ~CertFile() { fs::remove_all(dir); }
};

}  // namespace

BOOST_AUTO_TEST_CASE(holds_exits_0) {
    const CertFile f(write_certificate_json(diagonal_2d_l1()));
    const auto r = run_relux("check '" + f.path + "'");
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "holds: l1 = 1/3: 2 cells tile the box, patterns, maps and bounds verified\n");
    const auto j = run_relux("check '" + f.path + "' --json");
    BOOST_TEST(j.exit_code == 0);
    const nlohmann::json parsed = nlohmann::json::parse(j.out);
    BOOST_TEST(parsed["holds"].get<bool>());
    BOOST_TEST(parsed["cells"].get<int>() == 2);
    BOOST_TEST(parsed["kind"].get<std::string>() == "l1");
}

BOOST_AUTO_TEST_CASE(stdin_certificate) {
    const auto r = run_relux("check -", write_certificate_json(cube_3d_l1()));
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(contains(r.out, "holds: l1 = 1/24: 2 cells"));
}

BOOST_AUTO_TEST_CASE(failure_exits_1_and_names_the_item) {
    Certificate c = diagonal_2d_l1();
    c.cells[1].map.A(0, 1) = Rational(-2);
    const CertFile f(write_certificate_json(c));
    const auto r = run_relux("check '" + f.path + "'");
    BOOST_TEST(r.exit_code == 1);
    BOOST_TEST(r.out == "FAILS: cell 1: map A[0][1] is -2; network - reference on the cell gives -1\n");
    BOOST_TEST(contains(r.err, "the certificate does not verify"));
    const auto j = run_relux("check '" + f.path + "' --json");
    BOOST_TEST(j.exit_code == 1);
    BOOST_TEST(contains(nlohmann::json::parse(j.out)["failure"].get<std::string>(), "cell 1: map A[0][1]"));
}

BOOST_AUTO_TEST_CASE(malformed_exits_2) {
    nlohmann::json j = nlohmann::json::parse(write_certificate_json(diagonal_2d_l1()));
    j["cells"][0]["sign"] = 5;
    const CertFile f(j.dump());
    const auto r = run_relux("check '" + f.path + "'");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, f.path + ": cells[0].sign: expected 1, -1 or 0, got 5"), r.err);
    const auto missing = run_relux("check /nonexistent/cert.json");
    BOOST_TEST(missing.exit_code == 2);
    BOOST_TEST(contains(missing.err, "/nonexistent/cert.json"));
}
