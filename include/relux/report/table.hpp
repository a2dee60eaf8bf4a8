#pragma once
// `relux table SPEC.json`: a sweep of relux commands over parameters, collected into one table
// (CSV, Markdown, LaTeX booktabs). The SPEC format is in docs/table-spec.md. Exact values print as
// fractions and rounded decimals, certified intervals rounded outward; rounding is exact (Rational),
// never through double.

#include "relux/number/rational.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace relux {

/// How a column shows its value.
enum class CellFormat {
    text,           ///< the value as printed by the command (string, number literal, true/false)
    exact,          ///< an exact rational as a fraction "p/q"
    decimal,        ///< an exact rational rounded to nearest, `digits` significant digits
    exact_decimal,  ///< "p/q (≈ d)": the fraction and its rounded decimal
    interval,       ///< "[lo, hi]": lo rounded down, hi rounded up
    upper,          ///< "≤ hi": hi rounded up
    lower           ///< "≥ lo": lo rounded down
};

/// One column of a table: where its value comes from and how it prints.
struct TableColumn {
    std::string header;
    std::string param;          ///< a parameter's value, or
    std::string formula;        ///< an expression with {name} placeholders, evaluated exactly, or
    std::string command;        ///< the command whose JSON output holds the value, with
    std::string pointer;        ///< the JSON pointer of the value (of the lower end for intervals)
    std::string pointer_upper;  ///< the JSON pointer of the upper end ("" when `pointer` is one value
                                ///< or an object {"lower", "upper"})
    CellFormat format = CellFormat::text;
    int digits = 6;                      ///< significant digits of rounded decimals (1..40)
    std::optional<std::string> missing;  ///< text shown when a pointer is absent (else an error)
};

/// A parsed, checked SPEC: every placeholder names a parameter or {dir}, every column a parameter
/// or a command.
struct TableSpec {
    std::string source;  ///< the file name, for messages
    std::string title;
    std::vector<std::string> parameters;          ///< parameter names, in SPEC order
    std::vector<std::vector<std::string>> rows;   ///< one value per parameter, one entry per row
    std::vector<std::vector<std::string>> setup;  ///< argv templates run first, in order
    std::vector<std::pair<std::string, std::vector<std::string>>> commands;  ///< name, argv template
    std::vector<TableColumn> columns;
};

/// Parse SPEC JSON text (docs/table-spec.md). "parameters" (an object of value lists) expands to
/// the product in key order, the first key varying slowest; "rows" lists the rows instead.
/// Throws ParseError naming `source`, the JSON path and what was expected for any bad key, type,
/// unknown placeholder, unknown parameter or command, or an empty sweep.
TableSpec parse_table_spec(std::string_view text, const std::string& source);

/// parse_table_spec of a file ("-": standard input); throws Error naming the file when unreadable.
TableSpec load_table_spec(const std::filesystem::path& path);

/// `text` with each {name} replaced by row `row`'s value of that parameter and {dir} by `dir`;
/// "{{" and "}}" stand for literal braces. Precondition: the spec was checked by parse_table_spec.
std::string substitute_placeholders(const std::string& text, const TableSpec& spec, std::size_t row,
                                    const std::string& dir);

/// One cell's value.
struct TableCell {
    enum class Kind { text, exact, interval, error };
    Kind kind = Kind::error;
    std::string text;       ///< text cells; the reason for error cells
    Rational lower, upper;  ///< exact cells: lower == upper; interval cells: the enclosure
};

/// One row of the table: its cells, or why some failed.
struct TableRow {
    std::vector<TableCell> cells;  ///< one per column
    std::string error;             ///< "" when every cell has a value; else what failed (one line each)
    int exit_code = 0;             ///< the failing command's exit code; 2 for a missing JSON field
};

/// The cells of row `row` from the JSON printed by the spec's commands (`outputs` in the order of
/// spec.commands; nullopt for a command that failed, whose cells become errors). A missing or
/// ill-typed field makes that cell an error, names the pointer in TableRow::error and sets
/// exit_code 2. Formula columns are exact when every operation is rational, else enclosed (Arb).
TableRow table_row_cells(const TableSpec& spec, std::size_t row,
                         const std::vector<std::optional<std::string>>& outputs);

/// How the table is computed.
struct TableRunOptions {
    std::string executable;  ///< the relux binary that runs each command
    std::size_t jobs = 1;    ///< rows computed at once (each in its own subprocesses)
    /// Called (serialised) with (0, total rows) first, then after each finished row with
    /// (finished rows, total rows).
    std::function<void(std::size_t, std::size_t)> progress;
};

/// Run every row: in a fresh temporary directory ({dir}, removed afterwards) the setup commands
/// (each must exit 0), then the commands (exit 0, or 1 for "property false"; stdout is parsed as
/// JSON). Rows keep SPEC order whatever `jobs` is. A failing row carries its command line, exit
/// code and stderr in TableRow::error; it never stops the other rows.
std::vector<TableRow> run_table(const TableSpec& spec, const TableRunOptions& options);

/// Direction of a rounding.
enum class Rounding { down, up, nearest };

/// x = m 10^k rounded to `digits` significant decimal digits, exactly: down (towards -inf), up
/// (towards +inf) or to nearest (ties away from zero); |m| has `digits` digits, or one more after a
/// carry (999.5 up to 3 digits: m = 1000, k = 0). Preconditions: x != 0, 1 <= digits <= 40.
std::pair<Integer, long> round_significant(const Rational& x, int digits, Rounding mode);

/// x rounded to `digits` significant decimal digits (round_significant) as text. Positional when the exponent
/// lies in [-4, digits), else scientific "1.2346e-7"; trailing zeros are dropped ("0.25", "0", "1e-10").
/// Precondition: 1 <= digits <= 40.
std::string decimal_text(const Rational& x, int digits, Rounding mode);

/// The table as CSV (RFC 4180). Values only, the header says what they are: exact_decimal gives
/// two columns ("h", "h (decimal)"), interval two ("h lower", "h upper"), upper and lower one.
std::string table_csv(const TableSpec& spec, const std::vector<TableRow>& rows);

/// The table as GitHub Markdown (the title in bold above it, "|" escaped), with a closing note
/// naming how many rows failed.
std::string table_markdown(const TableSpec& spec, const std::vector<TableRow>& rows);

/// The table as a LaTeX booktabs tabular (\toprule, \midrule, \bottomrule), numbers in math mode,
/// text with the special characters escaped, the title as a comment line.
std::string table_latex(const TableSpec& spec, const std::vector<TableRow>& rows);

}  // namespace relux
