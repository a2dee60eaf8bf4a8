#pragma once
// Merging activation regions into linear regions (private to src/geometry).

#include "region_cells.hpp"

#include <cstddef>
#include <vector>

namespace relux::regions_detail {

/// Unites regions that share a facet and have equal affine maps, transitively (proofs/regions.md,
/// "Linear regions"): sets every region's linear_region, numbered by first appearance, and returns
/// the number of linear regions. With `exact`, the invariants that exact input guarantees are
/// checked (at most one neighbour across a facet).
std::size_t merge_linear_regions(std::vector<EmittedRegion>& regions, bool exact);

}  // namespace relux::regions_detail
