#define BOOST_TEST_MODULE legendre
#include <boost/test/unit_test.hpp>

#include "relux/certify/legendre.hpp"
#include "relux/error.hpp"
#include "test_util.hpp"

#include <cmath>
#include <random>
#include <string>

using namespace relux;

namespace {

Rational q(long num, long den = 1) { return Rational(Integer(num), Integer(den)); }

template <class F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no exception)";
}

/// Composite Simpson rule in double (an independent, uncertified reference).
template <class F>
double simpson(F f, double a, double b, int n = 20000) {
    const double h = (b - a) / n;
    double s = f(a) + f(b);
    for (int i = 1; i < n; ++i) s += f(a + i * h) * (i % 2 ? 4 : 2);
    return s * h / 3;
}

double horner(const Vector& p, double x) {
    double s = 0;
    for (std::size_t k = p.size(); k-- > 0;) s = s * x + p[k].to_double();
    return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(closed_forms) {
    // x^3 on [-1, 1] onto degree 1: <x^3, x>/<x, x> x = (2/5)/(2/3) x = 3/5 x.
    BOOST_TEST(legendre_projection({0, 0, 0, 1}, -1, 1, 1) == (Vector{0, q(3, 5)}));
    // x^2 on [0, 1] onto degree 1: x - 1/6.
    BOOST_TEST(legendre_projection({0, 0, 1}, 0, 1, 1) == (Vector{q(-1, 6), 1}));
    // onto degree 0: the mean.
    BOOST_TEST(legendre_projection({0, 0, 1}, 0, 1, 0) == (Vector{q(1, 3)}));
    // degree >= deg f: f itself.
    BOOST_TEST(legendre_projection({1, 2, 3}, q(-1, 3), 2, 5) == (Vector{1, 2, 3}));
    BOOST_TEST(legendre_projection({}, 0, 1, 3).empty());
    // shifted Legendre P_2 on [0, 1] = 6x^2 - 6x + 1; P_3 on [-1, 1] = (5x^3 - 3x)/2.
    BOOST_TEST(shifted_legendre(2, 0, 1) == (Vector{1, -6, 6}));
    BOOST_TEST(shifted_legendre(3, -1, 1) == (Vector{0, q(-3, 2), 0, q(5, 2)}));
    BOOST_TEST(integrate_product({0, 1}, {0, 0, 1}, 0, 2) == 4);  // integral_0^2 x^3
    BOOST_TEST(univariate_text({q(-1, 6), 1}) == "x - 1/6");
}

BOOST_AUTO_TEST_CASE(residual_is_orthogonal_to_low_degrees) {
    const auto s = test::seed(6004);
    BOOST_TEST_CONTEXT("seed " << s) {
        std::mt19937_64 rng(s);
        for (int trial = 0; trial < test::scaled(25); ++trial) {
            Vector f;
            for (int k = 0; k < 7; ++k) f.push_back(test::random_rational(rng, 9, 7));
            const Rational a = test::random_rational(rng, 5, 3);
            const Rational b = a + abs(test::random_rational(rng, 5, 3)) + q(1, 7);
            const std::size_t n = static_cast<std::size_t>(trial % 6);
            const Vector p = legendre_projection(f, a, b, n);
            BOOST_TEST(p.size() <= n + 1);
            Vector residual = f;
            for (std::size_t k = 0; k < p.size(); ++k) residual[k] -= p[k];
            for (std::size_t j = 0; j <= n; ++j) {
                Vector monomial(j + 1, Rational(0));
                monomial[j] = 1;
                BOOST_TEST_CONTEXT("trial " << trial << " j " << j) {
                    BOOST_TEST(integrate_product(residual, monomial, a, b).is_zero());
                }
            }
            // distinct Legendre polynomials are orthogonal on [a, b]; ||P_k||^2 = (b - a)/(2k + 1)
            const Vector pn = shifted_legendre(n, a, b), pn1 = shifted_legendre(n + 1, a, b);
            BOOST_TEST(integrate_product(pn, pn1, a, b).is_zero());
            BOOST_TEST(integrate_product(pn, pn, a, b) == (b - a) / Rational(static_cast<long>(2 * n + 1)));
        }
    }
}

BOOST_AUTO_TEST_CASE(certified_l1_of_polynomials) {
    const Expr square = Expr::parse("x^2", 1);
    // integral_0^1 |x - x^2| = 1/6, exactly (rational roots).
    const L1Result r = l1_polynomial_1d({0, 1}, square, 0, 1, q(1, 1000000));
    BOOST_TEST(r.exact);
    BOOST_TEST(r.bound.lower == q(1, 6));
    BOOST_TEST(r.bound.upper == q(1, 6));
    // the projection onto degree 2 is x^2 itself: error 0.
    const L1Result zero =
        l1_polynomial_1d(legendre_projection({0, 0, 1}, 0, 1, 2), square, 0, 1, q(1, 1000000));
    BOOST_TEST(zero.bound.upper == 0);
    // x - 1/6: the roots (3 +- sqrt 3)/6 are irrational; the value is 2 sqrt(3)/27 ... checked in double.
    const Rational tol = q(1, 1000000000);
    const L1Result irr = l1_polynomial_1d({q(-1, 6), 1}, square, 0, 1, tol);
    BOOST_TEST(irr.width() <= tol);
    const double reference = simpson([](double x) { return std::fabs(x * x - x + 1.0 / 6); }, 0, 1, 200000);
    BOOST_TEST(std::fabs(irr.bound.lower.to_double() - reference) < 1e-7);
}

BOOST_AUTO_TEST_CASE(analytic_targets_are_certified_not_projected_exactly) {
    for (const std::string text : {"exp(x)", "sin(x)"}) {
        const Expr f = Expr::parse(text, 1);
        const Vector approx = rational_approximation(f, 0, 1, 30);
        const Vector p = legendre_projection(approx, 0, 1, 3);
        const Rational tol = q(1, 1000000000);
        const L1Result r = l1_polynomial_1d(p, f, 0, 1, tol);
        BOOST_TEST_CONTEXT(text) {
            BOOST_TEST(to_string(r.status) == "certified");
            BOOST_TEST(r.width() <= tol);
            const double reference = simpson(
                [&](double x) {
                    return std::fabs(horner(p, x) - (text == "exp(x)" ? std::exp(x) : std::sin(x)));
                },
                0, 1, 200000);
            BOOST_TEST(std::fabs(r.bound.lower.to_double() - reference) < 1e-9);
            BOOST_TEST(r.bound.upper.to_double() < 1e-3);  // a cubic is a good L1 fit of both
        }
    }
    // the Taylor approximation of exp at 1/2 is close to exp on [0, 1]
    const Vector e = rational_approximation(Expr::parse("exp(x)", 1), 0, 1, 30);
    BOOST_TEST(std::fabs(horner(e, 1.0) - std::exp(1.0)) < 1e-14);
    // a polynomial target gives its exact coefficients
    BOOST_TEST(rational_approximation(Expr::parse("(x + 1)^2/3", 1), 0, 1, 30) ==
               (Vector{q(1, 3), q(2, 3), q(1, 3)}));
}

BOOST_AUTO_TEST_CASE(errors) {
    BOOST_TEST(message_of([] { legendre_projection({1}, 1, 1, 2); }) ==
               "interval [1, 1] is empty (expected a < b)");
    BOOST_TEST(message_of([] { shifted_legendre(1, 2, 1); }) == "interval [2, 1] is empty (expected a < b)");
    BOOST_TEST(message_of([] { rational_approximation(Expr::parse("x1*x2", 2), 0, 1, 5); }) ==
               "target 'x1*x2' has 2 variables (expected one, x)");
    BOOST_TEST(message_of([] {
                   rational_approximation(Expr::parse("sqrt(x - 1/2)", 1), 0, 1, 5);
               }).starts_with("target 'sqrt(x - 1/2)' has no Taylor series at x = 1/2"));
}
