#include "relux/cpwl/max_network.hpp"

#include "relux/cpwl/compose.hpp"
#include "relux/error.hpp"

#include <algorithm>

// The identity behind bbhsy_max5 and its proof: proofs/max-network.md.

namespace relux {

namespace {

std::size_t capacity(std::size_t hidden_layers) {
    std::vector<std::size_t> c{1, 2};
    while (c.size() <= hidden_layers) c.push_back(std::max(2 * c[c.size() - 1], 5 * c[c.size() - 2]));
    return c[hidden_layers];
}

/// values split into g nearly equal consecutive groups.
std::vector<std::vector<CircuitValue>> split(const std::vector<CircuitValue>& values, std::size_t g) {
    std::vector<std::vector<CircuitValue>> groups(g);
    const std::size_t n = values.size();
    std::size_t pos = 0;
    for (std::size_t i = 0; i < g; ++i) {
        const std::size_t size = n / g + (i < n % g ? 1 : 0);
        groups[i].assign(values.begin() + static_cast<std::ptrdiff_t>(pos),
                         values.begin() + static_cast<std::ptrdiff_t>(pos + size));
        pos += size;
    }
    return groups;
}

CircuitValue shallow_tree(ReluCircuit& c, const std::vector<CircuitValue>& values, std::size_t layers) {
    const std::size_t n = values.size();
    if (n == 1) return values[0];
    if (n == 2) return c.max(values[0], values[1]);
    if (layers >= 2 && 5 * capacity(layers - 2) >= n) {
        const std::size_t per = capacity(layers - 2);
        const std::size_t g = (n + per - 1) / per;
        std::vector<CircuitValue> parts;
        for (const auto& group : split(values, g)) parts.push_back(shallow_tree(c, group, layers - 2));
        if (parts.size() == 5) return bbhsy_max5(c, parts);
        return c.max_of(parts);  // 2..4 parts: at most 2 more layers
    }
    RELUX_ASSERT(layers >= 1 && 2 * capacity(layers - 1) >= n);
    auto halves = split(values, 2);
    return c.max(shallow_tree(c, halves[0], layers - 1), shallow_tree(c, halves[1], layers - 1));
}

}  // namespace

std::size_t max_depth_shallow(std::size_t k) {
    RELUX_ASSERT(k >= 1);
    std::size_t layers = 0;
    while (capacity(layers) < k) ++layers;
    return layers;
}

std::size_t max_depth_bbhsy_bound(std::size_t k) {
    RELUX_ASSERT(k >= 1);
    if (k < 4) return ceil_log2(k);
    std::size_t e = 0, p = 1;  // ceil(log3(k - 2))
    while (p < k - 2) {
        p *= 3;
        ++e;
    }
    return e + 1;
}

CircuitValue bbhsy_max5(ReluCircuit& c, const std::vector<CircuitValue>& x) {
    RELUX_ASSERT(x.size() == 5);
    const CircuitValue two_x5 = Rational(2) * x[4];
    const CircuitValue s12 = x[0] + x[1], s34 = x[2] + x[3];
    // P1..P4: joins of the segment [2e5, e1+e2] (or [2e5, e3+e4]) and a square.
    const CircuitValue a12 = c.max(two_x5, s12), a34 = c.max(two_x5, s34);
    auto square = [&](std::size_t i, std::size_t j, std::size_t k) {
        return c.max(x[i], x[j]) + c.max(x[i], x[k]);
    };
    const CircuitValue p1 = c.max(a12, square(0, 2, 3));
    const CircuitValue p2 = c.max(a12, square(1, 2, 3));
    const CircuitValue p3 = c.max(a34, square(2, 0, 1));
    const CircuitValue p4 = c.max(a34, square(3, 0, 1));
    // Q: the triangle conv{2e5, e1+e2, e3+e4}; R_ij: that triangle and e_i + e_j.
    const CircuitValue q = c.max_of({two_x5, s12, s34});
    auto r = [&](std::size_t i, std::size_t j) { return c.max_of({two_x5, s12, s34, x[i] + x[j]}); };
    const CircuitValue sum = p1 + p2 + p3 + p4 + q - r(0, 2) - r(0, 3) - r(1, 2) - r(1, 3);
    return Rational(Integer(1), Integer(2)) * sum;
}

CircuitValue shallow_max(ReluCircuit& c, std::vector<CircuitValue> values) {
    if (values.empty()) throw InvalidArgument("the maximum of no values is undefined");
    return shallow_tree(c, values, max_depth_shallow(values.size()));
}

Network construct_max(std::size_t k, MaxForm form, bool minimum) {
    if (k == 0) throw InvalidArgument("--inputs must be at least 1");
    ReluCircuit c(k);
    std::vector<CircuitValue> x;
    for (std::size_t i = 0; i < k; ++i) x.push_back(minimum ? -c.input(i) : c.input(i));
    CircuitValue m = form == MaxForm::log2 ? c.max_of(x) : shallow_max(c, x);
    if (minimum) m = -m;
    return c.compile({m});
}

}  // namespace relux
