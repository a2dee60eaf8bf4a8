#pragma once
// Rigorous enclosures: an RAII wrapper around Arb's arb_t, and intervals with rational ends.

#include "relux/number/rational.hpp"

#include <arb.h>

#include <string>

namespace relux {

/// A closed interval [lower, upper] with exact rational endpoints that provably contains the
/// quantity it describes.
struct Interval {
    Rational lower;
    Rational upper;

    Rational width() const { return upper - lower; }
    bool contains(const Rational& x) const { return lower <= x && x <= upper; }
    /// "[lower, upper]" with exact ends.
    std::string str() const { return "[" + lower.str() + ", " + upper.str() + "]"; }
    friend bool operator==(const Interval&, const Interval&) = default;
};

/// A ball (midpoint, radius) of Arb: every operation returns a ball that contains the exact
/// result of the operation on any points of the input balls. prec is the working precision in bits.
class Ball {
public:
    Ball();
    ~Ball();
    Ball(const Ball& other);
    Ball(Ball&& other) noexcept;
    Ball& operator=(const Ball& other);
    Ball& operator=(Ball&& other) noexcept;

    /// A ball that contains x (exact when x is dyadic and fits in prec bits).
    static Ball enclose(const Rational& x, long prec);
    /// The ball containing every point of [i.lower, i.upper].
    static Ball enclose(const Interval& i, long prec);

    /// Rational endpoints that contain the ball (exact conversion of Arb's bounds).
    /// Throws InvalidArgument when the ball is not finite.
    Interval to_interval() const;
    bool is_finite() const;
    /// Relative accuracy in bits (Arb's arb_rel_accuracy_bits).
    long accuracy_bits() const;
    std::string str(long digits = 20) const;

    arb_ptr get() { return value_; }
    arb_srcptr get() const { return value_; }

private:
    arb_t value_;
};

/// Exact rational value of a finite arf (a dyadic number).
Rational to_rational(const arf_t x);

/// softmax_i(z) = exp(z_i) / sum_j exp(z_j), enclosed rigorously for exact logits z, with the
/// working precision raised until every enclosure is at least `bits` bits accurate. A component
/// whose logit is more than max(4096, 2 bits) below the largest is enclosed as [0, 2^-that gap].
std::vector<Interval> softmax_enclosure(const std::vector<Rational>& logits, long bits = 64);

}  // namespace relux
