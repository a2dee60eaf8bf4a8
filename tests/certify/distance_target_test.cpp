#define BOOST_TEST_MODULE distance_target
#include <boost/test/unit_test.hpp>

#include "networks.hpp"
#include "relux/certify/distance_target.hpp"
#include "relux/cpwl/grid.hpp"
#include "relux/error.hpp"

#include <arb.h>
#include <arb_hypgeom.h>

using namespace relux;
using relux::test::frac;

namespace {

Rational q(const char* s) { return Rational::parse(s); }

/// The zero function of d inputs (one identity layer).
Network zero_network(std::size_t d) {
    Network net;
    net.input_dim = d;
    Layer l;
    l.activation = Activation::identity;
    l.weights = Matrix(1, d);
    l.bias = Vector(1);
    net.layers.push_back(l);
    return net;
}

/// The Kuhn-grid interpolant of x1 x2 with n cells per axis on [0, 1]^2.
Network product_grid(std::size_t n) {
    const Grid g = sample_grid(Box::parse("0:1,0:1"), n, [](const Vector& x) { return x[0] * x[1]; });
    return construct_grid_network(g, GridForm::arora).net;
}

void check_contains(const TargetDistanceResult& r, const Interval& exact, const Rational& tol) {
    BOOST_TEST_INFO("bound [" << r.bound.lower.str() << ", " << r.bound.upper.str() << "] cells " << r.cells);
    BOOST_TEST_MESSAGE("cells " << r.cells << " width " << r.bound.width().to_double());
    BOOST_TEST((r.status == CertifyStatus::certified));
    BOOST_TEST(r.bound.lower <= exact.lower);
    BOOST_TEST(exact.upper <= r.bound.upper);
    BOOST_TEST(r.bound.width() <= tol);
}

}  // namespace

BOOST_AUTO_TEST_CASE(product_against_zero) {
    const Rational tol = q("1e-3");
    const Expr f = Expr::parse("x1*x2", 2);
    const auto l1 = l1_target(zero_network(2), f, Box::parse("0:1,0:1"), tol);
    check_contains(l1, {frac(1, 4), frac(1, 4)}, tol);
    const auto sup = linf_target(zero_network(2), f, Box::parse("0:1,0:1"), tol);
    check_contains(sup, {Rational(1), Rational(1)}, tol);
    BOOST_TEST(sup.witness.has_value());
    if (sup.witness) BOOST_TEST((*sup.witness == Vector{Rational(1), Rational(1)}));
}

BOOST_AUTO_TEST_CASE(grid_interpolant_of_the_product) {
    // On each Kuhn triangle of side h the error of the interpolant of x1 x2 is h^2 times that of
    // the unit triangle, whose integral is 1/24 and maximum 1/4 (either diagonal): L1 = 1/(12 N^2),
    // sup = 1/(4 N^2).
    for (std::size_t n : {1u, 4u}) {
        const Network net = product_grid(n);
        const Expr f = Expr::parse("x1*x2", 2);
        const Rational n2(static_cast<long>(n * n));
        check_contains(l1_target(net, f, Box::parse("0:1,0:1"), q("1e-3")), {1 / (12 * n2), 1 / (12 * n2)},
                       q("1e-3"));
        check_contains(linf_target(net, f, Box::parse("0:1,0:1"), q("1e-4")), {1 / (4 * n2), 1 / (4 * n2)},
                       q("1e-4"));
    }
}

BOOST_AUTO_TEST_CASE(gaussian_against_zero_matches_erf) {
    // integral over [0,1]^2 of exp(-x1^2 - x2^2) = (sqrt(pi)/2 erf(1))^2, by Arb.
    arb_t v, t;
    arb_init(v);
    arb_init(t);
    arb_one(t);
    arb_hypgeom_erf(v, t, 256);
    arb_const_sqrt_pi(t, 256);
    arb_mul(v, v, t, 256);
    arb_mul_2exp_si(v, v, -1);
    arb_mul(v, v, v, 256);
    Ball ref;
    arb_set(ref.get(), v);
    arb_clear(v);
    arb_clear(t);
    const Rational tol = q("1e-3");
    const Expr f = Expr::parse("exp(-x1^2-x2^2)", 2);
    check_contains(l1_target(zero_network(2), f, Box::parse("0:1,0:1"), tol), ref.to_interval(), tol);
    const auto sup = linf_target(zero_network(2), f, Box::parse("0:1,0:1"), tol);
    check_contains(sup, {Rational(1), Rational(1)}, tol);
}

BOOST_AUTO_TEST_CASE(one_dimensional_agrees_with_the_1d_driver) {
    Vector xs, ys;
    for (long i = 0; i <= 10; ++i) {
        xs.push_back(frac(3 * i, 10));
        ys.push_back(frac(i * (10 - i), 25));  // any data
    }
    const Network net = relux::test::interpolant_network(xs, ys);
    const Expr f = Expr::parse("sin(x)", 1);
    const Rational tol = q("1e-6");
    const auto a = l1_target(net, f, Box::parse("0:3"), tol);
    const auto b = l1_1d(net, f, Rational(0), Rational(3), tol);
    BOOST_TEST(a.bound.width() <= tol);
    BOOST_TEST((a.bound.lower <= b.bound.upper && b.bound.lower <= a.bound.upper));
    const auto c = linf_target(net, f, Box::parse("0:3"), tol);
    const auto d = linf_1d(net, f, Rational(0), Rational(3), tol);
    BOOST_TEST(c.bound.width() <= tol);
    BOOST_TEST((c.bound.lower <= d.bound.upper && d.bound.lower <= c.bound.upper));
}

BOOST_AUTO_TEST_CASE(undefined_target_names_the_point) {
    BOOST_CHECK_EXCEPTION(
        l1_target(zero_network(2), Expr::parse("sqrt(x1)", 2), Box::parse("-1:1,0:1"), q("1e-3")),
        InvalidArgument, [](const InvalidArgument& e) {
            BOOST_TEST_MESSAGE(e.what());
            return std::string(e.what()).find("target 'sqrt(x1)' is undefined at x = (-1, ") == 0;
        });
    BOOST_CHECK_EXCEPTION(
        l1_target(zero_network(3), Expr::parse("x1", 3), Box::parse("0:1,0:1,0:1"), q("1e-3")),
        InvalidArgument, [](const InvalidArgument& e) {
            return std::string(e.what()) ==
                   "distances to a target are certified for 1 or 2 inputs in this version, not 3";
        });
}
