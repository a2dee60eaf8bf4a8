// `relux table SPEC.json`: run a sweep of relux commands (docs/table-spec.md) in parallel and write
// the results as CSV, Markdown and LaTeX (src/report/table_*.cpp).

#include "cli_util.hpp"
#include "commands.hpp"

#include "relux/error.hpp"
#include "relux/report/table.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

namespace relux::cli {

namespace {

struct TableOptions {
    std::string spec;
    std::string csv, markdown, latex;
    std::size_t jobs = 0;
    bool dry_run = false;
};

/// `arg` quoted for a shell when it holds anything but plain characters.
std::string shell_word(const std::string& arg) {
    if (!arg.empty() &&
        arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=/.,:@%") ==
            std::string::npos)
        return arg;
    std::string out = "'";
    for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

/// Every row's command lines, {dir} left as it is.
std::string dry_run_text(const TableSpec& spec) {
    std::string out;
    for (std::size_t row = 0; row < spec.rows.size(); ++row) {
        out += "row " + std::to_string(row + 1) + ":\n";
        const auto line = [&](const std::vector<std::string>& templ) {
            out += "  relux";
            for (const std::string& a : templ)
                out += " " + shell_word(substitute_placeholders(a, spec, row, "{dir}"));
            out += "\n";
        };
        for (const auto& s : spec.setup) line(s);
        for (const auto& c : spec.commands) line(c.second);
    }
    return out;
}

/// The path of the running relux binary, so that the rows run the same version.
std::string own_executable() {
    std::error_code ec;
    const std::filesystem::path p = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec)
        throw InvalidArgument("table: cannot find the relux executable (/proc/self/exe): " + ec.message());
    return p.string();
}

/// A progress bar on stderr: "[#########-----------]  9/20 rows  4.1 s", redrawn in place.
class ProgressBar {
public:
    void operator()(std::size_t done, std::size_t total) const {
        constexpr std::size_t width = 30;
        const std::size_t filled = total ? done * width / total : width;
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        std::fprintf(stderr, "\r[%s%s] %zu/%zu rows  %.1f s", std::string(filled, '#').c_str(),
                     std::string(width - filled, '-').c_str(), done, total, seconds);
        if (done == total) std::fputc('\n', stderr);  // keep the finished bar; messages follow
        std::fflush(stderr);
    }

private:
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

/// Throws InvalidArgument when `path`'s directory does not exist, before any row runs.
void check_output_path(const std::string& option, const std::string& path) {
    if (path.empty() || path == "-") return;
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty() && !std::filesystem::is_directory(parent))
        throw InvalidArgument(option + " " + path + ": the directory " + parent.string() + " does not exist");
}

void run(const TableOptions& o) {
    check_output_path("--csv", o.csv);
    check_output_path("--markdown", o.markdown);
    check_output_path("--latex", o.latex);
    const TableSpec spec = load_table_spec(o.spec);
    if (o.dry_run) {
        std::cout << dry_run_text(spec) << std::flush;
        return;
    }
    TableRunOptions run_options;
    run_options.executable = own_executable();
    run_options.jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
    if (isatty(STDERR_FILENO)) run_options.progress = ProgressBar();
    const std::vector<TableRow> rows = run_table(spec, run_options);

    std::size_t failed = 0;
    int exit_code = 0;
    for (const TableRow& row : rows) {
        if (row.error.empty()) continue;
        std::cerr << "relux: table: " << row.error << "\n";
        if (failed++ == 0) exit_code = row.exit_code;
    }
    if (o.csv.empty() && o.markdown.empty() && o.latex.empty()) write_output(table_markdown(spec, rows), "-");
    if (!o.csv.empty()) write_output(table_csv(spec, rows), o.csv);
    if (!o.markdown.empty()) write_output(table_markdown(spec, rows), o.markdown);
    if (!o.latex.empty()) write_output(table_latex(spec, rows), o.latex);
    if (failed == 0) return;
    const std::string message =
        "table " + o.spec + ": " + std::to_string(failed) + " of " + std::to_string(rows.size()) +
        " rows failed (their cells read \"error\"; the rest of the table was written)";
    if (exit_code == 1) throw PropertyFalse(message);
    if (exit_code == 2) throw InvalidArgument(message);
    if (exit_code == 4) throw Unfinished(message);
    throw std::runtime_error(message + "; a command exited with " + std::to_string(exit_code));
}

}  // namespace

void add_table_command(CLI::App& app) {
    auto o = std::make_shared<TableOptions>();
    CLI::App* cmd = app.add_subcommand(
        "table", "Run a sweep of relux commands from a SPEC file; write CSV, Markdown, LaTeX");
    cmd->add_option("SPEC", o->spec, "The table SPEC (JSON, docs/table-spec.md); - for stdin")
        ->required()
        ->type_name("FILE");
    cmd->add_option("--csv", o->csv, "Write CSV to this file (- for stdout)")->type_name("FILE");
    cmd->add_option("--markdown", o->markdown, "Write Markdown to this file (- for stdout)")
        ->type_name("FILE");
    cmd->add_option("--latex", o->latex, "Write a LaTeX booktabs tabular to this file (- for stdout)")
        ->type_name("FILE");
    cmd->add_option("--jobs,-j", o->jobs, "Rows computed at once (default: the number of cores)")
        ->type_name("N")
        ->check(CLI::PositiveNumber);
    cmd->add_flag("--dry-run", o->dry_run, "Print each row's command lines instead of running them");
    cmd->footer(
        "With no --csv/--markdown/--latex the Markdown table goes to stdout. Exact values print as\n"
        "fractions and rounded decimals, certified intervals rounded outward (exactly). A progress bar\n"
        "is drawn on stderr when it is a terminal. A failing row is named on stderr, its cells read\n"
        "\"error\", and the exit code is that of the first failing command (2 for a missing JSON field).");
    cmd->callback([o] { run(*o); });
}

}  // namespace relux::cli
