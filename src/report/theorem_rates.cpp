// Universal approximation rates in 1-D: certified L1 errors of grid interpolants as the number of
// neurons grows, and the fitted rate (a double estimate from the certified intervals' midpoints).

#include "relux/certify/distance1d.hpp"
#include "relux/certify/distance_target.hpp"
#include "relux/certify/expression.hpp"
#include "relux/cpwl/compose.hpp"
#include "relux/cpwl/cpwl1d.hpp"
#include "relux/cpwl/grid.hpp"
#include "relux/error.hpp"
#include "relux/number/ball.hpp"
#include "relux/report/theorems.hpp"

#include "theorem_rows.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace relux {

namespace {

/// "1/2" or "(1/2, 3)".
std::string point_text(const Vector& x) {
    if (x.size() == 1) return x[0].str();
    std::string s = "(";
    for (std::size_t i = 0; i < x.size(); ++i) s += (i ? ", " : "") + x[i].str();
    return s + ")";
}

/// Least-squares slope of y against x (double: an estimate, never claimed).
double fitted_slope(const std::vector<double>& x, const std::vector<double>& y) {
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        mx += x[i];
        my += y[i];
    }
    mx /= static_cast<double>(x.size());
    my /= static_cast<double>(x.size());
    double sxy = 0, sxx = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
    }
    return sxy / sxx;
}

}  // namespace

