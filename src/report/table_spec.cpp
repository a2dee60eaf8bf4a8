// Reading a table SPEC (docs/table-spec.md): parameters or rows, setup commands, the commands whose
// JSON output fills the table, and the columns. Every check happens here, before anything runs.

#include "relux/report/table.hpp"

#include "../net/exact_json.hpp"
#include "relux/error.hpp"
#include "relux/net/json_io.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <iterator>

namespace relux {

namespace {

using detail::json;
using detail::JsonReader;

/// Records the keys of the top-level "parameters" object in the order they are written (the DOM of
/// parse_exact_json sorts keys; the product's order is the SPEC's).
class ParameterKeyOrder : public nlohmann::json_sax<json> {
public:
    std::vector<std::string> keys;

    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override {
        ++depth_;
        if (depth_ == 2 && top_key_ == "parameters" && !done_) inside_ = true;
        return true;
    }
    bool end_object() override {
        if (inside_ && depth_ == 2) inside_ = false, done_ = true;
        --depth_;
        return true;
    }
    bool start_array(std::size_t) override {
        ++depth_;
        return true;
    }
    bool end_array() override {
        --depth_;
        return true;
    }
    bool key(string_t& k) override {
        if (depth_ == 1) top_key_ = k;
        else if (depth_ == 2 && inside_) keys.push_back(k);
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
        return false;
    }

private:
    int depth_ = 0;
    std::string top_key_;
    bool inside_ = false, done_ = false;
};

/// True for a name of letters, digits and _ that does not start with a digit.
bool is_identifier(const std::string& s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

/// The placeholder names in `text` ("{n}" -> n; "{{" and "}}" are literal braces), or an error text.
std::vector<std::string> placeholders(const std::string& text, std::string& error) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "{{") == 0 || text.compare(i, 2, "}}") == 0) {
            ++i;
        } else if (text[i] == '{') {
            const std::size_t close = text.find('}', i);
            if (close == std::string::npos) {
                error = "unclosed '{' in \"" + text + "\" (write {{ for a literal brace)";
                return {};
            }
            names.push_back(text.substr(i + 1, close - i - 1));
            i = close;
        } else if (text[i] == '}') {
            error = "unmatched '}' in \"" + text + "\" (write }} for a literal brace)";
            return {};
        }
    }
    return names;
}

/// The text of a parameter value or argument: a JSON string, or a number literal as written.
std::string scalar_text(const JsonReader& r, const json& v, const std::string& path,
                        const std::string& what) {
    if (v.is_string()) return v.get<std::string>();
    if (JsonReader::is_number(v)) {
        const auto& bytes = v.get_binary();
        return std::string(bytes.begin(), bytes.end());
    }
    r.fail(path, "expected " + what + " (a string or a number), got " + JsonReader::describe(v));
}

/// The format named by a column's "format"; fails naming the known ones.
CellFormat parse_format(const JsonReader& r, const json& v, const std::string& path) {
    const std::string f = r.word(v, path);
    if (f == "text") return CellFormat::text;
    if (f == "exact" || f == "fraction") return CellFormat::exact;
    if (f == "decimal") return CellFormat::decimal;
    if (f == "fraction+decimal") return CellFormat::exact_decimal;
    if (f == "interval") return CellFormat::interval;
    if (f == "upper") return CellFormat::upper;
    if (f == "lower") return CellFormat::lower;
    r.fail(path,
           "unknown format \"" + f +
               "\"; expected text, exact (or fraction), decimal, fraction+decimal, interval, upper or lower");
}

/// Reads and checks one SPEC; every failure is a ParseError naming the source and the JSON path.
class SpecReader {
public:
    SpecReader(std::string_view text, const std::string& source) : r_(source), text_(text) {}

