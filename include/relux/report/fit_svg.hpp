#pragma once
// Pictures of 1-D fits for papers: a target function, a network that approximates it and the
// error between them (`relux plot`). Exact breakpoints; doubles only for drawing.

#include "relux/certify/expression.hpp"
#include "relux/net/network.hpp"
#include "relux/number/ball.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace relux {

/// What a fit picture shows besides the network and the target.
struct FitSvgInfo {
    std::string network;                ///< the network's file name, for the title (may be empty)
    std::optional<std::string> title;   ///< replaces "Fit of NET to f(x) = ..."; empty: no title lines
    std::optional<Interval> sup_error;  ///< certified enclosure of sup |N - f| on the box, if known
    std::optional<Rational> witness;    ///< a point where |N - f| >= sup_error->lower
    std::size_t samples = 800;          ///< uniform samples of the target (plus every breakpoint)
};

/// A standalone SVG document of the fit of `net` to `target` on [a, b]. Upper panel: the target
/// (sampled in double precision: drawing only), the network as one polyline through its exact
/// breakpoints (element id "network", one vertex per end of each linear piece: pieces + 1
/// vertices) and the region between the two shaded. Lower panel: |N - f| (sampled), with the
/// certified sup error as a dashed line and the witness as a dot when info has them. Axes with
/// ticks and labels, a legend, a title. Throws InvalidArgument when the network does not have one
/// input and one identity output, is not CPWL, a >= b, or the target is not an expression in x.
std::string fit_svg(const Network& net, const Expr& target, const Rational& a, const Rational& b,
                    const FitSvgInfo& info);

/// x rounded outward to `digits` significant decimal digits (down when up is false, else up)
/// as text, "0.03081" or "3.082e-07": a display of an exact bound that still bounds the same side.
/// Exact: the rounding is round_significant's (rational arithmetic). Precondition: 1 <= digits <= 40.
std::string outward_decimal(const Rational& x, int digits, bool up);

}  // namespace relux
