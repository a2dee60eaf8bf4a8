// Certified L1 error on [0, 1] of ReLU interpolants and of polynomial approximations at equal
// parameter counts, for x^2, exp(x) and sin(x) (docs/poly-vs-relu.md). Prints a Markdown table.
// Usage: poly_vs_relu [max_params=19]
//
// Parameters are counted as every weight and bias of the network that is built (the ReLU
// interpolant: construct_cpwl1d, minimal form, one hidden layer, 3m + 1 for m neurons) and as
// the n + 1 coefficients of a polynomial of degree n. Both errors are certified upper bounds
// (l1_1d; for the polynomial through l1_polynomial_1d); the printed decimals are rounded up.

#include "relux/certify/distance1d.hpp"
#include "relux/certify/legendre.hpp"
#include "relux/cpwl/cpwl1d.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace relux;

namespace {

Rational q(long num, long den = 1) { return Rational(Integer(num), Integer(den)); }

std::size_t parameter_count(const Network& net) {
    std::size_t n = 0;
    for (const Layer& l : net.layers) n += l.weights.rows() * l.weights.cols() + l.bias.size();
    return n;
}

/// f(x) when it is rational, else a dyadic rational within 2^-200 of f(x): node values of the interpolant
/// (the certified error is that of the interpolant actually built, so the rounding is accounted for).
Rational node_value(const Expr& f, const Rational& x) {
    if (auto exact = f.eval_exact({x})) return *exact;  // polynomial targets: exact node values
    const BallEval v = f.eval(std::vector<Interval>{Interval{x, x}}, 256);
    if (!v.ok()) {
        std::fprintf(stderr, "cannot evaluate %s at %s\n", f.text().c_str(), x.str().c_str());
        std::exit(1);
    }
    return to_rational(arb_midref(v.value.get()));
}

/// The ReLU interpolant of f through n + 1 uniform nodes of [0, 1].
Cpwl1dConstruction relu_interpolant(const Expr& f, std::size_t pieces) {
    Vector x, y;
    for (std::size_t i = 0; i <= pieces; ++i) {
        x.push_back(q(static_cast<long>(i), static_cast<long>(pieces)));
        y.push_back(node_value(f, x.back()));
    }
    return construct_cpwl1d_detailed(Cpwl1d(x, y), Cpwl1dForm::minimal);
}

/// Certify with a tolerance relative to the value: first 1e-6, then 1/100 of the upper bound,
/// within a budget of subdivisions (a run that stops early still gives a rigorous upper bound).
template <class Certify>
L1Result certify_relative(Certify certify) {
    CertifyOptions options;
    options.max_subdivisions = 20000;
    L1Result r = certify(q(1, 1000000), options);
    for (int round = 0; round < 3 && !r.exact && r.bound.upper.sign() > 0 && r.width() * 10 > r.bound.upper;
         ++round)
        r = certify(r.bound.upper / q(100), options);
    return r;
}

/// "<= 1.23e-04" with the decimal rounded up (the relative error of %.2e is below 1%), "0" when exact 0;
/// "(loose: lower ...)" when the certified interval is wider than a tenth of its upper end.
std::string upper_text(const L1Result& r) {
    if (r.bound.upper.sign() == 0) return "0 (exact)";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s%.2e",
                  r.exact ? "= " : "<= ", r.bound.upper.to_double() * (r.exact ? 1.0 : 1.01));
    // the budget stopped the refinement: the upper bound holds but is far from the value
    const bool loose = !r.exact && r.width() * 10 > r.bound.upper;
    if (!loose) return buf;
    char lower[48];
    std::snprintf(lower, sizeof lower, "%.2e", r.bound.lower.to_double() * 0.99);
    return std::string(buf) + " (loose; lower >= " + lower + ")";
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t max_params = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 19;
    const std::vector<std::string> targets{"x^2", "exp(x)", "sin(x)"};
    std::printf(
        "| target | params P | ReLU: pieces, neurons, params | certified L1 (ReLU) | polynomial degree "
        "(P coefficients) | certified L1 (Legendre projection) |\n");
    std::printf("| --- | ---: | --- | ---: | ---: | ---: |\n");
    for (const std::string& text : targets) {
        const Expr f = Expr::parse(text, 1);
        const Vector approximation = rational_approximation(f, 0, 1, 60);
        for (std::size_t params = 7; params <= max_params; params += 3) {
            // the finest uniform interpolant whose network has at most `params` parameters
            std::size_t pieces = 1;
            while (parameter_count(relu_interpolant(f, pieces + 1).net) <= params) ++pieces;
            const Cpwl1dConstruction relu = relu_interpolant(f, pieces);
            const L1Result relu_error = certify_relative([&](const Rational& tol, const CertifyOptions& o) {
                return l1_1d(relu.net, f, 0, 1, tol, o);
            });
            const std::size_t degree = params - 1;
            const Vector p = legendre_projection(approximation, 0, 1, degree);
            const L1Result poly_error = certify_relative([&](const Rational& tol, const CertifyOptions& o) {
                return l1_polynomial_1d(p, f, 0, 1, tol, o);
            });
            std::printf("| %s | %zu | %zu, %zu, %zu | %s | %zu | %s |\n", text.c_str(), params, pieces,
                        relu.neurons, parameter_count(relu.net), upper_text(relu_error).c_str(), degree,
                        upper_text(poly_error).c_str());
            std::fflush(stdout);
        }
    }
}
