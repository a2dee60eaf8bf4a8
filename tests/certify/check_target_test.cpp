#define BOOST_TEST_MODULE check_target
#include <boost/test/unit_test.hpp>

#include "../../src/certify/check_target.hpp"
#include "relux/certify/distance1d.hpp"
#include "relux/net/evaluate.hpp"

#include <cmath>
#include <string>

using relux::AffineMap;
using relux::CertificateKind;
using relux::Expr;
using relux::Integer;
using relux::Interval;
using relux::Matrix;
using relux::Rational;
using relux::Vector;
using relux::detail::check_target_cell;

namespace {

Rational q(long num, long den = 1) { return Rational(Integer(num), Integer(den)); }

/// The map x -> m x + c.
AffineMap line(const Rational& m, const Rational& c) {
    AffineMap map;
    map.A = Matrix(1, 1);
    map.A(0, 0) = m;
    map.b = Vector{c};
    return map;
}

/// [v - below, v + above] around a double reference value (accurate to about 1e-16).
Interval around(double v, double below, double above) {
    return {Rational::from_double(v) - Rational::from_double(below),
            Rational::from_double(v) + Rational::from_double(above)};
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(l1_constant_sign_closed_form) {
    // integral_0^1 (x - sin x) dx = cos 1 - 1/2, and x - sin x >= 0.
    const Expr f = Expr::parse("sin(x)");
    const double v = std::cos(1.0) - 0.5;
    BOOST_TEST(check_target_cell(f, CertificateKind::l1, q(0), q(1), line(q(1), q(0)), 1,
                                 around(v, 1e-12, 1e-12)) == "");
    // The sign is not trusted: a wrong or unknown sign changes nothing.
    BOOST_TEST(check_target_cell(f, CertificateKind::l1, q(0), q(1), line(q(1), q(0)), 0,
                                 around(v, 1e-12, 1e-12)) == "");
    const std::string low =
        check_target_cell(f, CertificateKind::l1, q(0), q(1), line(q(1), q(0)), 1, around(v, -1e-13, 1e-12));
    BOOST_TEST(contains(low, "claimed lower"), low);
    const std::string high =
        check_target_cell(f, CertificateKind::l1, q(0), q(1), line(q(1), q(0)), 1, around(v, 1e-12, -1e-13));
    BOOST_TEST(contains(high, "claimed upper"), high);
    BOOST_TEST(contains(high, "is below the enclosure"), high);
}

BOOST_AUTO_TEST_CASE(l1_sign_change) {
    // integral_{-1}^{2} |sin x| dx = (1 - cos 1) + (1 - cos 2) against N = 0.
    const Expr f = Expr::parse("sin(x)");
    const double v = 2.0 - std::cos(1.0) - std::cos(2.0);
    BOOST_TEST(check_target_cell(f, CertificateKind::l1, q(-1), q(2), line(q(0), q(0)), 0,
                                 around(v, 1e-10, 1e-10)) == "");
    const std::string r =
        check_target_cell(f, CertificateKind::l1, q(-1), q(2), line(q(0), q(0)), 0, around(v, 1e-10, -1e-11));
    BOOST_TEST(contains(r, "claimed upper"), r);
}

BOOST_AUTO_TEST_CASE(l1_kink) {
    // integral_0^1 |x - 1/3| dx = 5/18 (abs has no series at the kink: the range fallback).
    const Expr f = Expr::parse("abs(x - 1/3)");
    const Rational v = q(5, 18), e = q(1, 1'000'000'000);
    BOOST_TEST(check_target_cell(f, CertificateKind::l1, q(0), q(1), line(q(0), q(0)), 0, {v - e, v + e}) ==
               "");
    BOOST_TEST(
        check_target_cell(f, CertificateKind::l1, q(0), q(1), line(q(0), q(0)), 0, {v + e, v + e + e}) != "");
}

BOOST_AUTO_TEST_CASE(linf_closed_form) {
    // max_{[0,1]} (x - sin x) = 1 - sin 1, at x = 1 (an end of the cell).
    const Expr f = Expr::parse("sin(x)");
    const double v = 1.0 - std::sin(1.0);
    BOOST_TEST(check_target_cell(f, CertificateKind::linf, q(0), q(1), line(q(1), q(0)), 1,
                                 around(v, 1e-12, 1e-12)) == "");
    BOOST_TEST(check_target_cell(f, CertificateKind::linf, q(0), q(1), line(q(1), q(0)), 1,
                                 around(v, 1e-3, 1e-12)) == "");
    const std::string high = check_target_cell(f, CertificateKind::linf, q(0), q(1), line(q(1), q(0)), 1,
                                               around(v, 1e-12, -1e-13));
    BOOST_TEST(contains(high, "claimed upper"), high);
    const std::string low = check_target_cell(f, CertificateKind::linf, q(0), q(1), line(q(1), q(0)), 1,
                                              around(v, -1e-13, 1e-12));
    BOOST_TEST(contains(low, "claimed lower"), low);
}

BOOST_AUTO_TEST_CASE(linf_interior_maximum) {
    // max_{[0,2]} |x/3 - sin x|: an interior maximum; [0, upper] only needs the upper bound.
    const Expr f = Expr::parse("sin(x)");
    // g = x/3 - sin x has g' = 0 at cos x = 1/3; |g| is largest there: sin(acos(1/3)) - acos(1/3)/3.
    const double xs = std::acos(1.0 / 3.0), v = std::sin(xs) - xs / 3.0;
    BOOST_TEST(check_target_cell(f, CertificateKind::linf, q(0), q(2), line(q(1, 3), q(0)), 0,
                                 {Rational(0), Rational::from_double(v) + q(1, 1'000'000'000)}) == "");
    const std::string r = check_target_cell(f, CertificateKind::linf, q(0), q(2), line(q(1, 3), q(0)), 0,
                                            {Rational(0), Rational::from_double(v) - q(1, 1'000'000'000)});
    BOOST_TEST(contains(r, "claimed upper"), r);
}

BOOST_AUTO_TEST_CASE(polynomial_exact_claims) {
    // integral_0^1 |x - x^2| = 1/6, max = 1/4 at x = 1/2: exact claims are checked exactly.
    const Expr f = Expr::parse("x^2");
    BOOST_TEST(
        check_target_cell(f, CertificateKind::l1, q(0), q(1), line(q(1), q(0)), 1, {q(1, 6), q(1, 6)}) == "");
    const std::string r = check_target_cell(f, CertificateKind::l1, q(0), q(1), line(q(1), q(0)), 1,
                                            {q(1, 6) + q(1, 1'000'000), q(1, 6) + q(1, 1'000'000)});
    BOOST_TEST(contains(r, "is 1/6"), r);
    BOOST_TEST(check_target_cell(f, CertificateKind::linf, q(0), q(1), line(q(1), q(0)), 0,
                                 {q(1, 4), q(1, 4)}) == "");
    BOOST_TEST(contains(
        check_target_cell(f, CertificateKind::linf, q(0), q(1), line(q(1), q(0)), 0, {q(1, 5), q(1, 5)}),
        "is 1/4"));
    // An interval claim on a polynomial goes through the Arb check.
    BOOST_TEST(check_target_cell(f, CertificateKind::l1, q(0), q(1), line(q(1), q(0)), 0,
                                 {q(1, 6) - q(1, 1000), q(1, 6) + q(1, 1000)}) == "");
}

BOOST_AUTO_TEST_CASE(malformed_and_undefined) {
    const Expr f = Expr::parse("sqrt(x)");
    const std::string r =
        check_target_cell(f, CertificateKind::l1, q(-2), q(-1), line(q(0), q(0)), 0, {q(0), q(1)});
    BOOST_TEST(contains(r, "undefined"), r);
    BOOST_TEST(
        contains(check_target_cell(f, CertificateKind::l1, q(1), q(1), line(q(0), q(0)), 0, {q(0), q(1)}),
                 "is empty"));
    BOOST_TEST(
        contains(check_target_cell(f, CertificateKind::l1, q(0), q(1), line(q(0), q(0)), 0, {q(1), q(0)}),
                 "is empty"));
    BOOST_TEST(contains(check_target_cell(Expr::parse("sin(x)"), CertificateKind::l1, q(0), q(1),
                                          line(q(1), q(0)), 0, {q(1, 10), q(1, 10)}),
                        "needs a polynomial target"));
}

BOOST_AUTO_TEST_CASE(producer_cells_verify) {
    // The cells l1_1d / linf_1d return verify one by one, and their sum / max lies in the claim.
    const Expr f = Expr::parse("exp(x)");
    std::vector<relux::Piece1d> pieces;
    for (int i = 0; i < 8; ++i) {
        const Rational a = q(i, 8), b = q(i + 1, 8);
        // The chord of exp through (a, e^a) and (b, e^b), with rounded node values.
        const Rational ya = Rational::from_double(std::exp(a.to_double())),
                       yb = Rational::from_double(std::exp(b.to_double()));
        const Rational m = (yb - ya) / (b - a);
        pieces.push_back({a, b, Vector{m}, Vector{ya - m * a}});
    }
    relux::CertifyOptions options;
    options.want_cells = true;
    const auto l1 = relux::l1_1d(pieces, f, q(1, 1'000'000'000'000), options);
    Rational lower, upper;
    for (const auto& c : l1.cells) {
        BOOST_TEST(check_target_cell(f, CertificateKind::l1, c.vertices[0][0], c.vertices[1][0], c.map,
                                     c.sign, c.bound) == "");
        lower += c.bound.lower;
        upper += c.bound.upper;
    }
    BOOST_TEST((l1.bound.lower <= lower && upper <= l1.bound.upper));
    BOOST_TEST(l1.cells.front().vertices[0][0] == q(0));
    BOOST_TEST(l1.cells.back().vertices[1][0] == q(1));
    const auto linf = relux::linf_1d(pieces, f, q(1, 1'000'000'000'000), options);
    Rational max_lower, max_upper;
    for (const auto& c : linf.cells) {
        BOOST_TEST(check_target_cell(f, CertificateKind::linf, c.vertices[0][0], c.vertices[1][0], c.map,
                                     c.sign, c.bound) == "");
        max_lower = max(max_lower, c.bound.lower);
        max_upper = max(max_upper, c.bound.upper);
    }
    BOOST_TEST(max_lower == linf.bound.lower);
    BOOST_TEST(max_upper <= linf.bound.upper);
}
