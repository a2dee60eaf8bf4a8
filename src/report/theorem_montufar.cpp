// Montufar, Pascanu, Cho & Bengio (2014): folding layers multiply the regions of a last-layer
// arrangement, (prod floor(n/n0)^n0) * sum_{j<=n0} C(n, j) linear regions, counted exactly.

#include "relux/error.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/report/theorems.hpp"

#include "theorem_rows.hpp"

#include <optional>
#include <string>
#include <utility>

namespace relux {

namespace {

/// The sawtooth coefficients a_i of s = sum_i a_i relu(y - i/p): p, -2p, 2p, -2p, ... (s maps each
/// [i/p, (i+1)/p] onto [0, 1], alternately up and down).
Vector sawtooth_coefficients(std::size_t p) {
    Vector a(p);
    for (std::size_t i = 0; i < p; ++i)
        a[i] = Rational(static_cast<long>(i == 0 ? p : 2 * p)) * Rational(i % 2 == 1 ? -1 : 1);
    return a;
}

/// The last hidden layer's arrangement in the folded coordinates y in [0, 1]^n0: the hyperplanes of
/// zaslavsky_network mapped from its box onto the unit box (so every flat point lies inside
/// (0, 1)^n0), oriented positive at a point of a bounded region when n > n0. nullopt when a weight
/// is zero (a zero weight would let a reflected copy of a region keep its affine map).
std::optional<std::pair<Matrix, Vector>> arrangement(std::size_t n0, std::size_t n, std::uint64_t seed) {
    const auto [net, box] = zaslavsky_network(n0, n, seed);
    const Layer& h = net.layers.front();
    Matrix w(n, n0);
    Vector b(n);
    for (std::size_t j = 0; j < n; ++j) {
        b[j] = h.bias[j];
        for (std::size_t k = 0; k < n0; ++k) {
            if (h.weights(j, k).is_zero()) return std::nullopt;
            w(j, k) = h.weights(j, k) * (box.hi[k] - box.lo[k]);
            b[j] += h.weights(j, k) * box.lo[k];
        }
    }
    if (n > n0) {
        // A bounded region (no facet on the box) exists in general position with n > n0; orient
        // every hyperplane positive on it: then no region has all neurons off (if q were on the
        // negative side of all, the ray from q through the region would stay in the region).
        Network one;
        one.input_dim = n0;
        Layer hidden;
        hidden.weights = w;
        hidden.bias = b;
        hidden.activation = Activation::relu;
        one.layers = {hidden, detail::make_layer({Vector(n, Rational(1))}, {0}, Activation::identity)};
        const Box unit{Vector(n0, Rational(0)), Vector(n0, Rational(1))};
        const RegionResult regions = enumerate_regions(one, unit);
        for (const Region& r : regions.regions) {
            bool bounded = true;
            for (const Halfspace& f : r.facets)
                bounded = bounded && f.source.kind == FacetSource::Kind::neuron;
            if (!bounded) continue;
            Vector c(n0);
            for (const Vector& v : r.vertices)
                for (std::size_t k = 0; k < n0; ++k) c[k] += v[k];
            for (std::size_t j = 0; j < n; ++j) {
                Rational s = b[j] * Rational(static_cast<unsigned long>(r.vertices.size()));
                for (std::size_t k = 0; k < n0; ++k) s += w(j, k) * c[k];
                if (s.sign() < 0) {
                    b[j] = -b[j];
                    for (std::size_t k = 0; k < n0; ++k) w(j, k) = -w(j, k);
                }
            }
            break;
        }
    }
    return std::make_pair(w, b);
}

}  // namespace

namespace detail {

Network montufar_folding(std::size_t n0, std::size_t n, std::size_t depth, std::uint64_t seed,
                         std::size_t outputs, std::uint64_t& seed_used) {
    std::optional<std::pair<Matrix, Vector>> last;
    for (seed_used = seed; seed_used < seed + 100 && !last; ++seed_used) last = arrangement(n0, n, seed_used);
    --seed_used;
    if (!last) throw InvalidArgument("montufar: no arrangement with nonzero weights in 100 seeds");
    const auto& [w, b] = *last;
    const std::size_t p = n / n0;
    const Vector a = sawtooth_coefficients(p);
    // Neuron k p + i of a folding layer is relu(y_k - i/p); neurons n0 p .. n - 1 are dead.
    Network net;
    net.input_dim = n0;
    for (std::size_t l = 0; l + 1 < depth; ++l) {
        Layer fold;
        fold.weights = Matrix(n, l == 0 ? n0 : n);
        fold.bias = Vector(n);
        fold.activation = Activation::relu;
        for (std::size_t k = 0; k < n0; ++k)
            for (std::size_t i = 0; i < p; ++i) {
                fold.bias[k * p + i] =
                    -Rational(Integer(static_cast<long>(i)), Integer(static_cast<long>(p)));
                if (l == 0) fold.weights(k * p + i, k) = 1;
                else
                    for (std::size_t i2 = 0; i2 < p; ++i2) fold.weights(k * p + i, k * p + i2) = a[i2];
            }
        net.layers.push_back(fold);
    }
    Layer top;
    top.weights = Matrix(n, depth == 1 ? n0 : n);
    top.bias = b;
    top.activation = Activation::relu;
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t k = 0; k < n0; ++k) {
            if (depth == 1) top.weights(j, k) = w(j, k);
            else
                for (std::size_t i = 0; i < p; ++i) top.weights(j, k * p + i) = w(j, k) * a[i];
        }
    net.layers.push_back(top);
    Layer out;
    out.weights = Matrix(outputs == 0 ? n : 1, n);
    for (std::size_t j = 0; j < n; ++j) out.weights(outputs == 0 ? j : 0, j) = 1;
    out.bias = Vector(out.weights.rows());
    out.activation = Activation::identity;
    net.layers.push_back(out);
    net.validate();
    return net;
}

}  // namespace detail

