// Running a table: each row's commands as relux subprocesses (in parallel, rows in SPEC order),
// and the cells read from their JSON output by JSON pointer.

#include "relux/report/table.hpp"

#include "../net/exact_json.hpp"
#include "relux/certify/expression.hpp"
#include "relux/error.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>

extern char** environ;

namespace relux {

namespace {

using detail::json;

// ---- cells ----

/// The exact number in a JSON value (a string "p/q", "0.25" or a number literal), or nullopt.
std::optional<Rational> exact_number(const json& v) {
    std::string text;
    if (v.is_string()) text = v.get<std::string>();
    else if (detail::JsonReader::is_number(v))
        text = std::string(v.get_binary().begin(), v.get_binary().end());
    else return std::nullopt;
    try {
        return Rational::parse(text);
    } catch (const Error&) {
        return std::nullopt;
    }
}

/// The text of a JSON value for a text column: strings as they are, numbers as written.
std::string value_text(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (detail::JsonReader::is_number(v)) return std::string(v.get_binary().begin(), v.get_binary().end());
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_null()) return "null";
    return v.dump();
}

/// True when `text` names a variable x, x1, x2, ... (a word "x" followed only by digits).
bool has_variable(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
        if (!std::isalpha(static_cast<unsigned char>(text[i]))) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) ++j;
        const std::string word = text.substr(i, j - i);
        if (word[0] == 'x' && std::all_of(word.begin() + 1, word.end(),
                                          [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
            return true;
        i = j;
    }
    return false;
}

/// Reads the cells of one row; each failure becomes an error cell and a line of `error`.
class CellReader {
public:
    CellReader(const TableSpec& spec, std::size_t row) : spec_(spec), row_(row) {}

    /// Every cell of the row from the commands' outputs (nullopt: the command failed).
    TableRow read(const std::vector<std::optional<std::string>>& outputs) {
        std::vector<std::optional<json>> parsed(spec_.commands.size());
        for (std::size_t i = 0; i < outputs.size() && i < parsed.size(); ++i) {
            if (!outputs[i]) continue;
            try {
                parsed[i] = detail::parse_exact_json(*outputs[i], "the output of " + spec_.commands[i].first);
            } catch (const Error& e) {
                fail(std::string(e.what()) + " (does the command print JSON? give it --json)");
            }
        }
        for (const TableColumn& col : spec_.columns) result_.cells.push_back(cell(col, parsed));
        return std::move(result_);
    }

private:
    /// An error cell, its reason recorded in the row.
    TableCell error_cell(const std::string& why) {
        fail(why);
        TableCell c;
        c.text = why;
        return c;
    }
    /// Record a reason (once) in the row's error; the row exits with 2.
    void fail(const std::string& why) {
        if (result_.error.find(why) == std::string::npos)
            result_.error += (result_.error.empty() ? "" : "\n") + why;
        if (result_.exit_code == 0) result_.exit_code = 2;
    }

    /// A cell from an exact lower and upper end, checked against the column's format.
    TableCell number_cell(const TableColumn& col, const Rational& lo, const Rational& hi,
                          const std::string& what) {
        if (lo > hi) return error_cell(what + ": lower end " + lo.str() + " exceeds upper end " + hi.str());
        const bool needs_exact = col.format == CellFormat::exact || col.format == CellFormat::decimal ||
                                 col.format == CellFormat::exact_decimal;
        if (needs_exact && lo != hi)
            return error_cell(what + " is the interval [" + lo.str() + ", " + hi.str() +
                              "], not an exact value; use the format interval or upper");
        TableCell c;
        c.kind = lo == hi ? TableCell::Kind::exact : TableCell::Kind::interval;
        c.lower = lo;
        c.upper = hi;
        return c;
    }

    /// A text cell for the text format, else the exact number `text` stands for.
    TableCell text_or_number(const TableColumn& col, const std::string& text, const std::string& what) {
        if (col.format == CellFormat::text) {
            TableCell c;
            c.kind = TableCell::Kind::text;
            c.text = text;
            return c;
        }
        try {
            const Rational x = Rational::parse(text);
            return number_cell(col, x, x, what);
        } catch (const Error&) {
            return error_cell(what + " is \"" + text + "\", not an exact number");
        }
    }

    /// A formula's value: exact when every operation is rational, else an Arb enclosure (256 bits).
    TableCell formula_cell(const TableColumn& col) {
        const std::string text = substitute_placeholders(col.formula, spec_, row_, "");
        const std::string what = "formula '" + text + "'";
        try {
            if (has_variable(text))
                return error_cell(what + " has a variable; a formula uses only numbers and parameters");
            if (col.format == CellFormat::text) return text_or_number(col, text, what);
            const Expr e = Expr::parse(text, 1);  // constant: the value at x = 0 is the value
            if (const auto exact = e.eval_exact(Vector{Rational(0)}))
                return number_cell(col, *exact, *exact, what);
            const BallEval b = e.eval(std::vector<Ball>{Ball::enclose(Rational(0), 256)}, 256);
            if (!b.ok() || !b.value.is_finite()) return error_cell(what + " is undefined (" + b.reason + ")");
            const Interval i = b.value.to_interval();
            return number_cell(col, i.lower, i.upper, what);
        } catch (const Error& ex) {
            return error_cell(what + ": " + ex.what());
        }
    }

    /// The cell of one column, from its parameter, formula or JSON pointer(s).
    TableCell cell(const TableColumn& col, const std::vector<std::optional<json>>& parsed) {
        if (!col.param.empty()) {
            const auto it = std::find(spec_.parameters.begin(), spec_.parameters.end(), col.param);
            return text_or_number(col,
                                  spec_.rows[row_][static_cast<std::size_t>(it - spec_.parameters.begin())],
                                  "parameter " + col.param);
        }
        if (!col.formula.empty()) return formula_cell(col);
        std::size_t k = 0;
        while (spec_.commands[k].first != col.command) ++k;
        if (!parsed[k]) {
            TableCell c;
            c.text = "command " + col.command + " failed";
            return c;  // the failure itself is already in the row's error
        }
        const std::string what = "column '" + col.header + "': " + col.command + " output";
        const json* v = lookup(*parsed[k], col.pointer);
        const json* u = col.pointer_upper.empty() ? nullptr : lookup(*parsed[k], col.pointer_upper);
        if (!v || (!col.pointer_upper.empty() && !u)) {
            const std::string& absent = v ? col.pointer_upper : col.pointer;
            if (!col.missing)
                return error_cell(what + " has no " + (absent.empty() ? std::string("value") : absent));
            TableCell c;
            c.kind = TableCell::Kind::text;
            c.text = *col.missing;
            return c;
        }
        if (u) {
            const auto lo = exact_number(*v), hi = exact_number(*u);
            if (!lo || !hi)
                return error_cell(what + " " + (lo ? col.pointer_upper : col.pointer) + " is " +
                                  detail::JsonReader::describe(lo ? *u : *v) + ", not an exact number");
            return number_cell(col, *lo, *hi, what + " " + col.pointer);
        }
        if (v->is_object() && v->contains("lower") && v->contains("upper") &&
            col.format != CellFormat::text) {
            const auto lo = exact_number((*v)["lower"]), hi = exact_number((*v)["upper"]);
            if (!lo || !hi)
                return error_cell(what + " " + col.pointer + " has ends that are not exact numbers");
            return number_cell(col, *lo, *hi, what + " " + col.pointer);
        }
        if (col.format == CellFormat::text) return text_or_number(col, value_text(*v), what);
        const auto x = exact_number(*v);
        if (!x)
            return error_cell(what + " " + col.pointer + " is " + detail::JsonReader::describe(*v) +
                              ", not an exact number");
        return number_cell(col, *x, *x, what + " " + col.pointer);
    }

    /// The value at `pointer`, or nullptr when it is absent.
    static const json* lookup(const json& root, const std::string& pointer) {
        try {
            return &root.at(json::json_pointer(pointer));
        } catch (const nlohmann::json::exception&) {
            return nullptr;
        }
    }

    const TableSpec& spec_;
    std::size_t row_;
    TableRow result_;
};

// ---- subprocesses ----

struct ProcessResult {
    int exit_code = 0;  ///< -N when killed by signal N
    std::string out, err;
};

/// Run `exe argv[1..]` with stdin from /dev/null, capturing stdout and stderr.
ProcessResult run_process(const std::string& exe, const std::vector<std::string>& args) {
    int out_pipe[2], err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0)
        throw Error(std::string("table: cannot create a pipe: ") + std::strerror(errno));
    if (pipe2(err_pipe, O_CLOEXEC) != 0) {
        close(out_pipe[0]), close(out_pipe[1]);
        throw Error(std::string("table: cannot create a pipe: ") + std::strerror(errno));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    std::vector<std::string> argv_store{exe};
    argv_store.insert(argv_store.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : argv_store) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out_pipe[1]);
    close(err_pipe[1]);
    ProcessResult r;
    if (spawned != 0) {
        close(out_pipe[0]), close(err_pipe[0]);
        throw Error("table: cannot run " + exe + ": " + std::strerror(spawned));
    }
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    std::string* sinks[2] = {&r.out, &r.err};
    int open_fds = 2;
    char buffer[65536];
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                sinks[i]->append(buffer, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
            }
        }
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? -WTERMSIG(status) : -1;
    return r;
}

