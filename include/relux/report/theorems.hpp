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
    info,      ///< no formula: a size or count reported for reference, never disagrees
    contains   ///< relux's value is a certified interval "[lower, upper]" that contains the formula
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

/// Montufar et al. (2014)'s folding network: n0 inputs, L hidden layers of width n >= n0. Each of
/// the first L - 1 layers folds every input coordinate of [0, 1] by a sawtooth with p = floor(n/n0)
/// teeth (n0 p relu neurons relu(y_k - i/p), the other n - n0 p neurons dead: zero weights and
/// bias); the last hidden layer is an arrangement of n hyperplanes in general position (from
/// zaslavsky_network, mapped into (0, 1)^n0 and oriented positive on a bounded region, so no region
/// has all neurons off); the output layer is the identity on the last hidden layer (n outputs).
/// Exact. Throws InvalidArgument unless 1 <= n0 <= 2, n >= n0, 1 <= L <= 64 and the formula of
/// montufar_check is at most 10^5.
Network montufar_network(std::size_t inputs, std::size_t width, std::size_t depth, std::uint64_t seed = 1);

/// (prod_{i=1}^{L-1} floor(n/n0)^n0) * sum_{j=0}^{n0} C(n, j), exactly (Montufar et al. 2014,
/// Theorem 4, equal widths). Precondition: n0 >= 1.
Rational montufar_lower_bound(std::size_t inputs, std::size_t width, std::size_t depth);

/// Montufar, Pascanu, Cho & Bengio (2014): some network with n0 inputs and L hidden layers of width
/// n >= n0 has at least montufar_lower_bound linear regions. Counts the activation and the linear
/// regions of montufar_network exactly on [0, 1]^n0 (regions outside are not counted, so the count
/// is a lower bound on the network's) and reports both >= the formula. Throws as montufar_network.
TheoremReport montufar_check(std::size_t inputs, std::size_t width, std::size_t depth,
                             std::uint64_t seed = 1);

/// Serra, Tjandraatmadja & Ramalingam (2018), Theorem 1: sum over (j_1..j_L) in J of
/// prod_l C(n_l, j_l), J = {0 <= j_l <= min(n0, n_1 - j_1, ..., n_{l-1} - j_{l-1}, n_l)}; exact
/// (a sum over the running minimum, not over all tuples). Precondition: inputs >= 1.
Rational serra_upper_bound(std::size_t inputs, const std::vector<std::size_t>& widths);

/// Montufar (2017)'s bound prod_l sum_{j=0}^{d_l} C(n_l, j), d_l = min(n0, n_1, ..., n_l); exact.
Rational montufar2017_upper_bound(std::size_t inputs, const std::vector<std::size_t>& widths);

/// A relu network with the given hidden widths and one identity output, every weight and bias a
/// small rational p/q (|p| <= 9, 1 <= q <= 4) drawn from `seed` (portable: no std distributions).
Network random_relu_network(std::size_t inputs, const std::vector<std::size_t>& widths, std::uint64_t seed);

/// Serra et al. (2018), Theorem 1 against exact activation-region counts of `samples` random
/// networks (random_relu_network with seeds seed, seed + 1, ...) on `box` (relation at_most:
/// regions outside the box are not counted); the Montufar (2017) bound as a second at_most row.
/// Throws InvalidArgument when inputs is 0, a width is 0, samples is 0 or more than 100, the box
/// dimension differs from inputs, or the bound exceeds 10^5.
TheoremReport serra_check(std::size_t inputs, const std::vector<std::size_t>& widths, std::uint64_t seed,
                          std::size_t samples, const Box& box);

/// Universal approximation rates: for each N in `cells`, the piecewise-linear interpolant of the
/// target on a uniform grid with N cells per axis of `box` (values exact where the target is
/// rational, otherwise within 2^-64): in 1-D a one-hidden-layer network (cpwl1d minimal form), in
/// 2-D the Kuhn-triangulated grid interpolant (construct_grid_network, arora form); with its relu
/// neurons and the certified interval of integral_box |N(x) - f(x)| dx (l1_1d: width <= tol;
/// l1_target: width <= max(tol, a first coarse upper bound / 16)). A 1-D quadratic target c2 x^2 + c1 x + c0
/// adds a `contains` row per N: the interval contains |c2| (hi - lo)^3 / (6 N^2). The least-squares slope of
/// log(error) against log(neurons) (from the interval midpoints, in double) is an info row, labelled as an
/// estimate. Throws InvalidArgument for a box of another dimension than 1 or 2, lo >= hi, a target in other
/// variables, no N, an N of 0 or above 4096 (64 in 2-D), tol <= 0.
TheoremReport rates_check(const std::string& target, const Box& box, const std::vector<std::size_t>& cells,
                          const Rational& tol);

/// The outcome of regions_bound_search: the report, and the counterexample when one was found.
struct BoundSearchResult {
    TheoremReport report;
    bool found = false;
    Network network;          ///< the counterexample (when found)
    Box box;                  ///< where its regions were counted
    std::size_t regions = 0;  ///< its exact activation-region count in box (> bound when found)
    std::string candidate;    ///< how it was made ("montufar folding, seed 3", "random, seed 7")
};

/// Looks for a relu network with `inputs` inputs and `depth` hidden layers of width `width` that has
/// more than `bound` activation regions in a box (a certified counterexample to "at most bound
/// regions": the regions in the box are a lower bound on all of them). Tries the structured
/// candidates first (Montufar folding networks, whose output layer is replaced by one identity
/// neuron, on [0, 1]^d), then `tries` random networks (random_relu_network, seeds seed, seed + 1,
/// ...) on `box`; counts exactly, stopping a count once it passes the bound. The folding candidates
/// need inputs <= 2, width >= inputs and C(width, inputs) <= 10^5 (skipped otherwise). Throws InvalidArgument
/// when a size is 0, tries exceeds 10^4 or the box dimension differs from inputs.
BoundSearchResult regions_bound_search(std::size_t inputs, std::size_t width, std::size_t depth,
                                       const Rational& bound, std::size_t tries, std::uint64_t seed,
                                       const Box& box);

/// The aligned text table: quantity | formula | relux (exact) | agrees, with a title, the
/// parameters and the notes.
std::string theorem_text(const TheoremReport& report);

/// {"theorem": ..., "statement": ..., "parameters": {...}, "checks": [{"quantity", "formula",
/// "expected", "value", "relation", "agrees"}], "agrees": bool, "notes": [...]}; exact numbers are
/// strings. Ends with a newline.
std::string theorem_json(const TheoremReport& report);

}  // namespace relux
