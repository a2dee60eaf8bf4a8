// relux-certificate v1: writing and reading (docs/certificate-format.md).
#include "relux/certify/certificate.hpp"

#include "../net/exact_json.hpp"
#include "relux/error.hpp"
#include "relux/net/json_io.hpp"

#include <optional>
#include <string>

namespace relux {

std::string_view to_string(CertificateKind kind) {
    switch (kind) {
        case CertificateKind::l1: return "l1";
        case CertificateKind::linf: return "linf";
        case CertificateKind::equal: return "equal";
    }
    return "?";
}

std::string facet_source_text(const FacetSource& s) {
    switch (s.kind) {
        case FacetSource::Kind::box_lower: return "box lower " + std::to_string(s.index);
        case FacetSource::Kind::box_upper: return "box upper " + std::to_string(s.index);
        case FacetSource::Kind::neuron:
            if (s.layer == sign_facet_layer) return "sign";
            if (s.layer == split_facet_layer) return "split";
            return "neuron " + std::to_string(s.layer) + "." + std::to_string(s.index);
    }
    return "?";
}

namespace {

using detail::json;

std::string quoted(const std::string& s) { return json(s).dump(); }

std::string numbers(const Vector& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", \"" : "\"") + v[i].str() + "\"";
    return out + "]";
}

std::string matrix_rows(const Matrix& m) {
    std::string out = "[";
    for (std::size_t i = 0; i < m.rows(); ++i)
        out += (i ? ", " : "") + numbers(Vector(m.row(i), m.row(i) + m.cols()));
    return out + "]";
}

std::string interval(const Interval& i) {
    return "{\"lower\": \"" + i.lower.str() + "\", \"upper\": \"" + i.upper.str() + "\"";
}

/// A multi-line JSON text (a network or slice file) as a value nested at `indent` spaces.
std::string nested(const std::string& text, const std::string& indent) {
    std::string out;
    std::string body = text;
    while (!body.empty() && body.back() == '\n') body.pop_back();
    for (char c : body) {
        out += c;
        if (c == '\n') out += indent;
    }
    return out;
}

/// JSON text of a DOM from parse_exact_json, number literals written back as their text.
void dump_exact(const json& v, std::string& out) {
    if (v.is_binary()) {
        out.append(v.get_binary().begin(), v.get_binary().end());
    } else if (v.is_object()) {
        out += '{';
        bool first = true;
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (!first) out += ',';
            first = false;
            out += quoted(it.key()) + ':';
            dump_exact(*it, out);
        }
        out += '}';
    } else if (v.is_array()) {
        out += '[';
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (i) out += ',';
            dump_exact(v[i], out);
        }
        out += ']';
    } else {
        out += v.dump();
    }
}

/// The certificate-specific part of reading; typed accessors come from JsonReader.
class CertificateReader : public detail::JsonReader {
public:
    using JsonReader::JsonReader;

    [[noreturn]] void fail_size(const std::string& path, const std::string& what) const {
        throw InvalidArgument(source() + ": " + path + ": " + what);
    }

    const json& object(const json& v, const std::string& path, const std::string& what) const {
        if (!v.is_object()) fail(path, "expected " + what + ", got " + describe(v));
        return v;
    }

    const json& array(const json& v, const std::string& path, const std::string& what) const {
        if (!v.is_array()) fail(path, "expected " + what + ", got " + describe(v));
        return v;
    }

    Vector sized_vector(const json& v, const std::string& path, std::size_t size,
                        const std::string& what) const {
        Vector out = vector(v, path);
        if (out.size() != size)
            fail_size(path, "has " + std::to_string(out.size()) + " entries; expected " +
                                std::to_string(size) + " (" + what + ")");
        return out;
    }

    Interval interval(const json& v, const std::string& path) const {
        object(v, path, "an object {\"lower\": ..., \"upper\": ...}");
        only_keys(v, {"lower", "upper"}, path);
        return {number(member(v, "lower", path), path + ".lower"),
                number(member(v, "upper", path), path + ".upper")};
    }