/// A fresh private directory under the system's temporary directory.
std::filesystem::path make_row_directory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "relux-table-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
        throw Error("table: cannot create a temporary directory " + pattern + ": " + std::strerror(errno));
    return pattern;
}

/// "n = 4, target = x^2".
std::string row_label(const TableSpec& spec, std::size_t row) {
    std::string out;
    for (std::size_t j = 0; j < spec.parameters.size(); ++j)
        out += (j ? ", " : "") + spec.parameters[j] + " = " + spec.rows[row][j];
    return out;
}

/// `text` with every occurrence of `from` replaced by `to`.
std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t p = text.find(from); !from.empty() && p != std::string::npos;
         p = text.find(from, p + to.size()))
        text.replace(p, from.size(), to);
    return text;
}

/// The last four non-empty lines of a command's stderr, indented, for a failure message.
std::string stderr_tail(const std::string& err) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < err.size()) {
        std::size_t nl = err.find('\n', start);
        if (nl == std::string::npos) nl = err.size();
        if (nl > start) lines.push_back(err.substr(start, nl - start));
        start = nl + 1;
    }
    std::string out;
    for (std::size_t i = lines.size() > 4 ? lines.size() - 4 : 0; i < lines.size(); ++i)
        out += "\n    " + lines[i];
    return out.empty() ? "" : ":" + out;
}

