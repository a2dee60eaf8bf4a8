#pragma once
// Tight ball enclosures of ranges (private to src/certify). Arb's own unions and radius
// conversions round past the ends of an interval; these keep the end that decides a domain
// question (usually 0) exact.

#include "relux/certify/expression.hpp"

#include <arb.h>
#include <flint/fmpz.h>

namespace relux::detail {

/// A ball containing [lo, hi] (lo <= hi) whose end nearer to 0 is exact.
Ball hull_keeping_inner_end(const arf_t lo, const arf_t hi);
/// The ball [0, u] with 0 exact.
Ball zero_to(const arf_t u);
/// The range of |.| over a ball: [0, max |x|] when x contains 0, else |x|.
Ball tight_abs(const Ball& x);
/// x^e by the end points, for e > 0 and x >= 0 (any x when e is odd): the power is monotone
/// there, so this avoids the overestimation of repeated products.
Ball monotone_power(const Ball& x, const fmpz_t e, long prec);

}  // namespace relux::detail
