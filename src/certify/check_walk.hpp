#pragma once
// The certificate checker's network walk (private to src/certify): the activation pattern and the
// affine map of a network on conv(vertices), recomputed exactly layer by layer
// (proofs/certificate-cpwl.md §1(b)), and a cache that does the layer-by-layer part once per
// distinct claimed pattern, leaving only the sign tests at the cell's vertices per cell.

#include "relux/net/evaluate.hpp"
#include "relux/net/network.hpp"
#include "relux/number/matrix.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace relux::detail {

/// The first failing item of a certificate; thrown by check_fail, caught in check_certificate.
struct CheckFailed {
    std::string what;
};

/// Throws CheckFailed{what}.
[[noreturn]] void check_fail(std::string what);

/// A network's pattern string and affine map on a cell.
struct NetworkWalk {
    std::string pattern;
    AffineMap map;
};

/// The pattern and map of `net` on conv(vertices), recomputed layer by layer: each neuron's
/// pre-activation is affine given the states found so far; it must be identically zero ('0') or
/// keep one sign at every vertex ('+' / '-', '-' when negative at some vertex). Throws CheckFailed
/// ("<where>: <label> neuron L.I changes sign between vertices j and k") otherwise; layer numbers
/// are net's minus layer_offset.
NetworkWalk walk_network(const Network& net, std::size_t layer_offset, const std::vector<Vector>& vertices,
                         const std::string& where, const std::string& label);

/// The walk with every neuron state fixed by a claimed pattern string: the pre-activation of each
/// neuron that is not identically zero, with its claimed sign, and the final map. Valid only when
/// the string has the network's shape and claims '0' exactly for the identically-zero neurons.
struct PatternWalk {
    bool valid = false;
    std::vector<Vector> rows;  ///< pre-activation z(x) = rows[k] . x + offsets[k]
    std::vector<Rational> offsets;
    std::vector<char> states;        ///< '+' (z >= 0 required) or '-' (z <= 0, and < 0 somewhere)
    AffineMap map;                   ///< the network's map on any cell where the states hold
    bool one_dim = false;            ///< input dimension 1: the states hold on [lo, hi] (below)
    bool interval_empty = false;     ///< 1-D: some '+'/'-' claim fails at every x
    std::optional<Rational> lo, hi;  ///< 1-D: the states hold at x iff lo <= x <= hi (unset: unbounded)
};

/// Caches PatternWalk per claimed pattern string of one network.
class PatternCache {
public:
    explicit PatternCache(const Network& net) : net_(net) {}

    /// The map of the network on conv(vertices) when the claimed pattern is exactly the one
    /// walk_network recomputes there; nullopt when it is not (then walk_network fails or returns
    /// another pattern). The returned pointer lives until the next call.
    const AffineMap* map_if_pattern_holds(const std::string& claimed, const std::vector<Vector>& vertices);

private:
    const Network& net_;
    std::unordered_map<std::string, PatternWalk> cache_;
    std::size_t stored_rows_ = 0;
};

}  // namespace relux::detail
