#include "relux/report/regions_report.hpp"

#include "relux/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>

namespace relux {

namespace {

/// Exact counter-clockwise order of the vertices of a convex polygon, starting at the
/// lexicographically smallest vertex.
void sort_counter_clockwise(std::vector<Vector>& pts) {
    if (pts.size() < 3) return;
    Vector c(2);
    for (const Vector& p : pts) {
        c[0] += p[0];
        c[1] += p[1];
    }
    c[0] /= Rational(static_cast<long>(pts.size()));
    c[1] /= Rational(static_cast<long>(pts.size()));
    auto upper = [&](const Vector& p) {
        const int sy = (p[1] - c[1]).sign();
        return sy > 0 || (sy == 0 && (p[0] - c[0]).sign() > 0);
    };
    std::sort(pts.begin(), pts.end(), [&](const Vector& a, const Vector& b) {
        const bool ua = upper(a), ub = upper(b);
        if (ua != ub) return ua;
        // Same half-plane: a comes first when b is to its left (cross(a - c, b - c) > 0).
        return ((a[0] - c[0]) * (b[1] - c[1]) - (a[1] - c[1]) * (b[0] - c[0])).sign() > 0;
    });
    std::rotate(pts.begin(), std::min_element(pts.begin(), pts.end()), pts.end());
}

/// "x1", "t2": axes are numbered from 1, as in target expressions.
std::string axis_name(std::string_view variable, std::size_t axis) {
    return std::string(variable) + std::to_string(axis + 1);
}

/// Left-aligned cell padded to width.
std::string pad(const std::string& s, std::size_t width) {
    return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

}  // namespace

void sort_regions_canonically(RegionResult& result) {
    std::vector<std::vector<Vector>> keys;
    for (Region& r : result.regions) {
        std::sort(r.vertices.begin(), r.vertices.end());
        keys.push_back(r.vertices);
        if (!r.vertices.empty() && r.vertices.front().size() == 2) sort_counter_clockwise(r.vertices);
    }
    std::vector<std::size_t> order(result.regions.size());
    std::iota(order.begin(), order.end(), 0);
    std::vector<std::string> patterns;
    for (const Region& r : result.regions) patterns.push_back(to_string(r.pattern));
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (keys[a] != keys[b]) return keys[a] < keys[b];
        return patterns[a] < patterns[b];
    });
    std::vector<Region> sorted;
    sorted.reserve(order.size());
    for (std::size_t i : order) sorted.push_back(std::move(result.regions[i]));
    std::map<std::size_t, std::size_t> renumber;
    for (Region& r : sorted)
        r.linear_region = renumber.emplace(r.linear_region, renumber.size()).first->second;
    result.regions = std::move(sorted);
}

std::string facet_source_text(const Halfspace& facet, const RegionReportInfo& info) {
    const FacetSource& s = facet.source;
    switch (s.kind) {
        case FacetSource::Kind::neuron:
            return "neuron " + std::to_string(s.layer) + ":" + std::to_string(s.index);
        case FacetSource::Kind::box_lower:
            return "box " + axis_name(info.variable(), s.index) +
                   " >= " + (s.index < info.box.dim() ? info.box.lo[s.index].str() : "lo");
        case FacetSource::Kind::box_upper:
            return "box " + axis_name(info.variable(), s.index) +
                   " <= " + (s.index < info.box.dim() ? info.box.hi[s.index].str() : "hi");
    }
    return "?";
}

std::string short_text(const Rational& x, std::size_t max_chars) {
    std::string s = x.str();
    if (s.size() <= max_chars) return s;
    return fmt::format("~{:.10g}", x.to_double());
}

