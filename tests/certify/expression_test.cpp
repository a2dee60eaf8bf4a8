#define BOOST_TEST_MODULE expression
#include <boost/test/unit_test.hpp>

#include "relux/certify/expression.hpp"
#include "relux/error.hpp"
#include "test_util.hpp"

#include <random>
#include <string>

using relux::Ball;
using relux::EvalStatus;
using relux::Expr;
using relux::Integer;
using relux::Interval;
using relux::Predicate;
using relux::Rational;
using relux::Truth;
using relux::Vector;

namespace {

constexpr long kPrec = 128;

Rational q(long n, long d = 1) { return Rational(Integer(n), Integer(d)); }

Ball point(const Rational& x) { return Ball::enclose(x, kPrec); }

Ball interval(const Rational& lo, const Rational& hi) { return relux::interval_ball(lo, hi); }

/// The exact value of a 1-D expression at x.
Rational exact(const std::string& text, const Rational& x) {
    auto v = Expr::parse(text, 1).eval_exact({x});
    BOOST_REQUIRE(v.has_value());
    return *v;
}

/// True when the ball of f at the point x contains `value`.
bool contains(const std::string& text, const Rational& x, const Rational& value) {
    auto v = Expr::parse(text, 1).eval({point(x)}, kPrec);
    BOOST_REQUIRE(v.ok());
    const Interval i = v.value.to_interval();
    return i.contains(value) && i.width() < q(1, 1000000) * q(1, 1000000) * q(1, 1000000) * q(1, 1000000);
}

std::string parse_error(const std::string& text, std::size_t dim = 0) {
    try {
        Expr::parse(text, dim);
    } catch (const relux::ParseError& e) {
        return e.what();
    }
    return "no error";
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

}  // namespace

BOOST_AUTO_TEST_CASE(numbers_are_exact) {
    BOOST_TEST(exact("0.1", 0) == q(1, 10));
    BOOST_TEST(exact("1/3", 0) == q(1, 3));
    BOOST_TEST(exact("1e-3", 0) == q(1, 1000));
    BOOST_TEST(exact("2.5E2", 0) == q(250));
    BOOST_TEST(exact(".5 + 5.", 0) == q(11, 2));
    BOOST_TEST(exact("x^2", q(3, 2)) == q(9, 4));
    BOOST_TEST(exact("2^-1", 0) == q(1, 2));
    BOOST_TEST(exact("-x^2", 3) == q(-9));
    BOOST_TEST(exact("2^3^2", 0) == q(512));
    BOOST_TEST(exact("2**3", 0) == q(8));
    BOOST_TEST(exact("x^-2", 2) == q(1, 4));
    BOOST_TEST(exact("(1 + x)*(1 - x)/3 - -x", q(1, 2)) == q(1, 4) + q(1, 2));
    BOOST_TEST(exact("abs(x - 1) + min(x, 1/2, 2) + max(x, -x)", q(-1, 3)) == q(4, 3) - q(1, 3) + q(1, 3));
    BOOST_TEST(!Expr::parse("sin(x)", 1).eval_exact({q(0)}).has_value());
    BOOST_TEST(!Expr::parse("1/x", 1).eval_exact({q(0)}).has_value());
    BOOST_TEST(!Expr::parse("pi", 1).eval_exact({q(0)}).has_value());
}

BOOST_AUTO_TEST_CASE(dimension_and_variables) {
    BOOST_TEST(Expr::parse("x + 1").dim() == 1u);
    BOOST_TEST(Expr::parse("x1 + x3").dim() == 3u);
    BOOST_TEST(Expr::parse("2", 0).dim() == 1u);
    BOOST_TEST((Expr::parse("x1 * x2", 2).eval_exact({q(2), q(3)}) == std::optional<Rational>(q(6))));
    BOOST_TEST((Expr::parse("x1", 1).eval_exact({q(5)}) == std::optional<Rational>(q(5))));
}

BOOST_AUTO_TEST_CASE(printing_round_trips) {
    for (const char* text :
         {"x^2 - 2*x + 1/3", "-(x + 1)^2", "sin(x)^2 + cos(x)^2", "(x - 1)/(x + 1)", "max(x, -x, 0.5)",
          "2^-x", "x^(1/2)", "e^x - exp(x)", "-x^2", "1 - (x - 2)", "x/(2*x)", "sigmoid(tanh(x))*pi"}) {
        BOOST_TEST_CONTEXT(text) {
            const Expr e = Expr::parse(text, 1);
            const Expr back = Expr::parse(e.str(), 1);
            BOOST_TEST(back.str() == e.str());
            for (long k = -3; k <= 3; ++k) {
                const Rational x = q(k, 3) + q(1, 7);
                auto a = e.eval({point(x)}, kPrec), b = back.eval({point(x)}, kPrec);
                BOOST_TEST(a.ok() == b.ok());
                if (a.ok()) BOOST_TEST(arb_overlaps(a.value.get(), b.value.get()));
            }
        }
    }
    BOOST_TEST(Expr::parse("x1^2 + x2", 2).str() == "x1^2 + x2");
    BOOST_TEST(Expr::parse("1 - (x - 2)", 1).str() == "1 - (x - 2)");
    BOOST_TEST(Expr::parse("(1 - x) - 2", 1).str() == "1 - x - 2");
}

BOOST_AUTO_TEST_CASE(parse_errors_name_the_column) {
    BOOST_TEST(first_line(parse_error("sin(x")) ==
               "expected ')' at column 6 in 'sin(x' (to close the '(' at column 4)");
    BOOST_TEST(parse_error("sin(x") ==
               "expected ')' at column 6 in 'sin(x' (to close the '(' at column 4)\n"
               "  sin(x\n"
               "       ^");
    BOOST_TEST(first_line(parse_error("x +")) ==
               "expected a number, a variable, a function or '(' but the text ended at column 4 in 'x +'");
    BOOST_TEST(first_line(parse_error("2 x")) ==
               "unexpected 'x'; expected an operator or the end of the expression at column 3 in '2 x'");
    BOOST_TEST(first_line(parse_error("foo(x)")).find("unknown name 'foo'") == 0u);
    BOOST_TEST(first_line(parse_error("foo(x)")).find("at column 1 in 'foo(x)'") != std::string::npos);
    BOOST_TEST(first_line(parse_error("x1 + x3", 2)) ==
               "unknown variable 'x3': the input has 2 coordinates (x1..x2) at column 6 in 'x1 + x3'");
    BOOST_TEST(
        first_line(parse_error("x + x2")) ==
        "variable 'x' with a 2-dimensional input; name the coordinates x1..x2 at column 1 in 'x + x2'");
    BOOST_TEST(first_line(parse_error("x0")).find("unknown variable 'x0'") == 0u);
    BOOST_TEST(first_line(parse_error("x < 1")) ==
               "comparison '<' is not allowed in a target expression (class targets are predicates) at "
               "column 3 in 'x < 1'");
    BOOST_TEST(first_line(parse_error("sin(x, 1)")) ==
               "sin takes 1 argument but got 2 at column 1 in 'sin(x, 1)'");
    BOOST_TEST(first_line(parse_error("max(x)")) ==
               "max takes at least 2 arguments but got 1 at column 1 in 'max(x)'");
    BOOST_TEST(first_line(parse_error("sin x")) ==
               "unexpected 'x'; expected '(' after the function name 'sin' at column 5 in 'sin x'");
    BOOST_TEST(first_line(parse_error("")) ==
               "expected a number, a variable, a function or '(' but the text ended at column 1 in ''");
    BOOST_TEST(first_line(parse_error("(x))")).find("unexpected ')'") == 0u);
    BOOST_TEST(first_line(parse_error("x # 2")).find("unexpected '#'") == 0u);
    BOOST_TEST(first_line(parse_error(".")).find("expected digits around '.'") == 0u);
}

BOOST_AUTO_TEST_CASE(balls_contain_the_exact_value_of_rational_expressions) {
    const std::uint64_t seed = relux::test::seed(11);
    BOOST_TEST_CONTEXT("seed " << seed) {
        std::mt19937_64 rng(seed);
        const Expr e =
            Expr::parse("(x^3 - 2*x)/(1 + x^2) + abs(x - 1/3) - min(x, 1/2, x^2) + max(x, 0)^5", 1);
        for (int i = 0; i < relux::test::scaled(200); ++i) {
            const Rational x = relux::test::random_rational(rng);
            auto v = e.eval({point(x)}, kPrec);
            BOOST_REQUIRE(v.ok());
            BOOST_TEST(v.value.to_interval().contains(*e.eval_exact({x})));
            // over an interval, the ball contains the value at every rational point inside
            const Rational lo = x - q(1, 5), hi = x + q(1, 7);
            auto w = e.eval({interval(lo, hi)}, kPrec);
            BOOST_REQUIRE(w.ok());
            for (int k = 0; k <= 4; ++k) {
                const Rational y = lo + (hi - lo) * q(k, 4);
                BOOST_TEST(w.value.to_interval().contains(*e.eval_exact({y})));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(transcendental_values_are_enclosed) {
    BOOST_TEST(contains("sin(pi/6)", 0, q(1, 2)));
    BOOST_TEST(contains("cos(x)", 0, q(1)));
    BOOST_TEST(contains("exp(log(x))", 3, q(3)));
    BOOST_TEST(contains("e - exp(1)", 0, q(0)));
    BOOST_TEST(contains("sigmoid(x)", 0, q(1, 2)));
    BOOST_TEST(contains("sigmoid(x) + sigmoid(-x)", q(7, 3), q(1)));
    BOOST_TEST(contains("tanh(x) + tanh(-x)", q(5, 2), q(0)));
    BOOST_TEST(contains("tanh(x) - (exp(2*x) - 1)/(exp(2*x) + 1)", q(1, 3), q(0)));
    BOOST_TEST(contains("sqrt(x)", 4, q(2)));
    BOOST_TEST(contains("x^(1/2)", q(9, 4), q(3, 2)));
    BOOST_TEST(contains("x^(-3/2)", 4, q(1, 8)));
    BOOST_TEST(contains("x^x", 2, q(4)));
    BOOST_TEST(contains("2^x", -2, q(1, 4)));
    BOOST_TEST(contains("x^0.5", q(1, 4), q(1, 2)));
}

BOOST_AUTO_TEST_CASE(domain_errors_are_statuses) {
    auto check = [](const std::string& text, const Ball& x, EvalStatus status, const std::string& reason) {
        BOOST_TEST_CONTEXT(text) {
            auto v = Expr::parse(text, 1).eval({x}, kPrec);
            BOOST_TEST(static_cast<int>(v.status) == static_cast<int>(status));
            BOOST_TEST(v.reason == reason);
        }
    };
    check("sqrt(x)", point(-1), EvalStatus::undefined, "sqrt of a negative number");
    check("log(x)", point(0), EvalStatus::undefined, "log of a number <= 0");
    check("1/x", point(0), EvalStatus::undefined, "division by zero");
    check("x^-1", point(0), EvalStatus::undefined, "division by zero (a negative power of 0)");
    check("x^(1/3)", point(-1), EvalStatus::undefined, "non-integer power of a number < 0");
    check("sqrt(x)", interval(-1, 1), EvalStatus::maybe_undefined,
          "sqrt of an interval that contains negative numbers");
    check("1/x", interval(-1, 1), EvalStatus::maybe_undefined, "division by an interval that contains 0");
    check("log(x)", interval(0, 1), EvalStatus::maybe_undefined, "log of an interval that reaches 0");
    check("1 + sqrt(x - 2)", interval(0, 1), EvalStatus::undefined, "sqrt of a negative number");
    // an undefined part wins over a doubtful one
    check("1/x + sqrt(x - 5)", interval(-1, 1), EvalStatus::undefined, "sqrt of a negative number");
}

BOOST_AUTO_TEST_CASE(interval_ranges_are_tight_at_kinks_and_even_powers) {
    auto range = [](const std::string& text, const Rational& lo, const Rational& hi) {
        auto v = Expr::parse(text, 1).eval({interval(lo, hi)}, kPrec);
        BOOST_REQUIRE(v.ok());
        return v.value.to_interval();
    };
    Interval r = range("x^2", -1, 1);
    BOOST_TEST(r.lower == q(0));
    BOOST_TEST(r.upper >= q(1));
    BOOST_TEST(r.upper < q(1001, 1000));
    r = range("abs(x)", -1, 2);
    BOOST_TEST(r.lower == q(0));
    BOOST_TEST(r.upper < q(2001, 1000));
    r = range("sqrt(x)", 0, 4);
    BOOST_TEST(r.lower == q(0));
    BOOST_TEST(r.upper < q(2001, 1000));
    r = range("x^(3/2)", 0, 4);
    BOOST_TEST(r.lower == q(0));
    BOOST_TEST(r.upper >= q(8));
}

BOOST_AUTO_TEST_CASE(taylor_coefficients) {
    Ball one = point(1);
    auto coeffs = [&](const std::string& text, const Rational& at, long length) {
        auto s = Expr::parse(text, 1).taylor({point(at)}, {one}, length, kPrec);
        BOOST_REQUIRE(s.ok());
        std::vector<Interval> out;
        for (const Ball& b : s.coeffs) out.push_back(b.to_interval());
        return out;
    };
    auto sin0 = coeffs("sin(x)", 0, 6);
    const Rational expect_sin[] = {0, 1, 0, q(-1, 6), 0, q(1, 120)};
    for (int k = 0; k < 6; ++k) BOOST_TEST(sin0[k].contains(expect_sin[k]));
    auto cube = coeffs("x^3", 2, 5);
    const Rational expect_cube[] = {8, 12, 6, 1, 0};
    for (int k = 0; k < 5; ++k) BOOST_TEST((cube[k] == Interval{expect_cube[k], expect_cube[k]}));
    auto e2 = coeffs("exp(2*x)", 0, 4);
    const Rational expect_e2[] = {1, 2, 2, q(4, 3)};
    for (int k = 0; k < 4; ++k) BOOST_TEST(e2[k].contains(expect_e2[k]));
    auto sig = coeffs("sigmoid(x)", 0, 4);  // 1/2 + x/4 - x^3/48
    const Rational expect_sig[] = {q(1, 2), q(1, 4), 0, q(-1, 48)};
    for (int k = 0; k < 4; ++k) BOOST_TEST(sig[k].contains(expect_sig[k]));
    auto th = coeffs("tanh(x)", 0, 4);  // x - x^3/3
    const Rational expect_th[] = {0, 1, 0, q(-1, 3)};
    for (int k = 0; k < 4; ++k) BOOST_TEST(th[k].contains(expect_th[k]));

    // 2-D along a direction: x1 x2 at (1, 2) + t (1, 1) = 2 + 3t + t^2
    auto s = Expr::parse("x1*x2", 2).taylor({point(1), point(2)}, {one, one}, 3, kPrec);
    BOOST_REQUIRE(s.ok());
    BOOST_TEST(s.coeffs[0].to_interval().contains(2));
    BOOST_TEST(s.coeffs[1].to_interval().contains(3));
    BOOST_TEST(s.coeffs[2].to_interval().contains(1));

    // kinks and infinite derivatives are reported, not differentiated
    auto kink = Expr::parse("abs(x)", 1).taylor({point(0)}, {one}, 2, kPrec);
    BOOST_TEST(static_cast<int>(kink.status) == static_cast<int>(EvalStatus::not_smooth));
    auto root = Expr::parse("sqrt(x)", 1).taylor({point(0)}, {one}, 2, kPrec);
    BOOST_TEST(static_cast<int>(root.status) == static_cast<int>(EvalStatus::not_smooth));
    BOOST_TEST(Expr::parse("sqrt(x)", 1).taylor({point(0)}, {one}, 1, kPrec).ok());
    auto tie = Expr::parse("max(x, 1 - x)", 1).taylor({point(q(1, 2))}, {one}, 2, kPrec);
    BOOST_TEST(static_cast<int>(tie.status) == static_cast<int>(EvalStatus::not_smooth));
    BOOST_TEST(Expr::parse("max(x, 1 - x)", 1).taylor({point(q(1, 3))}, {one}, 2, kPrec).ok());
}

BOOST_AUTO_TEST_CASE(polynomials_are_recognised_and_extracted_exactly) {
    auto coeffs = [](const std::string& text) { return Expr::parse(text, 1).polynomial_coefficients(); };
    BOOST_TEST((coeffs("x^2") == Vector{0, 0, 1}));
    BOOST_TEST((coeffs("(x+1)^3/2") == Vector{q(1, 2), q(3, 2), q(3, 2), q(1, 2)}));
    BOOST_TEST((coeffs("(1 + x)*(1 - x)") == Vector{1, 0, -1}));
    BOOST_TEST((coeffs("x/3 - 0.1") == Vector{q(-1, 10), q(1, 3)}));
    BOOST_TEST((coeffs("x - x") == Vector{}));
    BOOST_TEST((coeffs("x/(1/2)") == Vector{0, 2}));
    for (const char* not_poly : {"x^2 + sin(x)", "x/(1 + x)", "pi*x", "x/0", "abs(x)", "x^(1/2)", "x^-1"})
        BOOST_TEST(!coeffs(not_poly).has_value(), not_poly);
    BOOST_TEST(Expr::parse("x1^2 + 3*x2", 2).is_polynomial());
    BOOST_TEST(!Expr::parse("x1^2 + 3*x2", 2).polynomial_coefficients().has_value());  // 1-D only
}

BOOST_AUTO_TEST_CASE(predicates) {
    const Predicate disk = Predicate::parse("x1^2 + x2^2 < 1", 2);
    BOOST_TEST(disk.comparisons().size() == 1u);
    BOOST_TEST((disk.eval_exact({q(1, 2), q(1, 2)}) == std::optional<bool>(true)));
    BOOST_TEST((disk.eval_exact({q(1), q(0)}) == std::optional<bool>(false)));
    BOOST_TEST((disk.eval({point(q(1, 2)), point(q(1, 2))}, kPrec) == Truth::yes));
    BOOST_TEST((disk.eval({point(2), point(0)}, kPrec) == Truth::no));
    BOOST_TEST((disk.eval({interval(0, 1), interval(0, 1)}, kPrec) == Truth::unknown));
    BOOST_TEST((disk.eval({interval(0, q(1, 2)), interval(0, q(1, 2))}, kPrec) == Truth::yes));

    using Box = std::vector<Interval>;
    BOOST_TEST((disk.eval(Box{{q(0), q(1, 2)}, {q(0), q(1, 2)}}, kPrec) == Truth::yes));
    BOOST_TEST((disk.eval(Box{{q(1), q(2)}, {q(1, 2), q(1)}}, kPrec) == Truth::no));
    BOOST_TEST((Predicate::parse("x <= 1/3", 1).eval(Box{{q(1, 3), q(1, 3)}}, kPrec) == Truth::yes));

    const Predicate band = Predicate::parse("0 < x <= 1 & sin(x) > 1/2", 1);
    BOOST_TEST(band.comparisons().size() == 3u);
    BOOST_TEST(band.str() == "0 < x & x <= 1 & sin(x) > 1/2");
    BOOST_TEST((band.eval({point(q(9, 10))}, kPrec) == Truth::yes));
    BOOST_TEST((band.eval({point(q(1, 10))}, kPrec) == Truth::no));
    BOOST_TEST((band.eval({point(2)}, kPrec) == Truth::no));
    BOOST_TEST(!band.eval_exact({q(9, 10)}).has_value());
    BOOST_TEST((band.eval_exact({q(2)}) == std::optional<bool>(false)));
    BOOST_TEST(Predicate::parse("x >= 1 && x < 2").dim() == 1u);

    auto error = [](const std::string& text) {
        try {
            Predicate::parse(text, 0);
        } catch (const relux::ParseError& e) {
            return first_line(e.what());
        }
        return std::string("no error");
    };
    BOOST_TEST(error("x") == "expected a comparison (<, <=, >, >=) but the text ended at column 2 in 'x'");
    BOOST_TEST(error("x < 1 | x > 2") ==
               "unexpected '|'; expected '&' or the end of the predicate at column 7 in 'x < 1 | x > 2'");
    BOOST_TEST(error("x < ") ==
               "expected a number, a variable, a function or '(' but the text ended at column 5 in 'x < '");
}

BOOST_AUTO_TEST_CASE(exact_boxes_respect_rational_domain_boundaries) {
    using Box = std::vector<Interval>;
    const Expr root = Expr::parse("sqrt(x - 1/3)", 1);
    // over balls, 1/3 is not representable and x - 1/3 straddles 0
    BOOST_TEST(static_cast<int>(root.eval({point(q(1, 3))}, kPrec).status) ==
               static_cast<int>(EvalStatus::maybe_undefined));
    auto at = root.eval(Box{{q(1, 3), q(1, 3)}}, kPrec);
    BOOST_REQUIRE(at.ok());
    BOOST_TEST(arb_is_zero(at.value.get()));
    auto over = root.eval(Box{{q(1, 3), q(1)}}, kPrec);
    BOOST_REQUIRE(over.ok());
    BOOST_TEST(over.value.to_interval().lower == q(0));
    auto log_at = Expr::parse("log(3*x - 1)", 1).eval(Box{{q(1, 3), q(1, 3)}}, kPrec);
    BOOST_TEST(static_cast<int>(log_at.status) == static_cast<int>(EvalStatus::undefined));
    // the exact range of an affine part is tight: (x1 - x2)/2 over [0,1]^2 is [-1/2, 1/2]
    auto r = Expr::parse("abs((x1 - x2)/2)", 2).eval(Box{{q(0), q(1)}, {q(0), q(1)}}, kPrec);
    BOOST_REQUIRE(r.ok());
    BOOST_TEST(r.value.to_interval().lower == q(0));
    BOOST_TEST(r.value.to_interval().upper >= q(1, 2));
    BOOST_TEST(r.value.to_interval().upper < q(1, 2) + q(1, 1000000));
    // series along a direction: sin(2x - 1) at 1/2 is sin(2t) = 2t - 4t^3/3 + ...
    auto s = Expr::parse("sin(2*x - 1)", 1).taylor(Box{{q(1, 2), q(1, 2)}}, Vector{q(1)}, 4, kPrec);
    BOOST_REQUIRE(s.ok());
    BOOST_TEST(arb_is_zero(s.coeffs[0].get()));
    BOOST_TEST(s.coeffs[1].to_interval().contains(q(2)));
    BOOST_TEST(s.coeffs[3].to_interval().contains(q(-4, 3)));
    // 2-D direction: x1 + 3 x2 along (1, -1) has slope -2
    auto d = Expr::parse("exp(x1 + 3*x2)", 2)
                 .taylor(Box{{q(0), q(0)}, {q(0), q(0)}}, Vector{q(1), q(-1)}, 3, kPrec);
    BOOST_REQUIRE(d.ok());
    BOOST_TEST(d.coeffs[1].to_interval().contains(q(-2)));
    BOOST_TEST(d.coeffs[2].to_interval().contains(q(2)));
}
