// Zaslavsky: the regions of n hyperplanes in general position in R^d, against the exact activation
// regions of a random one-hidden-layer network.

#include "relux/error.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/report/theorems.hpp"

#include "theorem_rows.hpp"

#include <algorithm>
#include <optional>
#include <random>
#include <string>

namespace relux {

namespace {

/// A point x with W_S x = -b_S for the rows S of `layer` (free coordinates 0), or nullopt when
/// these rows are linearly dependent. Exact Gauss-Jordan elimination.
std::optional<Vector> flat_point(const Layer& layer, const std::vector<std::size_t>& rows) {
    const std::size_t k = rows.size(), d = layer.weights.cols();
    std::vector<Vector> m(k, Vector(d + 1));
    for (std::size_t i = 0; i < k; ++i) {
        for (std::size_t j = 0; j < d; ++j) m[i][j] = layer.weights(rows[i], j);
        m[i][d] = -layer.bias[rows[i]];
    }
    std::vector<std::size_t> pivot_col;
    std::size_t r = 0;
    for (std::size_t c = 0; c < d && r < k; ++c) {
        std::size_t p = r;
        while (p < k && m[p][c].is_zero()) ++p;
        if (p == k) continue;
        std::swap(m[p], m[r]);
        const Rational inv = Rational(1) / m[r][c];
        for (Rational& v : m[r]) v *= inv;
        for (std::size_t i = 0; i < k; ++i) {
            if (i == r || m[i][c].is_zero()) continue;
            const Rational f = m[i][c];
            for (std::size_t j = c; j <= d; ++j) m[i][j] -= f * m[r][j];
        }
        pivot_col.push_back(c);
        ++r;
    }
    if (r < k) return std::nullopt;
    Vector x(d);
    for (std::size_t i = 0; i < k; ++i) x[pivot_col[i]] = m[i][d];
    return x;
}

/// Calls f(rows) for every k-subset of {0..n-1} in lexicographic order; stops when f returns false.
template <class F>
bool for_each_subset(std::size_t n, std::size_t k, F f) {
    std::vector<std::size_t> s(k);
    for (std::size_t i = 0; i < k; ++i) s[i] = i;
    while (true) {
        if (!f(s)) return false;
        std::size_t i = k;
        while (i > 0 && s[i - 1] == n - k + i - 1) --i;
        if (i == 0) return true;
        ++s[i - 1];
        for (std::size_t j = i; j < k; ++j) s[j] = s[j - 1] + 1;
    }
}

/// A small random rational: numerator in [-9, 9], denominator in [1, 4] (portable: no std
/// distributions, whose output is implementation-defined).
Rational small_rational(std::mt19937_64& rng) {
    const long num = static_cast<long>(rng() % 19) - 9, den = static_cast<long>(rng() % 4) + 1;
    return Rational(Integer(num), Integer(den));
}

/// The hidden layer is in general position (every min(n, d) normals independent, and for n > d no
/// d + 1 hyperplanes through one point); fills `points` with a point of each min(n, d)-flat.
bool general_position(const Layer& layer, std::vector<Vector>& points) {
    const std::size_t n = layer.weights.rows(), d = layer.weights.cols(), k = std::min(n, d);
    points.clear();
    return for_each_subset(n, k, [&](const std::vector<std::size_t>& rows) {
        const std::optional<Vector> x = flat_point(layer, rows);
        if (!x) return false;
        for (std::size_t other = 0; other < n && k == d; ++other) {
            if (std::find(rows.begin(), rows.end(), other) != rows.end()) continue;
            Rational v = layer.bias[other];
            for (std::size_t j = 0; j < d; ++j) v += layer.weights(other, j) * (*x)[j];
            if (v.is_zero()) return false;
        }
        points.push_back(*x);
        return true;
    });
}

/// floor(x) as a Rational.
Rational floor_of(const Rational& x) {
    Integer q = x.numerator() / x.denominator();  // truncates toward 0
    if (x.sign() < 0 && Rational(q) != x) q -= 1;
    return Rational(q);
}

/// The network and box of zaslavsky_network; `draws` counts the draws it took (for the notes).
std::pair<Network, Box> draw_network(std::size_t inputs, std::size_t width, std::uint64_t seed, int& draws) {
    if (inputs == 0 || width == 0)
        throw InvalidArgument("zaslavsky: --inputs and --width must be at least 1");
    if (detail::binomial(width, std::min(width, inputs)) > Rational(100000))
        throw InvalidArgument("zaslavsky: C(width, inputs) = " + detail::binomial(width, inputs).str() +
                              " flats to check exceed 100000; use a smaller --width or --inputs");
    std::mt19937_64 rng(seed);
    std::vector<Vector> points;
    for (draws = 1; draws <= 100; ++draws) {
        Network net;
        net.input_dim = inputs;
        Layer hidden;
        hidden.weights = Matrix(width, inputs);
        hidden.bias = Vector(width);
        for (std::size_t i = 0; i < width; ++i) {
            for (std::size_t j = 0; j < inputs; ++j) hidden.weights(i, j) = small_rational(rng);
            hidden.bias[i] = small_rational(rng);
        }
        if (!general_position(hidden, points)) continue;
        Layer out;
        out.weights = Matrix(1, width);
        for (std::size_t i = 0; i < width; ++i) out.weights(0, i) = 1;
        out.bias = {0};
        out.activation = Activation::identity;
        net.layers = {hidden, out};
        Box box{Vector(inputs), Vector(inputs)};
        for (std::size_t j = 0; j < inputs; ++j) {
            Rational lo = points.front()[j], hi = lo;
            for (const Vector& p : points) {
                lo = min(lo, p[j]);
                hi = max(hi, p[j]);
            }
            box.lo[j] = floor_of(lo) - Rational(1);
            box.hi[j] = -floor_of(-hi) + Rational(1);
        }
        return {net, box};
    }
    throw InvalidArgument("zaslavsky: no draw in general position after 100 tries (seed " +
                          std::to_string(seed) + ")");
}

}  // namespace

std::pair<Network, Box> zaslavsky_network(std::size_t inputs, std::size_t width, std::uint64_t seed) {
    int draws = 0;
    return draw_network(inputs, width, seed, draws);
}

TheoremReport zaslavsky_check(std::size_t inputs, std::size_t width, std::uint64_t seed) {
    TheoremReport report;
    report.name = "zaslavsky";
    report.statement =
        "n hyperplanes in general position cut R^d into sum_{i=0..d} C(n, i) regions: the activation "
        "regions of one hidden layer of n relu neurons on d inputs.";
    report.parameters = {
        {"inputs", std::to_string(inputs)}, {"width", std::to_string(width)}, {"seed", std::to_string(seed)}};
    int draws = 0;
    const auto [net, box] = draw_network(inputs, width, seed, draws);
    Rational formula(0);
    for (std::size_t i = 0; i <= inputs; ++i) formula += detail::binomial(width, i);
    const RegionResult result = enumerate_regions(net, box);
    report.checks.push_back(detail::compare_row("activation regions (enumerated in the box)",
                                                "sum_{i<=d} C(n, i)", formula,
                                                Rational(static_cast<unsigned long>(result.regions.size()))));
    report.checks.push_back(detail::info_row("box", box.str()));
    report.notes.push_back(
        "weights and biases drawn from p/q, |p| <= 9, 1 <= q <= 4 (seed " + std::to_string(seed) + ", " +
        std::to_string(draws) + (draws == 1 ? " draw" : " draws") +
        "); general position checked exactly: every min(n, d) normals independent and no d + 1 "
        "hyperplanes through one point");
    report.notes.push_back(
        "the box strictly contains a point of every flat where min(n, d) hyperplanes meet, so it "
        "meets every region of the arrangement");
    return report;
}

}  // namespace relux
