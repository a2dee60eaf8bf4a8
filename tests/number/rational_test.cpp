#define BOOST_TEST_MODULE rational
#include <boost/test/unit_test.hpp>

#include "relux/error.hpp"
#include "relux/number/rational.hpp"
#include "test_util.hpp"

#include <limits>

using relux::Integer;
using relux::Rational;

BOOST_AUTO_TEST_CASE(parses_integers_fractions_and_decimals_exactly) {
    BOOST_TEST(Rational::parse("-3") == Rational(-3));
    BOOST_TEST(Rational::parse("7/12") == Rational(Integer(7), Integer(12)));
    BOOST_TEST(Rational::parse("-14/24") == Rational(Integer(-7), Integer(12)));
    BOOST_TEST(Rational::parse("0.1") == Rational(Integer(1), Integer(10)));
    BOOST_TEST(Rational::parse("0.125") == Rational(Integer(1), Integer(8)));
    BOOST_TEST(Rational::parse("-2.5e-3") == Rational(Integer(-1), Integer(400)));
    BOOST_TEST(Rational::parse("1e-3") == Rational(Integer(1), Integer(1000)));
    BOOST_TEST(Rational::parse("1.5E+2") == Rational(150));
    BOOST_TEST(Rational::parse(".5") == Rational(Integer(1), Integer(2)));
    BOOST_TEST(Rational::parse("5.") == Rational(5));
    BOOST_TEST(Rational::parse("+4") == Rational(4));
    BOOST_TEST(Rational::parse("123456789012345678901234567890").str() == "123456789012345678901234567890");
}

BOOST_AUTO_TEST_CASE(prints_canonically) {
    BOOST_TEST(Rational::parse("-14/24").str() == "-7/12");
    BOOST_TEST(Rational::parse("6/2").str() == "3");
    BOOST_TEST(Rational::parse("0/5").str() == "0");
    BOOST_TEST(Rational::parse("-0").str() == "0");
    BOOST_TEST(Rational::parse("2.50").str() == "5/2");
}

BOOST_AUTO_TEST_CASE(malformed_text_is_a_parse_error_that_says_what_was_expected) {
    for (const char* bad : {"1/0", "1.2.3", "abc", "", "nan", "inf", "-", "1/", "/2", "1e", "1/2/3", "1.5/2",
                            " 1", "1 ", "0x10", "--1", "1e5.5", "e5", "."}) {
        BOOST_TEST_CONTEXT("text '" << bad << "'") {
            try {
                (void)Rational::parse(bad);
                BOOST_ERROR("no error");
            } catch (const relux::ParseError& e) {
                const std::string msg = e.what();
                BOOST_TEST(msg.find(std::string("'") + bad + "'") != std::string::npos);
                BOOST_TEST(msg.find("expected an integer (-3), a fraction (7/12) or a decimal") !=
                           std::string::npos);
            }
        }
    }
    try {
        (void)Rational::parse("1/0");
    } catch (const relux::ParseError& e) {
        BOOST_TEST(std::string(e.what()).find("zero denominator") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(doubles_convert_to_their_exact_dyadic_value) {
    BOOST_TEST(Rational::from_double(0.1).str() == "3602879701896397/36028797018963968");
    BOOST_TEST(Rational::from_double(0.5).str() == "1/2");
    BOOST_TEST(Rational::from_double(-3.0).str() == "-3");
    BOOST_TEST(Rational::from_double(static_cast<double>(0.1f)).str() == "13421773/134217728");
    BOOST_TEST(Rational::from_double(std::numeric_limits<double>::denorm_min()) ==
               Rational(Integer(1), Integer(1) << 1074));
    BOOST_CHECK_THROW(Rational::from_double(std::numeric_limits<double>::quiet_NaN()),
                      relux::InvalidArgument);
    BOOST_CHECK_THROW(Rational::from_double(std::numeric_limits<double>::infinity()), relux::InvalidArgument);
}

BOOST_AUTO_TEST_CASE(random_round_trips_and_field_laws) {
    std::mt19937_64 rng(relux::test::seed(20261201));
    for (int i = 0; i < relux::test::scaled(2000); ++i) {
        const Rational a = relux::test::random_rational(rng, 1000000, 1000000);
        const Rational b = relux::test::random_rational(rng, 1000, 97);
        BOOST_TEST_CONTEXT("a = " << a << ", b = " << b) {
            BOOST_TEST(Rational::parse(a.str()) == a);
            BOOST_TEST((a + b) - b == a);
            if (!b.is_zero()) BOOST_TEST((a / b) * b == a);
            BOOST_TEST(Rational::from_double(a.to_double()) - a < Rational(Integer(1), Integer(1000000)));
        }
    }
}

BOOST_AUTO_TEST_CASE(ordering_and_division_by_zero) {
    BOOST_TEST(Rational::parse("1/3") < Rational::parse("0.34"));
    BOOST_TEST(Rational::parse("-1/3") > Rational::parse("-0.34"));
    BOOST_TEST(relux::abs(Rational(-2)) == Rational(2));
    BOOST_CHECK_THROW(Rational(1) / Rational(0), relux::InvalidArgument);
}
