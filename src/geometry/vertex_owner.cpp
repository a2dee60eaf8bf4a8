// Counting distinct vertices of a region tiling without storing them (see regions.hpp,
// owned_vertex_count, and proofs/regions.md, "Counting vertices").

#include "vertex_owner.hpp"

#include "relux/geometry/regions.hpp"

namespace relux {

namespace regions_detail {

bool step_enters(const Vector& normal, const Vector& v, const Box& box) {
    for (std::size_t i = 0; i < box.dim(); ++i)
        if (const int sign = normal[i].sign()) return (v[i] == box.hi[i] ? -sign : sign) > 0;
    return false;
}

}  // namespace regions_detail

std::size_t owned_vertex_count(const Region& region, const Box& box) {
    const std::size_t d = box.dim();
    std::size_t owned = 0;
    for (const Vector& v : region.vertices) {
        bool owns = true;
        for (const Halfspace& h : region.facets) {
            Rational value = h.offset;
            for (std::size_t i = 0; i < d; ++i) value += h.normal[i] * v[i];
            if (!value.is_zero()) continue;  // not a facet through v
            if (!regions_detail::step_enters(h.normal, v, box)) {
                owns = false;
                break;
            }
        }
        owned += owns;
    }
    return owned;
}

}  // namespace relux
