#include "relux/net/json_io.hpp"

#include "relux/error.hpp"
#include "relux/net/nnet.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace relux {

namespace {

using json = nlohmann::json;

// JSON number literals are kept as their text, tagged with this prefix so that they can be told
// apart from JSON strings (a JSON string can only hold U+001F escaped, which no number uses).
constexpr char number_tag = '\x1f';

/// SAX handler that builds a DOM in which every number is its literal text.
class ExactDomBuilder : public nlohmann::json_sax<json> {
public:
    json root;

    bool null() override { return put(nullptr); }
    bool boolean(bool b) override { return put(b); }
    bool number_integer(number_integer_t v) override { return put(number_tag + std::to_string(v)); }
    bool number_unsigned(number_unsigned_t v) override { return put(number_tag + std::to_string(v)); }
    bool number_float(number_float_t, const string_t& text) override { return put(number_tag + text); }
    bool string(string_t& s) override { return put(s); }
    bool binary(binary_t&) override { return put(nullptr); }
    bool start_object(std::size_t) override { return open(json::object()); }
    bool key(string_t& k) override {
        pending_key_ = k;
        if (stack_.back()->contains(k)) {
            duplicate_ = k;
            return false;
        }
        return true;
    }
    bool end_object() override { stack_.pop_back(); return true; }
    bool start_array(std::size_t) override { return open(json::array()); }
    bool end_array() override { stack_.pop_back(); return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) override {
        error_ = ex.what();
        return false;
    }
    const std::string& error() const { return error_; }
    const std::string& duplicate_key() const { return duplicate_; }

private:
    json* place(json v) {
        if (stack_.empty()) {
            root = std::move(v);
            return &root;
        }
        json& parent = *stack_.back();
        if (parent.is_array()) {
            parent.push_back(std::move(v));
            return &parent.back();
        }
        json& slot = parent[pending_key_];
        slot = std::move(v);
        return &slot;
    }
    bool put(json v) { place(std::move(v)); return true; }
    bool open(json v) { stack_.push_back(place(std::move(v))); return true; }

    std::vector<json*> stack_;
    std::string pending_key_;
    std::string error_;
    std::string duplicate_;
};

class Reader {
public:
    explicit Reader(std::string source) : source_(std::move(source)) {}

    [[noreturn]] void fail(const std::string& path, const std::string& what) const {
        throw ParseError(source_ + ": " + (path.empty() ? "top level" : path) + ": " + what);
    }

    static bool is_number(const json& v) {
        return v.is_string() && !v.get_ref<const std::string&>().empty() &&
               v.get_ref<const std::string&>()[0] == number_tag;
    }

    static std::string describe(const json& v) {
        if (is_number(v)) return "the number " + v.get<std::string>().substr(1);
        if (v.is_string()) return "the string \"" + v.get<std::string>() + "\"";
        if (v.is_array()) return "an array";
        if (v.is_object()) return "an object";
        if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
        return "null";
    }

    Rational number(const json& v, const std::string& path) const {
        if (!v.is_string()) fail(path, "expected a number (a string such as \"-1/2\" or a JSON number), got " + describe(v));
        std::string text = v.get<std::string>();
        if (is_number(v)) text.erase(0, 1);
        try {
            return Rational::parse(text);
        } catch (const ParseError& e) {
            fail(path, e.what());
        }
    }

    std::size_t count(const json& v, const std::string& path) const {
        if (!is_number(v)) fail(path, "expected a positive integer, got " + describe(v));
        std::string text = v.get<std::string>().substr(1);
        if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
            fail(path, "expected a positive integer, got " + text);
        return std::stoul(text);
    }

    std::string word(const json& v, const std::string& path) const {
        if (!v.is_string() || is_number(v)) fail(path, "expected a string, got " + describe(v));
        return v.get<std::string>();
    }

    const json& member(const json& obj, const std::string& key, const std::string& path) const {
        auto it = obj.find(key);
        if (it == obj.end()) fail(path, "missing key \"" + key + "\"");
        return *it;
    }

    void only_keys(const json& obj, std::initializer_list<std::string_view> allowed, const std::string& path) const {
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            bool ok = false;
            for (auto a : allowed) ok = ok || it.key() == a;
            if (!ok) {
                std::string list;
                for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                fail(path, "unknown key \"" + it.key() + "\"; expected one of: " + list);
            }
        }
    }

