#pragma once
// Internal helpers of the theorem checks (src/report/theorem_*.cpp): building rows.

#include "relux/net/network.hpp"
#include "relux/number/rational.hpp"
#include "relux/report/theorems.hpp"

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace relux::detail {

/// A row comparing the formula's exact value with relux's exact value under `relation`.
inline TheoremCheck compare_row(std::string quantity, std::string formula, const Rational& expected,
                                const Rational& value, TheoremRelation relation = TheoremRelation::equal) {
    bool agrees = true;
    switch (relation) {
        case TheoremRelation::equal: agrees = value == expected; break;
        case TheoremRelation::at_least: agrees = value >= expected; break;
        case TheoremRelation::at_most: agrees = value <= expected; break;
        case TheoremRelation::info: break;
        case TheoremRelation::contains: agrees = value == expected; break;  // a point interval
    }
    return {std::move(quantity), std::move(formula), expected.str(), value.str(), relation, agrees};
}

/// A row comparing two texts for equality ("equal" vs "equal").
inline TheoremCheck text_row(std::string quantity, std::string formula, std::string expected,
                             std::string value) {
    const bool agrees = expected == value;
    return {std::move(quantity), std::move(formula),     std::move(expected),
            std::move(value),    TheoremRelation::equal, agrees};
}

/// A row without a formula: a size or count for reference.
inline TheoremCheck info_row(std::string quantity, std::string value) {
    return {std::move(quantity), "", "", std::move(value), TheoremRelation::info, true};
}

/// A row whose value is a certified interval [lower, upper]: agrees when it contains `expected`.
inline TheoremCheck interval_row(std::string quantity, std::string formula, const Rational& expected,
                                 const Rational& lower, const Rational& upper) {
    const bool agrees = lower <= expected && expected <= upper;
    std::string value = lower == upper ? lower.str() : Interval{lower, upper}.str();
    return {std::move(quantity), std::move(formula),        expected.str(),
            std::move(value),    TheoremRelation::contains, agrees};
}

/// A small random rational: numerator in [-9, 9], denominator in [1, 4] (portable: no std
/// distributions, whose output is implementation-defined).
inline Rational small_random_rational(std::mt19937_64& rng) {
    const long num = static_cast<long>(rng() % 19) - 9, den = static_cast<long>(rng() % 4) + 1;
    return Rational(Integer(num), Integer(den));
}

/// The folding network of montufar_network without its size check, with `outputs` == 0 for the
/// identity on the last hidden layer or 1 for the sum of its neurons; `seed_used` receives the
/// seed of the arrangement (the first seed >= seed whose weights are all nonzero). Precondition:
/// 1 <= inputs <= 2, width >= inputs, depth >= 1.
Network montufar_folding(std::size_t inputs, std::size_t width, std::size_t depth, std::uint64_t seed,
                         std::size_t outputs, std::uint64_t& seed_used);

/// C(n, k) exactly.
inline Rational binomial(std::size_t n, std::size_t k) {
    if (k > n) return Rational(0);
    Rational r(1);
    for (std::size_t i = 1; i <= k; ++i)
        r = r * Rational(static_cast<long>(n - k + i)) / Rational(static_cast<long>(i));
    return r;
}

/// 2^e exactly (e may be negative).
inline Rational power_of_two(long e) {
    Rational r(1);
    const Rational f = e >= 0 ? Rational(2) : Rational(Integer(1), Integer(2));
    for (long i = 0; i < (e >= 0 ? e : -e); ++i) r *= f;
    return r;
}

/// A dense layer from rows of rationals. Precondition: at least one row.
inline Layer make_layer(const std::vector<Vector>& rows, const Vector& bias, Activation activation) {
    Layer layer;
    layer.weights = Matrix(rows.size(), rows.front().size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = 0; j < rows[i].size(); ++j) layer.weights(i, j) = rows[i][j];
    layer.bias = bias;
    layer.activation = activation;
    return layer;
}

}  // namespace relux::detail
