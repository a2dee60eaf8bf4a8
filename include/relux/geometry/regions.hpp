#pragma once
// Exact enumeration of the activation regions and linear regions of a CPWL network over a box.

#include "relux/geometry/box.hpp"
#include "relux/net/evaluate.hpp"
#include "relux/net/network.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace relux {

/// Where a facet of a region comes from.
struct FacetSource {
    enum class Kind { box_lower, box_upper, neuron } kind = Kind::neuron;
    std::size_t layer = 0;  ///< neuron: index into Network::layers
    std::size_t index = 0;  ///< neuron: index in the layer; box faces: the axis
    friend bool operator==(const FacetSource&, const FacetSource&) = default;
};

/// The closed halfspace { x : normal . x + offset >= 0 }. For a facet of a region from a neuron,
/// normal . x + offset is the neuron's exact pre-activation on the region (negated when the
/// neuron is inactive there); from a box face it is x_i - lo_i or hi_i - x_i.
struct Halfspace {
    Vector normal;
    Rational offset;
    FacetSource source;
};

/// One activation region: the closure of the full-dimensional set of inputs in the box that
/// share one activation pattern. Everything is exact.
struct Region {
    ActivationPattern pattern;       ///< states of the pattern neurons; `zero` only for a neuron
                                     ///< whose pre-activation vanishes on the whole region
    std::vector<Halfspace> facets;   ///< irredundant H-representation, one entry per facet; a
                                     ///< facet on which several neurons (or a neuron and a box
                                     ///< face) vanish is listed once, tagged by one of them
    std::vector<Vector> vertices;    ///< exact vertices, each listed once (2-D: counter-clockwise)
    Rational volume;                 ///< exact d-dimensional volume (> 0)
    AffineMap affine;                ///< the network's output map on the region
    std::size_t linear_region = 0;   ///< index of its linear region (when requested), numbered
                                     ///< 0, 1, ... in order of first appearance
    std::size_t owned_vertices = 0;  ///< how many of its vertices it owns (owned_vertex_count,
                                     ///< found by the enumeration from its exact incidences): over
                                     ///< a whole run they add up to the distinct vertices
};

struct RegionOptions {
    bool linear = false;            ///< merge into linear regions
    std::size_t max_regions = 0;    ///< stop after this many regions (0 = no limit)
    double time_limit_seconds = 0;  ///< stop after this long (0 = no limit)
    bool float_filter = true;       ///< let double arithmetic propose, confirm exactly (the
                                    ///< result is the same either way; only speed differs)
    bool exact = true;              ///< false: float-only run of the same algorithm, for
                                    ///< benchmarks (results unclaimed, rounded to rationals)
    int threads = 0;                ///< 0 = TBB's default, 1 = no parallelism
    /// Called now and then (at most every 0.2 s, one call at a time, possibly from a worker
    /// thread) with (regions so far, cells in progress), and once at the end; for progress bars.
    std::function<void(std::size_t, std::size_t)> progress;
    /// false: stream instead of storing. Each region is handed to on_region (when set; one call
    /// at a time, in an order that depends on the threads) and then dropped, so memory does not
    /// grow with the number of regions; RegionResult::regions stays empty while count and volume
    /// are exact. Not with linear (the merge needs every region).
    bool keep_regions = true;
    std::function<void(const Region&)> on_region;
};

struct RegionResult {
    std::vector<Region> regions;     ///< activation regions (complete unless partial), in a
                                     ///< fixed order that does not depend on the thread count
    std::size_t count = 0;           ///< activation regions found (regions.size() unless streamed)
    std::size_t linear_regions = 0;  ///< number of linear regions (when requested)
    Rational volume;                 ///< sum of the regions' volumes (== box volume when whole)
    bool partial = false;            ///< a limit stopped the run before every cell was finished;
                                     ///< the regions listed are exact, others are missing
    std::string stop_reason;         ///< why, and how far it got, when partial
};

/// Every activation region of a CPWL network (relu, leaky_relu, identity layers, residual
/// allowed, identity output) inside `box`, as exact polyhedra (cell splitting, proofs/regions.md).
/// Lower-dimensional pieces are never reported; degenerate networks (coinciding hyperplanes, dead
/// neurons, hyperplanes through one vertex or along a box face) are handled exactly. Throws
/// InvalidArgument when the network is not piecewise linear, the box dimension differs from the
/// input dimension, a box axis has no width or an option is out of range.
RegionResult enumerate_regions(const Network& net, const Box& box, const RegionOptions& options = {});

/// How many of the region's vertices it owns. Vertex v is owned by the one region that contains
/// v + eps w for all small eps > 0, with w = (s_1, s_2 delta, s_3 delta^2, ...) for an infinitesimal
/// delta > 0 and s_i = -1 where v lies on the box's upper face of axis i, +1 otherwise (so the
/// point moves into the box): the region owns v when every facet through v has a normal whose
/// first nonzero entry of (s_i normal_i) is positive. Exactly one region of a tiling of the box
/// owns each vertex, so summing over the regions counts the distinct vertices without storing them
/// (proofs/regions.md, "Counting vertices"). Exact; needs the region's facets and vertices.
std::size_t owned_vertex_count(const Region& region, const Box& box);

}  // namespace relux