TheoremReport rates_check(const std::string& target_text, const Box& box,
                          const std::vector<std::size_t>& cells, const Rational& tol) {
    const std::size_t dim = box.dim();
    if (dim != 1 && dim != 2)
        throw InvalidArgument("rates: --box must be one interval lo:hi or a 2-D box lo:hi,lo:hi");
    for (std::size_t k = 0; k < dim; ++k)
        if (!(box.lo[k] < box.hi[k])) throw InvalidArgument("rates: the box must be lo:hi with lo < hi");
    const Expr target = Expr::parse(target_text, dim);
    if (cells.empty()) throw InvalidArgument("rates: --n needs at least one number of cells");
    const std::size_t most = dim == 1 ? 4096 : 64;
    for (const std::size_t n : cells)
        if (n == 0 || n > most)
            throw InvalidArgument("rates: every --n must be between 1 and " + std::to_string(most) +
                                  (dim == 1 ? "" : " in 2-D"));
    if (tol.sign() <= 0) throw InvalidArgument("rates: --tol must be positive");
    TheoremReport report;
    report.name = "rates";
    report.statement =
        dim == 1
            ? "Piecewise-linear interpolants of a C^2 target on N equal cells have L1 error of order N^-2, "
              "i.e. of order (neurons)^-2 for one-hidden-layer relu networks (about N neurons)."
            : "Piecewise-linear interpolants of a C^2 target on an N x N grid (Kuhn triangulation) have L1 "
              "error of order N^-2, i.e. of order (neurons)^-1 (about N^2 neurons).";
    std::string ns;
    for (std::size_t i = 0; i < cells.size(); ++i) ns += (i ? "," : "") + std::to_string(cells[i]);
    report.parameters = {{"target", target.text()}, {"box", box.str()}, {"n", ns}, {"tol", tol.str()}};

    // 1-D, a quadratic c2 x^2 + c1 x + c0: the chord's error on a cell of width h integrates to |c2| h^3 / 6.
    std::optional<Rational> c2;
    if (auto coeffs = target.polynomial_coefficients(); dim == 1 && coeffs && coeffs->size() == 3)
        c2 = abs((*coeffs)[2]);
    const Rational length = box.hi[0] - box.lo[0];

    std::vector<double> log_neurons, log_cells, log_errors;
    bool all_certified = true;
    for (const std::size_t n : cells) {
        const Rational nr(static_cast<unsigned long>(n));
        std::size_t neurons = 0;
        Interval bound;
        if (dim == 1) {
            Vector xs, ys;
            for (std::size_t i = 0; i <= n; ++i) {
                xs.push_back(box.lo[0] + length * Rational(static_cast<unsigned long>(i)) / nr);
                ys.push_back(
                    sampled_value(target, {xs.back()}, "rates: ", [&] { return "x = " + xs.back().str(); }));
            }
            const Cpwl1dConstruction c = construct_cpwl1d_detailed(Cpwl1d(xs, ys), Cpwl1dForm::minimal);
            const L1Result l1 = l1_1d(c.net, target, box.lo[0], box.hi[0], tol);
            all_certified = all_certified && l1.status == CertifyStatus::certified;
            neurons = c.neurons;
            bound = l1.bound;
        } else {
            const Grid grid = sample_grid(box, n, [&](const Vector& x) {
                return sampled_value(target, x, "rates: ", [&] { return "x = " + point_text(x); });
            });
            const MeshConstruction c = construct_grid_network(grid, GridForm::arora);
            // l1_target's work grows like 1/width: ask for 1/16 of a first coarse bound (or --tol if wider).
            const TargetDistanceResult coarse = l1_target(c.net, target, box, Rational(1));
            const TargetDistanceResult l1 =
                l1_target(c.net, target, box, max(tol, coarse.bound.upper / Rational(16)));
            all_certified = all_certified && l1.status == CertifyStatus::certified;
            neurons = c.size.neurons;
            bound = l1.bound;
        }
        const std::string quantity =
            "N = " + std::to_string(n) + ", " + std::to_string(neurons) + " neurons: integral |net - f|";
        if (c2) {
            const Rational formula = *c2 * length * length * length / (Rational(6) * nr * nr);
            report.checks.push_back(
                detail::interval_row(quantity, "|c2| (b-a)^3 / (6 N^2)", formula, bound.lower, bound.upper));
        } else {
            // The exact interval, then about 5 digits of its midpoint for the reader (not a claim).
            char approx[48];
            std::snprintf(approx, sizeof approx, " (~%.5g)",
                          ((bound.lower + bound.upper) / Rational(2)).to_double());
            report.checks.push_back(detail::info_row(
                quantity, (bound.lower == bound.upper ? bound.lower.str() : bound.str()) + approx));
        }
        const double mid = ((bound.lower + bound.upper) / Rational(2)).to_double();
        if (neurons > 0 && mid > 0) {
            log_neurons.push_back(std::log(static_cast<double>(neurons)));
            log_cells.push_back(std::log(static_cast<double>(n)));
            log_errors.push_back(std::log(mid));
        }
    }
    if (log_neurons.size() >= 2) {
        char text[64];
        std::snprintf(text, sizeof text, "%.4f", fitted_slope(log_neurons, log_errors));
        report.checks.push_back(
            detail::info_row("fitted rate: slope of log(error) vs log(neurons) (double estimate)", text));
        std::snprintf(text, sizeof text, "%.4f", fitted_slope(log_cells, log_errors));
        report.checks.push_back(
            detail::info_row("fitted rate: slope of log(error) vs log(N) (double estimate)", text));
    } else {
        report.checks.push_back(
            detail::info_row("fitted rate (double estimate)", "needs two N with nonzero error"));
    }
    report.notes.push_back(
        dim == 1
            ? "the network is the interpolant at N + 1 equispaced nodes (values exact where the target is "
              "rational, otherwise within 2^-64), built with one hidden layer (cpwl1d minimal form)"
            : "the network is the interpolant on the (N + 1)^2 grid vertices, Kuhn-triangulated (values "
              "exact "
              "where the target is rational, otherwise within 2^-64), built in the arora form "
              "(construct_grid_network); each interval's width is at most max(--tol, 1/16 of a first coarse "
              "upper bound), since l1_target's work grows like 1/width");
    report.notes.push_back(
        std::string("each interval is certified (") + (dim == 1 ? "l1_1d" : "l1_target") +
        ", Arb ball arithmetic) and contains the exact L1 error of that network; the "
        "slope is a least-squares "
        "fit of log(midpoint) in double precision: an estimate, not a claim (against N: about "
        "-2 for a C^2 target; against neurons: -2 in 1-D, in 2-D it depends on how the "
        "network's size grows with N)");
    if (!all_certified) report.notes.push_back("some intervals did not reach --tol; they are still rigorous");
    return report;
}

}  // namespace relux
