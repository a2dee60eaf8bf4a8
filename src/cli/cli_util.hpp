#pragma once
// Small helpers shared by the subcommands: reading points from arguments, exact JSON values,
// decimal approximations for humans, writing results to a file or stdout.

#include "relux/net/evaluate.hpp"
#include "relux/number/ball.hpp"
#include "relux/number/matrix.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace relux::cli {

using Json = nlohmann::ordered_json;

/// The exact point of "1/2, 3, -0.25" (comma-separated exact numbers, spaces allowed). Throws
/// ParseError naming the option, the text and the coordinate; InvalidArgument naming `what`
/// (e.g. "the network net.json") and its expected dimension when the count differs.
Vector parse_point(std::string_view text, std::size_t expected_dim, std::string_view option,
                   std::string_view what);

/// "1/2, 3": exact canonical coordinates separated by ", ".
std::string point_text(const Vector& x);

/// About `digits` significant decimal digits of the midpoint of `i` ("0.268941421369995",
/// "1.2e-40"), fewer when the interval is too wide for them ("1.52" for [1.51, 1.53]): for humans
/// only, never a claimed result.
std::string approx_text(const Interval& i, long digits = 15);

/// JSON arrays of exact numbers as strings: ["1/2", "3"] and [["1", "0"], ["0", "1"]].
Json exact_json(const Vector& v);
Json exact_json(const Matrix& m);
/// {"A": [[...]], "b": [...]}.
Json exact_json(const AffineMap& map);

/// JSON text with a final newline, indented by 2, but with arrays of numbers and small objects
/// of scalars kept on one line ("A": [["1", "0"], ["0", "1"]]) so that results stay readable.
std::string pretty_json(const Json& j);

/// Write `text` to the file `path`, or to stdout when path is empty or "-". Throws Error naming
/// the file when it cannot be written.
void write_output(const std::string& text, const std::string& path);

}  // namespace relux::cli
