#define BOOST_TEST_MODULE table_cli
#include <boost/test/unit_test.hpp>

// `relux table SPEC`: every cell of a small sweep equals the value the single command prints (run
// here separately), closed forms hold, rows keep SPEC order for any --jobs, a failing row is named
// and marked, and a bad SPEC writes nothing.

#include "relux/number/rational.hpp"
#include "relux/report/table.hpp"
#include "test_util.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

using relux::Rational;
using relux::Rounding;
using relux::test::run_relux;

namespace {

bool contains(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

/// The CSV lines split at commas (the cells here hold no commas or quotes).
std::vector<std::vector<std::string>> csv_cells(const std::string& csv) {
    std::vector<std::vector<std::string>> out;
    std::istringstream lines(csv);
    for (std::string line; std::getline(lines, line);) {
        out.emplace_back();
        std::istringstream fields(line);
        for (std::string f; std::getline(fields, f, ',');) out.back().push_back(f);
    }
    return out;
}

const char* const yarotsky_spec = R"J({
  "title": "Yarotsky",
  "parameters": {"m": [1, 2, 3]},
  "command": ["theorem", "yarotsky", "--depth", "{m}", "--json"],
  "columns": [
    {"header": "m", "param": "m"},
    {"header": "sup error", "json": "/checks/0/value", "format": "exact"},
    {"header": "L1 error", "json": "/checks/1/value", "format": "fraction+decimal"},
    {"header": "2^(-2m-2)", "formula": "2^(-2*{m}-2)", "format": "exact"}
  ]
})J";

// Grid interpolants of x^2 and sin(x): an exact L1 error and a certified sup-error interval.
const char* const interpolant_spec = R"J({
  "parameters": {"target": ["x^2", "sin(x)"], "N": [2, 5]},
  "setup": [["construct", "grid", "--target", "{target}", "--box", "0:1", "--n", "{N}", "-o", "{dir}/net.json"]],
  "commands": {
    "l1": ["l1", "{dir}/net.json", "--target", "{target}", "--box", "0:1", "--tol", "1e-10", "--json"],
    "linf": ["linf", "{dir}/net.json", "--target", "{target}", "--box", "0:1", "--tol", "1e-10", "--json"]
  },
  "columns": [
    {"param": "target"},
    {"param": "N"},
    {"header": "L1", "command": "l1", "json": "/lower", "json_upper": "/upper", "format": "interval", "digits": 8},
    {"header": "sup", "command": "linf", "json": "/upper", "format": "upper", "digits": 3},
    {"header": "status", "command": "l1", "json": "/status"}
  ]
})J";

}  // namespace

BOOST_AUTO_TEST_CASE(yarotsky_cells_equal_the_single_command_and_the_closed_form) {
    const auto r = run_relux("table - --csv -", yarotsky_spec);
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto cells = csv_cells(r.out);
    BOOST_REQUIRE(cells.size() == 4u);
    BOOST_TEST((cells[0] ==
                std::vector<std::string>{"m", "sup error", "L1 error", "L1 error (decimal)", "2^(-2m-2)"}));
    for (long m = 1; m <= 3; ++m) {
        BOOST_TEST_CONTEXT("m = " << m) {
            const auto& row = cells[static_cast<std::size_t>(m)];
            const auto single = run_relux("theorem yarotsky --depth " + std::to_string(m) + " --json");
            BOOST_REQUIRE(single.exit_code == 0);
            const auto j = nlohmann::json::parse(single.out);
            BOOST_TEST(row[0] == std::to_string(m));
            BOOST_TEST(row[1] == j["checks"][0]["value"].get<std::string>());
            BOOST_TEST(row[2] == j["checks"][1]["value"].get<std::string>());
            BOOST_TEST(row[3] == relux::decimal_text(Rational::parse(row[2]), 6, Rounding::nearest));
            // Closed forms: sup error 2^(-2m-2), L1 error 4^(-m)/6.
            BOOST_TEST(Rational::parse(row[1]) == relux::test::power(2, -2 * m - 2));
            BOOST_TEST(Rational::parse(row[4]) == relux::test::power(2, -2 * m - 2));
            BOOST_TEST(Rational::parse(row[2]) == relux::test::power(2, -2 * m) / Rational(6));
        }
    }
}

