#pragma once
// The subcommands of the `relux` tool. Each add_*_command registers one subcommand (its options
// and a callback) on the top-level app; the callback does the work and prints. Exit codes are
// decided in one place, main.cpp: 0 ok, 1 a false property or failed check (throw PropertyFalse),
// 2 bad input or usage (relux::Error and CLI11 parse errors), 3 an internal error, 4 unfinished
// (throw Unfinished).

#include <CLI/CLI.hpp>

#include <stdexcept>
#include <string>

namespace relux::cli {

/// Thrown by a command (after printing its result) when the property it checked is false or a
/// certificate does not verify: main prints "relux: <message>" to stderr and exits with 1.
class PropertyFalse : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Thrown by a command (after printing what it reached) when a limit (--max-regions,
/// --time-limit) or a budget stopped it before its claim was complete, e.g. a tolerance not reached
/// or an equality not decided: main prints "relux: <message>" to stderr and exits with 4.
class Unfinished : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// `relux eval NET --at POINT... [--pattern] [--json]`: exact outputs (src/cli/eval_command.cpp).
void add_eval_command(CLI::App& app);

/// `relux construct cpwl1d ...`: build networks from CPWL functions (src/cli/construct_command.cpp).
void add_construct_command(CLI::App& app);

/// `relux regions NET --box B ...`: exact linear regions (src/cli/regions_command.cpp).
void add_regions_command(CLI::App& app);

/// `relux l1` and `relux linf`: certified distances to a target or a reference network
/// (src/cli/distance_command.cpp).
void add_distance_commands(CLI::App& app);

/// `relux equal NET1 NET2 --box B ...`: exact equivalence (src/cli/equal_command.cpp).
void add_equal_command(CLI::App& app);

/// `relux check CERT.json`: re-verify a certificate (src/cli/check_command.cpp).
void add_check_command(CLI::App& app);

/// `relux theorem NAME ...`: theorem checks, formula beside exact value (src/cli/theorem_command.cpp).
void add_theorem_command(CLI::App& app);

/// `relux expand NET [--json]`: exact polynomial of a square-activation network
/// (src/cli/expand_command.cpp).
void add_expand_command(CLI::App& app);

/// `relux plot NET --target EXPR --box a:b --svg FILE`: picture of a 1-D fit with its certified sup
/// error (src/cli/plot_command.cpp).
void add_plot_command(CLI::App& app);

/// `relux table SPEC.json [--csv F] [--markdown F] [--latex F]`: a sweep of commands as a table
/// (src/cli/table_command.cpp).
void add_table_command(CLI::App& app);

/// `relux help [COMMAND]`: the help of the tool or of one command, on stdout (src/cli/main.cpp).
void add_help_command(CLI::App& app);

}  // namespace relux::cli
