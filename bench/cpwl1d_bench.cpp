// Times `construct cpwl1d` on many random rational points: parsing the points text, the minimal
// and pairs constructions, and writing the network JSON.  Usage: cpwl1d_bench [points=100000]

#include "relux/cpwl/cpwl1d.hpp"
#include "relux/net/evaluate.hpp"
#include "relux/net/json_io.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>

using namespace relux;

namespace {

using Clock = std::chrono::steady_clock;

/// Wall-clock and process CPU seconds since construction (CPU time is the fairer number on a
/// shared machine).
struct Timer {
    Clock::time_point wall = Clock::now();
    std::clock_t cpu = std::clock();
    std::string str() const {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%7.3f s (cpu %7.3f s)",
                      std::chrono::duration<double>(Clock::now() - wall).count(),
                      static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC);
        return buf;
    }
};

Rational random_rational(std::mt19937_64& rng, long lo, long hi, long max_den) {
    return Rational(Integer(std::uniform_int_distribution<long>(lo, hi)(rng)),
                    Integer(std::uniform_int_distribution<long>(1, max_den)(rng)));
}

/// "x:y,..." with x_i = i + (a random rational in [0, 1) with denominator <= 997) and y a random
/// rational with denominator <= 9973, or (`integer_slopes`) y following random slopes in -3..3.
constexpr long divisors_of_5040[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 15, 16};
std::string random_points(std::size_t n, bool integer_slopes, std::mt19937_64& rng) {
    std::string text;
    Rational y = 0, previous_x = 0;
    for (std::size_t i = 0; i < n; ++i) {
        // with integer slopes, y's denominator is the lcm of the x denominators: keep them in 5040
        const long den = integer_slopes
                             ? divisors_of_5040[std::uniform_int_distribution<std::size_t>(0, 13)(rng)]
                             : std::uniform_int_distribution<long>(1, 997)(rng);
        const Rational x = Rational(
            Integer(static_cast<long>(i) * den + std::uniform_int_distribution<long>(0, den - 1)(rng)),
            Integer(den));
        if (i > 0)
            y = integer_slopes ? y + (x - previous_x) * std::uniform_int_distribution<long>(-3, 3)(rng)
                               : random_rational(rng, -1000000, 1000000, 9973);
        text += (i ? "," : "") + x.str() + ":" + y.str();
        previous_x = x;
    }
    return text;
}

void run(const char* label, const std::string& text) {
    std::printf("%s (%zu bytes of points text)\n", label, text.size());
    Timer t;
    const Cpwl1d f = Cpwl1d::parse_points(text);
    std::printf("  parse_points              %s  (%zu points, %zu breakpoints)\n", t.str().c_str(),
                f.x.size(), f.breakpoints().size());
    for (const Cpwl1dForm form : {Cpwl1dForm::minimal, Cpwl1dForm::pairs}) {
        const char* name = form == Cpwl1dForm::minimal ? "minimal" : "pairs  ";
        t = Timer();
        const Cpwl1dConstruction c = construct_cpwl1d_detailed(f, form);
        std::printf("  construct --form %s   %s  (%zu neurons, proven minimal: %s, lower bound %zu)\n", name,
                    t.str().c_str(), c.neurons, c.proven_minimal ? "yes" : "no", c.lower_bound);
        t = Timer();
        const std::string json = write_network_json(c.net);
        std::printf("  write_network_json        %s  (%.1f MB)\n", t.str().c_str(),
                    static_cast<double>(json.size()) / 1e6);
        // spot check: the network equals f at a few points
        t = Timer();
        std::mt19937_64 rng(7);
        for (int i = 0; i < 5; ++i) {
            const Rational at = f.x[std::uniform_int_distribution<std::size_t>(0, f.x.size() - 1)(rng)] +
                                random_rational(rng, -5, 5, 7);
            if (evaluate(c.net, Vector{at}).at(0) != f(at)) {
                std::printf("  MISMATCH at x = %s\n", at.str().c_str());
                std::exit(1);
            }
        }
        std::printf("  evaluate at 5 points      %s  (equal to f)\n", t.str().c_str());
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
    std::mt19937_64 rng(20261201);
    run("random rational points", random_points(n, false, rng));
    run("points with slopes in -3..3", random_points(n, true, rng));
    return 0;
}
