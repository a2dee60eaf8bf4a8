#pragma once
// 1-D continuous piecewise-linear functions and their exact translation into ReLU networks.

#include "relux/net/network.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace relux {

/// The piecewise-linear interpolant through (x_i, y_i), extended linearly beyond the first and
/// last points (with the slopes of the first and last pieces). Invariant: at least two points,
/// x strictly increasing. Points are numbered from 1 in error messages.
struct Cpwl1d {
    Vector x;
    Vector y;

    /// Throws InvalidArgument (naming the offending point) unless x and y have the same size,
    /// there are at least two points and x is strictly increasing.
    Cpwl1d(Vector x, Vector y);

    std::size_t pieces() const { return x.size() - 1; }
    /// Exact value at t (on all of R). O(log n).
    Rational operator()(const Rational& t) const;
    /// Exact slope of piece i (between x[i] and x[i+1]). Precondition: i < pieces().
    Rational slope(std::size_t i) const;
    /// Indices i (0 < i < last) of the points where the slope really changes; collinear
    /// points are not breakpoints. O(n).
    std::vector<std::size_t> breakpoints() const;

    /// "x0:y0,x1:y1,..." (spaces around items allowed). Throws ParseError naming the point
    /// (number and text) and what was expected; InvalidArgument when the points are out of order.
    static Cpwl1d parse_points(std::string_view text);
    /// A text file with one "x y" pair a line (whitespace separated; blank lines and '#'
    /// comments allowed). Throws Error/ParseError/InvalidArgument naming the file and line.
    static Cpwl1d read_points_file(const std::filesystem::path& path);
};

enum class Cpwl1dForm {
    minimal,  ///< one hidden layer with the fewest neurons (see proofs/cpwl1d.md)
    pairs     ///< the textbook construction: two neurons per piece (2n neurons for n pieces)
};

/// A constructed network with what is known about its size.
struct Cpwl1dConstruction {
    Network net;
    /// Number of relu neurons in net (0 for a constant f: then net is one identity layer).
    std::size_t neurons = 0;
    /// True when no network with one relu hidden layer (and no skip connection) computes f with
    /// fewer neurons. For the pairs form: true only when 2n happens to be the minimum.
    bool proven_minimal = false;
    /// A proven lower bound on the neurons of any one-hidden-layer relu network equal to f.
    std::size_t lower_bound = 0;
};

/// Build a network that equals f exactly on all of R, with input_dim 1, one relu hidden layer
/// (weights +-1 on the input, the kinks as biases) and an identity output layer of one neuron.
/// Exception: the minimal form of a constant f has no hidden layer (one identity layer, weight
/// 0, bias f). O(n) for the pairs form; the minimal form is O(n) expected time plus an exact
/// subset-sum search that is bounded (proofs/cpwl1d.md) and gives up (proven_minimal = false)
/// beyond its budget.
Cpwl1dConstruction construct_cpwl1d_detailed(const Cpwl1d& f, Cpwl1dForm form);

/// construct_cpwl1d_detailed(f, form).net.
Network construct_cpwl1d(const Cpwl1d& f, Cpwl1dForm form);

}  // namespace relux
