#pragma once
// Affine slices x = x0 + A t of a network's input space, with t in a 1-D or 2-D box, and their
// file format ("relux-slice", docs/slice-format.md).

#include "relux/geometry/box.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/net/network.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace relux {

/// The affine slice t -> origin + sum_k t_k directions[k], t in box. Invariant (checked by
/// validate()): one or two directions, linearly independent, each with origin.size() entries;
/// box.dim() == directions.size().
struct Slice {
    Vector origin;                   ///< x0 (input_dim entries)
    std::vector<Vector> directions;  ///< the columns of A (1 or 2)
    Box box;                         ///< over t

    std::size_t input_dim() const { return origin.size(); }
    std::size_t dim() const { return directions.size(); }
    /// The exact point x0 + A t. Throws InvalidArgument when t.size() != dim().
    Vector point(const Vector& t) const;
    /// A as an input_dim x dim matrix.
    Matrix matrix() const;
    /// Throws InvalidArgument naming what does not fit (sizes, dependent directions, box).
    void validate() const;
    /// The slice through points a, b (1-D) or a, b, c (2-D): origin a, directions b - a (and
    /// c - a), t in [0, 1]^k. Throws InvalidArgument when the points are affinely dependent.
    static Slice through(const std::vector<Vector>& points);

    friend bool operator==(const Slice&, const Slice&) = default;
};

/// Parse a relux-slice v1 JSON text. `source` names the file in messages. Numbers (strings or JSON
/// number literals) are read exactly. Throws ParseError or InvalidArgument naming source, JSON
/// path and what was expected; when expected_input_dim != 0 a slice of another input dimension
/// is an InvalidArgument.
Slice parse_slice_json(std::string_view text, const std::string& source, std::size_t expected_input_dim = 0);

/// Read a slice file ("-" is standard input). Throws Error naming the file.
Slice load_slice(const std::filesystem::path& path, std::size_t expected_input_dim = 0);

/// Canonical relux-slice v1 text (origin/directions form); parse_slice_json(write_slice_json(s)) == s.
std::string write_slice_json(const Slice& slice);

/// The exact network t -> net(x0 + A t) on R^dim: the slice is folded into the first layer when
/// that layer is not residual, otherwise an identity layer x0 + A t is prepended (see
/// slice_layer_offset). Throws InvalidArgument when slice.input_dim() != net.input_dim.
Network compose_slice(const Network& net, const Slice& slice);

/// How many layers compose_slice(net, slice) puts before net's first layer (0 or 1).
std::size_t slice_layer_offset(const Network& net);

/// Rewrite the regions of compose_slice(net, slice) so that patterns and facet sources refer to
/// net's layers (drops the prepended identity layer, if any). Vertices stay in t coordinates.
void map_slice_regions_to_network(RegionResult& result, const Network& net);

}  // namespace relux
