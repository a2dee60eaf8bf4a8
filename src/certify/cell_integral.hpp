#pragma once
// Exact integrals of affine functions over the cells of a region enumeration (private to
// src/certify; see proofs/equal.md).

#include "relux/geometry/regions.hpp"

#include <cstddef>
#include <vector>

namespace relux::detail {

/// Exact integral over the region of the affine function whose values at the region's vertices
/// are values[k][output]: the sum over a simplex decomposition (1-D: the interval, 2-D: a fan,
/// higher: a pulling triangulation) of vol(S) * (mean of the values at S's vertices). Asserts that
/// the simplex volumes add up to the region's volume.
Rational integral_over_region(const Region& region, const std::vector<Vector>& values, std::size_t output);

}  // namespace relux::detail
