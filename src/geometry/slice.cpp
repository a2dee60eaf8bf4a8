#include "relux/geometry/slice.hpp"

#include "../net/exact_json.hpp"
#include "relux/error.hpp"
#include "relux/net/json_io.hpp"

namespace relux {

namespace {

/// True when the vectors (1 or 2 of them) are linearly independent, decided exactly.
bool independent(const std::vector<Vector>& dirs) {
    if (dirs.size() == 1) {
        for (const Rational& v : dirs[0])
            if (!v.is_zero()) return true;
        return false;
    }
    const Vector& a = dirs[0];
    const Vector& b = dirs[1];
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = i + 1; j < a.size(); ++j)
            if (a[i] * b[j] != a[j] * b[i]) return true;
    return false;
}

/// "1 entry", "3 entries".
std::string entries(std::size_t n) { return std::to_string(n) + (n == 1 ? " entry" : " entries"); }

/// [0, 1]^dim, the default range of t.
Box unit_box(std::size_t dim) {
    Box box;
    box.lo.assign(dim, Rational(0));
    box.hi.assign(dim, Rational(1));
    return box;
}

/// Reads a relux-slice DOM; every error names the file, the JSON path and what was expected.
class SliceReader : public detail::JsonReader {
public:
    using JsonReader::JsonReader;

    /// The whole slice, with its box and the input dimension checked.
    Slice slice(const detail::json& root, std::size_t expected_input_dim) const {
        if (!root.is_object()) fail("", "expected a JSON object, got " + describe(root));
        only_keys(root, {"format", "version", "origin", "directions", "through", "box"}, "");
        if (const std::string format = word(member(root, "format", ""), "format"); format != "relux-slice")
            fail("format", "expected \"relux-slice\", got \"" + format + "\"");
        if (const std::size_t version = count(member(root, "version", ""), "version"); version != 1)
            fail("version", "expected 1 (the only version), got " + std::to_string(version));
        const bool has_through = root.contains("through");
        const bool has_origin = root.contains("origin") || root.contains("directions");
        if (has_through && has_origin)
            fail("through",
                 "cannot be combined with \"origin\" and \"directions\"; give one form or the other");
        if (!has_through && !has_origin)
            fail("", "expected either \"origin\" and \"directions\" or \"through\" (2 or 3 points)");
        Slice s = has_through ? through(root["through"]) : origin_form(root);
        if (auto it = root.find("box"); it != root.end()) {
            const std::string text = word(*it, "box");
            try {
                s.box = Box::parse(text);
            } catch (const ParseError& e) {
                fail("box", e.what());
            } catch (const InvalidArgument& e) {
                throw InvalidArgument(source() + ": box: " + e.what());
            }
            if (s.box.dim() != s.dim())
                throw InvalidArgument(source() + ": box: '" + text + "' has " + std::to_string(s.box.dim()) +
                                      " axes; expected " + std::to_string(s.dim()) +
                                      " (the box is over t, one axis per direction)");
        }
        if (expected_input_dim != 0 && s.input_dim() != expected_input_dim)
            throw InvalidArgument(source() + ": " + (has_through ? "through" : "origin") +
                                  ": the slice lives in " + std::to_string(s.input_dim()) +
                                  " dimensions; expected " + std::to_string(expected_input_dim) +
                                  " (the network's input dimension)");
        return s;
    }

private:
    /// {"origin", "directions"}: t in [0, 1]^k until "box" says otherwise.
    Slice origin_form(const detail::json& root) const {
        Slice s;
        s.origin = vector(member(root, "origin", ""), "origin");
        if (s.origin.empty()) fail("origin", "expected at least one entry (a point of the input space)");
        const detail::json& dirs = member(root, "directions", "");
        if (!dirs.is_array() || dirs.empty() || dirs.size() > 2)
            fail("directions",
                 "expected an array of 1 or 2 direction vectors, got " +
                     (dirs.is_array() ? std::to_string(dirs.size()) + " vectors" : describe(dirs)));
        for (std::size_t k = 0; k < dirs.size(); ++k) {
            const std::string path = "directions[" + std::to_string(k) + "]";
            s.directions.push_back(vector(dirs[k], path));
            if (s.directions.back().size() != s.origin.size())
                fail(path, "has " + entries(s.directions.back().size()) + "; expected " +
                               std::to_string(s.origin.size()) + " (as many as origin)");
        }
        if (!independent(s.directions))
            throw InvalidArgument(
                source() + ": directions: " +
                (s.dim() == 1 ? "the direction is zero" : "the two directions are parallel") +
                "; expected linearly independent vectors");
        s.box = unit_box(s.dim());
        return s;
    }

    /// {"through": [a, b(, c)]}: see Slice::through.
    Slice through(const detail::json& pts) const {
        if (!pts.is_array() || pts.size() < 2 || pts.size() > 3)
            fail("through", "expected an array of 2 or 3 points, got " +
                                (pts.is_array() ? std::to_string(pts.size()) + " points" : describe(pts)));
        std::vector<Vector> points;
        for (std::size_t k = 0; k < pts.size(); ++k) {
            const std::string path = "through[" + std::to_string(k) + "]";
            points.push_back(vector(pts[k], path));
            if (points.back().empty()) fail(path, "expected at least one coordinate");
            if (points.back().size() != points.front().size())
                fail(path, "has " + entries(points.back().size()) + "; expected " +
                               std::to_string(points.front().size()) + " (as many as through[0])");
        }
        try {
            return Slice::through(points);
        } catch (const InvalidArgument& e) {
            throw InvalidArgument(source() + ": through: " + e.what());
        }
    }
};

/// ["1/2", "3"] appended to out.
void write_numbers(std::string& out, const Vector& v) {
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += ", ";
        out += '"' + v[i].str() + '"';
    }
    out += ']';
}

}  // namespace

