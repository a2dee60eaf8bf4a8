#pragma once
// ReLU circuits: straight-line programs of ReLU neurons over exact affine combinations, compiled
// into layered networks. The n-D constructions (max of k numbers, lattice and hat forms of meshes,
// grid forms) are written as circuits; the compiler places each neuron in the layer given by its
// depth and passes earlier values forward exactly (a neuron a: relu(a); an affine function of the
// inputs l: relu(l) and relu(-l)).

#include "relux/net/network.hpp"

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace relux {

/// An exact affine combination sum_i coef_i * atom_i + constant of the atoms of one circuit:
/// atoms 0..d-1 are the inputs x_1..x_d, atoms d, d+1, ... are the circuit's neurons.
/// Invariant: terms sorted by atom, no zero coefficient.
struct CircuitValue {
    std::vector<std::pair<std::size_t, Rational>> terms;
    Rational constant;

    bool is_constant() const { return terms.empty(); }
    friend bool operator==(const CircuitValue&, const CircuitValue&) = default;
};

CircuitValue operator+(const CircuitValue& a, const CircuitValue& b);
CircuitValue operator-(const CircuitValue& a, const CircuitValue& b);
CircuitValue operator-(const CircuitValue& a);
CircuitValue operator*(const Rational& c, const CircuitValue& a);
/// sum_i c_i v_i in one pass (repeated + would take time quadratic in the number of terms).
CircuitValue linear_sum(const std::vector<std::pair<Rational, CircuitValue>>& terms);

/// A ReLU circuit over input_dim inputs. Identical neurons (the same argument up to a positive
/// factor) are created once. Every operation is exact.
class ReluCircuit {
public:
    explicit ReluCircuit(std::size_t input_dim);

    std::size_t input_dim() const { return input_dim_; }
    /// Number of distinct neurons created so far (compile() keeps only those the outputs use).
    std::size_t neuron_count() const { return neurons_.size(); }

    /// x_j (0-based). Precondition: j < input_dim().
    CircuitValue input(std::size_t j) const;
    /// The constant c.
    static CircuitValue constant(const Rational& c);
    /// a . x + b. Precondition: a.size() == input_dim().
    CircuitValue affine(const Vector& a, const Rational& b) const;

    /// relu(v) = max(v, 0). A value that is certainly >= 0 (a non-negative combination of neurons
    /// plus a non-negative constant) is returned unchanged; one certainly <= 0 gives 0.
    CircuitValue relu(const CircuitValue& v);
    /// max(a, b) = a + relu(b - a), carrying the operand that is cheaper to pass forward.
    CircuitValue max(const CircuitValue& a, const CircuitValue& b);
    /// min(a, b) = -max(-a, -b).
    CircuitValue min(const CircuitValue& a, const CircuitValue& b);
    /// The maximum of values (at least one) by pairwise max, always pairing the two shallowest
    /// values: for k values of depth 0 the result has depth ceil(log2 k).
    CircuitValue max_of(std::vector<CircuitValue> values);
    /// The minimum of values (at least one), as max_of.
    CircuitValue min_of(std::vector<CircuitValue> values);

    /// Depth of a value: 0 for affine functions of the inputs, else 1 + the depth of its
    /// deepest neuron's argument.
    std::size_t depth(const CircuitValue& v) const;
    /// Exact value at x (for tests): evaluates the neurons it depends on.
    Rational evaluate(const CircuitValue& v, const Vector& x) const;

    /// A network with input_dim inputs and one output per value: relu hidden layers (as many as
    /// the deepest output's depth) and an identity output layer; with no neuron at all, a single
    /// identity layer. The network equals the circuit exactly on all of R^d.
    Network compile(const std::vector<CircuitValue>& outputs) const;
    /// Widths of the hidden layers compile(outputs) would have, without building the weights
    /// (for networks too large to store densely).
    std::vector<std::size_t> layer_widths(const std::vector<CircuitValue>& outputs) const;

private:
    struct Plan;
    Plan plan(const std::vector<CircuitValue>& outputs) const;
    struct Neuron {
        CircuitValue argument;
        std::size_t depth = 1;
    };
    std::size_t input_dim_;
    std::vector<Neuron> neurons_;
    std::unordered_map<std::string, std::size_t> index_;  // normalized argument -> neuron

    std::size_t pass_cost(const CircuitValue& v) const;
    bool certainly_nonnegative(const CircuitValue& v) const;
    bool certainly_nonpositive(const CircuitValue& v) const;
};

}  // namespace relux
