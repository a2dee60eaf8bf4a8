#pragma once
// Exact and certified integrals and maxima of |p| for univariate rational polynomials.

#include "relux/number/ball.hpp"
#include "relux/number/matrix.hpp"

namespace relux {

/// An enclosure that may be exact (lower == upper and exact == true).
struct PolyAbsIntegral {
    Interval value;
    bool exact = false;
};

/// Encloses integral_lo^hi |p(x)| dx for p = sum coeffs[k] x^k (rational coefficients). Exact when
/// every real root of p in (lo, hi) is rational; otherwise the roots are isolated rigorously
/// (FLINT factoring + Arb root isolation) and the width is refined to <= tol when possible.
/// Precondition: lo < hi, tol > 0.
PolyAbsIntegral integrate_abs(const Vector& coeffs, const Rational& lo, const Rational& hi,
                              const Rational& tol);

/// Encloses max_{lo <= x <= hi} |p(x)| with a rational witness point: |p(witness)| ==
/// value.lower exactly. Exact when the maximum is attained at lo, hi or a rational critical point.
struct PolyAbsMaximum {
    Interval value;
    bool exact = false;
    Rational witness;
};

/// See PolyAbsMaximum. Precondition: lo < hi, tol > 0.
PolyAbsMaximum max_abs(const Vector& coeffs, const Rational& lo, const Rational& hi, const Rational& tol);

}  // namespace relux