/// Run one row in its own directory; failures are recorded in the row, never thrown.
TableRow run_row(const TableSpec& spec, std::size_t row, const std::string& exe) {
    const std::string label = "row " + std::to_string(row + 1) + " (" + row_label(spec, row) + ")";
    std::filesystem::path dir;
    TableRow failed;
    const auto command_failed = [&](const std::vector<std::string>& args, const ProcessResult& r) {
        std::string line;
        for (const std::string& a : args) line += " " + a;
        line = replace_all(line, dir.string(), "{dir}");
        const std::string how = r.exit_code < 0 ? "was killed by signal " + std::to_string(-r.exit_code)
                                                : "exited with " + std::to_string(r.exit_code);
        failed.error += (failed.error.empty() ? "" : "\n") + label + ": 'relux" + line + "' " + how +
                        replace_all(stderr_tail(r.err), dir.string(), "{dir}");
        if (failed.exit_code == 0) failed.exit_code = r.exit_code < 0 ? 3 : r.exit_code;
    };
    std::vector<std::optional<std::string>> outputs(spec.commands.size());
    try {
        dir = make_row_directory();
        bool setup_ok = true;
        for (const auto& templ : spec.setup) {
            std::vector<std::string> args;
            for (const std::string& a : templ)
                args.push_back(substitute_placeholders(a, spec, row, dir.string()));
            const ProcessResult r = run_process(exe, args);
            if (r.exit_code != 0) {
                command_failed(args, r);
                setup_ok = false;
                break;
            }
        }
        for (std::size_t k = 0; setup_ok && k < spec.commands.size(); ++k) {
            std::vector<std::string> args;
            for (const std::string& a : spec.commands[k].second)
                args.push_back(substitute_placeholders(a, spec, row, dir.string()));
            ProcessResult r = run_process(exe, args);
            if (r.exit_code == 0 || r.exit_code == 1)
                outputs[k] = std::move(r.out);  // 1: a false property, printed
            else command_failed(args, r);
        }
    } catch (const Error& e) {
        failed.error += (failed.error.empty() ? "" : "\n") + label + ": " + e.what();
        if (failed.exit_code == 0) failed.exit_code = 3;
    }
    if (!dir.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
    TableRow result = table_row_cells(spec, row, outputs);
    if (!result.error.empty())
        result.error = label + ": " + replace_all(result.error, "\n", "\n" + label + ": ");
    if (!failed.error.empty()) {
        result.error = failed.error + (result.error.empty() ? "" : "\n" + result.error);
        result.exit_code = failed.exit_code;
    }
    return result;
}

}  // namespace

TableRow table_row_cells(const TableSpec& spec, std::size_t row,
                         const std::vector<std::optional<std::string>>& outputs) {
    RELUX_ASSERT(row < spec.rows.size() && outputs.size() == spec.commands.size());
    return CellReader(spec, row).read(outputs);
}

std::vector<TableRow> run_table(const TableSpec& spec, const TableRunOptions& options) {
    const std::size_t total = spec.rows.size();
    std::vector<TableRow> rows(total);
    std::atomic<std::size_t> next{0};
    std::mutex progress_mutex;
    std::size_t finished = 0;
    const auto work = [&] {
        for (std::size_t i = next++; i < total; i = next++) {
            rows[i] = run_row(spec, i, options.executable);
            const std::lock_guard<std::mutex> lock(progress_mutex);
            ++finished;
            if (options.progress) options.progress(finished, total);
        }
    };
    if (options.progress) options.progress(0, total);
    const std::size_t jobs = std::clamp<std::size_t>(options.jobs, 1, total);
    std::vector<std::thread> threads;
    for (std::size_t t = 1; t < jobs; ++t) threads.emplace_back(work);
    work();
    for (std::thread& t : threads) t.join();
    return rows;
}

}  // namespace relux
