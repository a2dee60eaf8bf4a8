#pragma once
// Internal (not installed): JSON reading in which every number literal keeps its text, so that
// relux file readers (networks, slices, ...) read "0.1" as exactly 1/10. Shared by the readers in
// src/; nlohmann_json stays out of the public headers.

#include "relux/number/matrix.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace relux::detail {

using json = nlohmann::json;

/// Parse JSON text into a DOM in which each number literal is a JSON binary value holding its
/// literal text (see JsonReader::is_number), also for literals beyond the range of a double.
/// Duplicate keys are rejected. Throws ParseError "<source>: not valid JSON: ..." or
/// "<source>: <JSON path>: duplicate key ..." on failure.
json parse_exact_json(std::string_view text, const std::string& source);

/// Typed access to a DOM from parse_exact_json. Every failure throws ParseError
/// "<source>: <JSON path>: <what was expected, got what>".
class JsonReader {
public:
    explicit JsonReader(std::string source) : source_(std::move(source)) {}

    const std::string& source() const { return source_; }
    /// Throw ParseError naming the source, the JSON path ("top level" when empty) and `what`.
    [[noreturn]] void fail(const std::string& path, const std::string& what) const;
    /// True for a JSON number literal (as opposed to a JSON string).
    static bool is_number(const json& v);
    /// "the number 3", "the string \"a\"", "an array", ... for error messages.
    static std::string describe(const json& v);

    /// An exact number: a JSON string such as "-1/2" or a JSON number literal, read from its text.
    Rational number(const json& v, const std::string& path) const;
    /// A non-negative integer literal below 10^9 (sizes, versions).
    std::size_t count(const json& v, const std::string& path) const;
    /// A JSON string (not a number).
    std::string word(const json& v, const std::string& path) const;
    /// obj[key], or fail with "missing key".
    const json& member(const json& obj, const std::string& key, const std::string& path) const;
    /// Fail on the first key of obj that is not in `allowed`, listing the allowed keys.
    void only_keys(const json& obj, std::initializer_list<std::string_view> allowed,
                   const std::string& path) const;
    /// An array of exact numbers.
    Vector vector(const json& v, const std::string& path) const;

private:
    std::string source_;
};

}  // namespace relux::detail
