// Times the certified 1-D distances: L1 and sup norm of the uniform n-piece interpolant of sin on
// [0, 3] (node values sin(x_i) to 16 digits) to a tolerance, with and without certificate cells,
// and the independent re-check of those cells (detail::check_target_cell).
// Usage: certify_bench [pieces=1000] [tol=1e-12]

#include "../src/certify/check_target.hpp"
#include "relux/certify/distance1d.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

using namespace relux;

namespace {

using Clock = std::chrono::steady_clock;

/// Wall-clock and process CPU seconds since construction.
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

/// The chords of sin through x_i = 3i/n with y_i = sin(x_i) printed to 16 significant digits.
std::vector<Piece1d> sin_interpolant(int n) {
    std::vector<Rational> x, y;
    for (int i = 0; i <= n; ++i) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.15e", std::sin(3.0 * i / n));
        x.push_back(Rational(Integer(3 * i), Integer(n)));
        y.push_back(Rational::parse(buf));
    }
    std::vector<Piece1d> pieces;
    for (int i = 0; i < n; ++i) {
        const Rational m = (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
        pieces.push_back({x[i], x[i + 1], Vector{m}, Vector{y[i] - m * x[i]}});
    }
    return pieces;
}

/// Re-check every cell; returns the number that fail.
std::size_t recheck(const Expr& f, CertificateKind kind, const std::vector<CertificateCell>& cells) {
    std::size_t failed = 0;
    for (const CertificateCell& c : cells)
        if (!detail::check_target_cell(f, kind, c.vertices[0][0], c.vertices[1][0], c.map, c.sign, c.bound)
                 .empty())
            ++failed;
    return failed;
}

}  // namespace

int main(int argc, char** argv) {
    const int n = argc > 1 ? std::atoi(argv[1]) : 1000;
    const Rational tol = Rational::parse(argc > 2 ? argv[2] : "1e-12");
    const std::vector<Piece1d> pieces = sin_interpolant(n);
    const Expr f = Expr::parse("sin(x)");
    std::printf("interpolant of sin on [0, 3], %d pieces, tol %s\n", n, tol.str().c_str());

    for (const bool cells : {false, true}) {
        CertifyOptions options;
        options.want_cells = cells;
        Timer t;
        const L1Result r = l1_1d(pieces, f, tol, options);
        std::printf("l1   %-13s %s  width %.3g  [%.17g]  %s, %zu subdivisions, %zu cells\n",
                    cells ? "with cells" : "no cells", t.str().c_str(), r.width().to_double(),
                    r.bound.lower.to_double(), std::string(to_string(r.status)).c_str(), r.subdivisions,
                    r.cells.size());
        if (cells) {
            Timer c;
            const std::size_t failed = recheck(f, CertificateKind::l1, r.cells);
            std::printf("l1   re-check cells %s  %zu failed\n", c.str().c_str(), failed);
        }
    }
    for (const bool cells : {false, true}) {
        CertifyOptions options;
        options.want_cells = cells;
        Timer t;
        const LinfResult r = linf_1d(pieces, f, tol, options);
        std::printf("linf %-13s %s  width %.3g  [%.17g]  %s, %zu subdivisions, %zu cells, witness %.17g\n",
                    cells ? "with cells" : "no cells", t.str().c_str(), r.width().to_double(),
                    r.bound.lower.to_double(), std::string(to_string(r.status)).c_str(), r.subdivisions,
                    r.cells.size(), r.witness.to_double());
        if (cells) {
            Timer c;
            const std::size_t failed = recheck(f, CertificateKind::linf, r.cells);
            std::printf("linf re-check cells %s  %zu failed\n", c.str().c_str(), failed);
        }
    }
    return 0;
}
