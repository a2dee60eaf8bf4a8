#define BOOST_TEST_MODULE number_ball
#include <boost/test/unit_test.hpp>

#include "relux/error.hpp"
#include "relux/number/ball.hpp"
#include "test_util.hpp"

#include <chrono>
#include <random>
#include <string>

using relux::Ball;
using relux::Integer;
using relux::Interval;
using relux::Rational;

namespace {

Rational q(const char* text) { return Rational::parse(text); }

bool is_power_of_two(const Integer& n) { return n > 0 && (n & (n - 1)) == 0; }

bool is_dyadic(const Rational& x) { return is_power_of_two(x.denominator()); }

/// An exact rational enclosure of exp(z) for |z| <= 10, independent of Arb: the Taylor sum of
/// `terms` terms plus the bound |z|^N / N! * 1 / (1 - |z| / (N + 1)) on the remainder.
Interval exp_reference(const Rational& z, int terms = 100) {
    Rational sum = 0, term = 1;
    for (int k = 0; k < terms; ++k) {
        sum += term;
        term = term * z / Rational(k + 1);
    }
    const Rational a = relux::abs(z);
    const Rational tail = relux::abs(term) / (Rational(1) - a / Rational(terms + 1));
    return {sum - tail, sum + tail};
}

/// Exact rational enclosures of softmax(z) from exp_reference.
std::vector<Interval> softmax_reference(const std::vector<Rational>& z) {
    std::vector<Interval> e;
    Rational lo = 0, hi = 0;
    for (const Rational& x : z) {
        e.push_back(exp_reference(x));
        lo += e.back().lower;
        hi += e.back().upper;
    }
    std::vector<Interval> out;
    for (const Interval& i : e) out.push_back({i.lower / hi, i.upper / lo});
    return out;
}

bool overlap(const Interval& a, const Interval& b) { return a.lower <= b.upper && b.lower <= a.upper; }

}  // namespace

BOOST_AUTO_TEST_CASE(enclose_contains_the_rational_with_dyadic_endpoints) {
    const auto seed = relux::test::seed(2718);
    std::mt19937_64 rng(seed);
    BOOST_TEST_CONTEXT("seed " << seed) {
        for (int k = 0; k < relux::test::scaled(500); ++k) {
            Rational x = relux::test::random_rational(rng, 1000000007, 999983);
            if (k % 3 == 0) x = x * relux::test::power(2, static_cast<long>(rng() % 200) - 100);
            for (long prec : {30L, 64L, 200L}) {
                BOOST_TEST_CONTEXT("x = " << x << ", prec " << prec) {
                    const Interval i = Ball::enclose(x, prec).to_interval();
                    BOOST_TEST(i.contains(x));
                    BOOST_TEST(is_dyadic(i.lower));
                    BOOST_TEST(is_dyadic(i.upper));
                    // Relative width about 2^-prec.
                    BOOST_TEST(i.width() <= relux::abs(x) * relux::test::power(2, 2 - prec));
                    if (is_dyadic(x) && x.numerator() < (Integer(1) << 29) &&
                        x.numerator() > -(Integer(1) << 29))
                        BOOST_TEST((i == Interval{x, x}));
                }
            }
        }
    }
    BOOST_TEST((Ball::enclose(q("3/8"), 64).to_interval() == Interval{q("3/8"), q("3/8")}));
    BOOST_TEST((Ball::enclose(Rational(0), 64).to_interval() == Interval{Rational(0), Rational(0)}));
    const Interval third = Ball::enclose(q("1/3"), 64).to_interval();
    BOOST_TEST(third.lower < q("1/3"));
    BOOST_TEST(third.upper > q("1/3"));
    BOOST_TEST(third.width() <= relux::test::power(2, -63));
    BOOST_TEST(Ball::enclose(q("1/3"), 128).accuracy_bits() >= 120);
}

