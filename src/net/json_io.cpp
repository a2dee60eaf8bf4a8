#include "relux/net/json_io.hpp"

#include "exact_json.hpp"
#include "relux/error.hpp"
#include "relux/net/nnet.hpp"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace relux {

namespace {

using detail::json;

/// The network-specific part of reading relux JSON; the typed accessors come from JsonReader.
class Reader : public detail::JsonReader {
public:
    using JsonReader::JsonReader;

    /// Like fail(), for input that is valid JSON but does not form a network (widths, sizes).
    [[noreturn]] void fail_network(const std::string& path, const std::string& what) const {
        throw InvalidNetwork(source() + ": " + (path.empty() ? "top level" : path) + ": " + what);
    }

    Layer layer(const json& v, const std::string& path, std::size_t in_width) const {
        if (!v.is_object()) fail(path, "expected a layer object, got " + describe(v));
        only_keys(v, {"weights", "bias", "activation", "slope", "residual"}, path);
        Layer l;
        const json& w = member(v, "weights", path);
        const std::string wpath = path + ".weights";
        if (!w.is_array()) fail(wpath, "expected an array of rows, got " + describe(w));
        if (w.empty()) fail_network(wpath, "expected at least one row (a layer needs at least one neuron)");
        // Check every row's length before allocating: a huge input_dim must not allocate.
        for (std::size_t i = 0; i < w.size(); ++i) {
            const std::string rpath = wpath + "[" + std::to_string(i) + "]";
            if (!w[i].is_array()) fail(rpath, "expected a row (an array of numbers), got " + describe(w[i]));
            if (w[i].size() != in_width)
                fail_network(rpath, "row has " + std::to_string(w[i].size()) + " entries; expected " +
                                        std::to_string(in_width) + " (the width of the previous layer)");
        }
        l.weights = Matrix(w.size(), in_width);
        for (std::size_t i = 0; i < w.size(); ++i) {
            const std::string rpath = wpath + "[" + std::to_string(i) + "]";
            for (std::size_t j = 0; j < in_width; ++j)
                l.weights(i, j) = number(w[i][j], rpath + "[" + std::to_string(j) + "]");
        }
        l.bias = vector(member(v, "bias", path), path + ".bias");
        if (l.bias.size() != w.size())
            fail_network(path + ".bias", "has " + std::to_string(l.bias.size()) + " entries; expected " +
                                             std::to_string(w.size()) + " (one per row of weights)");
        const std::string act = word(member(v, "activation", path), path + ".activation");
        if (act == "relu") l.activation = Activation::relu;
        else if (act == "identity") l.activation = Activation::identity;
        else if (act == "leaky_relu") l.activation = Activation::leaky_relu;
        else if (act == "square") l.activation = Activation::square;
        else
            fail(path + ".activation",
                 "unknown activation \"" + act + "\"; expected relu, identity, leaky_relu or square");
        if (l.activation == Activation::leaky_relu) {
            l.slope = number(member(v, "slope", path), path + ".slope");
        } else if (v.contains("slope")) {
            fail(path + ".slope", "only a leaky_relu layer has a slope");
        }
        if (auto it = v.find("residual"); it != v.end()) {
            if (!it->is_boolean()) fail(path + ".residual", "expected true or false, got " + describe(*it));
            l.residual = it->get<bool>();
            if (l.residual && l.weights.rows() != in_width)
                fail_network(path + ".residual", "a residual layer must have as many neurons (" +
                                                     std::to_string(w.size()) + ") as inputs (" +
                                                     std::to_string(in_width) + ")");
        }
        return l;
    }

    Network network(const json& root) const {
        if (!root.is_object()) fail("", "expected a JSON object, got " + describe(root));
        only_keys(root, {"format", "version", "input_dim", "layers", "output"}, "");
        if (const std::string format = word(member(root, "format", ""), "format"); format != "relux-network")
            fail("format", "expected \"relux-network\", got \"" + format + "\"");
        if (const std::size_t version = count(member(root, "version", ""), "version"); version != 1)
            fail("version", "expected 1 (the only version), got " + std::to_string(version));
        Network net;
        net.input_dim = count(member(root, "input_dim", ""), "input_dim");
        if (net.input_dim == 0) fail("input_dim", "expected a positive integer, got 0");
        const json& layers = member(root, "layers", "");
        if (!layers.is_array()) fail("layers", "expected an array of layers, got " + describe(layers));
        if (layers.empty()) fail_network("layers", "expected at least one layer (the network is empty)");
        std::size_t width = net.input_dim;
        for (std::size_t i = 0; i < layers.size(); ++i) {
            net.layers.push_back(layer(layers[i], "layers[" + std::to_string(i) + "]", width));
            width = net.layers.back().output_dim();
        }
        const std::string out = root.contains("output") ? word(root["output"], "output") : "identity";
        if (out == "identity") net.output = OutputKind::identity;
        else if (out == "softmax") net.output = OutputKind::softmax;
        else fail("output", "unknown output \"" + out + "\"; expected identity or softmax");
        net.validate();
        return net;
    }
};

void write_vector(std::string& out, const Vector& v) {
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += ", ";
        out += '"';
        out += v[i].str();
        out += '"';
    }
    out += ']';
}

}  // namespace

Network parse_network_json(std::string_view text, const std::string& source) {
    return Reader(source).network(detail::parse_exact_json(text, source));
}

std::string write_network_json(const Network& net) {
    std::string out;
    out += "{\n  \"format\": \"relux-network\",\n  \"version\": 1,\n";
    out += "  \"input_dim\": " + std::to_string(net.input_dim) + ",\n  \"layers\": [\n";
    for (std::size_t li = 0; li < net.layers.size(); ++li) {
        const Layer& l = net.layers[li];
        out += "    {\n      \"activation\": \"" + std::string(to_string(l.activation)) + "\",\n";
        if (l.activation == Activation::leaky_relu) out += "      \"slope\": \"" + l.slope.str() + "\",\n";
        if (l.residual) out += "      \"residual\": true,\n";
        out += "      \"weights\": [\n";
        for (std::size_t i = 0; i < l.weights.rows(); ++i) {
            out += "        ";
            write_vector(out, Vector(l.weights.row(i), l.weights.row(i) + l.weights.cols()));
            out += i + 1 < l.weights.rows() ? ",\n" : "\n";
        }
        out += "      ],\n      \"bias\": ";
        write_vector(out, l.bias);
        out += li + 1 < net.layers.size() ? "\n    },\n" : "\n    }\n";
    }
    out += "  ],\n  \"output\": \"" + std::string(to_string(net.output)) + "\"\n}\n";
    return out;
}

std::string read_text_file(const std::filesystem::path& path) {
    if (path == "-") {
        return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(path.string() + ": is a directory; expected a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path.string() + ": cannot open file for reading");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Network load_network(const std::filesystem::path& path) {
    const std::string text = read_text_file(path);
    const std::string name = path == "-" ? "<stdin>" : path.string();
    if (path.extension() == ".nnet") return parse_network_nnet(text, name);
    return parse_network_json(text, name);
}

}  // namespace relux