std::string affine_text(const AffineMap& map, std::string_view variable, std::size_t max_chars) {
    std::string out;
    const std::size_t m = map.A.rows();
    for (std::size_t i = 0; i < m; ++i) {
        if (i) out += "; ";
        out += 'y';
        if (m != 1) out += std::to_string(i + 1);
        out += " = ";
        bool first = true;
        auto term = [&](const Rational& c, const std::string& name) {
            if (c.is_zero()) return;
            const Rational mag = abs(c);
            if (first) out += c.sign() < 0 ? "-" : "";
            else out += c.sign() < 0 ? " - " : " + ";
            first = false;
            const std::string text = max_chars ? short_text(mag, max_chars) : mag.str();
            if (name.empty()) out += text;
            else out += (mag == Rational(1) ? "" : text + " ") + name;
        };
        for (std::size_t j = 0; j < map.A.cols(); ++j) term(map.A(i, j), axis_name(variable, j));
        term(map.b[i], "");
        if (first) out += "0";
    }
    return out;
}

std::string regions_text(const RegionResult& result, const RegionReportInfo& info) {
    bool approximated = false;
    auto shown = [&](const Rational& x) {
        std::string s = short_text(x, kShownChars);  // longer exact numbers are shown "~" approximately
        approximated = approximated || s[0] == '~';
        return s;
    };
    std::string out;
    const std::string partial = result.partial ? "PARTIAL: " + result.stop_reason + "\n" : "";
    out += partial;
    if (info.slice) {
        out += "slice: x = x0 + " + std::string(info.slice->dim() == 1 ? "t1 d1" : "t1 d1 + t2 d2") + " in " +
               std::to_string(info.slice->input_dim()) + " inputs; regions over t in " + info.box.str() +
               "\n";
    } else {
        out += "box: " + info.box.str() + "\n";
    }
    out += "activation regions: " + std::to_string(result.regions.size()) + "\n";
    if (info.linear) out += "linear regions: " + std::to_string(result.linear_regions) + "\n";
    out += "volume: " + shown(result.volume) +
           (result.partial ? " (of " + shown(info.box.volume()) + ")" : "") + "\n";
    if (!result.regions.empty()) {
        std::vector<std::vector<std::string>> rows;
        rows.push_back({"region", "pattern", "volume"});
        if (info.linear) rows.back().push_back("linear");
        rows.back().push_back("affine map");
        for (std::size_t k = 0; k < result.regions.size(); ++k) {
            const Region& r = result.regions[k];
            rows.push_back({std::to_string(k), to_string(r.pattern), shown(r.volume)});
            if (info.linear) rows.back().push_back(std::to_string(r.linear_region));
            const std::string map = affine_text(r.affine, info.variable(), kShownChars);
            approximated = approximated || map.find('~') != std::string::npos;
            rows.back().push_back(map);
        }
        std::vector<std::size_t> width(rows.front().size(), 0);
        for (const auto& row : rows)
            for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
        for (const auto& row : rows) {
            std::string line;
            for (std::size_t c = 0; c < row.size(); ++c)
                line += c + 1 < row.size() ? pad(row[c], width[c]) + "  " : row[c];
            out += line + "\n";
        }
    }
    if (approximated)
        out +=
            "(~: a decimal approximation of an exact number too long to show; --json and --csv print every "
            "number exactly)\n";
    out += partial;
    return out;
}

std::string regions_csv(const RegionResult& result, const RegionReportInfo& info) {
    std::string out = "region,pattern,volume";
    if (info.linear) out += ",linear_region";
    const std::size_t m = result.regions.empty() ? 0 : result.regions.front().affine.A.rows();
    const std::size_t d = result.regions.empty() ? info.box.dim() : result.regions.front().affine.A.cols();
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < d; ++j) out += ",A" + std::to_string(i + 1) + "_" + std::to_string(j + 1);
    for (std::size_t i = 0; i < m; ++i) out += ",b" + std::to_string(i + 1);
    out += "\n";
    for (std::size_t k = 0; k < result.regions.size(); ++k) {
        const Region& r = result.regions[k];
        out += std::to_string(k) + "," + to_string(r.pattern) + "," + r.volume.str();
        if (info.linear) (out += ',') += std::to_string(r.linear_region);
        RELUX_ASSERT(r.affine.A.rows() == m && r.affine.A.cols() == d);
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < d; ++j) (out += ',') += r.affine.A(i, j).str();
        for (std::size_t i = 0; i < m; ++i) (out += ',') += r.affine.b[i].str();
        out += "\n";
    }
    return out;
}

}  // namespace relux
