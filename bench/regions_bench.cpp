// Times enumerate_regions: random 2-input networks exact against float-only (the ratio is the cost
// of exactness), a 2-D slice through a random 784-256-256-10 network (the plane through three
// random "images"), and the trained bunny networks of ../shared/data/bunny.
// Usage: regions_bench [--quick] [--aim] [--bunny-dir DIR] [--threads N] [--reps R]
//   --quick skips the slice and bunny-3-8x32 (the long runs). Vertices are counted distinct.
//   --aim only times the aim: about a million 2-D regions (a random 2-768x2 network,
//   999,907 regions on [-1,1]^2), streamed, exact and float-only, once each.
//   Exact and float-only runs alternate R times (default 5) after one warm-up run of each; the
//   best time of each is reported (the machines are shared: the minimum is the least disturbed).

#include "relux/geometry/regions.hpp"
#include "relux/geometry/slice.hpp"
#include "relux/net/json_io.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <set>
#include <string>

using namespace relux;
namespace fs = std::filesystem;

namespace {

/// A random relu network whose weights are float32 values (He initialisation), read exactly,
/// like those of a trained network.
Network random_network(std::mt19937_64& rng, std::size_t inputs, const std::vector<std::size_t>& hidden,
                       std::size_t outputs) {
    Network net;
    net.input_dim = inputs;
    std::size_t width = inputs;
    std::vector<std::size_t> widths = hidden;
    widths.push_back(outputs);
    for (std::size_t l = 0; l < widths.size(); ++l) {
        std::normal_distribution<double> weight(0.0, std::sqrt(2.0 / static_cast<double>(width)));
        std::normal_distribution<double> bias(0.0, 0.1);
        Layer layer{Matrix(widths[l], width),
                    Vector(widths[l]),
                    l + 1 < widths.size() ? Activation::relu : Activation::identity,
                    {},
                    false};
        for (std::size_t i = 0; i < widths[l]; ++i) {
            for (std::size_t j = 0; j < width; ++j)
                layer.weights(i, j) = Rational::from_double(static_cast<float>(weight(rng)));
            layer.bias[i] = Rational::from_double(static_cast<float>(bias(rng)));
        }
        net.layers.push_back(std::move(layer));
        width = widths[l];
    }
    return net;
}

/// [lo, hi]^dim.
Box cube(std::size_t dim, const char* lo, const char* hi) {
    Box box;
    box.lo.assign(dim, Rational::parse(lo));
    box.hi.assign(dim, Rational::parse(hi));
    return box;
}

/// A result and how long it took.
struct Timed {
    RegionResult result;
    double seconds;
};

/// enumerate_regions with the given options, timed; stopped (partial) after `limit` seconds (0: no
/// limit); keep = false streams the regions (only the counts and volume are returned).
Timed run(const Network& net, const Box& box, bool exact, int threads, double limit = 120, bool keep = true) {
    RegionOptions options;
    options.exact = exact;
    options.threads = threads;
    options.time_limit_seconds = limit;
    options.keep_regions = keep;
    const auto start = std::chrono::steady_clock::now();
    RegionResult result = enumerate_regions(net, box, options);
    return {std::move(result),
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
}

/// Distinct vertices over all regions.
std::size_t vertex_count(const RegionResult& r) {
    std::set<Vector> vertices;
    for (const Region& region : r.regions) vertices.insert(region.vertices.begin(), region.vertices.end());
    return vertices.size();
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = false;
    bool aim = false;
    int threads = 0;
    int reps = 5;
    fs::path bunny_dir = fs::path(__FILE__).parent_path() / ".." / ".." / "shared" / "data" / "bunny";
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0) quick = true;
        else if (std::strcmp(argv[i], "--aim") == 0) aim = true;
        else if (std::strcmp(argv[i], "--bunny-dir") == 0 && i + 1 < argc) bunny_dir = argv[++i];
        else if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) threads = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--reps") == 0 && i + 1 < argc)
            reps = std::max(1, std::atoi(argv[++i]));
        else {
            std::fprintf(
                stderr,
                "usage: regions_bench [--quick] [--aim] [--bunny-dir DIR] [--threads N] [--reps R]\n");
            return 2;
        }
    }
    if (aim) {
        // The aim of the regions issue: a million exact 2-D regions in under 10 s on 2 cores.
        std::mt19937_64 rng(1);
        const Network net = random_network(rng, 2, {768, 768}, 1);
        const Box box = cube(2, "-1", "1");
        std::printf("Aim: random 2-768x2 on [-1,1]^2, streamed (keep_regions = false), threads %d\n",
                    threads);
        for (bool exact : {true, false}) {
            const Timed t = run(net, box, exact, threads, 0, false);
            std::printf("%-6s %9zu regions %8.2f s %9.0f regions/s\n", exact ? "exact" : "float",
                        t.result.count, t.seconds, t.result.count / t.seconds);
            std::fflush(stdout);
        }
        return 0;
    }
    std::mt19937_64 rng(20261201);

    std::printf(
        "Random relu networks (float32 He weights), exact vs float-only (options.exact = false),\n"
        "best of %d alternating runs after a warm-up of each;\n"
        "ratio = exact s / float s, or float regions/s over exact regions/s for runs stopped at 120 s\n",
        reps);
    std::printf("%-20s %9s %9s %11s %9s %9s %11s %7s\n", "network (box)", "regions", "exact s", "regions/s",
                "float rg", "float s", "regions/s", "ratio");
    struct Shape {
        const char* name;
        std::size_t inputs;
        std::vector<std::size_t> hidden;
        const char* lo;
        const char* hi;
    };
    for (const Shape& s : {Shape{"2-16x3 [-1,1]^2", 2, {16, 16, 16}, "-1", "1"},
                           Shape{"2-32x3 [-1,1]^2", 2, {32, 32, 32}, "-1", "1"},
                           Shape{"2-64x2 [-1,1]^2", 2, {64, 64}, "-1", "1"},
                           Shape{"4-32x2 [-1/8,1/8]^4", 4, {32, 32}, "-1/8", "1/8"}}) {
        const Network net = random_network(rng, s.inputs, s.hidden, 1);
        const Box box = cube(s.inputs, s.lo, s.hi);
        // One warm-up run of each (heap and caches), then alternate and keep the best of each.
        (void)run(net, box, true, threads);
        (void)run(net, box, false, threads);
        Timed exact = run(net, box, true, threads);
        Timed fast = run(net, box, false, threads);
        for (int r = 1; r < reps; ++r) {
            Timed e = run(net, box, true, threads);
            if (e.seconds < exact.seconds) exact = std::move(e);
            Timed f = run(net, box, false, threads);
            if (f.seconds < fast.seconds) fast = std::move(f);
        }
        const double exact_rate = exact.result.regions.size() / exact.seconds;
        const double fast_rate = fast.result.regions.size() / fast.seconds;
        std::printf("%-20s %8zu%s %9.3f %11.0f %8zu%s %9.3f %11.0f %7.2f\n", s.name,
                    exact.result.regions.size(), exact.result.partial ? "+" : " ", exact.seconds, exact_rate,
                    fast.result.regions.size(), fast.result.partial ? "+" : " ", fast.seconds, fast_rate,
                    fast_rate / exact_rate);
        std::fflush(stdout);
    }
    std::printf("(+: stopped by the 120 s limit, a partial count)\n");

    if (!quick) {
        std::printf(
            "\n2-D slice through a random 784-256-256-10 network (plane through three images, t in "
            "[0,1]^2)\n");
        const Network net = random_network(rng, 784, {256, 256}, 10);
        std::uniform_int_distribution<int> pixel(0, 255);
        std::vector<Vector> images(3);
        for (Vector& image : images)
            for (int i = 0; i < 784; ++i) image.push_back(Rational(Integer(pixel(rng)), Integer(255)));
        const Slice slice = Slice::through(images);
        const auto start = std::chrono::steady_clock::now();
        const Network composed = compose_slice(net, slice);
        const double compose_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const Timed t = run(composed, slice.box, true, threads, 600);
        std::printf("%-12s %9s %9s %11s %9s\n", "", "regions", "seconds", "regions/s", "compose s");
        std::printf("%-12s %8zu%s %9.3f %11.0f %9.3f\n", "784-256x2-10", t.result.regions.size(),
                    t.result.partial ? "+" : " ", t.seconds, t.result.regions.size() / t.seconds,
                    compose_seconds);
        std::fflush(stdout);
    }

    std::printf("\nBunny networks (%s) over [-1/2,1/2]^d\n", bunny_dir.string().c_str());
    if (!fs::is_directory(bunny_dir)) {
        std::printf("  skipped: directory not found (use --bunny-dir)\n");
        return 0;
    }
    std::printf("%-34s %9s %10s %9s %11s\n", "network (box)", "regions", "vertices", "seconds", "regions/s");
    struct Case {
        const char* file;
        const char* box;    // empty: [-1/2, 1/2]^d
        double time_limit;  // 0: none
        bool long_run;
    };
    // bunny-3-8x32 has tens of millions of regions on the whole box: a sub-box, and the whole box
    // under a time limit (a partial run, for the rate).
    for (const Case& c :
         {Case{"bunny-2-2x50.json", "", 0, false}, Case{"bunny-2-2x100.json", "", 0, false},
          Case{"bunny-2-4x32.json", "", 0, false}, Case{"bunny-3-3x16.json", "", 0, false},
          Case{"bunny-3-8x32.json", "0:1/8,0:1/8,0:1/8", 0, true}, Case{"bunny-3-8x32.json", "", 60, true}}) {
        if (quick && c.long_run) continue;
        const Network net = load_network(bunny_dir / c.file);
        const Box box = *c.box ? Box::parse(c.box, net.input_dim) : cube(net.input_dim, "-1/2", "1/2");
        const Timed t = run(net, box, true, threads, c.time_limit);
        const RegionResult& r = t.result;
        const double seconds = t.seconds;
        const std::string label = std::string(c.file).substr(0, std::strlen(c.file) - 5) + " (" +
                                  (*c.box ? c.box : "whole") + (r.partial ? ", PARTIAL" : "") + ")";
        std::printf("%-34s %9zu %10zu %9.3f %11.0f\n", label.c_str(), r.regions.size(), vertex_count(r),
                    seconds, r.regions.size() / seconds);
        if (r.partial) std::printf("  %s\n", r.stop_reason.c_str());
        std::fflush(stdout);
    }
    return 0;
}
