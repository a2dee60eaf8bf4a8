#pragma once
// The certificate checker's own exact polytope code (private to src/certify): affine dimension,
// simplex volumes and a pulling triangulation of conv(V) from hyperplanes that every point of V
// satisfies. Deliberately independent of src/geometry (proofs/certificate-cpwl.md, "Volumes").

#include "relux/geometry/regions.hpp"
#include "relux/number/matrix.hpp"

#include <cstddef>
#include <vector>

namespace relux::detail {

/// A simplex as indices into a point list (k + 1 indices for a k-simplex).
using SimplexIndices = std::vector<std::size_t>;

/// Exact affine dimension of the points points[i], i in `subset` (-1 when subset is empty).
int affine_dimension(const std::vector<Vector>& points, const std::vector<std::size_t>& subset);

/// Exact d-dimensional volume |det(p1 - p0, ..., pd - p0)| / d! of the simplex `simplex` (d + 1
/// indices into points of dimension d).
Rational simplex_volume(const std::vector<Vector>& points, const SimplexIndices& simplex);

/// Full-dimensional simplices with disjoint interiors inside conv(points), found by coning from the
/// first point over each facet conv(points on h) (h from `hyperplanes`, not through the apex),
/// recursively. Precondition: every point satisfies every hyperplane (normal . x + offset >= 0).
/// The simplices cover conv(points) when every facet of it lies on one of the hyperplanes; with a
/// facet missing they cover less, never more. Empty when the points are not full-dimensional.
std::vector<SimplexIndices> triangulate_polytope(const std::vector<Vector>& points,
                                                 const std::vector<Halfspace>& hyperplanes);

/// The sum of the simplex volumes of triangulate_polytope: the exact volume of conv(points) when
/// the hyperplanes contain all its facets, a smaller number otherwise. Same precondition.
Rational polytope_volume(const std::vector<Vector>& points, const std::vector<Halfspace>& hyperplanes);

}  // namespace relux::detail
