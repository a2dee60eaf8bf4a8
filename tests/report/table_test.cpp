#define BOOST_TEST_MODULE table
#include <boost/test/unit_test.hpp>

// Tables (`relux table`): exact decimal rounding, SPEC parsing and its error messages, cells read
// from JSON output, and the CSV / Markdown / LaTeX texts, all against exact expected strings.

#include "relux/error.hpp"
#include "relux/report/table.hpp"
#include "test_util.hpp"

#include <random>
#include <string>

using namespace relux;

namespace {

Rational q(const char* text) { return Rational::parse(text); }

/// The ParseError message of parse_table_spec(text, "spec.json"), or "" when it parses.
std::string spec_error(const std::string& text) {
    try {
        parse_table_spec(text, "spec.json");
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

const char* const small_spec = R"J({
  "title": "x^2 | interpolants",
  "parameters": {"n": [2, 4]},
  "command": ["l1", "{dir}/net.json", "--target", "x^2", "--box", "0:1", "--json"],
  "columns": [
    {"header": "n", "param": "n"},
    {"header": "L1", "json": "/value", "format": "fraction+decimal", "digits": 4},
    {"header": "bound", "json": "/value", "format": "interval", "digits": 3},
    {"header": "1/(6n^2)", "formula": "1/(6*{n}^2)", "format": "upper", "digits": 2},
    {"header": "status", "json": "/status"}
  ]
})J";

}  // namespace

BOOST_AUTO_TEST_CASE(decimal_rounding_exact_cases) {
    BOOST_TEST(decimal_text(q("1/3"), 6, Rounding::nearest) == "0.333333");
    BOOST_TEST(decimal_text(q("1/3"), 6, Rounding::down) == "0.333333");
    BOOST_TEST(decimal_text(q("1/3"), 6, Rounding::up) == "0.333334");
    BOOST_TEST(decimal_text(q("2/3"), 6, Rounding::nearest) == "0.666667");
    BOOST_TEST(decimal_text(q("2/3"), 6, Rounding::down) == "0.666666");
    BOOST_TEST(decimal_text(q("-1/3"), 6, Rounding::down) == "-0.333334");
    BOOST_TEST(decimal_text(q("-1/3"), 6, Rounding::up) == "-0.333333");
    BOOST_TEST(decimal_text(q("1/96"), 6, Rounding::down) == "0.0104166");
    BOOST_TEST(decimal_text(q("1/96"), 6, Rounding::up) == "0.0104167");
    BOOST_TEST(decimal_text(q("1/4"), 6, Rounding::up) == "0.25");
    BOOST_TEST(decimal_text(q("0"), 6, Rounding::up) == "0");
    BOOST_TEST(decimal_text(q("1e-10"), 6, Rounding::down) == "1e-10");
    BOOST_TEST(decimal_text(q("1/3") * q("1e-7"), 6, Rounding::nearest) == "3.33333e-8");
    BOOST_TEST(decimal_text(q("1/3") * q("1e-3"), 3, Rounding::nearest) == "0.000333");
    BOOST_TEST(decimal_text(q("1/3") * q("1e-4"), 3, Rounding::nearest) == "3.33e-5");
    BOOST_TEST(decimal_text(q("1048576"), 6, Rounding::nearest) == "1.04858e6");
    BOOST_TEST(decimal_text(q("123456"), 6, Rounding::nearest) == "123456");
    BOOST_TEST(decimal_text(q("-2500"), 2, Rounding::nearest) == "-2.5e3");  // 2 digits claimed, not 4
    BOOST_TEST(decimal_text(q("-2500"), 4, Rounding::nearest) == "-2500");
    // Carries: the rounded value gains a digit.
    BOOST_TEST(decimal_text(q("999999.5"), 6, Rounding::up) == "1e6");
    BOOST_TEST(decimal_text(q("999999.5"), 6, Rounding::nearest) == "1e6");
    BOOST_TEST(decimal_text(q("999999.5"), 6, Rounding::down) == "999999");
    BOOST_TEST(decimal_text(q("0.99999995"), 6, Rounding::up) == "1");
    // Ties go away from zero.
    BOOST_TEST(decimal_text(q("1/8"), 2, Rounding::nearest) == "0.13");
    BOOST_TEST(decimal_text(q("-1/8"), 2, Rounding::nearest) == "-0.13");
    BOOST_TEST(decimal_text(q("1/1073741824"), 3, Rounding::up) == "9.32e-10");  // 2^-30 = 9.313...e-10
}