BOOST_AUTO_TEST_CASE(enclosing_an_interval_contains_all_of_it) {
    const Interval i{q("-2/7"), q("1/3")};
    const Interval b = Ball::enclose(i, 64).to_interval();
    BOOST_TEST(b.lower <= i.lower);
    BOOST_TEST(b.upper >= i.upper);
    // Arb keeps a radius with 30 bits, so the ball is wider by a relative 2^-30 at most.
    BOOST_TEST(b.width() <= i.width() * (Rational(1) + relux::test::power(2, -28)));
}

BOOST_AUTO_TEST_CASE(balls_copy_and_move_their_value) {
    const Ball a = Ball::enclose(q("5/4"), 64);
    Ball b = a;
    BOOST_TEST((b.to_interval() == Interval{q("5/4"), q("5/4")}));
    Ball c = std::move(b);
    BOOST_TEST((c.to_interval() == a.to_interval()));
    Ball d;
    BOOST_TEST((d.to_interval() == Interval{Rational(0), Rational(0)}));
    d = a;
    BOOST_TEST((d.to_interval() == a.to_interval()));
    d = Ball::enclose(q("-1/2"), 64);
    BOOST_TEST((d.to_interval() == Interval{q("-1/2"), q("-1/2")}));
    BOOST_TEST(a.str().find("1.25") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(non_finite_balls_and_huge_exponents_are_refused) {
    Ball inf;
    arb_pos_inf(inf.get());
    BOOST_TEST(!inf.is_finite());
    try {
        (void)inf.to_interval();
        BOOST_ERROR("no error");
    } catch (const relux::InvalidArgument& e) {
        BOOST_TEST(std::string(e.what()) == "cannot bound a non-finite ball");
    }
    arf_t x;
    arf_init(x);
    arf_set_si_2exp_si(x, -3, -5);
    BOOST_TEST(relux::to_rational(x) == q("-3/32"));
    arf_set_si_2exp_si(x, 5, 70);
    BOOST_TEST(relux::to_rational(x) == Rational(5) * relux::test::power(2, 70));
    // 2^(2^40) has no practical exact form; before the fix the exponent was truncated to 32 bits
    // and a wrong value came back.
    arf_set_si_2exp_si(x, 1, slong(1) << 40);
    BOOST_CHECK_THROW(relux::to_rational(x), relux::InvalidArgument);
    arf_set_si_2exp_si(x, 1, -(slong(1) << 40));
    BOOST_CHECK_THROW(relux::to_rational(x), relux::InvalidArgument);
    arf_pos_inf(x);
    BOOST_CHECK_THROW(relux::to_rational(x), relux::InvalidArgument);
    arf_clear(x);
}

BOOST_AUTO_TEST_CASE(softmax_of_equal_logits_is_exact) {
    for (const auto& iv : relux::softmax_enclosure({Rational(0), Rational(0)}))
        BOOST_TEST((iv == Interval{q("1/2"), q("1/2")}));
    for (const auto& iv : relux::softmax_enclosure({q("7/3"), q("7/3"), q("7/3"), q("7/3")}))
        BOOST_TEST((iv == Interval{q("1/4"), q("1/4")}));
    BOOST_TEST(
        (relux::softmax_enclosure({q("-5/3")}) == std::vector<Interval>{Interval{Rational(1), Rational(1)}}));
    BOOST_TEST(relux::softmax_enclosure({}).empty());
    // Three equal logits: 1/3 is not dyadic, so the enclosure is a thin interval around it.
    for (const auto& iv : relux::softmax_enclosure({Rational(1), Rational(1), Rational(1)})) {
        BOOST_TEST(iv.contains(q("1/3")));
        BOOST_TEST(iv.width() < relux::test::power(2, -60));
    }
}

BOOST_AUTO_TEST_CASE(random_softmax_enclosures_contain_the_reference_and_are_thin) {
    const auto seed = relux::test::seed(1618);
    std::mt19937_64 rng(seed);
    BOOST_TEST_CONTEXT("seed " << seed) {
        for (int k = 0; k < relux::test::scaled(60); ++k) {
            std::vector<Rational> z;
            const std::size_t m = 2 + rng() % 4;
            for (std::size_t i = 0; i < m; ++i)
                z.push_back(relux::test::random_rational(rng, 100, 11) / Rational(10));
            const auto got = relux::softmax_enclosure(z);
            const auto ref = softmax_reference(z);
            BOOST_TEST_REQUIRE(got.size() == m);
            Rational lower_sum = 0, upper_sum = 0;
            for (std::size_t i = 0; i < m; ++i) {
                BOOST_TEST_CONTEXT("trial " << k << ", component " << i << ", z = " << z[i]) {
                    BOOST_TEST(ref[i].width() < relux::test::power(2, -120));
                    BOOST_TEST(overlap(got[i], ref[i]));
                    BOOST_TEST(got[i].lower <= got[i].upper);
                    BOOST_TEST(got[i].width() < relux::test::power(2, -60));
                    BOOST_TEST(got[i].lower.sign() >= 0);
                    BOOST_TEST(got[i].upper <= Rational(1));
                    BOOST_TEST(is_dyadic(got[i].lower));
                    BOOST_TEST(is_dyadic(got[i].upper));
                }
                lower_sum += got[i].lower;
                upper_sum += got[i].upper;
            }
            BOOST_TEST(lower_sum <= Rational(1));
            BOOST_TEST(upper_sum >= Rational(1));
        }
    }
}

BOOST_AUTO_TEST_CASE(softmax_is_shift_invariant_for_huge_logits) {
    const Rational big = q("1e30");
    const auto shifted = relux::softmax_enclosure({big, big + Rational(1)});
    const auto plain = relux::softmax_enclosure({Rational(0), Rational(1)});
    const auto ref = softmax_reference({Rational(0), Rational(1)});
    for (std::size_t i = 0; i < 2; ++i) {
        BOOST_TEST(overlap(shifted[i], ref[i]));
        BOOST_TEST(overlap(plain[i], ref[i]));
        BOOST_TEST(shifted[i].width() < relux::test::power(2, -60));
    }
}

BOOST_AUTO_TEST_CASE(big_logits_stay_finite_ordered_and_fast) {
    const auto p = relux::softmax_enclosure({Rational(1000), Rational(-1000)});
    // p1 = 1 / (1 + e^2000) < e^-2000 < 2^-2885.
    BOOST_TEST(p[0].upper == Rational(1));
    BOOST_TEST(p[0].lower > Rational(1) - relux::test::power(2, -60));  // 64 bits accurate, as asked
    BOOST_TEST(p[1].lower.sign() > 0);
    BOOST_TEST(p[1].upper < relux::test::power(2, -2880));
    BOOST_TEST(p[1].upper < p[0].lower);
    BOOST_TEST(p[0].lower + p[1].lower <= Rational(1));
    BOOST_TEST(p[0].upper + p[1].upper >= Rational(1));

    // Logits 2^40 apart: before the fix exp(2^40) was attempted at ever higher precision
    // (minutes); now the small component is bounded by 2^-4096 directly.
    const auto start = std::chrono::steady_clock::now();
    const auto r = relux::softmax_enclosure({Rational(Integer(1) << 40), Rational(0), q("-1/3")});
    BOOST_TEST(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 1.0);
    BOOST_TEST(r[0].upper == Rational(1));
    BOOST_TEST(r[0].lower > Rational(1) - relux::test::power(2, -60));
    BOOST_TEST((r[1] == Interval{Rational(0), relux::test::power(2, -4096)}));
    BOOST_TEST((r[2] == Interval{Rational(0), relux::test::power(2, -4096)}));
    BOOST_TEST(r[0].lower + r[1].lower + r[2].lower <= Rational(1));

    // A gap just below the cut-off is still computed (and contains the true tiny value > 0).
    const auto s = relux::softmax_enclosure({Rational(4000), Rational(0)});
    BOOST_TEST(s[1].lower.sign() > 0);
    BOOST_TEST(s[1].upper < relux::test::power(2, -5700));
}
