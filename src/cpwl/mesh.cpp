#include "relux/cpwl/mesh.hpp"

#include "../net/exact_json.hpp"
#include "exact_linear.hpp"
#include "relux/error.hpp"
#include "relux/net/json_io.hpp"

#include <iostream>
#include <set>
#include <sstream>

namespace relux {

using detail::difference;
using detail::dot;

Rational AffinePiece::operator()(const Vector& x) const { return offset + dot(gradient, x); }

AffinePiece Mesh::piece(std::size_t s) const {
    const auto& simplex = simplices.at(s);
    std::vector<Vector> m;
    Vector rhs;
    for (std::size_t v : simplex) {
        Vector row = vertices[v];
        row.push_back(1);
        m.push_back(std::move(row));
        rhs.push_back(values[v]);
    }
    auto sol = detail::solve(std::move(m), std::move(rhs));
    if (!sol) throw InvalidArgument("simplex " + std::to_string(s) + " is degenerate (zero volume)");
    AffinePiece p;
    p.offset = sol->back();
    sol->pop_back();
    p.gradient = std::move(*sol);
    return p;
}

Vector Mesh::barycentric(std::size_t s, const Vector& x) const {
    const auto& simplex = simplices.at(s);
    std::vector<Vector> m(dim + 1, Vector(dim + 1));
    for (std::size_t k = 0; k <= dim; ++k) {
        for (std::size_t c = 0; c < dim; ++c) m[c][k] = vertices[simplex[k]][c];
        m[dim][k] = 1;
    }
    Vector rhs = x;
    rhs.push_back(1);
    auto sol = detail::solve(std::move(m), std::move(rhs));
    if (!sol) throw InvalidArgument("simplex " + std::to_string(s) + " is degenerate (zero volume)");
    return *sol;
}

std::optional<std::size_t> Mesh::locate(const Vector& x) const {
    if (x.size() != dim)
        throw InvalidArgument("point has " + std::to_string(x.size()) +
                              " coordinates; the mesh has dimension " + std::to_string(dim));
    for (std::size_t s = 0; s < simplices.size(); ++s) {
        bool inside_box = true;
        for (std::size_t c = 0; c < dim && inside_box; ++c) {
            Rational lo = vertices[simplices[s][0]][c], hi = lo;
            for (std::size_t v : simplices[s]) {
                lo = min(lo, vertices[v][c]);
                hi = max(hi, vertices[v][c]);
            }
            inside_box = lo <= x[c] && x[c] <= hi;
        }
        if (!inside_box) continue;
        bool inside = true;
        for (const Rational& l : barycentric(s, x)) inside = inside && l.sign() >= 0;
        if (inside) return s;
    }
    return std::nullopt;
}

std::optional<Rational> Mesh::evaluate(const Vector& x) const {
    const auto s = locate(x);
    if (!s) return std::nullopt;
    const Vector lambda = barycentric(*s, x);
    Rational v;
    for (std::size_t k = 0; k <= dim; ++k) add_product(v, lambda[k], values[simplices[*s][k]]);
    return v;
}

std::optional<std::string> Mesh::nonconvex_reason() const {
    std::set<std::size_t> used;
    for (const auto& s : simplices) used.insert(s.begin(), s.end());
    std::set<std::string> seen;
    for (const auto& [s, k] : boundary_facets()) {
        const auto& simplex = simplices[s];
        std::vector<std::size_t> facet;
        for (std::size_t i = 0; i <= dim; ++i)
            if (i != k) facet.push_back(simplex[i]);
        const Vector& base = vertices[facet[0]];
        std::vector<Vector> edges;
        for (std::size_t i = 1; i < facet.size(); ++i) edges.push_back(difference(vertices[facet[i]], base));
        Vector n = detail::normal_vector(edges);
        if (dot(n, difference(vertices[simplex[k]], base)).sign() < 0)
            for (Rational& c : n) c = -c;  // inward
        // one check per distinct hyperplane
        Rational scale;
        for (const Rational& c : n)
            if (!c.is_zero()) {
                scale = abs(c);
                break;
            }
        std::string key = (dot(n, base) / scale).str();
        for (const Rational& c : n) key += "," + (c / scale).str();
        if (!seen.insert(key).second) continue;
        for (std::size_t v : used)
            if (dot(n, difference(vertices[v], base)).sign() < 0) {
                std::string f = "(";
                for (std::size_t i = 0; i < facet.size(); ++i)
                    f += (i ? ", " : "") + std::to_string(facet[i]);
                return "vertex " + std::to_string(v) + " lies outside the boundary facet " + f +
                       ") of simplex " + std::to_string(s);
            }
    }
    return std::nullopt;
}

// ---- JSON ------------------------------------------------------------------------------------

Mesh parse_mesh_json(std::string_view text, const std::string& source) {
    using detail::json;
    const json root = detail::parse_exact_json(text, source);
    const detail::JsonReader r(source);
    if (!root.is_object()) r.fail("", "expected an object, got " + detail::JsonReader::describe(root));
    r.only_keys(root, {"format", "version", "dim", "vertices", "simplices"}, "");
    if (const std::string f = r.word(r.member(root, "format", ""), "format"); f != "relux-mesh")
        r.fail("format", "expected \"relux-mesh\", got \"" + f + "\"");
    if (const std::size_t v = r.count(r.member(root, "version", ""), "version"); v != 1)
        r.fail("version", "expected 1, got " + std::to_string(v));
    Mesh mesh;
    mesh.dim = r.count(r.member(root, "dim", ""), "dim");
    if (mesh.dim == 0) r.fail("dim", "expected a positive integer, got 0");
    const json& vertices = r.member(root, "vertices", "");
    if (!vertices.is_array() || vertices.empty())
        r.fail("vertices",
               "expected a non-empty array of vertices, got " + detail::JsonReader::describe(vertices));
    for (std::size_t i = 0; i < vertices.size(); ++i) {
        const std::string path = "vertices[" + std::to_string(i) + "]";
        const json& v = vertices[i];
        if (!v.is_object())
            r.fail(path, "expected an object {\"x\": [...], \"value\": ...}, got " +
                             detail::JsonReader::describe(v));
        r.only_keys(v, {"x", "value"}, path);
        Vector x = r.vector(r.member(v, "x", path), path + ".x");
        if (x.size() != mesh.dim)
            r.fail(path + ".x", "expected " + std::to_string(mesh.dim) + " coordinates (dim), got " +
                                    std::to_string(x.size()));
        mesh.vertices.push_back(std::move(x));
        mesh.values.push_back(r.number(r.member(v, "value", path), path + ".value"));
    }
    const json& simplices = r.member(root, "simplices", "");
    if (!simplices.is_array() || simplices.empty())
        r.fail("simplices",
               "expected a non-empty array of simplices, got " + detail::JsonReader::describe(simplices));
    for (std::size_t s = 0; s < simplices.size(); ++s) {
        const std::string path = "simplices[" + std::to_string(s) + "]";
        const json& idx = simplices[s];
        if (!idx.is_array())
            r.fail(path, "expected an array of vertex indices, got " + detail::JsonReader::describe(idx));
        std::vector<std::size_t> simplex;
        for (std::size_t k = 0; k < idx.size(); ++k)
            simplex.push_back(r.count(idx[k], path + "[" + std::to_string(k) + "]"));
        mesh.simplices.push_back(std::move(simplex));
    }
    try {
        mesh.validate();
    } catch (const InvalidArgument& e) {
        throw InvalidArgument(source + ": " + e.what());
    }
    return mesh;
}

Mesh read_mesh(const std::filesystem::path& path) {
    if (path == "-") {
        std::ostringstream text;
        text << std::cin.rdbuf();
        return parse_mesh_json(text.str(), "standard input");
    }
    return parse_mesh_json(read_text_file(path), path.string());
}

std::string write_mesh_json(const Mesh& mesh) {
    std::string out =
        "{\n  \"format\": \"relux-mesh\",\n  \"version\": 1,\n  \"dim\": " + std::to_string(mesh.dim) +
        ",\n  \"vertices\": [\n";
    for (std::size_t i = 0; i < mesh.vertices.size(); ++i) {
        out += "    {\"x\": [";
        for (std::size_t c = 0; c < mesh.dim; ++c)
            out += (c ? ", \"" : "\"") + mesh.vertices[i][c].str() + "\"";
        out +=
            "], \"value\": \"" + mesh.values[i].str() + "\"}" + (i + 1 < mesh.vertices.size() ? ",\n" : "\n");
    }
    out += "  ],\n  \"simplices\": [\n";
    for (std::size_t s = 0; s < mesh.simplices.size(); ++s) {
        out += "    [";
        for (std::size_t k = 0; k < mesh.simplices[s].size(); ++k)
            out += (k ? ", " : "") + std::to_string(mesh.simplices[s][k]);
        out += std::string("]") + (s + 1 < mesh.simplices.size() ? ",\n" : "\n");
    }
    out += "  ]\n}\n";
    return out;
}

}  // namespace relux