    /// The whole SPEC, checked.
    TableSpec read() {
        const json root = detail::parse_exact_json(text_, r_.source());
        if (!root.is_object()) r_.fail("", "expected a JSON object, got " + JsonReader::describe(root));
        r_.only_keys(
            root,
            {"format", "version", "title", "parameters", "rows", "setup", "command", "commands", "columns"},
            "");
        spec_.source = r_.source();
        if (root.contains("format") && r_.word(root["format"], "format") != "relux-table")
            r_.fail("format", "expected \"relux-table\", got " + JsonReader::describe(root["format"]));
        if (root.contains("version") && r_.count(root["version"], "version") != 1)
            r_.fail("version", "expected 1, got " + JsonReader::describe(root["version"]));
        if (root.contains("title")) spec_.title = r_.word(root["title"], "title");
        read_sweep(root);
        if (root.contains("setup")) {
            const json& s = root["setup"];
            if (!s.is_array())
                r_.fail("setup", "expected an array of commands, got " + JsonReader::describe(s));
            for (std::size_t i = 0; i < s.size(); ++i)
                spec_.setup.push_back(argv(s[i], "setup[" + std::to_string(i) + "]"));
        }
        read_commands(root);
        read_columns(r_.member(root, "columns", ""));
        return std::move(spec_);
    }

private:
    /// "parameters" or "rows" (exactly one), into spec_.parameters and spec_.rows.
    void read_sweep(const json& root) {
        const bool has_parameters = root.contains("parameters"), has_rows = root.contains("rows");
        if (has_parameters == has_rows)
            r_.fail("", has_parameters
                            ? "give either \"parameters\" (a product) or \"rows\" (a list), not both"
                            : "missing key \"parameters\" (an object of value lists) or \"rows\"");
        if (has_parameters) read_product(root["parameters"]);
        else read_rows(root["rows"]);
        if (spec_.rows.empty()) r_.fail(has_parameters ? "parameters" : "rows", "the sweep has no rows");
    }

    /// Append a parameter name after checking it is a name and not {dir}.
    void add_parameter(const std::string& name, const std::string& path) {
        if (!is_identifier(name))
            r_.fail(path, "parameter name \"" + name + "\" is not a name (letters, digits, _)");
        if (name == "dir") r_.fail(path, "\"dir\" is reserved for the row's temporary directory {dir}");
        spec_.parameters.push_back(name);
    }

    /// The product of the value lists, first key (as written) slowest; at most 100000 rows.
    void read_product(const json& p) {
        if (!p.is_object() || p.empty())
            r_.fail("parameters", "expected an object of value lists, e.g. {\"n\": [2, 4, 8]}, got " +
                                      JsonReader::describe(p));
        ParameterKeyOrder order;
        json::sax_parse(text_.begin(), text_.end(), &order);
        std::vector<std::string> names;
        for (const std::string& k : order.keys)
            if (p.contains(k) && std::find(names.begin(), names.end(), k) == names.end()) names.push_back(k);
        for (const auto& [k, v] : p.items())  // keys the ordering pass missed (it stops at huge literals)
            if (std::find(names.begin(), names.end(), k) == names.end()) names.push_back(k);
        std::vector<std::vector<std::string>> values;
        std::size_t total = 1;
        for (const std::string& name : names) {
            const std::string path = "parameters." + name;
            add_parameter(name, path);
            const json& list = p[name];
            if (!list.is_array() || list.empty())
                r_.fail(path, "expected a non-empty array of values, got " + JsonReader::describe(list));
            values.emplace_back();
            for (std::size_t i = 0; i < list.size(); ++i)
                values.back().push_back(
                    scalar_text(r_, list[i], path + "[" + std::to_string(i) + "]", "a value"));
            total *= list.size();
            if (total > 100000) r_.fail("parameters", "the product has more than 100000 rows");
        }
        for (std::size_t k = 0; k < total; ++k) {  // first parameter slowest
            std::vector<std::string> row(names.size());
            std::size_t rest = k;
            for (std::size_t j = names.size(); j-- > 0;) {
                row[j] = values[j][rest % values[j].size()];
                rest /= values[j].size();
            }
            spec_.rows.push_back(std::move(row));
        }
    }

