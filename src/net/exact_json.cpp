#include "exact_json.hpp"

#include "relux/error.hpp"

#include <cmath>
#include <cstdlib>
#include <vector>

namespace relux::detail {

namespace {

// JSON number literals are kept as their text in a JSON *binary* value: JSON text can never
// produce a binary value, so a number can never be confused with a string.
json number_value(std::string_view text) {
    return json::binary(json::binary_t::container_type(text.begin(), text.end()));
}

// Marks a string that stands for a number literal too large for a double (see parse_exact_json).
constexpr std::string_view big_number_marker = "\x1f relux big number ";

/// SAX handler that builds a DOM in which every number is its literal text.
class ExactDomBuilder : public nlohmann::json_sax<json> {
public:
    json root;
    bool accept_big_numbers = false;

    bool null() override { return put(nullptr); }
    bool boolean(bool b) override { return put(b); }
    bool number_integer(number_integer_t v) override { return put(number_value(std::to_string(v))); }
    bool number_unsigned(number_unsigned_t v) override { return put(number_value(std::to_string(v))); }
    bool number_float(number_float_t, const string_t& text) override { return put(number_value(text)); }
    bool string(string_t& s) override {
        if (accept_big_numbers && s.starts_with(big_number_marker))
            return put(number_value(std::string_view(s).substr(big_number_marker.size())));
        return put(s);
    }
    bool binary(binary_t&) override { return put(nullptr); }
    bool start_object(std::size_t) override { return open(json::object(), container_path()); }
    bool key(string_t& k) override {
        pending_key_ = k;
        if (stack_.back()->contains(k)) {
            duplicate_ = k;
            return false;
        }
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(json::array(), container_path()); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) override {
        error_ = ex.what();
        error_id_ = ex.id;
        return false;
    }
    const std::string& error() const { return error_; }
    int error_id() const { return error_id_; }
    const std::string& duplicate_key() const { return duplicate_; }
    /// JSON path of the innermost open container ("" at the top level).
    const std::string& current_path() const {
        static const std::string top;
        return paths_.empty() ? top : paths_.back();
    }

private:
    /// Path of a value about to be placed in the innermost open container.
    std::string container_path() const {
        if (stack_.empty()) return "";
        const std::string& base = paths_.back();
        if (stack_.back()->is_array()) return base + "[" + std::to_string(stack_.back()->size()) + "]";
        return base.empty() ? pending_key_ : base + "." + pending_key_;
    }
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
    bool put(json v) {
        place(std::move(v));
        return true;
    }
    bool open(json v, std::string path) {
        stack_.push_back(place(std::move(v)));
        paths_.push_back(std::move(path));
        return true;
    }
    bool close() {
        stack_.pop_back();
        paths_.pop_back();
        return true;
    }

    std::vector<json*> stack_;
    std::vector<std::string> paths_;
    std::string pending_key_;
    std::string error_;
    int error_id_ = 0;
    std::string duplicate_;
};

bool is_number_char(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/// nlohmann_json rejects number literals whose double value overflows (1e400, a 400-digit
/// integer), although relux reads them exactly. This rewrites each such literal outside strings
/// as a marked string that the builder turns back into a number. Returns false (and leaves `out`
/// alone) when there is nothing to rewrite, or when some string in the text already contains a
/// U+001F escape, so that a marker can never come from the input itself.
bool quote_big_numbers(std::string_view text, std::string& out) {
    std::string result;
    bool changed = false;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '"') {
            std::size_t j = i + 1;
            while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
            const std::string_view literal = text.substr(i, j + 1 - i);
            for (std::size_t k = literal.find("\\u00"); k != std::string_view::npos;
                 k = literal.find("\\u00", k + 1))
                if (k + 5 < literal.size() && literal[k + 4] == '1' &&
                    (literal[k + 5] == 'f' || literal[k + 5] == 'F'))
                    return false;
            result += literal;
            i = j + 1;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            std::size_t j = i;
            while (j < text.size() && is_number_char(text[j])) ++j;
            const std::string literal(text.substr(i, j - i));
            char* end = nullptr;
            const double value = std::strtod(literal.c_str(), &end);
            if (end == literal.c_str() + literal.size() && !std::isfinite(value)) {
                result += "\"\\u001f" + std::string(big_number_marker.substr(1)) + literal + "\"";
                changed = true;
            } else {
                result += literal;
            }
            i = j;
        } else {
            result += c;
            ++i;
        }
    }
    if (changed) out = std::move(result);
    return changed;
}

}  // namespace

