#include "relux/report/regions_report.hpp"

#include <nlohmann/json.hpp>

namespace relux {

namespace {

using ojson = nlohmann::ordered_json;

/// ["1/2", "3"]: exact numbers as strings.
ojson numbers(const Vector& v) {
    ojson a = ojson::array();
    for (const Rational& x : v) a.push_back(x.str());
    return a;
}

/// [["1", "0"], ["0", "1"]], row by row.
ojson matrix_rows(const Matrix& m) {
    ojson a = ojson::array();
    for (std::size_t i = 0; i < m.rows(); ++i) a.push_back(numbers(Vector(m.row(i), m.row(i) + m.cols())));
    return a;
}

/// One region as in DESIGN.md, plus its facets with their sources.
ojson region_json(const Region& r, const RegionReportInfo& info) {
    ojson j;
    j["pattern"] = to_string(r.pattern);
    ojson vertices = ojson::array();
    for (const Vector& v : r.vertices) vertices.push_back(numbers(v));
    j["vertices"] = std::move(vertices);
    j["volume"] = r.volume.str();
    ojson facets = ojson::array();
    for (const Halfspace& h : r.facets) {
        ojson f;
        f["normal"] = numbers(h.normal);
        f["offset"] = h.offset.str();
        f["source"] = facet_source_text(h, info);
        facets.push_back(std::move(f));
    }
    j["facets"] = std::move(facets);
    j["affine"] = {{"A", matrix_rows(r.affine.A)}, {"b", numbers(r.affine.b)}};
    if (info.linear) j["linear_region"] = r.linear_region;
    return j;
}

/// Compact JSON text (one region a line); invalid UTF-8 in names is replaced, never thrown.
std::string dump(const ojson& j) { return j.dump(-1, ' ', false, ojson::error_handler_t::replace); }

}  // namespace

std::string regions_json(const RegionResult& result, const RegionReportInfo& info) {
    std::string out = "{\n";
    out += "  \"activation_regions\": " + std::to_string(result.regions.size()) + ",\n";
    if (info.linear) out += "  \"linear_regions\": " + std::to_string(result.linear_regions) + ",\n";
    out += "  \"volume\": \"" + result.volume.str() + "\",\n";
    out += "  \"box\": \"" + info.box.str() + "\",\n";
    if (info.slice) {
        ojson s;
        s["origin"] = numbers(info.slice->origin);
        ojson dirs = ojson::array();
        for (const Vector& d : info.slice->directions) dirs.push_back(numbers(d));
        s["directions"] = std::move(dirs);
        out += "  \"slice\": " + dump(s) + ",\n";
    }
    if (!info.network.empty()) out += "  \"network\": " + dump(ojson(info.network)) + ",\n";
    out += std::string("  \"partial\": ") + (result.partial ? "true" : "false") + ",\n";
    if (result.partial) out += "  \"stop_reason\": " + dump(ojson(result.stop_reason)) + ",\n";
    out += "  \"regions\": [";
    for (std::size_t k = 0; k < result.regions.size(); ++k) {
        out += k ? ",\n    " : "\n    ";
        out += dump(region_json(result.regions[k], info));
    }
    out += result.regions.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return out;
}

}  // namespace relux