    FacetSource facet_source(const json& v, const std::string& path) const {
        const std::string text = word(v, path);
        const auto index = [](std::string_view digits) -> std::optional<std::size_t> {
            if (digits.empty() || digits.size() > 9 ||
                digits.find_first_not_of("0123456789") != std::string_view::npos)
                return std::nullopt;
            return std::stoul(std::string(digits));
        };
        const std::string_view t = text;
        std::optional<std::size_t> a, b;
        if (t == "sign") return {FacetSource::Kind::neuron, sign_facet_layer, 0};
        if (t == "split") return {FacetSource::Kind::neuron, split_facet_layer, 0};
        if (t.starts_with("box lower ") && (a = index(t.substr(10))))
            return {FacetSource::Kind::box_lower, 0, *a};
        if (t.starts_with("box upper ") && (a = index(t.substr(10))))
            return {FacetSource::Kind::box_upper, 0, *a};
        if (const std::size_t dot = t.find('.'); t.starts_with("neuron ") && dot != std::string_view::npos &&
                                                 (a = index(t.substr(7, dot - 7))) &&
                                                 (b = index(t.substr(dot + 1))))
            return {FacetSource::Kind::neuron, *a, *b};
        fail(path,
             "expected \"box lower I\", \"box upper I\", \"neuron L.I\", \"sign\" or \"split\", got \"" +
                 text + "\"");
    }

    CertificateCell cell(const json& v, const std::string& path, std::size_t dim, std::size_t outputs,
                         std::size_t networks) const {
        object(v, path, "a cell object");
        only_keys(v, {"vertices", "facets", "patterns", "sign", "map", "bound", "classes"}, path);
        CertificateCell c;
        const json& vertices = array(member(v, "vertices", path), path + ".vertices", "an array of points");
        for (std::size_t i = 0; i < vertices.size(); ++i)
            c.vertices.push_back(sized_vector(vertices[i], path + ".vertices[" + std::to_string(i) + "]", dim,
                                              "the dimension of the cells"));
        const json& facets = array(member(v, "facets", path), path + ".facets", "an array of facets");
        for (std::size_t i = 0; i < facets.size(); ++i) {
            const std::string fpath = path + ".facets[" + std::to_string(i) + "]";
            object(facets[i], fpath, "a facet object {\"normal\", \"offset\", \"source\"}");
            only_keys(facets[i], {"normal", "offset", "source"}, fpath);
            Halfspace h;
            h.normal = sized_vector(member(facets[i], "normal", fpath), fpath + ".normal", dim,
                                    "the dimension of the cells");
            h.offset = number(member(facets[i], "offset", fpath), fpath + ".offset");
            h.source = facet_source(member(facets[i], "source", fpath), fpath + ".source");
            c.facets.push_back(std::move(h));
        }
        const json& patterns =
            array(member(v, "patterns", path), path + ".patterns", "an array of pattern strings");
        if (patterns.size() != networks)
            fail_size(path + ".patterns", "has " + std::to_string(patterns.size()) + " entries; expected " +
                                              std::to_string(networks) + " (one per network)");
        for (std::size_t i = 0; i < patterns.size(); ++i)
            c.patterns.push_back(word(patterns[i], path + ".patterns[" + std::to_string(i) + "]"));
        const json& sign = member(v, "sign", path);
        const std::string spath = path + ".sign";
        if (!is_number(sign)) fail(spath, "expected 1, -1 or 0, got " + describe(sign));
        const Rational s = number(sign, spath);
        if (s != 1 && s != -1 && s != 0) fail(spath, "expected 1, -1 or 0, got " + s.str());
        c.sign = s.sign();
        const std::string mpath = path + ".map";
        const json& map = object(member(v, "map", path), mpath, "an object {\"A\": [[...]], \"b\": [...]}");
        only_keys(map, {"A", "b"}, mpath);
        const json& rows = array(member(map, "A", mpath), mpath + ".A", "an array of rows");
        if (rows.size() != outputs)
            fail_size(mpath + ".A", "has " + std::to_string(rows.size()) + " rows; expected " +
                                        std::to_string(outputs) + " (one per network output)");
        c.map.A = Matrix(outputs, dim);
        for (std::size_t i = 0; i < outputs; ++i) {
            const Vector row = sized_vector(rows[i], mpath + ".A[" + std::to_string(i) + "]", dim,
                                            "the dimension of the cells");
            for (std::size_t j = 0; j < dim; ++j) c.map.A(i, j) = row[j];
        }
        c.map.b = sized_vector(member(map, "b", mpath), mpath + ".b", outputs, "one per network output");
        c.bound = interval(member(v, "bound", path), path + ".bound");
        if (v.contains("classes")) {  // 1-based in the file, as the command line numbers classes
            const std::string cpath = path + ".classes";
            const json& classes = array(v["classes"], cpath, "an array of class numbers (1, 2, ...)");
            if (classes.empty()) fail(cpath, "expected at least one class number");
            for (std::size_t i = 0; i < classes.size(); ++i) {
                const std::size_t k = count(classes[i], cpath + "[" + std::to_string(i) + "]");
                if (k == 0)
                    fail(cpath + "[" + std::to_string(i) + "]", "expected a class number from 1, got 0");
                c.classes.push_back(k - 1);
            }
        }
        return c;
    }

