#pragma once
// The rule that decides which region owns a vertex of a tiling (private to src/geometry; see
// owned_vertex_count in regions.hpp and proofs/regions.md, "Counting vertices").

#include "relux/geometry/box.hpp"
#include "relux/number/rational.hpp"

namespace relux::regions_detail {

/// For a facet with inward normal `normal` through the vertex v: true when the perturbed step
/// w = (s_1, s_2 delta, ...) into the box enters the facet's side, i.e. the first nonzero entry of
/// (s_i normal_i) is positive, with s_i = -1 where v lies on the box's upper face of axis i, +1
/// otherwise. A region owns v when this holds for every facet through v.
bool step_enters(const Vector& normal, const Vector& v, const Box& box);

}  // namespace relux::regions_detail
