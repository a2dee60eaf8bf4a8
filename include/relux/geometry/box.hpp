#pragma once
// Axis-aligned input boxes: "lo:hi" per input, comma-separated.

#include "relux/number/matrix.hpp"

#include <string>
#include <string_view>

namespace relux {

/// The box [lo_1, hi_1] x ... x [lo_d, hi_d] with exact rational bounds.
struct Box {
    Vector lo;
    Vector hi;

    std::size_t dim() const { return lo.size(); }
    /// Exact d-dimensional volume (product of widths).
    Rational volume() const;
    bool contains(const Vector& x) const;
    /// "lo:hi,lo:hi" in canonical numbers; Box::parse(b.str()) == b.
    std::string str() const;

    /// Parse "-1:1,0:1/2". Throws ParseError for bad syntax or numbers and InvalidArgument when
    /// lo >= hi for some axis (a box of zero or negative width) or when expected_dim != 0 and
    /// the box has another dimension. Messages name the axis and the text.
    static Box parse(std::string_view text, std::size_t expected_dim = 0);
    friend bool operator==(const Box&, const Box&) = default;
};

}  // namespace relux