json parse_exact_json(std::string_view text, const std::string& source) {
    ExactDomBuilder builder;
    bool ok = json::sax_parse(text.begin(), text.end(), &builder);
    if (!ok && builder.error_id() == 406) {  // number overflow: retry with those literals quoted
        std::string quoted;
        if (quote_big_numbers(text, quoted)) {
            builder = ExactDomBuilder();
            builder.accept_big_numbers = true;
            ok = json::sax_parse(quoted.begin(), quoted.end(), &builder);
        }
    }
    if (!ok) {
        const std::string& path = builder.current_path();
        if (!builder.duplicate_key().empty())
            throw ParseError(source + ": " + (path.empty() ? "top level" : path) + ": duplicate key \"" +
                             builder.duplicate_key() + "\"");
        std::string msg = builder.error();
        if (auto p = msg.find("parse error"); p != std::string::npos) msg = msg.substr(p);
        if (auto p = msg.find("] "); msg.starts_with("[json.exception") && p != std::string::npos)
            msg = msg.substr(p + 2);
        throw ParseError(source + ": not valid JSON: " + msg);
    }
    return std::move(builder.root);
}

void JsonReader::fail(const std::string& path, const std::string& what) const {
    throw ParseError(source_ + ": " + (path.empty() ? "top level" : path) + ": " + what);
}

bool JsonReader::is_number(const json& v) { return v.is_binary(); }

namespace {
std::string number_text(const json& v) {
    const auto& bytes = v.get_binary();
    return std::string(bytes.begin(), bytes.end());
}
}  // namespace

std::string JsonReader::describe(const json& v) {
    if (is_number(v)) return "the number " + number_text(v);
    if (v.is_string()) return "the string \"" + v.get<std::string>() + "\"";
    if (v.is_array()) return "an array";
    if (v.is_object()) return "an object";
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    return "null";
}

Rational JsonReader::number(const json& v, const std::string& path) const {
    if (!v.is_string() && !is_number(v))
        fail(path, "expected a number (a string such as \"-1/2\" or a JSON number), got " + describe(v));
    const std::string text = is_number(v) ? number_text(v) : v.get<std::string>();
    try {
        return Rational::parse(text);
    } catch (const ParseError& e) {
        fail(path, e.what());
    }
}

std::size_t JsonReader::count(const json& v, const std::string& path) const {
    if (!is_number(v)) fail(path, "expected a positive integer, got " + describe(v));
    const std::string text = number_text(v);
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
        fail(path, "expected a positive integer, got " + text);
    return std::stoul(text);
}

std::string JsonReader::word(const json& v, const std::string& path) const {
    if (!v.is_string()) fail(path, "expected a string, got " + describe(v));
    return v.get<std::string>();
}

const json& JsonReader::member(const json& obj, const std::string& key, const std::string& path) const {
    auto it = obj.find(key);
    if (it == obj.end()) fail(path, "missing key \"" + key + "\"");
    return *it;
}

void JsonReader::only_keys(const json& obj, std::initializer_list<std::string_view> allowed,
                           const std::string& path) const {
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

Vector JsonReader::vector(const json& v, const std::string& path) const {
    if (!v.is_array()) fail(path, "expected an array of numbers, got " + describe(v));
    Vector out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        out.push_back(number(v[i], path + "[" + std::to_string(i) + "]"));
    return out;
}

}  // namespace relux::detail