BOOST_AUTO_TEST_CASE(interpolant_cells_equal_the_single_commands) {
    const auto r = run_relux("table - --csv - --jobs 3", interpolant_spec);
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto cells = csv_cells(r.out);
    BOOST_REQUIRE(cells.size() == 5u);
    BOOST_TEST(
        (cells[0] == std::vector<std::string>{"target", "N", "L1 lower", "L1 upper", "sup upper", "status"}));
    const std::vector<std::pair<std::string, int>> rows = {
        {"x^2", 2}, {"x^2", 5}, {"sin(x)", 2}, {"sin(x)", 5}};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& [target, n] = rows[i];
        BOOST_TEST_CONTEXT("target " << target << ", N = " << n) {
            const auto& row = cells[i + 1];
            BOOST_TEST(row[0] == target);
            BOOST_TEST(row[1] == std::to_string(n));
            const auto net =
                run_relux("construct grid --target '" + target + "' --box 0:1 --n " + std::to_string(n));
            BOOST_REQUIRE(net.exit_code == 0);
            const std::string args = " - --target '" + target + "' --box 0:1 --tol 1e-10 --json";
            const auto l1 = nlohmann::json::parse(run_relux("l1" + args, net.out).out);
            const auto linf = nlohmann::json::parse(run_relux("linf" + args, net.out).out);
            const Rational lo = Rational::parse(l1["lower"].get<std::string>());
            const Rational hi = Rational::parse(l1["upper"].get<std::string>());
            const Rational sup = Rational::parse(linf["upper"].get<std::string>());
            BOOST_TEST(row[2] == relux::decimal_text(lo, 8, Rounding::down));
            BOOST_TEST(row[3] == relux::decimal_text(hi, 8, Rounding::up));
            BOOST_TEST(row[4] == relux::decimal_text(sup, 3, Rounding::up));
            BOOST_TEST(row[5] == l1["status"].get<std::string>());
            // Rounded outward: the printed ends enclose the certified interval.
            BOOST_TEST((Rational::parse(row[2]) <= lo && hi <= Rational::parse(row[3])));
            BOOST_TEST(sup <= Rational::parse(row[4]));
            if (target == "x^2") {  // exact: 1/(6 N^2) in L1, 1/(4 N^2) in sup
                BOOST_TEST((lo == hi && lo == Rational(1) / Rational(6 * n * n)));
                BOOST_TEST(sup == Rational(1) / Rational(4 * n * n));
            }
        }
    }
    // Rows keep SPEC order whatever the number of jobs.
    BOOST_TEST(run_relux("table - --csv - --jobs 1", interpolant_spec).out == r.out);
}

BOOST_AUTO_TEST_CASE(markdown_on_stdout_and_latex) {
    const auto md = run_relux("table -", yarotsky_spec);
    BOOST_TEST_REQUIRE(md.exit_code == 0, md.err);
    BOOST_TEST(md.out ==
               "**Yarotsky**\n\n"
               "| m   | sup error | L1 error             | 2^(-2m-2) |\n"
               "| --- | --------: | -------------------: | --------: |\n"
               "| 1   |      1/16 |   1/24 (≈ 0.0416667) |      1/16 |\n"
               "| 2   |      1/64 |   1/96 (≈ 0.0104167) |      1/64 |\n"
               "| 3   |     1/256 | 1/384 (≈ 0.00260417) |     1/256 |\n");
    const auto tex = run_relux("table - --latex -", yarotsky_spec);
    BOOST_TEST(contains(tex.out,
                        "\\begin{tabular}{lrrr}\n\\toprule\nm & sup error & L1 error & "
                        "2\\textasciicircum{}(-2m-2) \\\\\n\\midrule\n"));
    BOOST_TEST(
        contains(tex.out, "3 & $1/256$ & $1/384$ ($\\approx 0.00260417$) & $1/256$ \\\\\n\\bottomrule\n"));
}

