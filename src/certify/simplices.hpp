#pragma once
// Simplices of exact regions for the adaptive certifiers of src/certify (private): a region (1-D
// interval or 2-D convex polygon) as simplices, their exact volume, centroid and bounding box, and
// the split used to refine them.

#include "relux/certify/certificate.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/number/ball.hpp"
#include "relux/number/matrix.hpp"

#include <string>
#include <utility>
#include <vector>

namespace relux::detail {

/// A simplex (2 vertices in 1-D, 3 in 2-D) with the network's affine map on it.
struct MapSimplex {
    std::vector<Vector> vertices;
    const AffineMap* map = nullptr;
    std::size_t region = 0;  ///< index of the region it comes from
};

/// The regions as simplices (the interval in 1-D, a fan from the first vertex of the
/// counter-clockwise polygon in 2-D); the maps point into `regions`. Precondition: d is 1 or 2.
std::vector<MapSimplex> region_simplices(const std::vector<Region>& regions, std::size_t d);

/// Exact volume (length or area) of a 1-D or 2-D simplex.
Rational simplex_volume(const std::vector<Vector>& v);

/// The vertex average (the centroid of a simplex).
Vector vertex_average(const std::vector<Vector>& v);

/// The bounding box of the points, one exact interval per axis.
std::vector<Interval> bounding_box(const std::vector<Vector>& v);

/// Two halves: 1-D at the midpoint, 2-D across the midpoint of the longest edge (shapes stay
/// bounded: longest-edge bisection).
std::pair<std::vector<Vector>, std::vector<Vector>> split_simplex(const std::vector<Vector>& v);

/// A certificate cell for a simplex inside `region` (docs/certificate-format.md): its vertices, its
/// facets (1-D: the two ends; 2-D: the three edges, tagged "split"), the region's pattern and map,
/// sign 0 and the given bound. Precondition: the simplex lies in the region and is non-degenerate.
CertificateCell simplex_cell(const std::vector<Vector>& vertices, const Region& region,
                             const Interval& bound);

/// 1-D cells (intervals) sorted from left to right, as 1-D certificates list them; cells of other
/// dimensions are left as they are.
void order_intervals(std::vector<CertificateCell>& cells);

/// "(1/2, 3)".
std::string point_text(const Vector& x);

/// x rounded down (up) to a multiple of 2^-bits: keeps sums of many cell bounds small, the
/// rounding going outward so that enclosures stay enclosures.
Rational round_down(const Rational& x, long bits);
Rational round_up(const Rational& x, long bits);

/// Working precision for a tolerance: about log2(1/tol) + 48 bits, at least 64.
long precision_for_tolerance(const Rational& tol);

}  // namespace relux::detail