BOOST_AUTO_TEST_CASE(decimal_rounding_encloses_the_value) {
    const auto seed = test::seed(7);
    BOOST_TEST_CONTEXT("seed " << seed) {
        std::mt19937_64 rng(seed);
        for (int i = 0; i < test::scaled(500); ++i) {
            Rational x = test::random_rational(rng, 100000, 999);
            x *= relux::test::power(10, static_cast<long>(rng() % 21) - 10);
            const int digits = 1 + static_cast<int>(rng() % 12);
            const Rational lo = Rational::parse(decimal_text(x, digits, Rounding::down));
            const Rational hi = Rational::parse(decimal_text(x, digits, Rounding::up));
            const Rational mid = Rational::parse(decimal_text(x, digits, Rounding::nearest));
            BOOST_TEST_CONTEXT("x = " << x << ", digits " << digits) {
                BOOST_TEST((lo <= x && x <= hi));
                BOOST_TEST((mid == lo || mid == hi));
                BOOST_TEST((abs(mid - x) <= abs(lo - x) && abs(mid - x) <= abs(hi - x)));
                // One unit in the last digit at most: 10^(floor(log10 |x|) - digits + 1).
                if (!x.is_zero()) {
                    long e = 0;
                    while (relux::test::power(10, e) > abs(x)) --e;
                    while (relux::test::power(10, e + 1) <= abs(x)) ++e;
                    BOOST_TEST((hi - lo <= relux::test::power(10, e - digits + 1)));
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(product_in_spec_order) {
    const TableSpec s = parse_table_spec(R"J({
      "parameters": {"target": ["x^2", "sin(x)"], "n": [2, 4, 8], "tol": [1e-9]},
      "command": ["l1", "--target", "{target}", "--tol", "{tol}"],
      "columns": [{"param": "n"}]})J",
                                         "s.json");
    BOOST_TEST((s.parameters == std::vector<std::string>{"target", "n", "tol"}));
    BOOST_REQUIRE(s.rows.size() == 6u);
    BOOST_TEST((s.rows[0] == std::vector<std::string>{"x^2", "2", "1e-9"}));  // number literals as written
    BOOST_TEST((s.rows[2] == std::vector<std::string>{"x^2", "8", "1e-9"}));
    BOOST_TEST((s.rows[3] == std::vector<std::string>{"sin(x)", "2", "1e-9"}));
    BOOST_TEST(s.columns[0].header == "n");
    BOOST_TEST(substitute_placeholders("{target} at {{n}} is {n} in {dir}/a", s, 4, "/tmp/d") ==
               "sin(x) at {n} is 4 in /tmp/d/a");
}

BOOST_AUTO_TEST_CASE(explicit_rows_and_named_commands) {
    const TableSpec s = parse_table_spec(R"J({
      "rows": [{"m": 1, "name": "a"}, {"m": 3, "name": "b"}],
      "setup": [["construct", "cpwl1d", "--points", "0:0,1:{m}", "-o", "{dir}/n.json"]],
      "commands": {"l1": ["l1", "{dir}/n.json", "--json"], "linf": ["linf", "{dir}/n.json", "--json"]},
      "columns": [{"param": "name"}, {"header": "sup", "command": "linf", "json": "/upper", "format": "upper"}]})J",
                                         "s.json");
    BOOST_TEST((s.rows == std::vector<std::vector<std::string>>{{"1", "a"}, {"3", "b"}}));
    BOOST_TEST(s.setup.size() == 1u);
    BOOST_TEST(s.commands.size() == 2u);
    BOOST_TEST(s.columns[1].command == "linf");
    BOOST_TEST((s.columns[1].format == CellFormat::upper));
}

BOOST_AUTO_TEST_CASE(bad_specs_name_the_place) {
    const std::string base = R"("parameters": {"n": [1]}, "command": ["l1", "--json"])";
    BOOST_TEST(
        spec_error("{" + base + R"(, "columns": [{"param": "n"}], "colums": 1})") ==
        "spec.json: top level: unknown key \"colums\"; expected one of: format, version, title, parameters, "
        "rows, setup, command, commands, columns");
    BOOST_TEST(spec_error(R"({"parameters": {"n": [1]}, "columns": [{"param": "n"}]})") ==
               "spec.json: top level: missing key \"command\" (the relux arguments whose JSON output fills "
               "the table)");
    BOOST_TEST(
        spec_error(
            R"({"parameters": {"n": [1]}, "command": ["l1", "--tol", "{m}"], "columns": [{"param": "n"}]})") ==
        "spec.json: command[2]: unknown placeholder {m}; expected one of {n}, {dir}");
    BOOST_TEST(spec_error("{" + base + R"(, "columns": [{"param": "n", "format": "percent"}]})") ==
               "spec.json: columns[0].format: unknown format \"percent\"; expected text, exact (or "
               "fraction), decimal, "
               "fraction+decimal, interval, upper or lower");
    BOOST_TEST(spec_error("{" + base + R"(, "columns": [{"param": "k"}]})") ==
               "spec.json: columns[0].param: unknown parameter \"k\"");
    BOOST_TEST(
        spec_error("{" + base + R"(, "columns": [{"json": "/a", "param": "n"}]})") ==
        "spec.json: columns[0]: give exactly one of \"param\" (a parameter), \"formula\" (an expression) or "
        "\"json\" (a JSON pointer into the command's output)");
    BOOST_TEST(
        spec_error("{" + base + R"(, "columns": [{"json": "upper"}]})") ==
        "spec.json: columns[0].json: \"upper\" is not a JSON pointer (e.g. \"/upper\", \"/checks/0/value\")");
    BOOST_TEST(spec_error(R"({"parameters": {"n": []}, "command": ["l1"], "columns": [{"param": "n"}]})") ==
               "spec.json: parameters.n: expected a non-empty array of values, got an array");
    BOOST_TEST(
        spec_error(R"({"rows": [{"n": 1}, {"m": 2}], "command": ["l1"], "columns": [{"param": "n"}]})") ==
        "spec.json: rows[1]: missing parameter \"n\" (every row gives the parameters of rows[0])");
    BOOST_TEST(
        spec_error(
            R"({"parameters": {"n": [1]}, "command": ["relux", "l1"], "columns": [{"param": "n"}]})") ==
        "spec.json: command[0]: give the arguments after 'relux' (the table runs the relux binary itself)");
    BOOST_TEST(
        spec_error(R"({"parameters": {"dir": [1]}, "command": ["l1"], "columns": [{"param": "dir"}]})") ==
        "spec.json: parameters.dir: \"dir\" is reserved for the row's temporary directory {dir}");
    BOOST_TEST(
        spec_error(R"({"parameters": {"n": [1]}, "command": ["l1", "{n"], "columns": [{"param": "n"}]})") ==
        "spec.json: command[1]: unclosed '{' in \"{n\" (write {{ for a literal brace)");
    BOOST_TEST(spec_error(R"({"parameters": {"n": [1]}, "commands": {"a": ["l1"], "b": ["linf"]},
                              "columns": [{"json": "/upper"}]})") ==
               "spec.json: columns[0]: with several \"commands\", say which one the value comes from "
               "(\"command\": NAME)");
    BOOST_TEST(spec_error("{" + base + R"(, "columns": [{"json": "/a", "digits": 0}]})") ==
               "spec.json: columns[0].digits: expected 1 to 40 significant digits, got 0");
    BOOST_TEST(spec_error("[1]") == "spec.json: top level: expected a JSON object, got an array");
}

BOOST_AUTO_TEST_CASE(cells_and_the_three_renderings) {
    const TableSpec s = parse_table_spec(small_spec, "small.json");
    std::vector<TableRow> rows;
    rows.push_back(table_row_cells(
        s, 0,
        {R"({"value": {"lower": "1/24", "upper": "1/24"}, "status": "certified"})"}));  // n = 2: 1/(6*2^2)
    rows.push_back(
        table_row_cells(s, 1, {R"({"value": {"lower": "1/97", "upper": "1/96"}})"}));  // no status; not exact
    BOOST_TEST(rows[0].error.empty());
    BOOST_TEST((rows[0].cells[1].kind == TableCell::Kind::exact && rows[0].cells[1].lower == q("1/24")));
    BOOST_TEST((rows[0].cells[3].kind == TableCell::Kind::exact && rows[0].cells[3].lower == q("1/24")));
    BOOST_TEST(rows[1].exit_code == 2);
    BOOST_TEST(
        rows[1].error ==
        "column 'L1': command output /value is the interval [1/97, 1/96], not an exact value; use the format "
        "interval or upper\ncolumn 'status': command output has no /status");

    BOOST_TEST(table_csv(s, rows) ==
               "n,L1,L1 (decimal),bound lower,bound upper,1/(6n^2) upper,status\n"
               "2,1/24,0.04167,0.0416,0.0417,0.042,certified\n"
               "4,error,error,0.0103,0.0105,0.011,error\n");
    BOOST_TEST(table_markdown(s, rows) ==
               "**x^2 \\| interpolants**\n\n"
               "| n   | L1               | bound            | 1/(6n^2) | status    |\n"
               "| --- | ---------------: | ---------------: | -------: | --------- |\n"
               "| 2   | 1/24 (≈ 0.04167) | [0.0416, 0.0417] |  ≤ 0.042 | certified |\n"
               "| 4   |            error | [0.0103, 0.0105] |  ≤ 0.011 | error     |\n"
               "\n*1 of 2 rows failed; their cells read \"error\".*\n");
    BOOST_TEST(table_latex(s, rows) ==
               "% x^2 | interpolants\n"
               "% requires \\usepackage{booktabs}\n"
               "\\begin{tabular}{lrrrl}\n"
               "\\toprule\n"
               "n & L1 & bound & 1/(6n\\textasciicircum{}2) & status \\\\\n"
               "\\midrule\n"
               "2 & $1/24$ ($\\approx 0.04167$) & $[0.0416, 0.0417]$ & $\\le 0.042$ & certified \\\\\n"
               "4 & \\textit{error} & $[0.0103, 0.0105]$ & $\\le 0.011$ & \\textit{error} \\\\\n"
               "\\bottomrule\n"
               "\\end{tabular}\n"
               "% 1 of 2 rows failed; their cells read \"error\"\n");
}

BOOST_AUTO_TEST_CASE(formulas_and_failed_commands) {
    const TableSpec s = parse_table_spec(R"J({
      "parameters": {"m": [1, 3]},
      "command": ["theorem", "yarotsky", "--depth", "{m}", "--json"],
      "columns": [{"header": "sup", "json": "/checks/0/value", "format": "exact"},
                  {"header": "2^(-2m-2)", "formula": "2^(-2*{m}-2)"},
                  {"header": "pi/m", "formula": "pi/{m}", "format": "interval", "digits": 4},
                  {"header": "agrees", "json": "/agrees"}]})J",
                                         "s.json");
    const TableRow ok = table_row_cells(s, 1, {R"({"checks": [{"value": "1/256"}], "agrees": true})"});
    BOOST_TEST(ok.error.empty());
    BOOST_TEST(ok.cells[0].lower == q("1/256"));
    BOOST_TEST(ok.cells[1].lower == q("1/256"));
    BOOST_TEST((ok.cells[2].kind == TableCell::Kind::interval));
    // An enclosure of pi/3 (Arb, 256 bits) inside (3.14159265358979323846/3, 3.14159265358979323847/3).
    BOOST_TEST((q("3.14159265358979323846") / 3 < ok.cells[2].lower &&
                ok.cells[2].upper < q("3.14159265358979323847") / 3));
    BOOST_TEST(ok.cells[3].text == "true");
    BOOST_TEST(table_csv(s, {ok}) ==
               "sup,2^(-2m-2),2^(-2m-2) (decimal),pi/m lower,pi/m upper,agrees\n"
               "1/256,1/256,0.00390625,1.047,1.048,true\n");
    const TableRow failed = table_row_cells(s, 0, {std::nullopt});
    BOOST_TEST((failed.cells[0].kind == TableCell::Kind::error));
    BOOST_TEST(failed.cells[1].lower == q("1/16"));  // formulas need no command
    BOOST_TEST(table_row_cells(s, 0, {"not json"}).error.find("the output of command: not valid JSON") == 0u);
}