    Vector vector(const json& v, const std::string& path) const {
        if (!v.is_array()) fail(path, "expected an array of numbers, got " + describe(v));
        Vector out;
        out.reserve(v.size());
        for (std::size_t i = 0; i < v.size(); ++i) out.push_back(number(v[i], path + "[" + std::to_string(i) + "]"));
        return out;
    }

    Layer layer(const json& v, const std::string& path, std::size_t in_width) const {
        if (!v.is_object()) fail(path, "expected a layer object, got " + describe(v));
        only_keys(v, {"weights", "bias", "activation", "slope", "residual"}, path);
        Layer l;
        const json& w = member(v, "weights", path);
        const std::string wpath = path + ".weights";
        if (!w.is_array()) fail(wpath, "expected an array of rows, got " + describe(w));
        if (w.empty()) fail(wpath, "expected at least one row (a layer needs at least one neuron)");
        l.weights = Matrix(w.size(), in_width);
        for (std::size_t i = 0; i < w.size(); ++i) {
            const std::string rpath = wpath + "[" + std::to_string(i) + "]";
            if (!w[i].is_array()) fail(rpath, "expected a row (an array of numbers), got " + describe(w[i]));
            if (w[i].size() != in_width)
                fail(rpath, "row has " + std::to_string(w[i].size()) + " entries; expected " +
                                std::to_string(in_width) + " (the width of the previous layer)");
            for (std::size_t j = 0; j < in_width; ++j)
                l.weights(i, j) = number(w[i][j], rpath + "[" + std::to_string(j) + "]");
        }
        l.bias = vector(member(v, "bias", path), path + ".bias");
        if (l.bias.size() != w.size())
            fail(path + ".bias", "has " + std::to_string(l.bias.size()) + " entries; expected " +
                                     std::to_string(w.size()) + " (one per row of weights)");
        const std::string act = word(member(v, "activation", path), path + ".activation");
        if (act == "relu") l.activation = Activation::relu;
        else if (act == "identity") l.activation = Activation::identity;
        else if (act == "leaky_relu") l.activation = Activation::leaky_relu;
        else if (act == "square") l.activation = Activation::square;
        else fail(path + ".activation", "unknown activation \"" + act + "\"; expected relu, identity, leaky_relu or square");
        if (l.activation == Activation::leaky_relu) {
            l.slope = number(member(v, "slope", path), path + ".slope");
        } else if (v.contains("slope")) {
            fail(path + ".slope", "only a leaky_relu layer has a slope");
        }
        if (auto it = v.find("residual"); it != v.end()) {
            if (!it->is_boolean()) fail(path + ".residual", "expected true or false, got " + describe(*it));
            l.residual = it->get<bool>();
            if (l.residual && l.weights.rows() != in_width)
                fail(path + ".residual", "a residual layer must have as many neurons (" + std::to_string(w.size()) +
                                             ") as inputs (" + std::to_string(in_width) + ")");
        }
        return l;
    }

    Network network(const json& root) const {
        if (!root.is_object()) fail("", "expected a JSON object, got " + describe(root));
        only_keys(root, {"format", "version", "input_dim", "layers", "output"}, "");
        if (word(member(root, "format", ""), "format") != "relux-network")
            fail("format", "expected \"relux-network\"");
        if (count(member(root, "version", ""), "version") != 1) fail("version", "expected 1 (the only version)");
        Network net;
        net.input_dim = count(member(root, "input_dim", ""), "input_dim");
        if (net.input_dim == 0) fail("input_dim", "expected a positive integer, got 0");
        const json& layers = member(root, "layers", "");
        if (!layers.is_array()) fail("layers", "expected an array of layers, got " + describe(layers));
        if (layers.empty()) fail("layers", "expected at least one layer (the network is empty)");
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

private:
    std::string source_;
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
    ExactDomBuilder builder;
    const bool ok = json::sax_parse(text.begin(), text.end(), &builder);
    if (!ok) {
        if (!builder.duplicate_key().empty())
            throw ParseError(source + ": duplicate key \"" + builder.duplicate_key() + "\"");
        std::string msg = builder.error();
        if (auto p = msg.find("parse error"); p != std::string::npos) msg = msg.substr(p);
        throw ParseError(source + ": not valid JSON: " + msg);
    }
    return Reader(source).network(builder.root);
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