BOOST_AUTO_TEST_CASE(a_failing_row_is_named_and_marked) {
    const std::string spec = R"J({
      "parameters": {"target": ["x^2", "sqrt(x-2)"]},
      "setup": [["construct", "cpwl1d", "--points", "0:0,1:1", "-o", "{dir}/net.json"]],
      "command": ["l1", "{dir}/net.json", "--target", "{target}", "--box", "0:1", "--json"],
      "columns": [{"param": "target"}, {"header": "L1", "json": "/lower", "format": "exact"}]})J";
    const auto r = run_relux("table - --csv -", spec);
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(r.out == "target,L1\nx^2,1/6\nsqrt(x-2),error\n");
    BOOST_TEST(
        contains(r.err,
                 "relux: table: row 2 (target = sqrt(x-2)): 'relux l1 {dir}/net.json --target sqrt(x-2) "
                 "--box 0:1 --json' exited with 2:\n    relux: error: target 'sqrt(x-2)' is undefined"));
    BOOST_TEST(contains(r.err, "relux: error: table -: 1 of 2 rows failed"));

    const std::string missing =
        R"J({"parameters": {"m": [1]}, "command": ["theorem", "yarotsky", "--depth", "{m}", "--json"],
      "columns": [{"header": "v", "json": "/nope"}]})J";
    const auto m = run_relux("table - --csv -", missing);
    BOOST_TEST(m.exit_code == 2);
    BOOST_TEST(m.out == "v\nerror\n");
    BOOST_TEST(contains(m.err, "relux: table: row 1 (m = 1): column 'v': command output has no /nope"));
}

BOOST_AUTO_TEST_CASE(bad_spec_writes_nothing) {
    const auto r =
        run_relux("table - --csv -",
                  R"J({"parameters": {"n": [1]}, "command": ["l1", "{m}"], "columns": [{"param": "n"}]})J");
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(r.err ==
               "relux: error: <stdin>: command[1]: unknown placeholder {m}; expected one of {n}, {dir}\n");
    const auto out = run_relux("table - --latex /nonexistent/t.tex", yarotsky_spec);
    BOOST_TEST(out.exit_code == 2);
    BOOST_TEST(out.err ==
               "relux: error: --latex /nonexistent/t.tex: the directory /nonexistent does not exist\n");
    const auto none = run_relux("table /nonexistent/spec.json");
    BOOST_TEST(none.exit_code == 2);
    BOOST_TEST(contains(none.err, "/nonexistent/spec.json"));
}

BOOST_AUTO_TEST_CASE(dry_run_lists_the_commands) {
    const auto r = run_relux("table - --dry-run", R"J({"rows": [{"t": "sin(x)", "n": 3}],
      "setup": [["construct", "grid", "--target", "{t}", "--box", "0:1", "--n", "{n}", "-o", "{dir}/a.json"]],
      "command": ["l1", "{dir}/a.json", "--target", "{t}", "--json"], "columns": [{"param": "n"}]})J");
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.out ==
               "row 1:\n"
               "  relux construct grid --target 'sin(x)' --box 0:1 --n 3 -o '{dir}/a.json'\n"
               "  relux l1 '{dir}/a.json' --target 'sin(x)' --json\n");
}

BOOST_AUTO_TEST_CASE(exit_1_rows_are_read_and_absent_fields_may_be_allowed) {
    // equal exits 1 when the networks differ and still prints its JSON; the witness exists only then.
    const std::string spec = R"J({
      "parameters": {"y": ["1", "2"]},
      "setup": [["construct", "cpwl1d", "--points", "0:0,1:1", "-o", "{dir}/a.json"],
                ["construct", "cpwl1d", "--points", "0:0,1:{y}", "-o", "{dir}/b.json"]],
      "command": ["equal", "{dir}/a.json", "{dir}/b.json", "--box", "0:1", "--json"],
      "columns": [{"param": "y"}, {"header": "equal", "json": "/equal"},
                  {"header": "witness", "json": "/witness/0", "format": "exact", "missing": "-"}]})J";
    const auto r = run_relux("table - --csv -", spec);
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto cells = csv_cells(r.out);
    BOOST_REQUIRE(cells.size() == 3u);
    BOOST_TEST((cells[1] == std::vector<std::string>{"1", "true", "-"}));
    BOOST_TEST(cells[2][1] == "false");
    // The witness is the one `relux equal` prints for the same two networks.
    const auto a = run_relux("construct cpwl1d --points 0:0,1:1").out;
    const std::filesystem::path b =
        std::filesystem::temp_directory_path() / ("relux_table_cli_" + std::to_string(::getpid()) + ".json");
    BOOST_REQUIRE(run_relux("construct cpwl1d --points 0:0,1:2 -o '" + b.string() + "'").exit_code == 0);
    const auto single = run_relux("equal - '" + b.string() + "' --box 0:1 --json", a);
    std::filesystem::remove(b);
    BOOST_TEST(single.exit_code == 1);
    BOOST_TEST(cells[2][2] == nlohmann::json::parse(single.out)["witness"][0].get<std::string>());
}