BOOST_AUTO_TEST_CASE(latex_escapes_text_and_keeps_math) {
    const TableSpec s = parse_table_spec(R"J({
      "rows": [{"name": "a_b & 50% <x> | ~#{}\\"}, {"name": "$x^2$"}, {"name": "a, \"b\""}],
      "command": ["theorem"],
      "columns": [{"header": "$f$", "param": "name"}]})J",
                                         "s.json");
    const std::vector<TableRow> rows = {table_row_cells(s, 0, {"{}"}), table_row_cells(s, 1, {"{}"}),
                                        table_row_cells(s, 2, {"{}"})};
    BOOST_TEST(table_latex(s, rows) ==
               "% requires \\usepackage{booktabs}\n\\begin{tabular}{l}\n\\toprule\n$f$ \\\\\n\\midrule\n"
               "a\\_b \\& 50\\% \\textless{}x\\textgreater{} \\textbar{} "
               "\\textasciitilde{}\\#\\{\\}\\textbackslash{} \\\\\n"
               "$x^2$ \\\\\na, \"b\" \\\\\n\\bottomrule\n\\end{tabular}\n");
    BOOST_TEST(table_csv(s, rows) == "$f$\na_b & 50% <x> | ~#{}\\\n$x^2$\n\"a, \"\"b\"\"\"\n");
}
