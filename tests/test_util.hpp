#pragma once
// Helpers shared by the test suites: seeded random exact inputs, the CLI runner, data paths.

#include "relux/number/rational.hpp"

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>

namespace relux::test {

/// Iteration count scaled by the RELUX_TEST_MULTIPLIER environment variable (default 1).
inline int scaled(int n) {
    const char* m = std::getenv("RELUX_TEST_MULTIPLIER");
    const double f = m ? std::atof(m) : 1.0;
    return f > 0 ? static_cast<int>(n * f) : n;
}

/// Seed from RELUX_TEST_SEED when set, else the given default; print it on failure with
/// BOOST_TEST_CONTEXT("seed " << seed).
inline std::uint64_t seed(std::uint64_t fallback) {
    const char* s = std::getenv("RELUX_TEST_SEED");
    return s ? std::strtoull(s, nullptr, 10) : fallback;
}

/// A random rational num/den with |num| <= max_num and 1 <= den <= max_den.
inline Rational random_rational(std::mt19937_64& rng, long max_num = 20, long max_den = 12) {
    std::uniform_int_distribution<long> num(-max_num, max_num), den(1, max_den);
    return Rational(Integer(num(rng)), Integer(den(rng)));
}

/// base^e exactly, for any sign of e (base != 0 when e < 0).
inline Rational power(long base, long e) {
    Rational r(1);
    for (long i = 0; i < (e >= 0 ? e : -e); ++i) r *= Rational(base);
    return e >= 0 ? r : Rational(1) / r;
}

struct CommandResult {
    int exit_code;
    std::string out;
    std::string err;
};

/// A light well-formedness check of an SVG (or XML) text: every element opened is closed, in order.
bool tags_balanced(const std::string& svg);

/// Run the relux executable with the given argument string (shell-quoted by the caller),
/// capturing stdout and stderr.
CommandResult run_relux(const std::string& args, const std::string& stdin_text = "");

}  // namespace relux::test
