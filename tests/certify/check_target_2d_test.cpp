#define BOOST_TEST_MODULE certify_check_target_2d
#include <boost/test/unit_test.hpp>

// Certificates of 2-D target distances (l1_target / linf_target with want_cells) against the
// independent checker: they verify, contain the closed forms, and every kind of tampering fails.

#include "networks.hpp"
#include "relux/certify/certificate.hpp"
#include "relux/certify/distance_target.hpp"
#include "relux/cpwl/grid.hpp"

#include <cmath>
#include <random>
#include <string>

using namespace relux;
using relux::test::frac;

namespace {

/// The Kuhn-grid interpolant of x1 x2 with n cells per axis on [0, 1]^2.
Network product_grid(std::size_t n) {
    const Grid g = sample_grid(Box::parse("0:1,0:1"), n, [](const Vector& x) { return x[0] * x[1]; });
    return construct_grid_network(g, GridForm::arora).net;
}

/// A relu network 2 -> 4 -> 1 with fixed small weights (a few regions inside [-1, 1]^2).
Network small_network() {
    Layer hidden;
    hidden.activation = Activation::relu;
    hidden.weights = Matrix(4, 2);
    hidden.bias = Vector(4);
    const long w[4][3] = {{1, 2, 0}, {-2, 1, 1}, {1, -1, -1}, {3, 1, 2}};
    for (std::size_t i = 0; i < 4; ++i) {
        hidden.weights(i, 0) = w[i][0];
        hidden.weights(i, 1) = w[i][1];
        hidden.bias[i] = frac(w[i][2], 3);
    }
    Layer out;
    out.activation = Activation::identity;
    out.weights = Matrix(1, 4);
    out.bias = Vector{frac(1, 5)};
    for (std::size_t i = 0; i < 4; ++i) out.weights(0, i) = frac(static_cast<long>(i) - 1, 4);
    Network net;
    net.input_dim = 2;
    net.layers = {hidden, out};
    net.validate();
    return net;
}

Certificate make(CertificateKind kind, const Network& net, const std::string& target, const Box& box,
                 const Rational& tol) {
    const Expr f = Expr::parse(target, 2);
    TargetDistanceOptions options;
    options.want_cells = true;
    const TargetDistanceResult r = kind == CertificateKind::l1 ? l1_target(net, f, box, tol, options)
                                                               : linf_target(net, f, box, tol, options);
    BOOST_REQUIRE((r.status == CertifyStatus::certified));
    BOOST_REQUIRE_EQUAL(r.certificate_cells.size(), r.cells);
    Certificate c;
    c.kind = kind;
    c.network = net;
    c.target = target;
    c.box = box;
    c.value = r.bound;
    c.witness = r.witness;
    c.cells = r.certificate_cells;
    return c;
}

void expect_holds(const Certificate& c) {
    const CheckResult r = check_certificate(c);
    BOOST_TEST(r.holds, r.failure);
    BOOST_TEST(r.cells == c.cells.size());
    // The file round-trips and still holds.
    const Certificate back = parse_certificate_json(write_certificate_json(c), "<memory>");
    BOOST_TEST(check_certificate(back).holds);
}

void expect_fails(const Certificate& c, const std::string& part) {
    const CheckResult r = check_certificate(c);
    BOOST_TEST(!r.holds);
    BOOST_TEST(r.failure.find(part) != std::string::npos, r.failure);
}

}  // namespace

BOOST_AUTO_TEST_CASE(grid_interpolant_certificates_hold_and_contain_the_closed_forms) {
    // L1 = 1/(12 N^2) and sup = 1/(4 N^2) for the N x N Kuhn interpolant of x1 x2 (proofs/target-2d.md).
    const Network net = product_grid(4);
    const Certificate l1 =
        make(CertificateKind::l1, net, "x1*x2", Box::parse("0:1,0:1"), Rational::parse("1e-3"));
    BOOST_TEST(l1.value.contains(frac(1, 192)));
    expect_holds(l1);
    const Certificate sup =
        make(CertificateKind::linf, net, "x1*x2", Box::parse("0:1,0:1"), Rational::parse("1e-3"));
    BOOST_TEST(sup.value.contains(frac(1, 64)));
    expect_holds(sup);
}

BOOST_AUTO_TEST_CASE(transcendental_target_certificates_hold) {
    const Network net = small_network();
    const Box box = Box::parse("-1:1,-1/2:1");
    expect_holds(make(CertificateKind::l1, net, "sin(x1)*exp(x2/2)", box, Rational::parse("1e-2")));
    expect_holds(make(CertificateKind::linf, net, "sin(x1)*exp(x2/2)", box, Rational::parse("1e-3")));
}

