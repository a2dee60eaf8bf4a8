#pragma once
// 1-D continuous piecewise-linear functions and their exact translation into ReLU networks.

#include "relux/net/network.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace relux {

/// The piecewise-linear interpolant through (x_i, y_i), extended linearly beyond the first and
/// last points. Invariant: at least two points, x strictly increasing.
struct Cpwl1d {
    Vector x;
    Vector y;

    /// Throws InvalidArgument (naming the offending point) unless x is strictly increasing and
    /// there are at least two points.
    Cpwl1d(Vector x, Vector y);

    std::size_t pieces() const { return x.size() - 1; }
    /// Exact value at t (on all of R).
    Rational operator()(const Rational& t) const;
    /// Slope of piece i (between x[i] and x[i+1]).
    Rational slope(std::size_t i) const;
    /// Interior points where the slope really changes (collinear points are not breakpoints).
    std::vector<std::size_t> breakpoints() const;

    /// "x0:y0,x1:y1,...". Throws ParseError naming the point and what was expected.
    static Cpwl1d parse_points(std::string_view text);
    /// A text file with one "x y" pair a line (blank lines and '#' comments allowed). Throws
    /// ParseError naming the file and line.
    static Cpwl1d read_points_file(const std::filesystem::path& path);
};

enum class Cpwl1dForm {
    minimal,  ///< one hidden layer with the fewest neurons (see proofs/cpwl1d.md)
    pairs     ///< the textbook construction: two neurons per piece
};

/// Build a network (1 input, one relu hidden layer, identity output) that equals f on all of R.
Network construct_cpwl1d(const Cpwl1d& f, Cpwl1dForm form);

}  // namespace relux
