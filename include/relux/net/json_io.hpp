#pragma once
// relux JSON v1 network files (DESIGN.md, "Network file").

#include "relux/net/network.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace relux {

/// Parse relux JSON v1 text. `source` names the file in error messages. Numbers (JSON strings
/// or JSON number literals, of any size) are read exactly from their text. Throws ParseError
/// (bad JSON, keys, values) or InvalidNetwork (widths, sizes, empty network) naming source,
/// the JSON path ("layers[1].weights[0][2]") and what was expected; on error nothing is returned.
Network parse_network_json(std::string_view text, const std::string& source);

/// Canonical relux JSON v1 text: numbers as canonical exact strings, one weight row a line.
/// parse_network_json(write_network_json(n)) == n and writing again gives the same bytes.
std::string write_network_json(const Network& net);

/// Read a network file: NNet when the name ends in ".nnet", relux JSON otherwise. "-" reads
/// standard input as JSON. Throws Error (naming the file) when it cannot be read or parsed.
Network load_network(const std::filesystem::path& path);

/// Read a whole file; throws Error naming the file when it cannot be opened.
std::string read_text_file(const std::filesystem::path& path);

}  // namespace relux