    Certificate certificate(const json& root) const {
        object(root, "", "a JSON object");
        only_keys(root,
                  {"format", "version", "kind", "network", "reference", "target", "classes", "box", "slice",
                   "value", "tolerance", "witness", "cells"},
                  "");
        if (const std::string format = word(member(root, "format", ""), "format");
            format != "relux-certificate")
            fail("format", "expected \"relux-certificate\", got \"" + format + "\"");
        if (const std::size_t version = count(member(root, "version", ""), "version"); version != 1)
            fail("version", "expected 1 (the only version), got " + std::to_string(version));
        Certificate cert;
        const std::string kind = word(member(root, "kind", ""), "kind");
        if (kind == "l1") cert.kind = CertificateKind::l1;
        else if (kind == "linf") cert.kind = CertificateKind::linf;
        else if (kind == "equal") cert.kind = CertificateKind::equal;
        else fail("kind", "expected \"l1\", \"linf\" or \"equal\", got \"" + kind + "\"");
        cert.network = embedded_network(member(root, "network", ""), "network");
        const bool has_reference = root.contains("reference"), has_target = root.contains("target"),
                   has_classes = root.contains("classes");
        if (has_reference + has_target + has_classes != 1)
            fail("", "expected exactly one of the keys \"reference\", \"target\" and \"classes\"");
        if (has_reference) {
            cert.reference = embedded_network(root["reference"], "reference");
            if (cert.reference->input_dim != cert.network.input_dim)
                fail_size("reference", "has input dimension " + std::to_string(cert.reference->input_dim) +
                                           "; expected " + std::to_string(cert.network.input_dim) +
                                           " (the network's)");
            if (cert.reference->output_dim() != cert.network.output_dim())
                fail_size("reference", "has " + std::to_string(cert.reference->output_dim()) +
                                           " outputs; expected " + std::to_string(cert.network.output_dim()) +
                                           " (the network's)");
        } else if (has_target) {
            cert.target = word(root["target"], "target");
            if (cert.target.empty()) fail("target", "expected a target expression, got an empty string");
        } else {
            cert.classes = word(root["classes"], "classes");
            if (cert.classes.empty())
                fail("classes", "expected class inequalities (\"C1; C2\"), got an empty string");
        }
        std::size_t dim = cert.network.input_dim;
        if (root.contains("slice")) {
            std::string text;
            dump_exact(object(root["slice"], "slice", "a relux-slice object"), text);
            cert.slice = parse_slice_json(text, source() + ": slice", cert.network.input_dim);
            dim = cert.slice->dim();
        }
        const json& box = object(member(root, "box", ""), "box", "an object {\"lo\": [...], \"hi\": [...]}");
        only_keys(box, {"lo", "hi"}, "box");
        cert.box.lo = sized_vector(member(box, "lo", "box"), "box.lo", dim, "the dimension of the cells");
        cert.box.hi = sized_vector(member(box, "hi", "box"), "box.hi", dim, "the dimension of the cells");
        for (std::size_t i = 0; i < dim; ++i)
            if (cert.box.lo[i] >= cert.box.hi[i])
                fail_size("box", "axis " + std::to_string(i) + " has lo " + cert.box.lo[i].str() + " >= hi " +
                                     cert.box.hi[i].str() + "; expected lo < hi");
        if (cert.slice && !(cert.slice->box == cert.box))
            fail_size("box", "differs from the slice's box " + cert.slice->box.str());
        const json& value =
            object(member(root, "value", ""), "value", "an object {\"lower\", \"upper\", \"exact\"}");
        only_keys(value, {"lower", "upper", "exact"}, "value");
        cert.value = {number(member(value, "lower", "value"), "value.lower"),
                      number(member(value, "upper", "value"), "value.upper")};
        if (auto it = value.find("exact"); it != value.end()) {
            if (!it->is_boolean()) fail("value.exact", "expected true or false, got " + describe(*it));
            cert.exact = it->get<bool>();
        }
        if (root.contains("tolerance")) cert.tolerance = number(root["tolerance"], "tolerance");
        if (root.contains("witness"))
            cert.witness = sized_vector(root["witness"], "witness", dim, "the dimension of the cells");
        const std::size_t networks = cert.reference ? 2 : 1;
        const json& cells = array(member(root, "cells", ""), "cells", "an array of cells");
        for (std::size_t i = 0; i < cells.size(); ++i)
            cert.cells.push_back(
                cell(cells[i], "cells[" + std::to_string(i) + "]", dim, cert.network.output_dim(), networks));
        return cert;
    }

private:
    Network embedded_network(const json& v, const std::string& path) const {
        std::string text;
        dump_exact(object(v, path, "an embedded relux-network object"), text);
        return parse_network_json(text, source() + ": " + path);
    }
};

}  // namespace