Rational montufar_lower_bound(std::size_t inputs, std::size_t width, std::size_t depth) {
    Rational teeth(1);
    for (std::size_t k = 0; k < inputs; ++k) teeth *= Rational(static_cast<unsigned long>(width / inputs));
    Rational result(1);
    for (std::size_t l = 1; l < depth; ++l) result *= teeth;
    Rational last(0);
    for (std::size_t j = 0; j <= inputs; ++j) last += detail::binomial(width, j);
    return result * last;
}

namespace {

void check_montufar_sizes(std::size_t inputs, std::size_t width, std::size_t depth) {
    if (inputs < 1 || inputs > 2) throw InvalidArgument("montufar: --inputs must be 1 or 2");
    if (width < inputs) throw InvalidArgument("montufar: --width must be at least --inputs (n >= n0)");
    if (depth < 1 || depth > 64) throw InvalidArgument("montufar: --depth must be between 1 and 64");
    const Rational formula = montufar_lower_bound(inputs, width, depth);
    if (formula > Rational(100000))
        throw InvalidArgument("montufar: the formula gives " + formula.str() +
                              " regions, more than 100000 to enumerate; use a smaller --width or --depth");
}

}  // namespace

Network montufar_network(std::size_t inputs, std::size_t width, std::size_t depth, std::uint64_t seed) {
    check_montufar_sizes(inputs, width, depth);
    std::uint64_t used = 0;
    return detail::montufar_folding(inputs, width, depth, seed, 0, used);
}

TheoremReport montufar_check(std::size_t inputs, std::size_t width, std::size_t depth, std::uint64_t seed) {
    check_montufar_sizes(inputs, width, depth);
    TheoremReport report;
    report.name = "montufar";
    report.statement =
        "A relu network with n0 inputs and L hidden layers of width n >= n0 can have (prod_{i=1}^{L-1} "
        "floor(n/n0)^n0) * sum_{j=0}^{n0} C(n, j) linear regions (Montufar, Pascanu, Cho & Bengio 2014).";
    report.parameters = {{"inputs", std::to_string(inputs)},
                         {"width", std::to_string(width)},
                         {"depth", std::to_string(depth)},
                         {"seed", std::to_string(seed)}};
    std::uint64_t used = 0;
    const Network net = detail::montufar_folding(inputs, width, depth, seed, 0, used);
    const Box unit{Vector(inputs, Rational(0)), Vector(inputs, Rational(1))};
    RegionOptions options;
    options.linear = true;
    const RegionResult result = enumerate_regions(net, unit, options);
    const Rational formula = montufar_lower_bound(inputs, width, depth);
    const std::string text = "floor(n/n0)^(n0 (L-1)) sum_{j<=n0} C(n, j)";
    report.checks.push_back(detail::compare_row(
        "linear regions on [0, 1]^n0 (enumerated, merged exactly)", text, formula,
        Rational(static_cast<unsigned long>(result.linear_regions)), TheoremRelation::at_least));
    report.checks.push_back(detail::compare_row("activation regions on [0, 1]^n0", text, formula,
                                                Rational(static_cast<unsigned long>(result.regions.size())),
                                                TheoremRelation::at_least));
    const std::size_t p = width / inputs;
    report.checks.push_back(
        detail::info_row("teeth p per fold / dead neurons per folding layer",
                         std::to_string(p) + " / " + std::to_string(depth > 1 ? width - inputs * p : 0)));
    report.checks.push_back(detail::info_row("box", unit.str()));
    report.notes.push_back(
        "construction (Montufar et al. 2014, Sec. 3): each of the first L - 1 layers folds every coordinate "
        "of "
        "[0, 1] by a sawtooth with p = floor(n/n0) teeth (relu(y_k - i/p), i < p), so [0, 1]^n0 falls into "
        "p^(n0 (L-1)) cells each mapped onto [0, 1]^n0; the last layer is an arrangement of n hyperplanes in "
        "general position meeting (0, 1)^n0 in all sum_{j<=n0} C(n, j) regions");
    report.notes.push_back("the arrangement is zaslavsky_network(n0, n, seed " + std::to_string(used) +
                           ") mapped onto the unit box (the first seed >= " + std::to_string(seed) +
                           " without zero weights), oriented so that no region has all its neurons off; the "
                           "output is the identity on the last hidden layer, so linear regions are those of "
                           "the map to R^n");
    report.notes.push_back(
        "regions outside [0, 1]^n0 are not counted: the counts are lower bounds on the network's, and "
        "at_least is what the theorem claims");
    return report;
}

}  // namespace relux
