#pragma once
// Theorem checks (`relux theorem NAME`): a formula from the literature beside the exact value relux
// computes for the same quantity (a region count, a neuron count, a depth, an exact error).

#include "relux/geometry/box.hpp"
#include "relux/net/network.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace relux {

/// How the exact value must relate to the formula for the check to agree.
enum class TheoremRelation {
    equal,     ///< relux == formula
    at_least,  ///< relux >= formula (the formula is a lower bound)
    at_most,   ///< relux <= formula (the formula is an upper bound)
    info       ///< no formula: a size or count reported for reference, never disagrees
};

/// One row of a theorem check. Values are exact texts ("1024", "1/4096", "equal").
struct TheoremCheck {
    std::string quantity;  ///< what is compared, e.g. "linear regions on [0, 1]"
    std::string formula;   ///< the formula as written, e.g. "2^L" ("" for info rows)
    std::string expected;  ///< the formula's exact value ("" for info rows)
    std::string value;     ///< relux's exact value
    TheoremRelation relation = TheoremRelation::equal;
    bool agrees = true;  ///< the relation holds (always true for info rows)
};

/// The outcome of one theorem check.
struct TheoremReport {
    std::string name;                                             ///< "telgarsky", ...
    std::string statement;                                        ///< one line: what the theorem says
    std::vector<std::pair<std::string, std::string>> parameters;  ///< ("depth", "10"), ...
    std::vector<TheoremCheck> checks;
    std::vector<std::string> notes;  ///< how it was computed, caveats

    /// True when every row agrees.
    bool all_agree() const;
};

/// Zaslavsky: n hyperplanes in general position in R^d cut it into sum_{i<=d} C(n, i) regions.
/// Draws a one-hidden-layer network (d inputs, n relu neurons, small random rational weights from
/// `seed`, redrawn until general position holds, which is checked exactly), takes a box that
/// strictly contains a point of every flat where min(n, d) hyperplanes meet (so it meets every
/// region) and counts the activation regions exactly. Throws InvalidArgument when d or n is 0 or
/// C(n, d) exceeds 10^5.
TheoremReport zaslavsky_check(std::size_t inputs, std::size_t width, std::uint64_t seed = 1);

/// The one-hidden-layer network of zaslavsky_check (exactly the one it counts), with its box.
std::pair<Network, Box> zaslavsky_network(std::size_t inputs, std::size_t width, std::uint64_t seed = 1);

/// The depth-L sawtooth: the tent map t(x) = 2 relu(x) - 4 relu(x - 1/2) composed L times, two relu
/// neurons per hidden layer (L hidden layers). Exact on [0, 1]. Throws InvalidArgument for L == 0.
Network sawtooth_network(std::size_t depth);

/// Telgarsky: the sawtooth has 2^L linear regions on [0, 1] (exact enumeration), and a network with
/// one hidden layer needs at least 2^L - 1 neurons for 2^L pieces (k neurons give at most k + 1);
/// relux's minimal one-hidden-layer network through the sawtooth's breakpoints is built and proved
/// equal to the sawtooth on [0, 1] (equal_networks). Throws InvalidArgument for L == 0 or L > 12.
TheoremReport telgarsky_check(std::size_t depth);

/// Yarotsky (2017): f_m(x) = x - sum_{s=1..m} g_s(x) / 4^s with g_s the s-fold tent map, as a
/// network with m hidden layers of 3 relu neurons (exact on [0, 1]: it is the interpolant of x^2 at
/// the multiples of 2^-m). Throws InvalidArgument for m == 0.
Network yarotsky_square_network(std::size_t m);

/// x*y ~ 2 f_m((x + y)/2) - f_m(x)/2 - f_m(y)/2 on [0, 1]^2 (from (x+y)^2 - x^2 - y^2 = 2 x y).
Network yarotsky_product_network(std::size_t m);

/// Yarotsky: exact sup error of f_m against x^2 on [0, 1] (= 2^(-2m-2)) and exact L1 error
/// (= 4^-m / 6); with `product`, the exact sup error of the product network against x*y on
/// [0, 1]^2 (= 2^(-2m-1): each square's error lies in [0, 2^(-2m-2)], and it is attained at
/// x = 0, y = 2^-m), computed exactly on the exact regions and, independently, as a certified
/// interval by linf_target. Throws InvalidArgument for m == 0 or m > 16 (m > 4 with product).
TheoremReport yarotsky_check(std::size_t m, bool product = false);

/// Depth of max(x_1..x_n): the log2 form (ceil(log2 n) hidden layers, Arora et al. 2018) and the
/// shallow form (relux's tree of max2..max5 blocks; the bound ceil(log3(n - 2)) + 1 of Bakaev et al.
/// 2025 for n >= 4, which the tree meets for n <= 10 and exceeds beyond), their sizes, and their
/// exact equality on [-1, 1]^n (equal_networks; skipped for n > max_equal_inputs). Throws
/// InvalidArgument for n < 2.
TheoremReport max_depth_check(std::size_t inputs, std::size_t max_equal_inputs = 7);

/// The aligned text table: quantity | formula | relux (exact) | agrees, with a title, the
/// parameters and the notes.
std::string theorem_text(const TheoremReport& report);

/// {"theorem": ..., "statement": ..., "parameters": {...}, "checks": [{"quantity", "formula",
/// "expected", "value", "relation", "agrees"}], "agrees": bool, "notes": [...]}; exact numbers are
/// strings. Ends with a newline.
std::string theorem_json(const TheoremReport& report);

}  // namespace relux