    /// An explicit list of rows, each with exactly the parameters of rows[0].
    void read_rows(const json& rows) {
        if (!rows.is_array())
            r_.fail("rows", "expected an array of objects, got " + JsonReader::describe(rows));
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const std::string path = "rows[" + std::to_string(i) + "]";
            const json& row = rows[i];
            if (!row.is_object())
                r_.fail(path, "expected an object {\"name\": value, ...}, got " + JsonReader::describe(row));
            if (i == 0)
                for (const auto& [k, v] : row.items()) add_parameter(k, path + "." + k);
            std::vector<std::string> values;
            for (const std::string& name : spec_.parameters) {
                if (!row.contains(name))
                    r_.fail(path,
                            "missing parameter \"" + name + "\" (every row gives the parameters of rows[0])");
                values.push_back(scalar_text(r_, row[name], path + "." + name, "a value"));
            }
            for (const auto& [k, v] : row.items())
                if (std::find(spec_.parameters.begin(), spec_.parameters.end(), k) == spec_.parameters.end())
                    r_.fail(path + "." + k, "parameter \"" + k +
                                                "\" is not in rows[0] (every row gives the same parameters)");
            spec_.rows.push_back(std::move(values));
        }
    }

    /// Fail unless every placeholder of `text` is a parameter (or {dir} when allowed).
    void check_placeholders(const std::string& text, const std::string& path, bool allow_dir) const {
        std::string error;
        const std::vector<std::string> names = placeholders(text, error);
        if (!error.empty()) r_.fail(path, error);
        for (const std::string& n : names) {
            if (n == "dir" && allow_dir) continue;
            if (std::find(spec_.parameters.begin(), spec_.parameters.end(), n) == spec_.parameters.end()) {
                std::string known;
                for (const std::string& p : spec_.parameters)
                    known += (known.empty() ? "" : ", ") + ("{" + p + "}");
                if (allow_dir) known += ", {dir}";
                r_.fail(path, "unknown placeholder {" + n + "}; expected one of " + known);
            }
        }
    }

    /// One command's argument list (after "relux"), placeholders checked.
    std::vector<std::string> argv(const json& v, const std::string& path) const {
        if (!v.is_array() || v.empty())
            r_.fail(
                path,
                "expected a non-empty array of arguments such as [\"l1\", \"{dir}/net.json\", ...], got " +
                    JsonReader::describe(v));
        std::vector<std::string> out;
        for (std::size_t i = 0; i < v.size(); ++i) {
            const std::string p = path + "[" + std::to_string(i) + "]";
            out.push_back(scalar_text(r_, v[i], p, "an argument"));
            check_placeholders(out.back(), p, true);
        }
        if (out[0] == "relux")
            r_.fail(path + "[0]",
                    "give the arguments after 'relux' (the table runs the relux binary itself)");
        if (out[0] == "table") r_.fail(path + "[0]", "a table cannot run 'relux table'");
        return out;
    }

    /// "command" (named "command") or "commands" (by name), exactly one.
    void read_commands(const json& root) {
        const bool one = root.contains("command"), many = root.contains("commands");
        if (one == many)
            r_.fail("",
                    one ? "give either \"command\" or \"commands\", not both"
                        : "missing key \"command\" (the relux arguments whose JSON output fills the table)");
        if (one) {
            spec_.commands.emplace_back("command", argv(root["command"], "command"));
            return;
        }
        const json& c = root["commands"];
        if (!c.is_object() || c.empty())
            r_.fail("commands",
                    "expected an object {\"name\": [arguments...]}, got " + JsonReader::describe(c));
        for (const auto& [name, v] : c.items())
            spec_.commands.emplace_back(name, argv(v, "commands." + name));
    }

    /// The non-empty list of columns.
    void read_columns(const json& cols) {
        if (!cols.is_array() || cols.empty())
            r_.fail("columns", "expected a non-empty array of columns, got " + JsonReader::describe(cols));
        for (std::size_t i = 0; i < cols.size(); ++i)
            spec_.columns.push_back(column(cols[i], "columns[" + std::to_string(i) + "]"));
    }

    /// One column: exactly one source (param, formula or json), its format and options.
    TableColumn column(const json& c, const std::string& path) const {
        if (!c.is_object())
            r_.fail(path, "expected an object such as {\"header\": \"L1\", \"json\": \"/upper\"}, got " +
                              JsonReader::describe(c));
        r_.only_keys(
            c, {"header", "param", "formula", "json", "json_upper", "command", "format", "digits", "missing"},
            path);
        TableColumn col;
        const int sources = int(c.contains("param")) + int(c.contains("formula")) + int(c.contains("json"));
        if (sources != 1)
            r_.fail(path,
                    "give exactly one of \"param\" (a parameter), \"formula\" (an expression) or \"json\" (a "
                    "JSON "
                    "pointer into the command's output)");
        if (c.contains("param")) {
            col.param = r_.word(c["param"], path + ".param");
            if (std::find(spec_.parameters.begin(), spec_.parameters.end(), col.param) ==
                spec_.parameters.end())
                r_.fail(path + ".param", "unknown parameter \"" + col.param + "\"");
            col.header = col.param;
        } else if (c.contains("formula")) {
            col.formula = r_.word(c["formula"], path + ".formula");
            check_placeholders(col.formula, path + ".formula", false);
            col.header = col.formula;
            col.format = CellFormat::exact_decimal;
        } else {
            col.pointer = pointer(c["json"], path + ".json");
            col.header = col.pointer;
            if (c.contains("json_upper")) col.pointer_upper = pointer(c["json_upper"], path + ".json_upper");
            if (c.contains("command")) {
                col.command = r_.word(c["command"], path + ".command");
                const auto& cmds = spec_.commands;
                if (std::none_of(cmds.begin(), cmds.end(),
                                 [&](const auto& n) { return n.first == col.command; })) {
                    std::string known;
                    for (const auto& n : cmds) known += (known.empty() ? "" : ", ") + n.first;
                    r_.fail(path + ".command",
                            "unknown command \"" + col.command + "\"; expected one of " + known);
                }
            } else if (spec_.commands.size() > 1) {
                r_.fail(path,
                        "with several \"commands\", say which one the value comes from (\"command\": NAME)");
            } else {
                col.command = spec_.commands.front().first;
            }
        }
        if (c.contains("json_upper") && !c.contains("json"))
            r_.fail(path + ".json_upper", "only with \"json\"");
        if (c.contains("command") && !c.contains("json")) r_.fail(path + ".command", "only with \"json\"");
        if (c.contains("missing") && !c.contains("json")) r_.fail(path + ".missing", "only with \"json\"");
        if (c.contains("missing")) col.missing = r_.word(c["missing"], path + ".missing");
        if (c.contains("header")) col.header = r_.word(c["header"], path + ".header");
        if (c.contains("format")) col.format = parse_format(r_, c["format"], path + ".format");
        if (c.contains("digits")) {
            const std::size_t d = r_.count(c["digits"], path + ".digits");
            if (d < 1 || d > 40)
                r_.fail(path + ".digits", "expected 1 to 40 significant digits, got " + std::to_string(d));
            col.digits = static_cast<int>(d);
        }
        if (!col.pointer_upper.empty() && col.format != CellFormat::interval &&
            col.format != CellFormat::upper)
            r_.fail(path + ".json_upper", "only with the formats interval and upper");
        return col;
    }

    /// A syntactically valid JSON pointer (RFC 6901).
    std::string pointer(const json& v, const std::string& path) const {
        const std::string p = r_.word(v, path);
        try {
            (void)json::json_pointer(p);
        } catch (const nlohmann::json::exception&) {
            r_.fail(path, "\"" + p + "\" is not a JSON pointer (e.g. \"/upper\", \"/checks/0/value\")");
        }
        return p;
    }

    JsonReader r_;
    std::string_view text_;
    TableSpec spec_;
};

}  // namespace

TableSpec parse_table_spec(std::string_view text, const std::string& source) {
    return SpecReader(text, source).read();
}

TableSpec load_table_spec(const std::filesystem::path& path) {
    if (path == "-") {
        std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
        return parse_table_spec(text, "<stdin>");
    }
    return parse_table_spec(read_text_file(path), path.string());
}

std::string substitute_placeholders(const std::string& text, const TableSpec& spec, std::size_t row,
                                    const std::string& dir) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "{{") == 0 || text.compare(i, 2, "}}") == 0) {
            out += text[i++];
        } else if (text[i] == '{') {
            const std::size_t close = text.find('}', i);
            RELUX_ASSERT(close != std::string::npos);
            const std::string name = text.substr(i + 1, close - i - 1);
            if (name == "dir") {
                out += dir;
            } else {
                const auto it = std::find(spec.parameters.begin(), spec.parameters.end(), name);
                RELUX_ASSERT(it != spec.parameters.end());
                out += spec.rows[row][static_cast<std::size_t>(it - spec.parameters.begin())];
            }
            i = close;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace relux
