// Yarotsky (2017): x^2 on [0, 1] from m composed tent maps with sup error 2^(-2m-2), and the product
// x*y built from it.

#include "relux/certify/distance1d.hpp"
#include "relux/certify/distance_target.hpp"
#include "relux/certify/expression.hpp"
#include "relux/cpwl/compose.hpp"
#include "relux/error.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/report/theorems.hpp"

#include "theorem_rows.hpp"

#include <string>

namespace relux {

namespace {

/// Exact max over [0, 1]^2 of |N(x) - x1 x2| for a CPWL network N with two inputs. On a region N is
/// affine and N - x1 x2 has the indefinite Hessian [[0, -1], [-1, 0]], so it has no interior
/// extremum: the max of |N - x1 x2| is on an edge, where it is a quadratic in the edge parameter
/// (checked at both ends and at its vertex).
Rational product_sup_error(const Network& net, std::size_t& regions_out) {
    const Box square{{Rational(0), Rational(0)}, {Rational(1), Rational(1)}};
    const RegionResult result = enumerate_regions(net, square);
    regions_out = result.regions.size();
    Rational best(0);
    for (const Region& region : result.regions) {
        const Matrix& a = region.affine.A;
        const Rational& b = region.affine.b[0];
        const std::size_t k = region.vertices.size();
        for (std::size_t i = 0; i < k; ++i) {
            const Vector& p = region.vertices[i];
            const Vector& r = region.vertices[(i + 1) % k];
            const Rational q0 = r[0] - p[0], q1 = r[1] - p[1];
            // e(t) = N(p + t q) - (p0 + t q0)(p1 + t q1) = c0 + c1 t + c2 t^2 on [0, 1].
            const Rational c0 = a(0, 0) * p[0] + a(0, 1) * p[1] + b - p[0] * p[1];
            const Rational c1 = a(0, 0) * q0 + a(0, 1) * q1 - (p[0] * q1 + p[1] * q0);
            const Rational c2 = -(q0 * q1);
            auto at = [&](const Rational& t) { return abs(c0 + t * (c1 + t * c2)); };
            best = max(best, max(at(0), at(1)));
            if (!c2.is_zero()) {
                const Rational t = -c1 / (Rational(2) * c2);
                if (t > 0 && t < 1) best = max(best, at(t));
            }
        }
    }
    return best;
}

}  // namespace

Network yarotsky_square_network(std::size_t m) {
    if (m == 0) throw InvalidArgument("yarotsky: --depth must be at least 1");
    const Rational half(Integer(1), Integer(2));
    Network net;
    net.input_dim = 1;
    // Hidden layer s holds a = relu(g_{s-1}), b = relu(g_{s-1} - 1/2) (so g_s = 2a - 4b) and the
    // partial sum p = relu(x - sum_{j<s} g_j / 4^j), which is >= x^2 >= 0 on [0, 1].
    net.layers.push_back(detail::make_layer({{1}, {1}, {1}}, {0, -half, 0}, Activation::relu));
    Rational scale(1);  // 4^-(s-1) for the layer being built
    for (std::size_t s = 2; s <= m; ++s) {
        scale /= Rational(4);
        net.layers.push_back(
            detail::make_layer({{2, -4, 0}, {2, -4, 0}, {Rational(-2) * scale, Rational(4) * scale, 1}},
                               {0, -half, 0}, Activation::relu));
    }
    scale /= Rational(4);
    net.layers.push_back(
        detail::make_layer({{Rational(-2) * scale, Rational(4) * scale, 1}}, {0}, Activation::identity));
    net.validate();
    return net;
}

Network yarotsky_product_network(std::size_t m) {
    const Network square = yarotsky_square_network(m);
    const Rational half(Integer(1), Integer(2));
    auto on = [&](const Rational& u, const Rational& v) {
        Matrix w(1, 2);
        w(0, 0) = u;
        w(0, 1) = v;
        return compose(square, affine_network(w, {0}));
    };
    const Network all = parallel({on(half, half), on(1, 0), on(0, 1)});
    Matrix combine(1, 3);
    combine(0, 0) = 2;
    combine(0, 1) = -half;
    combine(0, 2) = -half;
    return linear_combination(all, combine, {0});
}

TheoremReport yarotsky_check(std::size_t m, bool product) {
    if (m == 0 || m > 16) throw InvalidArgument("yarotsky: --depth must be between 1 and 16");
    if (product && m > 4)
        throw InvalidArgument(
            "yarotsky: --product needs --depth at most 4 (the certified bound takes about 2.5 s at 4, 16 s "
            "at 5)");
    TheoremReport report;
    report.name = "yarotsky";
    report.statement =
        "f_m(x) = x - sum_{s=1..m} g_s(x)/4^s (g_s the s-fold tent map) approximates x^2 on [0, 1] "
        "with sup error 2^(-2m-2).";
    report.parameters = {{"depth", std::to_string(m)}};
    if (product) report.parameters.emplace_back("product", "true");
    const auto ml = static_cast<long>(m);
    const Network net = yarotsky_square_network(m);
    const Expr square = Expr::parse("x^2", 1);
    const Rational tol = detail::power_of_two(-2 * ml - 16);

    const LinfResult sup = linf_1d(net, square, 0, 1, tol);
    const std::string sup_text = sup.exact ? sup.bound.upper.str() : sup.bound.str();
    const Rational sup_formula = detail::power_of_two(-2 * ml - 2);
    TheoremCheck sup_row =
        detail::compare_row("sup |f_m - x^2| on [0, 1]", "2^(-2m-2)", sup_formula, sup.bound.upper);
    sup_row.value = sup_text;
    sup_row.agrees = sup.exact && sup.bound.upper == sup_formula;
    report.checks.push_back(sup_row);

    const L1Result l1 = l1_1d(net, square, 0, 1, tol);
    TheoremCheck l1_row = detail::compare_row("integral |f_m - x^2| on [0, 1]", "4^(-m)/6",
                                              detail::power_of_two(-2 * ml) / Rational(6), l1.bound.upper);
    if (!l1.exact) l1_row.value = "[" + l1.bound.lower.str() + ", " + l1.bound.upper.str() + "]";
    l1_row.agrees = l1_row.agrees && l1.exact;
    report.checks.push_back(l1_row);
    report.checks.push_back(detail::compare_row("linear pieces of f_m on [0, 1]", "2^m",
                                                detail::power_of_two(ml),
                                                Rational(static_cast<unsigned long>(sup.pieces))));
    const NetworkSize size = network_size(net);
    report.checks.push_back(
        detail::info_row("hidden layers / relu neurons",
                         std::to_string(size.hidden_layers) + " / " + std::to_string(size.neurons)));

    if (product) {
        const Network times = yarotsky_product_network(m);
        std::size_t regions = 0;
        const Rational error = product_sup_error(times, regions);
        report.checks.push_back(detail::compare_row("sup |P_m - x y| on [0, 1]^2", "2^(-2m-1)",
                                                    detail::power_of_two(-2 * ml - 1), error));
        const Box square{{Rational(0), Rational(0)}, {Rational(1), Rational(1)}};
        const TargetDistanceResult certified =
            linf_target(times, Expr::parse("x1*x2", 2), square, detail::power_of_two(-2 * ml - 8));
        TheoremCheck certified_row =
            detail::compare_row("sup |P_m - x y| (certified, linf_target)", "2^(-2m-1)",
                                detail::power_of_two(-2 * ml - 1), certified.bound.upper);
        certified_row.value = certified.bound.str();
        certified_row.agrees = certified.bound.lower <= detail::power_of_two(-2 * ml - 1) &&
                               detail::power_of_two(-2 * ml - 1) <= certified.bound.upper;
        report.checks.push_back(certified_row);
        const NetworkSize psize = network_size(times);
        report.checks.push_back(detail::info_row("product: hidden layers / relu neurons / activation regions",
                                                 std::to_string(psize.hidden_layers) + " / " +
                                                     std::to_string(psize.neurons) + " / " +
                                                     std::to_string(regions)));
        report.notes.push_back(
            "P_m(x, y) = 2 f_m((x + y)/2) - f_m(x)/2 - f_m(y)/2; its sup error is exact: on each exact "
            "region "
            "P_m - x y is a saddle, so the max is on an edge, where it is a quadratic maximised exactly.");
    }
    report.notes.push_back("The errors against x^2 are exact (linf_1d / l1_1d against a polynomial target).");
    return report;
}

}  // namespace relux
