#pragma once
// Cells of the region engine (private to src/geometry): convex polytopes with an H- and a
// V-representation, split by one hyperplane at a time (proofs/regions.md).

#include "region_kernel.hpp"
#include "relux/geometry/regions.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <string>
#include <vector>

namespace relux::regions_detail {

/// A facet's hyperplane, shared (read-only) by every piece that carries the facet.
template <class K>
struct FacetEquation {
    typename K::Plane plane;  ///< neuron: the stored pre-activation on the cell; box: inward
    FacetSource source;
    Vector normal;    ///< the output form: neuron: its true pre-activation on the cell,
    Rational offset;  ///< normal . x + offset; box: the inward face x_i - lo, hi - x_i
};

/// One facet of a piece.
template <class K>
struct FacetRecord {
    const FacetEquation<K>* eq = nullptr;
    signed char orient = 1;           ///< +1: plane >= 0 on the piece; -1: plane <= 0
    std::uint32_t table = 0;          ///< id in the current layer's facet table (tight bits)
    std::vector<std::uint32_t> mask;  ///< further pattern neurons (flat ids) vanishing on the
                                      ///< facet's hyperplane, besides its source
};

/// The split decisions leading to a piece (0: the h >= 0 side, 1: the h <= 0 side), one bit each.
/// Ordering regions by path gives the depth-first order, whatever the thread count.
struct SplitPath {
    Small<std::uint64_t> words;  ///< bit i at words[i / 64], most significant bit first
    std::uint32_t length = 0;
    void push(bool bit) {
        if (length % 64 == 0) words.push_back(0);
        if (bit) words.back() |= std::uint64_t(1) << (63 - length % 64);
        ++length;
    }
    /// Lexicographic order; a prefix comes first.
    friend bool operator<(const SplitPath& a, const SplitPath& b) {
        const std::size_t n = std::min(a.words.size(), b.words.size());
        for (std::size_t w = 0; w < n; ++w)
            if (a.words[w] != b.words[w]) return a.words[w] < b.words[w];
        return a.length < b.length;
    }
};

/// A full-dimensional convex polytope during the enumeration. Planar pieces (d = 2) keep their
/// vertices as a counter-clockwise cycle, facets[i] being the edge verts[i] -> verts[i+1];
/// other dimensions keep, per vertex, the bits (by table id) of the facets tight at it.
template <class K>
struct Piece {
    std::vector<const typename K::Point*> verts;
    std::vector<FacetRecord<K>> facets;
    std::vector<std::uint64_t> tight;  ///< d != 2: verts.size() rows of `words` words
    std::vector<signed char> pattern;  ///< state of every pattern neuron (flat), when decided
    SplitPath path;                    ///< split decisions from the box: orders the output
    /// The next layer's stored pre-activations, rows of d + 1, summed over the neurons decided so
    /// far (the rest is added when they are decided; shared by all descendants).
    std::vector<typename K::Num> acc;
};

/// A region as emitted by the engine, with what the linear-region merge needs.
struct EmittedRegion {
    Region region;
    std::vector<signed char> flat;           ///< the pattern, flat
    std::vector<Small<std::uint32_t>> wild;  ///< per facet: neurons vanishing on its
                                             ///< hyperplane (empty for box facets)
    SplitPath path;
};

// Bit rows -------------------------------------------------------------------------------------

inline std::size_t words_for(std::size_t bits) { return (bits + 63) / 64; }
inline void set_bit(std::uint64_t* row, std::size_t i) { row[i / 64] |= std::uint64_t(1) << (i % 64); }
inline bool test_bit(const std::uint64_t* row, std::size_t i) { return (row[i / 64] >> (i % 64)) & 1; }

}  // namespace relux::regions_detail