BOOST_AUTO_TEST_CASE(tampered_2d_certificates_fail) {
    const Network net = product_grid(2);
    const Certificate good =
        make(CertificateKind::l1, net, "x1*x2", Box::parse("0:1,0:1"), Rational::parse("1e-2"));
    expect_holds(good);
    const std::size_t k = good.cells.size() / 2;
    {  // a bound below the cell's true integral
        Certificate c = good;
        c.cells[k].bound = {Rational(0), c.cells[k].bound.lower / 2};
        c.value.lower = 0;
        expect_fails(c, "cell " + std::to_string(k) + ": the integral of |N - f| over the cell is at least");
    }
    {  // a map entry
        Certificate c = good;
        c.cells[k].map.b[0] += frac(1, 1000);
        expect_fails(c, "cell " + std::to_string(k) + ": map b[0]");
    }
    {  // a vertex moved inside the box: the facets no longer hold, or the areas no longer add up
        Certificate c = good;
        c.cells[k].vertices[0][0] = (c.cells[k].vertices[0][0] + c.cells[k].vertices[1][0]) / 2 + frac(1, 97);
        expect_fails(c, "cell");
    }
    {  // a missing cell
        Certificate c = good;
        c.cells.erase(c.cells.begin() + static_cast<std::ptrdiff_t>(k));
        expect_fails(c, "the cells' areas sum to");
    }
    {  // the claimed total above the sum of the cells
        Certificate c = good;
        c.value.lower = c.value.upper + frac(1, 10);
        c.value.upper = c.value.lower;
        expect_fails(c, "value: claimed lower");
    }
}

BOOST_AUTO_TEST_CASE(overlapping_triangles_with_the_right_total_area_fail) {
    // Two halves of [0, 1]^2 cut along different diagonals: areas 1/2 + 1/2 = 1, but they overlap.
    const Network net = small_network();
    Certificate c = make(CertificateKind::linf, net, "0*x1", Box::parse("0:1,0:1"), Rational::parse("1"));
    const CertificateCell first = c.cells.front();
    c.cells.clear();
    const std::vector<std::vector<Vector>> halves = {
        {{frac(0), frac(0)}, {frac(1), frac(0)}, {frac(1), frac(1)}},
        {{frac(0), frac(0)}, {frac(1), frac(0)}, {frac(0), frac(1)}}};
    // A network that is affine on the whole box: one identity layer.
    Network affine;
    affine.input_dim = 2;
    Layer l;
    l.activation = Activation::identity;
    l.weights = Matrix(1, 2);
    l.weights(0, 0) = 1;
    l.bias = Vector{frac(0)};
    affine.layers = {l};
    c.network = affine;
    c.witness = Vector{frac(1), frac(0)};
    c.value = {frac(1), frac(1)};
    for (const auto& t : halves) {
        CertificateCell cell = first;
        cell.vertices = t;
        cell.facets.clear();
        cell.patterns = {""};
        cell.map = {Matrix(1, 2), Vector{frac(0)}};
        cell.map.A(0, 0) = 1;
        cell.bound = {frac(0), frac(1)};
        c.cells.push_back(cell);
    }
    expect_fails(c, "cells 0 and 1 overlap");
}

BOOST_AUTO_TEST_CASE(sup_certificate_with_a_false_witness_fails) {
    const Network net = product_grid(2);
    Certificate c = make(CertificateKind::linf, net, "x1*x2", Box::parse("0:1,0:1"), Rational::parse("1e-3"));
    expect_holds(c);
    c.witness = Vector{frac(0), frac(0)};  // N = f = 0 there
    expect_fails(c, "witness (0, 0)");
    Certificate d = make(CertificateKind::linf, net, "x1*x2", Box::parse("0:1,0:1"), Rational::parse("1e-3"));
    d.value.upper = d.value.lower - frac(1, 1000);  // below the cells' upper bounds
    d.value.lower = d.value.upper;
    expect_fails(d, "value: claimed");
}

BOOST_AUTO_TEST_CASE(one_dimensional_box_certificates_hold) {
    // l1_target / linf_target also take 1-input networks; their cells come out in order and the
    // 1-D checker verifies them. A 4-piece interpolant of sin on [0, 3].
    Vector xs, ys;
    for (long i = 0; i <= 4; ++i) {
        xs.push_back(frac(3 * i, 4));
        ys.push_back(Rational::from_double(std::sin(3.0 * static_cast<double>(i) / 4)));
    }
    const Network net = test::interpolant_network(xs, ys);
    const Box box = Box::parse("0:3");
    const Expr f = Expr::parse("sin(x)", 1);
    TargetDistanceOptions options;
    options.want_cells = true;
    for (const CertificateKind kind : {CertificateKind::l1, CertificateKind::linf}) {
        const TargetDistanceResult r = kind == CertificateKind::l1
                                           ? l1_target(net, f, box, Rational::parse("1e-4"), options)
                                           : linf_target(net, f, box, Rational::parse("1e-4"), options);
        Certificate c;
        c.kind = kind;
        c.network = net;
        c.target = "sin(x)";
        c.box = box;
        c.value = r.bound;
        c.witness = r.witness;
        c.cells = r.certificate_cells;
        BOOST_TEST(c.cells.size() > 4u);
        const CheckResult check = check_certificate(c);
        BOOST_TEST(check.holds, check.failure);
    }
}
