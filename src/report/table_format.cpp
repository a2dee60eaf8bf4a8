// Table output: exact decimal rounding (Rational only, never double) and the CSV, Markdown and
// LaTeX (booktabs) renderings of a table's cells.

#include "relux/report/table.hpp"

#include "relux/error.hpp"

#include <algorithm>
#include <string>

namespace relux {

namespace {

/// floor(n / d) for d > 0.
Integer floor_div(const Integer& n, const Integer& d) {
    Integer q = n / d;  // truncates towards zero
    if (q * d != n && n.sign() < 0) q -= 1;
    return q;
}

/// floor(x), exactly.
Integer floor_of(const Rational& x) { return floor_div(x.numerator(), x.denominator()); }

/// 10^e, exactly (any sign of e).
Rational pow10(long e) {
    const Integer p = boost::multiprecision::pow(Integer(10), static_cast<unsigned>(e < 0 ? -e : e));
    return e < 0 ? Rational(Integer(1), p) : Rational(p);
}

/// floor(log10 a) for a > 0, exactly.
long decimal_exponent(const Rational& a) {
    long e = static_cast<long>(a.numerator().str().size()) - static_cast<long>(a.denominator().str().size());
    while (pow10(e) > a) --e;
    while (pow10(e + 1) <= a) ++e;
    return e;
}

/// The digits after a decimal point without their trailing zeros.
std::string strip_zeros(std::string frac) {
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    return frac;
}

/// Number of characters (UTF-8 code points) of s, for aligning Markdown columns.
std::size_t display_width(const std::string& s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/// Which rendering a cell is for.
enum class Target { csv, markdown, latex };

/// "1.25e-7" as LaTeX math: "1.25\times 10^{-7}".
std::string latex_number(const std::string& s) {
    const std::size_t e = s.find('e');
    if (e == std::string::npos) return s;
    const std::string mantissa = s.substr(0, e), exponent = s.substr(e + 1);
    return (mantissa == "1" ? "" : mantissa == "-1" ? "-" : mantissa + "\\times ") + "10^{" + exponent + "}";
}

/// Text for LaTeX with its special characters escaped; "$...$" is kept as math.
std::string latex_escape(const std::string& s) {
    if (s.size() >= 2 && s.front() == '$' && s.back() == '$') return s;  // already LaTeX math
    std::string out;
    for (char c : s) {
        switch (c) {
            case '\\': out += "\\textbackslash{}"; break;
            case '~': out += "\\textasciitilde{}"; break;
            case '^': out += "\\textasciicircum{}"; break;
            case '|': out += "\\textbar{}"; break;  // OT1 fonts print | < > as other glyphs
            case '<': out += "\\textless{}"; break;
            case '>': out += "\\textgreater{}"; break;
            case '&':
            case '%':
            case '$':
            case '#':
            case '_':
            case '{':
            case '}':
                out += '\\';
                out += c;
                break;
            default: out += c;
        }
    }
    return out;
}

/// Text for a Markdown table cell: "|" escaped, newlines as spaces.
std::string markdown_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '|') out += "\\|";
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return out;
}

/// A CSV field (RFC 4180): quoted, with doubled quotes, when it holds , " or a newline.
std::string csv_escape(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

/// Numeric columns are right-aligned.
bool is_numeric(CellFormat f) { return f != CellFormat::text; }

/// One cell of a numeric column for Markdown or LaTeX.
std::string display_cell(const TableCell& cell, const TableColumn& col, Target t) {
    const bool tex = t == Target::latex;
    if (cell.kind == TableCell::Kind::error) return tex ? "\\textit{error}" : "error";
    if (cell.kind == TableCell::Kind::text) return tex ? latex_escape(cell.text) : markdown_escape(cell.text);
    const auto num = [tex](const std::string& s) { return tex ? "$" + latex_number(s) + "$" : s; };
    const int d = col.digits;
    switch (col.format) {
        case CellFormat::text:  // numbers reach here only from formulas
        case CellFormat::exact: return num(cell.lower.str());
        case CellFormat::decimal: return num(decimal_text(cell.lower, d, Rounding::nearest));
        case CellFormat::exact_decimal: {
            const std::string frac = cell.lower.str();
            if (cell.lower.is_integer()) return num(frac);
            const std::string dec = decimal_text(cell.lower, d, Rounding::nearest);
            const bool equal = Rational::parse(dec) == cell.lower;
            if (tex) return "$" + frac + "$ ($" + (equal ? "= " : "\\approx ") + latex_number(dec) + "$)";
            return frac + " (" + (equal ? "= " : "≈ ") + dec + ")";
        }
        case CellFormat::interval: {
            const std::string lo = decimal_text(cell.lower, d, Rounding::down);
            const std::string hi = decimal_text(cell.upper, d, Rounding::up);
            return tex ? "$[" + latex_number(lo) + ", " + latex_number(hi) + "]$"
                       : "[" + lo + ", " + hi + "]";
        }
        case CellFormat::upper: {
            const std::string hi = decimal_text(cell.upper, d, Rounding::up);
            return tex ? "$\\le " + latex_number(hi) + "$" : "≤ " + hi;
        }
        case CellFormat::lower: {
            const std::string lo = decimal_text(cell.lower, d, Rounding::down);
            return tex ? "$\\ge " + latex_number(lo) + "$" : "≥ " + lo;
        }
    }
    RELUX_ASSERT(false);
}

/// Rows with an error.
std::size_t failed_rows(const std::vector<TableRow>& rows) {
    return static_cast<std::size_t>(
        std::count_if(rows.begin(), rows.end(), [](const TableRow& r) { return !r.error.empty(); }));
}

}  // namespace

std::pair<Integer, long> round_significant(const Rational& x, int digits, Rounding mode) {
    RELUX_ASSERT(digits >= 1 && digits <= 40 && !x.is_zero());
    const long k = decimal_exponent(abs(x)) - digits + 1;  // x = m * 10^k with |m| of `digits` digits
    const Rational scaled = x / pow10(k);
    Integer m;
    switch (mode) {
        case Rounding::down: m = floor_of(scaled); break;
        case Rounding::up: m = -floor_of(-scaled); break;
        case Rounding::nearest: {
            const Integer a = floor_of(abs(scaled) + Rational(Integer(1), Integer(2)));
            m = scaled.sign() < 0 ? Integer(-a) : a;
            break;
        }
    }
    return {m, k};
}

std::string decimal_text(const Rational& x, int digits, Rounding mode) {
    if (x.is_zero()) return "0";
    const auto [m, k] = round_significant(x, digits, mode);
    const std::string sign = m.sign() < 0 ? "-" : "";
    const std::string s = (m.sign() < 0 ? Integer(-m) : m).str();  // rounding can carry to digits + 1 digits
    const long n = static_cast<long>(s.size());
    const long exponent = k + n - 1;
    if (exponent < -4 || exponent >= digits) {
        const std::string frac = strip_zeros(s.substr(1));
        return sign + s.substr(0, 1) + (frac.empty() ? "" : "." + frac) + "e" + std::to_string(exponent);
    }
    if (k >= 0) return sign + s + std::string(static_cast<std::size_t>(k), '0');
    const std::string padded = n <= -k ? std::string(static_cast<std::size_t>(-k - n + 1), '0') + s : s;
    const std::size_t point = padded.size() - static_cast<std::size_t>(-k);
    const std::string frac = strip_zeros(padded.substr(point));
    return sign + padded.substr(0, point) + (frac.empty() ? "" : "." + frac);
}

std::string table_csv(const TableSpec& spec, const std::vector<TableRow>& rows) {
    std::vector<std::string> header;
    for (const TableColumn& c : spec.columns) {
        switch (c.format) {
            case CellFormat::exact_decimal:
                header.push_back(c.header), header.push_back(c.header + " (decimal)");
                break;
            case CellFormat::interval:
                header.push_back(c.header + " lower"), header.push_back(c.header + " upper");
                break;
            case CellFormat::upper: header.push_back(c.header + " upper"); break;
            case CellFormat::lower: header.push_back(c.header + " lower"); break;
            default: header.push_back(c.header);
        }
    }
    std::string out;
    const auto line = [&out](const std::vector<std::string>& fields) {
        for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_escape(fields[i]);
        out += "\n";
    };
    line(header);
    for (const TableRow& row : rows) {
        std::vector<std::string> fields;
        for (std::size_t j = 0; j < spec.columns.size(); ++j) {
            const TableColumn& c = spec.columns[j];
            const TableCell& cell = row.cells[j];
            const bool two = c.format == CellFormat::exact_decimal || c.format == CellFormat::interval;
            if (cell.kind != TableCell::Kind::exact && cell.kind != TableCell::Kind::interval) {
                const std::string text = cell.kind == TableCell::Kind::error ? "error" : cell.text;
                fields.push_back(text);
                if (two) fields.push_back(text);
                continue;
            }
            switch (c.format) {
                case CellFormat::text:
                case CellFormat::exact: fields.push_back(cell.lower.str()); break;
                case CellFormat::decimal:
                    fields.push_back(decimal_text(cell.lower, c.digits, Rounding::nearest));
                    break;
                case CellFormat::exact_decimal:
                    fields.push_back(cell.lower.str());
                    fields.push_back(decimal_text(cell.lower, c.digits, Rounding::nearest));
                    break;
                case CellFormat::interval:
                    fields.push_back(decimal_text(cell.lower, c.digits, Rounding::down));
                    fields.push_back(decimal_text(cell.upper, c.digits, Rounding::up));
                    break;
                case CellFormat::upper:
                    fields.push_back(decimal_text(cell.upper, c.digits, Rounding::up));
                    break;
                case CellFormat::lower:
                    fields.push_back(decimal_text(cell.lower, c.digits, Rounding::down));
                    break;
            }
        }
        line(fields);
    }
    return out;
}

std::string table_markdown(const TableSpec& spec, const std::vector<TableRow>& rows) {
    std::vector<std::vector<std::string>> grid(1);
    for (const TableColumn& c : spec.columns) grid[0].push_back(markdown_escape(c.header));
    for (const TableRow& row : rows) {
        grid.emplace_back();
        for (std::size_t j = 0; j < spec.columns.size(); ++j)
            grid.back().push_back(display_cell(row.cells[j], spec.columns[j], Target::markdown));
    }
    std::vector<std::size_t> width(spec.columns.size(), 3);
    for (const auto& line : grid)
        for (std::size_t j = 0; j < line.size(); ++j) width[j] = std::max(width[j], display_width(line[j]));
    const auto pad = [&](const std::string& s, std::size_t j, bool right) {
        const std::string fill(width[j] - display_width(s), ' ');
        return right ? fill + s : s + fill;
    };
    std::string out = spec.title.empty() ? "" : "**" + markdown_escape(spec.title) + "**\n\n";
    for (std::size_t i = 0; i < grid.size(); ++i) {
        out += "|";
        for (std::size_t j = 0; j < grid[i].size(); ++j)
            out += " " + pad(grid[i][j], j, i > 0 && is_numeric(spec.columns[j].format)) + " |";
        out += "\n";
        if (i == 0) {
            out += "|";
            for (std::size_t j = 0; j < width.size(); ++j)
                out += " " +
                       (is_numeric(spec.columns[j].format) ? std::string(width[j] - 1, '-') + ":"
                                                           : std::string(width[j], '-')) +
                       " |";
            out += "\n";
        }
    }
    if (const std::size_t failed = failed_rows(rows))
        out += "\n*" + std::to_string(failed) + " of " + std::to_string(rows.size()) +
               " rows failed; their cells read \"error\".*\n";
    return out;
}

std::string table_latex(const TableSpec& spec, const std::vector<TableRow>& rows) {
    std::string out;
    if (!spec.title.empty()) out += "% " + spec.title + "\n";
    out += "% requires \\usepackage{booktabs}\n\\begin{tabular}{";
    for (const TableColumn& c : spec.columns) out += is_numeric(c.format) ? 'r' : 'l';
    out += "}\n\\toprule\n";
    for (std::size_t j = 0; j < spec.columns.size(); ++j)
        out += (j ? " & " : "") + latex_escape(spec.columns[j].header);
    out += " \\\\\n\\midrule\n";
    for (const TableRow& row : rows) {
        for (std::size_t j = 0; j < spec.columns.size(); ++j)
            out += (j ? " & " : "") + display_cell(row.cells[j], spec.columns[j], Target::latex);
        out += " \\\\\n";
    }
    out += "\\bottomrule\n\\end{tabular}\n";
    if (const std::size_t failed = failed_rows(rows))
        out += "% " + std::to_string(failed) + " of " + std::to_string(rows.size()) +
               " rows failed; their cells read \"error\"\n";
    return out;
}

}  // namespace relux
