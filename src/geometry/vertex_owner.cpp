// Counting distinct vertices of a region tiling without storing them (see regions.hpp,
// owned_vertex_count, and proofs/regions.md, "Counting vertices").

#include "relux/geometry/regions.hpp"

namespace relux {

std::size_t owned_vertex_count(const Region& region, const Box& box) {
    const std::size_t d = box.dim();
    std::size_t owned = 0;
    for (const Vector& v : region.vertices) {
        bool owns = true;
        for (const Halfspace& h : region.facets) {
            Rational value = h.offset;
            for (std::size_t i = 0; i < d; ++i) value += h.normal[i] * v[i];
            if (!value.is_zero()) continue;  // not a facet through v
            // The sign of normal . w for w = (s_1, s_2 delta, ...): its first nonzero term.
            int sign = 0;
            for (std::size_t i = 0; i < d && sign == 0; ++i) {
                const int s = v[i] == box.hi[i] ? -1 : 1;
                sign = s * h.normal[i].sign();
            }
            if (sign <= 0) {
                owns = false;
                break;
            }
        }
        owned += owns;
    }
    return owned;
}

}  // namespace relux
