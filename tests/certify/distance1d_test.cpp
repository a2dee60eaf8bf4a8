#define BOOST_TEST_MODULE distance1d
#include <boost/test/unit_test.hpp>

#include "certify/networks.hpp"
#include "relux/certify/distance1d.hpp"
#include "relux/error.hpp"
#include "relux/net/evaluate.hpp"
#include "test_util.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <functional>
#include <random>

namespace relux {
inline std::ostream& operator<<(std::ostream& os, CertifyStatus s) { return os << to_string(s); }
}  // namespace relux

using relux::Ball;
using relux::CertifyStatus;
using relux::Expr;
using relux::Integer;
using relux::Interval;
using relux::Network;
using relux::Rational;
using relux::Vector;
using relux::test::frac;

namespace {

constexpr long kRefPrec = 320;

Network zero_network(const Rational& a, const Rational& b) {
    return relux::test::interpolant_network({a, b}, {0, 0});
}

/// The uniform n-piece interpolant of x^2 on [0, 1].
Network square_interpolant(long n) {
    Vector xs, ys;
    for (long i = 0; i <= n; ++i) {
        xs.push_back(frac(i, n));
        ys.push_back(frac(i * i, n * n));
    }
    return relux::test::interpolant_network(xs, ys);
}

/// A rigorous ball of a constant expression at high precision.
Ball constant(const std::string& text) {
    auto v = Expr::parse(text, 1).eval({Ball::enclose(0, kRefPrec)}, kRefPrec);
    BOOST_REQUIRE(v.ok());
    return v.value;
}

/// [lo, hi] contains the whole ball.
bool contains(const Interval& i, const Ball& b) {
    const Interval r = b.to_interval();
    return i.lower <= r.lower && r.upper <= i.upper;
}

/// Wall-clock and processor seconds since a start (the machine may be shared).
struct Stopwatch {
    std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
    std::clock_t cpu = std::clock();
    std::string str() const {
        const double w = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
        const double c = static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;
        return std::to_string(c) + " s cpu (" + std::to_string(w) + " s wall)";
    }
};

/// Nodes 3i/n on [0, 3] and values of sin at them: rounded down to a multiple of 2^-64 (then the
/// interpolant stays below sin) or rounded to `decimals` digits (then it crosses sin near nodes).
struct SinInterpolant {
    Vector xs, ys;
};

SinInterpolant sin_interpolant(long n, int decimals) {
    SinInterpolant s;
    Integer scale(1);
    if (decimals > 0)
        for (int i = 0; i < decimals; ++i) scale *= 10;
    else scale <<= 64;
    for (long i = 0; i <= n; ++i) {
        const Rational x = frac(3 * i, n);
        Ball v = Ball::enclose(x, kRefPrec);
        arb_sin(v.get(), v.get(), kRefPrec);
        const Rational t = v.to_interval().lower * Rational(scale);
        Integer num = t.numerator(), den = t.denominator(), r;
        if (decimals > 0) num += den / 2;  // round to nearest (ties up)
        mpz_fdiv_q(r.backend().data(), num.backend().data(), den.backend().data());
        s.xs.push_back(x);
        s.ys.push_back(Rational(r, scale));
    }
    return s;
}

/// Independent reference for integral_0^3 |N - sin| with closed forms: on each piece
/// g = m x + c - sin x is convex (g'' = sin x >= 0), so its roots are found by bisection on the two
/// monotone sides of its minimum at acos(m), and the integral between roots is the antiderivative
/// G(x) = m x^2/2 + c x + cos x. The root approximations (2^-200) change the value by far less
/// than the slack of the comparison.
Ball sin_l1_reference(const SinInterpolant& s) {
    const long prec = kRefPrec;
    auto ball = [&](const Rational& r) { return Ball::enclose(r, prec); };
    Ball total = ball(0);
    for (std::size_t i = 0; i + 1 < s.xs.size(); ++i) {
        const Rational a = s.xs[i], b = s.xs[i + 1];
        const Rational m = (s.ys[i + 1] - s.ys[i]) / (b - a), c = s.ys[i] - m * a;
        auto g = [&](const Ball& x) {
            Ball v, t;
            arb_sin(t.get(), x.get(), prec);
            Ball mb = ball(m), cb = ball(c);
            arb_mul(v.get(), mb.get(), x.get(), prec);
            arb_add(v.get(), v.get(), cb.get(), prec);
            arb_sub(v.get(), v.get(), t.get(), prec);
            return v;
        };
        auto G = [&](const Ball& x) {
            Ball v, t, mb = ball(m), cb = ball(c);
            arb_sqr(v.get(), x.get(), prec);
            arb_mul(v.get(), v.get(), mb.get(), prec);
            arb_mul_2exp_si(v.get(), v.get(), -1);
            arb_mul(t.get(), cb.get(), x.get(), prec);
            arb_add(v.get(), v.get(), t.get(), prec);
            arb_cos(t.get(), x.get(), prec);
            arb_add(v.get(), v.get(), t.get(), prec);
            return v;
        };
        Ball tstar = ball(m);
        arb_acos(tstar.get(), tstar.get(), prec);
        const Rational t = relux::to_rational(arb_midref(tstar.get()));
        std::vector<Ball> knots{ball(a)};
        auto bisect = [&](Rational lo, Rational hi, bool decreasing) {
            for (int k = 0; k < 200; ++k) {
                const Rational mid = (lo + hi) / Rational(2);
                const bool positive = arb_is_positive(g(ball(mid)).get());
                if (positive == decreasing) lo = mid;
                else hi = mid;
            }
            knots.push_back(ball(lo));
        };
        if (arb_is_positive(g(ball(a)).get())) bisect(a, t, true);
        if (arb_is_positive(g(ball(b)).get())) bisect(t, b, false);
        knots.push_back(ball(b));
        for (std::size_t k = 0; k + 1 < knots.size(); ++k) {
            Ball d;
            arb_sub(d.get(), G(knots[k + 1]).get(), G(knots[k]).get(), prec);
            arb_abs(d.get(), d.get());
            arb_add(total.get(), total.get(), d.get(), prec);
        }
    }
    return total;
}

/// Independent reference for sup |N - sin| on [0, 3] when N <= sin at the nodes: on each piece the
/// maximum of |g| = -g is at the critical point acos(m).
Ball sin_linf_reference(const SinInterpolant& s) {
    const long prec = kRefPrec;
    Ball best = Ball::enclose(0, prec);
    for (std::size_t i = 0; i + 1 < s.xs.size(); ++i) {
        const Rational a = s.xs[i], b = s.xs[i + 1];
        const Rational m = (s.ys[i + 1] - s.ys[i]) / (b - a), c = s.ys[i] - m * a;
        Ball t = Ball::enclose(m, prec), v, u, cb = Ball::enclose(c, prec), mb = Ball::enclose(m, prec);
        arb_acos(t.get(), t.get(), prec);
        arb_sin(u.get(), t.get(), prec);
        arb_mul(v.get(), mb.get(), t.get(), prec);
        arb_add(v.get(), v.get(), cb.get(), prec);
        arb_sub(v.get(), u.get(), v.get(), prec);  // sin - N >= 0
        arb_max(best.get(), best.get(), v.get(), prec);
    }
    return best;
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const relux::Error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

BOOST_AUTO_TEST_CASE(square_interpolant_l1_is_one_over_6n2_exactly) {
    const Expr square = Expr::parse("x^2", 1);
    for (long n : {1L, 2L, 3L, 7L, 10L, 64L, 1000L}) {
        BOOST_TEST_CONTEXT("n = " << n) {
            auto r = relux::l1_1d(square_interpolant(n), square, 0, 1, frac(1, 1000000));
            BOOST_TEST(r.exact);
            BOOST_TEST(r.bound.lower == frac(1, 6 * n * n));
            BOOST_TEST(r.bound.upper == frac(1, 6 * n * n));
            BOOST_TEST(r.pieces == static_cast<std::size_t>(n));
            auto s = relux::linf_1d(square_interpolant(n), square, 0, 1, frac(1, 1000000));
            BOOST_TEST(s.exact);
            BOOST_TEST(s.bound.lower == frac(1, 4 * n * n));  // (h/2)^2 at each midpoint
            BOOST_TEST(s.bound.upper == frac(1, 4 * n * n));
            BOOST_TEST(s.network_value - s.target_value.lower == frac(1, 4 * n * n));
            BOOST_TEST(s.witness * Rational(2 * n) == Rational((s.witness * Rational(2 * n)).numerator()));
        }
    }
}

BOOST_AUTO_TEST_CASE(n_piece_against_2n_piece_interpolant_is_one_over_8n2) {
    for (long n : {1L, 2L, 5L, 16L, 100L}) {
        BOOST_TEST_CONTEXT("n = " << n) {
            auto r = relux::l1_1d(square_interpolant(n), square_interpolant(2 * n), 0, 1);
            BOOST_TEST(r.exact);
            BOOST_TEST(r.bound.lower == frac(1, 8 * n * n));
            BOOST_TEST(r.bound.upper == frac(1, 8 * n * n));
            BOOST_TEST(r.pieces == static_cast<std::size_t>(2 * n));
            auto s = relux::linf_1d(square_interpolant(n), square_interpolant(2 * n), 0, 1);
            BOOST_TEST(s.exact);
            BOOST_TEST(s.bound.upper == frac(1, 4 * n * n));
            BOOST_TEST(s.network_value - s.target_value.lower == frac(1, 4 * n * n));
        }
    }
}

BOOST_AUTO_TEST_CASE(yarotsky_sup_error_is_two_to_the_minus_2m_minus_2) {
    const Expr square = Expr::parse("x^2", 1);
    for (int m = 1; m <= 8; ++m) {
        BOOST_TEST_CONTEXT("m = " << m) {
            const Network net = relux::test::yarotsky_network(m);
            auto s = relux::linf_1d(net, square, 0, 1, frac(1, 1000));
            const Rational expected(Integer(1), Integer(1) << (2 * m + 2));
            BOOST_TEST(s.exact);
            BOOST_TEST(s.bound.lower == expected);
            BOOST_TEST(s.bound.upper == expected);
            BOOST_TEST(s.network_value - s.witness * s.witness == expected);
            auto r = relux::l1_1d(net, square, 0, 1, frac(1, 1000));
            BOOST_TEST(r.exact);
            BOOST_TEST(r.bound.lower == Rational(Integer(1), Integer(6) << (2 * m)));  // 1/(6 N^2), N = 2^m
        }
    }
}

BOOST_AUTO_TEST_CASE(polynomials_with_irrational_roots_give_tight_intervals) {
    const Network zero = zero_network(0, 2);
    // integral_0^2 |x^2 - 2| = 8 sqrt(2)/3 - 4/3
    auto r = relux::l1_1d(zero, Expr::parse("x^2 - 2", 1), 0, 2, frac(1, 1000000000));
    BOOST_TEST(!r.exact);
    BOOST_TEST(r.status == CertifyStatus::certified);
    BOOST_TEST(r.width() <= frac(1, 1000000000));
    BOOST_TEST(contains(r.bound, constant("8*sqrt(2)/3 - 4/3")));
    // max |x^2 - 2| on [0, 2] is 2 at both ends: exact
    auto s = relux::linf_1d(zero, Expr::parse("x^2 - 2", 1), 0, 2, frac(1, 1000));
    BOOST_TEST(s.exact);
    BOOST_TEST(s.bound.lower == Rational(2));
    // max |x - x^3| on [0, 1] is 2 sqrt(3)/9 at the irrational 1/sqrt(3)
    auto t = relux::linf_1d(zero_network(0, 1), Expr::parse("x - x^3", 1), 0, 1, frac(1, 1000000000));
    BOOST_TEST(!t.exact);
    BOOST_TEST(t.width() <= frac(1, 1000000000));
    BOOST_TEST(contains(t.bound, constant("2*sqrt(3)/9")));
    BOOST_TEST(t.target_value.lower == t.witness - t.witness * t.witness * t.witness);
    BOOST_TEST(t.bound.lower <= t.target_value.lower);  // the witness proves the lower bound
    // a cubic whose roots are rational: exact again. |x (x - 1/2)(x - 1)| on [0, 1]: 1/32
    auto u = relux::l1_1d(zero_network(0, 1), Expr::parse("x*(x - 1/2)*(x - 1)", 1), 0, 1, frac(1, 1000));
    BOOST_TEST(u.exact);
    BOOST_TEST(u.bound.lower == frac(1, 32));
}

BOOST_AUTO_TEST_CASE(sin_1000_piece_interpolant_to_1e_minus_12) {
    const SinInterpolant s = sin_interpolant(1000, 0);
    const Network net = relux::test::interpolant_network(s.xs, s.ys);
    const Expr target = Expr::parse("sin(x)", 1);
    const Rational tol = Rational::parse("1e-12");

    Stopwatch t0;
    auto r = relux::l1_1d(net, target, 0, 3, tol);
    BOOST_TEST_MESSAGE("L1 of the 1000-piece sin interpolant to 1e-12: "
                       << t0.str() << ", " << r.subdivisions << " subdivisions, width "
                       << r.width().to_double() << ", value about " << r.bound.lower.to_double());
    BOOST_TEST(r.status == CertifyStatus::certified);
    BOOST_TEST(r.width() <= tol);
    BOOST_TEST(r.pieces == 1000u);
    const Ball ref = sin_l1_reference(s);
    BOOST_TEST(contains(r.bound, ref));

    Stopwatch t1;
    auto m = relux::linf_1d(net, target, 0, 3, tol);
    BOOST_TEST_MESSAGE("sup norm of the same to 1e-12: " << t1.str() << ", " << m.subdivisions
                                                         << " subdivisions, value about "
                                                         << m.bound.lower.to_double());
    BOOST_TEST(m.status == CertifyStatus::certified);
    BOOST_TEST(m.width() <= tol);
    BOOST_TEST(contains(m.bound, sin_linf_reference(s)));
    // the witness proves the lower bound independently
    Ball w = Ball::enclose(m.witness, kRefPrec);
    arb_sin(w.get(), w.get(), kRefPrec);
    BOOST_TEST(m.network_value == relux::evaluate(net, {m.witness})[0]);
    BOOST_TEST(w.to_interval().upper <= m.target_value.upper);
    BOOST_TEST(w.to_interval().lower >= m.target_value.lower);
    BOOST_TEST(w.to_interval().lower - m.network_value >= m.bound.lower);
}

BOOST_AUTO_TEST_CASE(sin_interpolant_crossing_the_target_near_the_nodes) {
    // values rounded to 3 decimals: the interpolant crosses sin next to most nodes
    for (long n : {10L, 37L}) {
        BOOST_TEST_CONTEXT("n = " << n) {
            const SinInterpolant s = sin_interpolant(n, 3);
            const Network net = relux::test::interpolant_network(s.xs, s.ys);
            const Rational tol = Rational::parse("1e-15");
            auto r = relux::l1_1d(net, Expr::parse("sin(x)", 1), 0, 3, tol);
            BOOST_TEST(r.status == CertifyStatus::certified);
            BOOST_TEST(r.width() <= tol);
            const Ball ref = sin_l1_reference(s);
            const Interval slack{r.bound.lower - Rational::parse("1e-40"),
                                 r.bound.upper + Rational::parse("1e-40")};
            BOOST_TEST(contains(slack, ref));
        }
    }
}

BOOST_AUTO_TEST_CASE(analytic_targets_against_closed_forms) {
    const Rational tol = Rational::parse("1e-10");
    // integral_0^1 exp = e - 1; sup = e at 1
    auto r = relux::l1_1d(zero_network(0, 1), Expr::parse("exp(x)", 1), 0, 1, tol);
    BOOST_TEST(r.width() <= tol);
    BOOST_TEST(contains(r.bound, constant("e - 1")));
    auto s = relux::linf_1d(zero_network(0, 1), Expr::parse("exp(x)", 1), 0, 1, tol);
    BOOST_TEST(contains(s.bound, constant("e")));
    BOOST_TEST(s.witness == Rational(1));
    // a kink inside the piece: integral_0^1 |x - 1/3| = 5/18; sup 2/3 at x = 1
    auto k = relux::l1_1d(zero_network(0, 1), Expr::parse("abs(x - 1/3)", 1), 0, 1, tol);
    BOOST_TEST(k.width() <= tol);
    BOOST_TEST(k.bound.lower <= frac(5, 18));
    BOOST_TEST(frac(5, 18) <= k.bound.upper);
    auto ks = relux::linf_1d(zero_network(0, 1), Expr::parse("abs(x - 1/3)", 1), 0, 1, tol);
    BOOST_TEST(ks.bound.lower <= frac(2, 3));
    BOOST_TEST(frac(2, 3) <= ks.bound.upper);
    // an infinite derivative at an end: integral_0^1 sqrt(x) = 2/3, sup 1
    auto q = relux::l1_1d(zero_network(0, 1), Expr::parse("sqrt(x)", 1), 0, 1, tol);
    BOOST_TEST(q.status == CertifyStatus::certified);
    BOOST_TEST(q.bound.lower <= frac(2, 3));
    BOOST_TEST(frac(2, 3) <= q.bound.upper);
    auto qs = relux::linf_1d(zero_network(0, 1), Expr::parse("sqrt(x)", 1), 0, 1, tol);
    BOOST_TEST(qs.bound.lower <= Rational(1));
    BOOST_TEST(Rational(1) <= qs.bound.upper);
    // a domain boundary at a rational, non-dyadic end: integral_{1/3}^1 sqrt(x - 1/3) = (4/9) sqrt(2/3)
    auto b = relux::l1_1d(zero_network(frac(1, 3), 1), Expr::parse("sqrt(x - 1/3)", 1), frac(1, 3), 1, tol);
    BOOST_TEST(b.status == CertifyStatus::certified);
    BOOST_TEST(contains(b.bound, constant("4/9*sqrt(2/3)")));
    // the network's own slope matters: x - tanh(x) is odd and >= 0 on [0, 2], so
    // integral_{-2}^{2} |x - tanh x| = 2 (2 - log cosh 2)
    const Network id = relux::test::interpolant_network({-2, 2}, {-2, 2});
    auto th = relux::l1_1d(id, Expr::parse("tanh(x)", 1), -2, 2, tol);
    BOOST_TEST(th.width() <= tol);
    BOOST_TEST(contains(th.bound, constant("4 - 2*log((exp(2) + exp(-2))/2)")));
}

BOOST_AUTO_TEST_CASE(undefined_targets_name_the_point) {
    BOOST_TEST(error_of([] {
                   relux::l1_1d(zero_network(-1, 1), Expr::parse("sqrt(x)", 1), -1, 1, frac(1, 1000));
               }) == "target 'sqrt(x)' is undefined at x = -1 (sqrt of a negative number)");
    BOOST_TEST(error_of([] {
                   relux::linf_1d(zero_network(-1, 1), Expr::parse("sqrt(x)", 1), -1, 1, frac(1, 1000));
               }) == "target 'sqrt(x)' is undefined at x = -1 (sqrt of a negative number)");
    BOOST_TEST(error_of([] {
                   relux::l1_1d(zero_network(0, 1), Expr::parse("log(x)", 1), 0, 1, frac(1, 1000));
               }) == "target 'log(x)' is undefined at x = 0 (log of a number <= 0)");
    BOOST_TEST(error_of([] {
                   relux::l1_1d(zero_network(-1, 1), Expr::parse("1/x", 1), -1, 1, frac(1, 1000));
               }) == "target '1/x' is undefined at x = 0 (division by zero)");
    BOOST_TEST(error_of([] {
                   relux::linf_1d(zero_network(frac(1, 3), 1), Expr::parse("log(3*x - 1)", 1), frac(1, 3), 1,
                                  frac(1, 1000));
               }) == "target 'log(3*x - 1)' is undefined at x = 1/3 (log of a number <= 0)");
    // a pole at a point that bisection never hits exactly
    const std::string pole = error_of(
        [] { relux::l1_1d(zero_network(0, 1), Expr::parse("1/(3*x - 1)", 1), 0, 1, frac(1, 1000)); });
    BOOST_TEST(pole.find("target '1/(3*x - 1)' could not be bounded near x = ") == 0u, pole);
    BOOST_TEST(pole.find("division by an interval that contains 0") != std::string::npos, pole);
}

BOOST_AUTO_TEST_CASE(shape_errors) {
    const Network net = zero_network(0, 1);
    BOOST_TEST(error_of([&] { relux::l1_1d(net, Expr::parse("x1 + x2"), 0, 1, frac(1, 10)); }) ==
               "target 'x1 + x2' has 2 variables; a 1-D distance needs a target in x");
    BOOST_TEST(error_of([&] { relux::l1_1d(net, Expr::parse("x"), 0, 1, Rational(0)); }) ==
               "tolerance 0 must be positive");
    BOOST_TEST(error_of([&] { relux::l1_1d(net, Expr::parse("x"), 1, 0, frac(1, 10)); }) ==
               "interval [1, 0] is empty: need a < b");
}

BOOST_AUTO_TEST_CASE(budget_exhaustion_is_a_result) {
    const SinInterpolant s = sin_interpolant(50, 0);
    const Network net = relux::test::interpolant_network(s.xs, s.ys);
    relux::CertifyOptions options;
    options.max_subdivisions = 3;
    const Rational tol = Rational::parse("1e-60");
    auto r = relux::l1_1d(net, Expr::parse("sin(x)", 1), 0, 3, tol, options);
    BOOST_TEST(r.status == CertifyStatus::tolerance_not_reached);
    BOOST_TEST(r.note.find("tolerance 1/1000000000000000000000000000000000000000000000000000000000000 not "
                           "reached after 3 subdivisions; width reached") == 0u,
               r.note);
    BOOST_TEST(contains(r.bound, sin_l1_reference(s)));
    // the sup norm of this smooth difference is resolved without subdivisions; kinks need them
    auto m = relux::linf_1d(zero_network(0, 3), Expr::parse("abs(sin(8*x))", 1), 0, 3, tol, options);
    BOOST_TEST(m.status == CertifyStatus::tolerance_not_reached);
    BOOST_TEST(m.subdivisions == 3u);
    BOOST_TEST(m.bound.lower <= Rational(1));
    BOOST_TEST(Rational(1) <= m.bound.upper);
}

BOOST_AUTO_TEST_CASE(random_cpwl_pairs_match_an_independent_exact_computation) {
    const std::uint64_t seed = relux::test::seed(2024);
    BOOST_TEST_CONTEXT("seed " << seed) {
        std::mt19937_64 rng(seed);
        for (int trial = 0; trial < relux::test::scaled(40); ++trial) {
            auto random_points = [&](int n) {
                Vector xs;
                while (static_cast<int>(xs.size()) < n) {
                    Rational x = relux::test::random_rational(rng, 30, 7);
                    if (std::find(xs.begin(), xs.end(), x) == xs.end()) xs.push_back(x);
                }
                std::sort(xs.begin(), xs.end());
                Vector ys;
                for (int i = 0; i < n; ++i) ys.push_back(relux::test::random_rational(rng, 10, 5));
                return std::make_pair(xs, ys);
            };
            const auto [xa, ya] = random_points(2 + trial % 7);
            const auto [xb, yb] = random_points(2 + (trial * 3) % 5);
            const Rational a = relux::test::random_rational(rng, 10, 3) - Rational(2);
            const Rational b = a + Rational(1) + abs(relux::test::random_rational(rng, 30, 7));
            // reference: evaluate both interpolants directly on the union of their nodes
            auto interp = [](const Vector& xs, const Vector& ys, const Rational& x) {
                std::size_t i = 0;
                while (i + 2 < xs.size() && x > xs[i + 1]) ++i;
                return ys[i] + (ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]) * (x - xs[i]);
            };
            Vector knots{a, b};
            for (const Rational& x : xa)
                if (a < x && x < b) knots.push_back(x);
            for (const Rational& x : xb)
                if (a < x && x < b) knots.push_back(x);
            std::sort(knots.begin(), knots.end());
            knots.erase(std::unique(knots.begin(), knots.end()), knots.end());
            Rational l1(0), sup(0);
            for (std::size_t k = 0; k + 1 < knots.size(); ++k) {
                const Rational u = knots[k], v = knots[k + 1];
                const Rational du = interp(xa, ya, u) - interp(xb, yb, u),
                               dv = interp(xa, ya, v) - interp(xb, yb, v);
                sup = max(sup, max(abs(du), abs(dv)));
                if (du.sign() * dv.sign() >= 0) {
                    l1 += (v - u) * abs(du + dv) / Rational(2);
                } else {
                    const Rational r = u + (v - u) * du / (du - dv);  // the root
                    l1 += (r - u) * abs(du) / Rational(2) + (v - r) * abs(dv) / Rational(2);
                }
            }
            const Network na = relux::test::interpolant_network(xa, ya),
                          nb = relux::test::interpolant_network(xb, yb);
            auto r = relux::l1_1d(na, nb, a, b);
            BOOST_TEST(r.exact);
            BOOST_TEST(r.bound.lower == l1);
            BOOST_TEST(r.bound.upper == l1);
            auto s = relux::linf_1d(na, nb, a, b);
            BOOST_TEST(s.exact);
            BOOST_TEST(s.bound.lower == sup);
            BOOST_TEST(abs(s.network_value - s.target_value.lower) == sup);
            BOOST_TEST(s.network_value == interp(xa, ya, s.witness));
        }
    }
}