Vector Slice::point(const Vector& t) const {
    if (t.size() != dim())
        throw InvalidArgument("slice parameter has " + entries(t.size()) + "; the slice has " +
                              std::to_string(dim()) + " directions");
    Vector x = origin;
    for (std::size_t k = 0; k < dim(); ++k)
        for (std::size_t i = 0; i < x.size(); ++i) add_product(x[i], t[k], directions[k][i]);
    return x;
}

Matrix Slice::matrix() const {
    Matrix a(input_dim(), dim());
    for (std::size_t k = 0; k < dim(); ++k)
        for (std::size_t i = 0; i < input_dim(); ++i) a(i, k) = directions[k][i];
    return a;
}

void Slice::validate() const {
    if (origin.empty()) throw InvalidArgument("slice origin is empty; expected a point of the input space");
    if (directions.empty() || directions.size() > 2)
        throw InvalidArgument("slice has " + std::to_string(directions.size()) +
                              " directions; expected 1 or 2");
    for (std::size_t k = 0; k < directions.size(); ++k)
        if (directions[k].size() != origin.size())
            throw InvalidArgument("slice direction " + std::to_string(k) + " has " +
                                  entries(directions[k].size()) + "; expected " +
                                  std::to_string(origin.size()) + " (as many as the origin)");
    if (!independent(directions))
        throw InvalidArgument("slice directions are linearly dependent; expected independent vectors");
    if (box.dim() != directions.size())
        throw InvalidArgument("slice box has " + std::to_string(box.dim()) + " axes; expected " +
                              std::to_string(directions.size()) + " (one per direction)");
}

Slice Slice::through(const std::vector<Vector>& points) {
    if (points.size() < 2 || points.size() > 3)
        throw InvalidArgument("a slice goes through 2 or 3 points, got " + std::to_string(points.size()));
    Slice s;
    s.origin = points[0];
    for (std::size_t k = 1; k < points.size(); ++k) {
        if (points[k].size() != s.origin.size())
            throw InvalidArgument("point " + std::to_string(k) + " has " + entries(points[k].size()) +
                                  "; expected " + std::to_string(s.origin.size()));
        Vector d(s.origin.size());
        for (std::size_t i = 0; i < d.size(); ++i) d[i] = points[k][i] - s.origin[i];
        s.directions.push_back(std::move(d));
    }
    if (!independent(s.directions))
        throw InvalidArgument(points.size() == 2
                                  ? std::string("the two points coincide; expected distinct points")
                                  : std::string("the three points are collinear; expected points "
                                                "spanning a plane"));
    s.box = unit_box(s.dim());
    return s;
}

Slice parse_slice_json(std::string_view text, const std::string& source, std::size_t expected_input_dim) {
    return SliceReader(source).slice(detail::parse_exact_json(text, source), expected_input_dim);
}

Slice load_slice(const std::filesystem::path& path, std::size_t expected_input_dim) {
    const std::string text = read_text_file(path);
    return parse_slice_json(text, path == "-" ? "<stdin>" : path.string(), expected_input_dim);
}

std::string write_slice_json(const Slice& slice) {
    std::string out = "{\n  \"format\": \"relux-slice\",\n  \"version\": 1,\n  \"origin\": ";
    write_numbers(out, slice.origin);
    out += ",\n  \"directions\": [\n";
    for (std::size_t k = 0; k < slice.dim(); ++k) {
        out += "    ";
        write_numbers(out, slice.directions[k]);
        out += k + 1 < slice.dim() ? ",\n" : "\n";
    }
    out += "  ],\n  \"box\": \"" + slice.box.str() + "\"\n}\n";
    return out;
}

std::size_t slice_layer_offset(const Network& net) {
    return !net.layers.empty() && net.layers[0].residual ? 1 : 0;
}

Network compose_slice(const Network& net, const Slice& slice) {
    slice.validate();
    if (slice.input_dim() != net.input_dim)
        throw InvalidArgument("the slice lives in " + std::to_string(slice.input_dim()) +
                              " dimensions but the network has " + std::to_string(net.input_dim) + " inputs");
    RELUX_ASSERT(!net.layers.empty());
    Network out = net;
    out.input_dim = slice.dim();
    const Matrix a = slice.matrix();
    if (slice_layer_offset(net) == 0) {
        // W (x0 + A t) + b = (W A) t + (W x0 + b): the first layer absorbs the slice exactly.
        Layer& first = out.layers[0];
        Vector bias = multiply(first.weights, slice.origin);
        for (std::size_t i = 0; i < bias.size(); ++i) bias[i] += first.bias[i];
        first.weights = multiply(first.weights, a);
        first.bias = std::move(bias);
    } else {
        // A residual layer adds its own input, which must stay x = x0 + A t: compute x first.
        Layer embed;
        embed.weights = a;
        embed.bias = slice.origin;
        embed.activation = Activation::identity;
        out.layers.insert(out.layers.begin(), std::move(embed));
    }
    out.validate();
    return out;
}

void map_slice_regions_to_network(RegionResult& result, const Network& net) {
    if (slice_layer_offset(net) == 0) return;
    for (Region& r : result.regions) {
        RELUX_ASSERT(!r.pattern.empty() && r.pattern.front().empty());
        r.pattern.erase(r.pattern.begin());
        for (Halfspace& h : r.facets)
            if (h.source.kind == FacetSource::Kind::neuron) {
                RELUX_ASSERT(h.source.layer > 0);
                --h.source.layer;
            }
    }
}

}  // namespace relux
