#define BOOST_TEST_MODULE cpwl1d
#include <boost/test/unit_test.hpp>

#include "relux/cpwl/cpwl1d.hpp"
#include "relux/error.hpp"
#include "relux/net/evaluate.hpp"
#include "relux/net/json_io.hpp"
#include "test_util.hpp"

#include <filesystem>
#include <fstream>
#include <set>

#include <unistd.h>

using relux::Cpwl1d;
using relux::Cpwl1dForm;
using relux::Integer;
using relux::Rational;
using relux::Vector;

namespace {

Rational q(long num, long den = 1) { return Rational(Integer(num), Integer(den)); }

Rational eval1(const relux::Network& net, const Rational& t) { return relux::evaluate(net, Vector{t}).at(0); }

/// The message of the relux::Error that `action` throws (fails the test when none is thrown).
template <class Exception, class Action>
std::string error_of(Action action) {
    try {
        action();
    } catch (const Exception& e) {
        return e.what();
    }
    BOOST_ERROR("expected an exception");
    return {};
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// Kinks (-bias/weight) of the hidden relu layer; checks that the input weights are +-1.
std::multiset<Rational> hidden_kinks(const relux::Network& net) {
    std::multiset<Rational> kinks;
    const relux::Layer& hidden = net.layers.at(0);
    for (std::size_t i = 0; i < hidden.output_dim(); ++i) {
        const Rational& w = hidden.weights(i, 0);
        BOOST_TEST((w == 1 || w == -1));
        kinks.insert(-hidden.bias[i] / w);
    }
    return kinks;
}

/// Independent oracle: slope jumps at the real breakpoints, and the left slope.
struct Jumps {
    Rational left;
    Vector b, d;
};

Jumps jumps_of(const Vector& x, const Vector& y) {
    Jumps j;
    Vector slopes;
    for (std::size_t i = 0; i + 1 < x.size(); ++i) slopes.push_back((y[i + 1] - y[i]) / (x[i + 1] - x[i]));
    j.left = slopes.front();
    for (std::size_t i = 1; i < slopes.size(); ++i)
        if (slopes[i] != slopes[i - 1]) {
            j.b.push_back(x[i]);
            j.d.push_back(slopes[i] - slopes[i - 1]);
        }
    return j;
}

/// Does some subset of d sum to -left? Plain enumeration of all 2^k subsets.
bool brute_force_left_set_exists(const Jumps& j) {
    const std::size_t k = j.d.size();
    for (std::size_t mask = 0; mask < (std::size_t{1} << k); ++mask) {
        Rational sum = j.left;
        for (std::size_t i = 0; i < k; ++i)
            if ((mask >> i) & 1) sum += j.d[i];
        if (sum.is_zero()) return true;
    }
    return false;
}

/// Both forms equal f at every point, midpoint and far outside; structural checks.
void check_both_forms(const Cpwl1d& f) {
    std::vector<Rational> probes = {f.x.front() - q(1000000007), f.x.front() - q(1, 3), f.x.back() + q(2, 7),
                                    f.x.back() + q(1000000007)};
    for (std::size_t i = 0; i < f.x.size(); ++i) {
        probes.push_back(f.x[i]);
        if (i + 1 < f.x.size()) probes.push_back((f.x[i] + f.x[i + 1]) / 2);
    }
    const Rational s_first = f.slope(0), s_last = f.slope(f.pieces() - 1);
    for (const Cpwl1dForm form : {Cpwl1dForm::minimal, Cpwl1dForm::pairs}) {
        const auto c = relux::construct_cpwl1d_detailed(f, form);
        BOOST_TEST_CONTEXT((form == Cpwl1dForm::minimal ? "minimal" : "pairs") << " form") {
            BOOST_REQUIRE_NO_THROW(c.net.validate());
            BOOST_TEST(c.net.input_dim == 1u);
            BOOST_TEST(c.net.output_dim() == 1u);
            BOOST_TEST(c.net.pattern_neurons() == c.neurons);
            BOOST_TEST(c.lower_bound <= c.neurons);
            if (c.neurons > 0) {
                BOOST_TEST(c.net.layers.size() == 2u);
                (void)hidden_kinks(c.net);
            }
            for (const Rational& t : probes) BOOST_TEST(eval1(c.net, t) == f(t), "at x = " << t);
            // beyond the points f is the extension of the outer pieces (independent of operator()).
            const Rational far_left = f.x.front() - q(123456789, 7),
                           far_right = f.x.back() + q(987654321, 11);
            BOOST_TEST(eval1(c.net, far_left) == f.y.front() + s_first * (far_left - f.x.front()));
            BOOST_TEST(eval1(c.net, far_right) == f.y.back() + s_last * (far_right - f.x.back()));
        }
    }
}

/// A positive rational step with a denominator from a varied menu.
Rational random_step(std::mt19937_64& rng) {
    static const long dens[] = {1, 2, 3, 7, 12, 1000003, 999999937};
    std::uniform_int_distribution<std::size_t> pick(0, std::size(dens) - 1);
    const long den = dens[pick(rng)];
    std::uniform_int_distribution<long> num(1, den == 1 ? 5 : 3 * den);
    return q(num(rng), den);
}

Rational random_slope(std::mt19937_64& rng, const Rational& previous) {
    std::uniform_int_distribution<int> kind(0, 9);
    switch (kind(rng)) {
        case 0: return 0;
        case 1:
        case 2: return previous;  // collinear run
        case 3:
        case 4:
        case 5: return std::uniform_int_distribution<long>(-3, 3)(rng);
        case 6: return q(std::uniform_int_distribution<long>(-20, 20)(rng), 3);
        case 7: return relux::test::random_rational(rng, 40, 7);
        default: return relux::test::random_rational(rng, 1000000000, 999999);
    }
}

Cpwl1d random_cpwl(std::mt19937_64& rng, std::size_t pieces) {
    Vector x{relux::test::random_rational(rng, 50, 7)}, y{relux::test::random_rational(rng, 50, 7)};
    Rational s = 1;
    for (std::size_t i = 0; i < pieces; ++i) {
        s = random_slope(rng, s);
        const Rational step = random_step(rng);
        x.push_back(x.back() + step);
        y.push_back(y.back() + s * step);
    }
    return Cpwl1d(x, y);
}

/// Points on a function with left slope `left` and the given integer/rational jumps at 1, 2, ...
Cpwl1d from_jumps(const Rational& left, const Vector& jumps) {
    Vector x{0}, y{0};
    Rational s = left;
    for (std::size_t i = 0; i <= jumps.size(); ++i) {
        if (i > 0) s += jumps[i - 1];
        x.push_back(x.back() + 1);
        y.push_back(y.back() + s);
    }
    return Cpwl1d(x, y);
}

}  // namespace

BOOST_AUTO_TEST_CASE(three_piece_example_in_both_forms) {
    const Cpwl1d f = Cpwl1d::parse_points("0:0,1:2,2:1,4:3");
    BOOST_TEST(f.pieces() == 3u);
    BOOST_TEST((f.breakpoints() == std::vector<std::size_t>{1, 2}));
    const Vector at = {-1, 0, q(1, 2), 1, q(3, 2), 2, 3, 4, 5};
    const Vector expected = {-2, 0, 1, 2, q(3, 2), 1, 2, 3, 4};
    const auto minimal = relux::construct_cpwl1d_detailed(f, Cpwl1dForm::minimal);
    const auto pairs = relux::construct_cpwl1d_detailed(f, Cpwl1dForm::pairs);
    BOOST_TEST(minimal.neurons == 3u);
    BOOST_TEST(minimal.net.layers.at(0).output_dim() == 3u);
    BOOST_TEST(minimal.proven_minimal);  // subsets of {-3, 2} sum to 0, -3, 2, -1, never -2
    BOOST_TEST(minimal.lower_bound == 3u);
    BOOST_TEST(pairs.neurons == 6u);
    BOOST_TEST(pairs.net.layers.at(0).output_dim() == 6u);
    BOOST_TEST(!pairs.proven_minimal);
    BOOST_TEST(pairs.lower_bound == 2u);
    for (std::size_t i = 0; i < at.size(); ++i) {
        BOOST_TEST(f(at[i]) == expected[i]);
        BOOST_TEST(eval1(minimal.net, at[i]) == expected[i], "minimal at " << at[i]);
        BOOST_TEST(eval1(pairs.net, at[i]) == expected[i], "pairs at " << at[i]);
    }
    // The exact weights: reference networks beside the test.
    const std::string dir = RELUX_TEST_DATA_DIR "/cpwl1d/";
    BOOST_TEST((minimal.net == relux::load_network(dir + "example_minimal.json")));
    BOOST_TEST((pairs.net == relux::load_network(dir + "example_pairs.json")));
    BOOST_TEST((relux::construct_cpwl1d(f, Cpwl1dForm::minimal) == minimal.net));
    const Cpwl1d from_file = Cpwl1d::read_points_file(dir + "example.txt");
    BOOST_TEST((from_file.x == f.x));
    BOOST_TEST((from_file.y == f.y));
}

BOOST_AUTO_TEST_CASE(constant_and_affine_functions) {
    const Cpwl1d constant = Cpwl1d::parse_points("-1:5/2, 0:5/2, 3:5/2");
    const auto c = relux::construct_cpwl1d_detailed(constant, Cpwl1dForm::minimal);
    BOOST_TEST(c.neurons == 0u);
    BOOST_TEST(c.proven_minimal);
    BOOST_TEST(c.net.layers.size() == 1u);
    BOOST_TEST((c.net.layers[0].activation == relux::Activation::identity));
    BOOST_TEST(eval1(c.net, q(-7, 3)) == q(5, 2));
    BOOST_TEST(relux::construct_cpwl1d_detailed(constant, Cpwl1dForm::pairs).neurons == 4u);
    check_both_forms(constant);

    // collinear points: an affine function, 2 neurons (one neuron would have a kink)
    const Cpwl1d affine = Cpwl1d::parse_points("0:1,1:3,5:11,6:13");
    BOOST_TEST(affine.breakpoints().empty());
    const auto a = relux::construct_cpwl1d_detailed(affine, Cpwl1dForm::minimal);
    BOOST_TEST(a.neurons == 2u);
    BOOST_TEST(a.proven_minimal);
    BOOST_TEST(a.lower_bound == 2u);
    BOOST_TEST(eval1(a.net, -100) == -199);
    check_both_forms(affine);
}

BOOST_AUTO_TEST_CASE(minimal_form_uses_a_left_set_when_one_exists) {
    // slopes 1, 0, 2: the zero-slope piece makes L = {first breakpoint}: 2 neurons.
    const Cpwl1d f = Cpwl1d::parse_points("0:0,1:1,2:1,3:3");
    const auto c = relux::construct_cpwl1d_detailed(f, Cpwl1dForm::minimal);
    BOOST_TEST(c.neurons == 2u);
    BOOST_TEST(c.proven_minimal);
    BOOST_TEST((hidden_kinks(c.net) == std::multiset<Rational>{1, 2}));
    check_both_forms(f);
    // left slope 3, jumps 1, -5, 7, -2, 4: no interval of breakpoints (nor its complement) works,
    // but the non-contiguous L = {-5, -2, 4} sums to -3: k = 5 neurons.
    const Cpwl1d g = from_jumps(3, {1, -5, 7, -2, 4});
    const auto cg = relux::construct_cpwl1d_detailed(g, Cpwl1dForm::minimal);
    BOOST_TEST(cg.neurons == 5u);
    BOOST_TEST(cg.proven_minimal);
    check_both_forms(g);
}

BOOST_AUTO_TEST_CASE(random_functions_agree_exactly_and_minimality_matches_brute_force) {
    const auto seed = relux::test::seed(20261202);
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> pieces(1, 50);
    int brute_forced = 0, with_left_set = 0;
    for (int iteration = 0; iteration < relux::test::scaled(200); ++iteration) {
        const Cpwl1d f = random_cpwl(rng, iteration % 4 == 0 ? pieces(rng) % 13 + 1 : pieces(rng));
        BOOST_TEST_CONTEXT("seed " << seed << ", function " << iteration << " with " << f.pieces()
                                   << " pieces") {
            check_both_forms(f);
            const Jumps j = jumps_of(f.x, f.y);
            const std::size_t k = j.d.size();
            BOOST_TEST(f.breakpoints().size() == k);
            const auto c = relux::construct_cpwl1d_detailed(f, Cpwl1dForm::minimal);
            BOOST_TEST(relux::construct_cpwl1d_detailed(f, Cpwl1dForm::pairs).neurons == 2 * f.pieces());
            if (k == 0) {
                BOOST_TEST(c.neurons == (j.left.is_zero() ? 0u : 2u));
                BOOST_TEST(c.proven_minimal);
                continue;
            }
            BOOST_TEST((c.neurons == k || c.neurons == k + 1));
            const std::multiset<Rational> kinks = hidden_kinks(c.net);
            BOOST_TEST(std::set<Rational>(kinks.begin(), kinks.end()) ==
                       std::set<Rational>(j.b.begin(), j.b.end()));
            if (c.proven_minimal) BOOST_TEST(c.lower_bound == c.neurons);
            else BOOST_TEST((c.lower_bound == k && c.neurons == k + 1));
            if (k <= 12) {
                ++brute_forced;
                const bool exists = brute_force_left_set_exists(j);
                with_left_set += exists;
                BOOST_TEST(c.proven_minimal);
                BOOST_TEST(c.neurons == (exists ? k : k + 1));
            }
        }
    }
    // the generator must exercise both outcomes of the subset search
    BOOST_TEST_MESSAGE(brute_forced << " functions brute-forced, " << with_left_set << " with a left set");
    BOOST_TEST(brute_forced >= 40);
    BOOST_TEST(with_left_set >= 10);
    BOOST_TEST(brute_forced - with_left_set >= 10);
}

BOOST_AUTO_TEST_CASE(many_breakpoints_parity_obstruction_proves_k_plus_one) {
    // sawtooth with 100 pieces: jumps +-2, left slope 1: no subset sums to -1.
    std::string text;
    for (int i = 0; i <= 100; ++i) text += (i ? "," : "") + std::to_string(i) + ":" + std::to_string(i % 2);
    const Cpwl1d f = Cpwl1d::parse_points(text);
    const auto c = relux::construct_cpwl1d_detailed(f, Cpwl1dForm::minimal);
    BOOST_TEST(c.neurons == 100u);
    BOOST_TEST(c.proven_minimal);
    BOOST_TEST(c.lower_bound == 100u);
    check_both_forms(f);
}

BOOST_AUTO_TEST_CASE(many_small_integer_jumps_are_decided_exactly) {
    // k = 60 > 40: decided through integers; checked against an independent reachable-sums table.
    std::mt19937_64 rng(relux::test::seed(20261203));
    for (int round = 0; round < 20; ++round) {
        Vector jumps;
        for (int i = 0; i < 60; ++i) {
            long d = 0;
            while (d == 0) d = std::uniform_int_distribution<long>(-9, 9)(rng) * (round % 2 ? 2 : 3);
            jumps.push_back(d);
        }
        const Rational left = std::uniform_int_distribution<long>(-400, 400)(rng) | 1;  // odd
        const Cpwl1d f = from_jumps(left, jumps);
        const std::size_t k = f.breakpoints().size();  // a jump list never repeats a slope: k = 60
        BOOST_TEST_CONTEXT("round " << round << ", left slope " << left) {
            BOOST_TEST(k == 60u);
            std::set<Rational> reachable{left};
            for (const Rational& d : jumps) {
                std::set<Rational> next = reachable;
                for (const Rational& r : reachable) next.insert(r + d);
                reachable = std::move(next);
            }
            const bool exists = reachable.count(0) > 0;
            const auto c = relux::construct_cpwl1d_detailed(f, Cpwl1dForm::minimal);
            BOOST_TEST(c.proven_minimal);
            BOOST_TEST(c.neurons == (exists ? k : k + 1));
            check_both_forms(f);
        }
    }
}

BOOST_AUTO_TEST_CASE(huge_denominators_meet_in_the_middle_and_give_up_beyond_40) {
    // Distinct large primes as denominators make the common denominator far too big for integers.
    std::mt19937_64 rng(relux::test::seed(20261204));
    const auto big_jump = [&rng](long den) {
        return Rational(Integer(std::uniform_int_distribution<long>(1, 1000000)(rng)) *
                            (std::uniform_int_distribution<int>(0, 1)(rng) ? 1 : -1),
                        Integer(den) * Integer(1000000007));
    };
    long den = 999999937;
    for (int round = 0; round < 4; ++round) {
        Vector jumps;
        for (int i = 0; i < 30; ++i) jumps.push_back(big_jump(den -= 2 * (i + 17)));
        // with a non-interval L = {2, 5, 11, 17, 23}: k neurons; with one more tiny term: k + 1
        Rational left = -(jumps[2] + jumps[5] + jumps[11] + jumps[17] + jumps[23]);
        if (round % 2) left += Rational(Integer(1), Integer(1) << 200);
        const Cpwl1d f = from_jumps(left, jumps);
        const auto c = relux::construct_cpwl1d_detailed(f, Cpwl1dForm::minimal);
        BOOST_TEST_CONTEXT("round " << round) {
            BOOST_TEST(c.proven_minimal);
            BOOST_TEST(c.neurons == (round % 2 ? 31u : 30u));
            check_both_forms(f);
        }
    }
    Vector jumps;
    for (int i = 0; i < 45; ++i) jumps.push_back(big_jump(den -= 2 * (i + 17)));
    const Cpwl1d f = from_jumps(jumps[0] / 7, jumps);
    const auto c = relux::construct_cpwl1d_detailed(f, Cpwl1dForm::minimal);
    BOOST_TEST(!c.proven_minimal);  // undecided: k + 1 neurons, lower bound k
    BOOST_TEST(c.neurons == 46u);
    BOOST_TEST(c.lower_bound == 45u);
    check_both_forms(f);
}

BOOST_AUTO_TEST_CASE(bad_points_are_errors_that_name_the_point) {
    using relux::InvalidArgument;
    using relux::ParseError;
    BOOST_TEST(error_of<InvalidArgument>([] {
                   Cpwl1d(Vector{0, 1, 1}, Vector{0, 1, 2});
               }) == "point 3 (x = 1): x must be strictly greater than the previous x = 1");
    BOOST_TEST(error_of<InvalidArgument>([] { Cpwl1d::parse_points("0:0, 2:1, 1:5"); }) ==
               "point 3 (x = 1): x must be strictly greater than the previous x = 2");
    BOOST_TEST(error_of<InvalidArgument>([] { Cpwl1d::parse_points("1/3:0,2/7:1"); }) ==
               "point 2 (x = 2/7): x must be strictly greater than the previous x = 1/3");
    BOOST_TEST(error_of<InvalidArgument>([] { Cpwl1d::parse_points("1:2"); }) ==
               "expected at least two points, got 1");
    BOOST_TEST(error_of<InvalidArgument>([] {
                   Cpwl1d(Vector{0, 1}, Vector{0});
               }) == "got 2 x values but 1 y values; expected one y per x");
    BOOST_TEST(contains(error_of<ParseError>([] { Cpwl1d::parse_points("  "); }),
                        "no points given; expected at least two points \"x:y\""));
    BOOST_TEST(error_of<ParseError>([] { Cpwl1d::parse_points("0:0,1"); }) ==
               "point 2 ('1'): expected \"x:y\", two exact numbers separated by ':' (e.g. 1/2:3)");
    BOOST_TEST(contains(error_of<ParseError>([] { Cpwl1d::parse_points("0:0,1:2:3"); }),
                        "point 2 ('1:2:3'): expected \"x:y\""));
    BOOST_TEST(contains(error_of<ParseError>([] { Cpwl1d::parse_points("0:0,,1:1"); }),
                        "point 2 (''): expected \"x:y\""));
    const std::string bad_number = error_of<ParseError>([] { Cpwl1d::parse_points("0:0, 1:2, abc:1"); });
    BOOST_TEST(contains(bad_number, "point 3 ('abc:1'): invalid number 'abc'"));
    BOOST_TEST(contains(bad_number, "expected an integer (-3), a fraction (7/12) or a decimal"));
    BOOST_TEST(contains(error_of<ParseError>([] { Cpwl1d::parse_points("0:0,1:1/0"); }),
                        "point 2 ('1:1/0'): invalid number '1/0'"));
}

BOOST_AUTO_TEST_CASE(bad_points_files_are_errors_that_name_file_and_line) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("relux_cpwl1d_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const auto write = [&dir](const std::string& name, const std::string& text) {
        std::ofstream(dir / name) << text;
        return (dir / name).string();
    };
    const std::string three = write("three.txt", "# header\n0 0\n\n1 2 3\n");
    BOOST_TEST(error_of<relux::ParseError>([&] { Cpwl1d::read_points_file(three); }) ==
               three + ":4: expected two numbers \"x y\", found 3 fields");
    const std::string number = write("number.txt", "0 0\n1 2\n2 x1\n");
    BOOST_TEST(contains(error_of<relux::ParseError>([&] { Cpwl1d::read_points_file(number); }),
                        number + ":3: invalid number 'x1'"));
    const std::string order = write("order.txt", "0 0\n# comment\n5 1\n\n5 2  # again\n");
    BOOST_TEST(error_of<relux::InvalidArgument>([&] { Cpwl1d::read_points_file(order); }) ==
               order + ":5: point 3 (x = 5): x must be strictly greater than the previous x = 5");
    const std::string one = write("one.txt", "# only\n1 1\n");
    BOOST_TEST(error_of<relux::InvalidArgument>([&] { Cpwl1d::read_points_file(one); }) ==
               one + ": expected at least two points, found 1");
    const std::string crlf = write("crlf.txt", "0 0\r\n1\t1/2\r\n");
    BOOST_TEST(Cpwl1d::read_points_file(crlf)(2) == 1);
    const std::string missing = (dir / "missing.txt").string();
    BOOST_TEST(contains(error_of<relux::Error>([&] { Cpwl1d::read_points_file(missing); }),
                        missing + ": cannot open"));
    fs::remove_all(dir);
}
