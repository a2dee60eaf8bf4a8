#pragma once
// Region enumeration results as text, JSON and CSV (DESIGN.md, "Command line"). Every number
// printed is exact ("7/12"); nothing here rounds.

#include "relux/geometry/box.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/geometry/slice.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace relux {

/// What a RegionResult was computed over, for labels and provenance in the reports.
struct RegionReportInfo {
    Box box;                     ///< the enumerated box (over t for a slice)
    bool linear = false;         ///< linear regions were computed: linear_region fields are valid
    std::optional<Slice> slice;  ///< set when the regions live on a slice (coordinates t1, t2)
    std::string network;         ///< the network's file name, for titles (may be empty)

    /// "t" on a slice, "x" otherwise: coordinates are named x1, x2, ... or t1, t2.
    std::string_view variable() const { return slice ? "t" : "x"; }
};

/// Put a result into canonical order so that output does not depend on the engine's order or
/// thread count: vertices sorted (lexicographically; counter-clockwise from the lowest-left one in
/// 2-D), regions sorted by their sorted vertex lists, then by pattern, and linear regions
/// renumbered by first appearance.
void sort_regions_canonically(RegionResult& result);

/// "neuron 0:3" (layer index : neuron index, both from 0), "box x1 >= -1/2", "box t2 <= 1".
std::string facet_source_text(const Halfspace& facet, const RegionReportInfo& info);

/// "y = 2 x1 - 1/2 x2 + 3" (one output) or "y1 = ...; y2 = ..." with exact coefficients. When
/// max_chars != 0, a coefficient whose exact text is longer is shown as a decimal marked "~"
/// (see short_text).
std::string affine_text(const AffineMap& map, std::string_view variable, std::size_t max_chars = 0);

/// The exact text of x when it has at most max_chars characters, else "~" and about 10
/// significant digits ("~0.01234567891"), for people reading a terminal; never for a result.
std::string short_text(const Rational& x, std::size_t max_chars);

/// The longest exact number the text reports print in full (regions_text, `regions --count-only`).
inline constexpr std::size_t kShownChars = 24;

/// Human-readable report: a PARTIAL line first and last when partial, the counts, the total
/// volume, then one line per region (index, pattern, volume, [linear region,] map). Numbers are
/// exact unless longer than 24 characters (trained networks give rationals with thousands of
/// digits): those are shown "~" approximately, with a note that --json and --csv are exact.
std::string regions_text(const RegionResult& result, const RegionReportInfo& info);

/// The JSON of DESIGN.md: {"activation_regions", ["linear_regions",] "volume", "box", ["slice",]
/// "partial", ["stop_reason",] "regions": [{"pattern", "vertices", "volume", "facets",
/// "affine", ["linear_region"]}]}, exact numbers as strings, one region a line.
std::string regions_json(const RegionResult& result, const RegionReportInfo& info);

/// CSV, one row per region after a header: region, pattern, volume, [linear_region,] A1_1 ...
/// Am_d (row-major), b1 ... bm. Exact numbers; no quoting needed (no field holds a comma).
std::string regions_csv(const RegionResult& result, const RegionReportInfo& info);

}  // namespace relux
