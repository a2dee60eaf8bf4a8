#include "cli_util.hpp"

#include "relux/error.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>

namespace relux::cli {

namespace {

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t");
    return s.substr(first, last - first + 1);
}

std::string plural(std::size_t n, std::string_view word) {
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

/// Scalars, arrays of arrays of scalars and objects of scalars fit on one line; an array of
/// objects gets one object a line.
bool is_flat(const Json& j) {
    if (j.is_array())
        return std::all_of(j.begin(), j.end(), [](const Json& v) { return !v.is_object() && is_flat(v); });
    if (j.is_object()) return std::all_of(j.begin(), j.end(), [](const Json& v) { return v.is_primitive(); });
    return true;
}

void compact_json(const Json& j, std::string& out) {
    if (j.is_array()) {
        out += '[';
        for (std::size_t i = 0; i < j.size(); ++i) {
            if (i) out += ", ";
            compact_json(j[i], out);
        }
        out += ']';
    } else if (j.is_object()) {
        out += '{';
        bool first = true;
        for (const auto& [key, value] : j.items()) {
            if (!first) out += ", ";
            first = false;
            out += Json(key).dump() + ": ";
            compact_json(value, out);
        }
        out += '}';
    } else {
        out += j.dump();
    }
}

void pretty_json(const Json& j, std::size_t indent, std::string& out) {
    if (is_flat(j) || j.empty()) {
        compact_json(j, out);
        return;
    }
    const std::string inner(indent + 2, ' ');
    const bool object = j.is_object();
    out += object ? "{\n" : "[\n";
    std::size_t i = 0;
    for (const auto& [key, value] : j.items()) {
        out += inner;
        if (object) out += Json(key).dump() + ": ";
        pretty_json(value, indent + 2, out);
        out += ++i < j.size() ? ",\n" : "\n";
    }
    out += std::string(indent, ' ') + (object ? "}" : "]");
}

}  // namespace

std::string pretty_json(const Json& j) {
    std::string out;
    pretty_json(j, 0, out);
    return out + "\n";
}

Vector parse_point(std::string_view text, std::size_t expected_dim, std::string_view option,
                   std::string_view what) {
    const std::string quoted = std::string(option) + " \"" + std::string(text) + "\"";
    Vector x;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        const std::string_view item =
            trim(text.substr(start, comma == std::string_view::npos ? comma : comma - start));
        if (item.empty())
            throw ParseError(quoted + ": coordinate " + std::to_string(x.size() + 1) +
                             " is empty; expected exact numbers separated by commas, e.g. \"1/2,3\"");
        try {
            x.push_back(Rational::parse(item));
        } catch (const ParseError& e) {
            throw ParseError(quoted + ": coordinate " + std::to_string(x.size() + 1) + ": " + e.what());
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    if (x.size() != expected_dim)
        throw InvalidArgument(quoted + ": got " + plural(x.size(), "coordinate") + ", but " +
                              std::string(what) + " has input dimension " + std::to_string(expected_dim) +
                              " (expected " + plural(expected_dim, "coordinate") + ")");
    return x;
}

std::string point_text(const Vector& x) {
    std::string out;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (i) out += ", ";
        out += x[i].str();
    }
    return out;
}

std::string approx_text(const Interval& i, long digits) {
    // The interval's midpoint (exact), enclosed tightly: Arb prints it with correctly rounded digits
    // (a wide interval itself would print only the digits it is sure of, e.g. "0e-1").
    const Rational mid = (i.lower + i.upper) / Rational(2);
    if (const double w = (i.upper - i.lower).to_double(), m = std::fabs(mid.to_double()); w > 0 && m > 0)
        digits =
            std::clamp(static_cast<long>(std::ceil(-std::log10(w / m))) + 1, 2L, digits);  // no false digits
    const Ball b = Ball::enclose(mid, 64 + 4 * digits);
    char* s = arb_get_str(b.get(), digits, ARB_STR_NO_RADIUS);
    std::string out(s);
    flint_free(s);
    return out;
}

Json exact_json(const Vector& v) {
    Json out = Json::array();
    for (const Rational& x : v) out.push_back(x.str());
    return out;
}

Json exact_json(const Matrix& m) {
    Json out = Json::array();
    for (std::size_t i = 0; i < m.rows(); ++i)
        out.push_back(exact_json(Vector(m.row(i), m.row(i) + m.cols())));
    return out;
}

Json exact_json(const AffineMap& map) {
    Json out = Json::object();
    out["A"] = exact_json(map.A);
    out["b"] = exact_json(map.b);
    return out;
}

void write_output(const std::string& text, const std::string& path) {
    if (path.empty() || path == "-") {
        std::cout << text << std::flush;
        return;
    }
    std::ofstream out(path, std::ios::binary);
    if (!out) throw Error(path + ": cannot open file for writing");
    out << text;
    out.flush();
    if (!out) throw Error(path + ": could not write the file");
}

}  // namespace relux::cli