std::string write_certificate_json(const Certificate& cert) {
    std::string out = "{\n  \"format\": \"relux-certificate\",\n  \"version\": 1,\n";
    out += "  \"kind\": \"" + std::string(to_string(cert.kind)) + "\",\n";
    out += "  \"network\": " + nested(write_network_json(cert.network), "  ") + ",\n";
    if (cert.reference)
        out += "  \"reference\": " + nested(write_network_json(*cert.reference), "  ") + ",\n";
    else if (!cert.classes.empty()) out += "  \"classes\": " + quoted(cert.classes) + ",\n";
    else out += "  \"target\": " + quoted(cert.target) + ",\n";
    out += "  \"box\": {\"lo\": " + numbers(cert.box.lo) + ", \"hi\": " + numbers(cert.box.hi) + "},\n";
    if (cert.slice) out += "  \"slice\": " + nested(write_slice_json(*cert.slice), "  ") + ",\n";
    out +=
        "  \"value\": " + interval(cert.value) + ", \"exact\": " + (cert.exact ? "true" : "false") + "},\n";
    if (cert.tolerance) out += "  \"tolerance\": \"" + cert.tolerance->str() + "\",\n";
    if (cert.witness) out += "  \"witness\": " + numbers(*cert.witness) + ",\n";
    out += "  \"cells\": [";
    for (std::size_t k = 0; k < cert.cells.size(); ++k) {
        const CertificateCell& c = cert.cells[k];
        out += k ? ",\n    {\n" : "\n    {\n";
        out += "      \"vertices\": [";
        for (std::size_t i = 0; i < c.vertices.size(); ++i) out += (i ? ", " : "") + numbers(c.vertices[i]);
        out += "],\n      \"facets\": [";
        for (std::size_t i = 0; i < c.facets.size(); ++i)
            out += std::string(i ? ",\n        " : "\n        ") +
                   "{\"normal\": " + numbers(c.facets[i].normal) + ", \"offset\": \"" +
                   c.facets[i].offset.str() + "\", \"source\": \"" + facet_source_text(c.facets[i].source) +
                   "\"}";
        out += "],\n      \"patterns\": [";
        for (std::size_t i = 0; i < c.patterns.size(); ++i) out += (i ? ", " : "") + quoted(c.patterns[i]);
        out += "],\n      \"sign\": " + std::to_string(c.sign) + ",\n";
        out += "      \"map\": {\"A\": " + matrix_rows(c.map.A) + ", \"b\": " + numbers(c.map.b) + "},\n";
        out += "      \"bound\": " + interval(c.bound) + "}";
        if (!c.classes.empty()) {
            out += ",\n      \"classes\": [";
            for (std::size_t i = 0; i < c.classes.size(); ++i)
                out += (i ? ", " : "") + std::to_string(c.classes[i] + 1);
            out += "]";
        }
        out += "\n    }";
    }
    out += cert.cells.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return out;
}

Certificate parse_certificate_json(std::string_view text, const std::string& source) {
    return CertificateReader(source).certificate(detail::parse_exact_json(text, source));
}

}  // namespace relux
