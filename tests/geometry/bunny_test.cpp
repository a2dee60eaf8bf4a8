#define BOOST_TEST_MODULE bunny
#include <boost/test/unit_test.hpp>

// Real trained networks (../shared/data/bunny, see its README): the regions over [-1/2, 1/2]^d
// (or a part of it) tile the box exactly, and random points land in the region of their
// activation pattern, where the region's map is the network. CI runs the 2-D networks, a quarter
// of bunny-3-3x16 and a corner of bunny-3-8x32; bunny_full (RELUX_TEST_MULTIPLIER >= 4) runs
// bunny-3-3x16 on the whole box and bunny-3-8x32 on [0, 1/8]^3. bunny-3-8x32 on the whole box
// has tens of millions of regions: more than memory holds. Timings: --log_level=message.

#include "relux/geometry/regions.hpp"
#include "relux/net/evaluate.hpp"
#include "relux/net/json_io.hpp"
#include "test_util.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <unordered_map>

using namespace relux;
namespace fs = std::filesystem;

namespace {

const fs::path bunny_dir = fs::path(RELUX_SHARED_DATA_DIR) / "bunny";

/// [-1/2, 1/2]^dim, where the networks were trained.
Box centred_box(std::size_t dim) {
    Box box;
    box.lo.assign(dim, Rational(Integer(-1), Integer(2)));
    box.hi.assign(dim, Rational(Integer(1), Integer(2)));
    return box;
}

bool full_run() {
    const char* m = std::getenv("RELUX_TEST_MULTIPLIER");
    return m && std::atof(m) >= 4;
}

Rational facet_value(const Halfspace& h, const Vector& x) {
    Rational s = h.offset;
    for (std::size_t i = 0; i < x.size(); ++i) add_product(s, h.normal[i], x[i]);
    return s;
}

/// Enumerate one bunny network over `box_text` (default: the centred box) and check the tiling
/// and random points; report the timing.
void check_bunny(const std::string& file, const std::string& box_text = "") {
    const fs::path path = bunny_dir / file;
    if (!fs::is_directory(bunny_dir)) {
        BOOST_TEST_MESSAGE("skipped: " << bunny_dir.string()
                                       << " does not exist (the shared data is not beside the clone)");
        return;
    }
    const Network net = load_network(path);
    const Box box = box_text.empty() ? centred_box(net.input_dim) : Box::parse(box_text, net.input_dim);
    const auto start = std::chrono::steady_clock::now();
    const RegionResult result = enumerate_regions(net, box);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::size_t vertices = 0;
    for (const Region& r : result.regions) vertices += r.vertices.size();
    BOOST_TEST_MESSAGE(file << " on " << box.str() << ": " << result.regions.size() << " regions, "
                            << vertices << " vertices (with repeats), " << seconds << " s");

    BOOST_TEST(!result.partial);
    Rational total;
    for (const Region& r : result.regions) {
        BOOST_TEST(r.volume.sign() > 0);
        total += r.volume;
    }
    BOOST_TEST(total == box.volume());
    BOOST_TEST(result.volume == box.volume());

    // Every region has its own pattern: look regions up by it.
    std::unordered_map<std::string, const Region*> by_pattern;
    for (const Region& r : result.regions) BOOST_TEST(by_pattern.emplace(to_string(r.pattern), &r).second);

    // Vertices satisfy their region's facets, and a vertex of a d-polytope lies on at least d facets.
    for (std::size_t k = 0; k < result.regions.size(); k += 1 + result.regions.size() / 200) {
        const Region& r = result.regions[k];
        for (const Vector& v : r.vertices) {
            std::size_t tight = 0;
            for (const Halfspace& h : r.facets) {
                const int s = facet_value(h, v).sign();
                BOOST_TEST(s >= 0);
                tight += s == 0;
            }
            BOOST_TEST(tight >= net.input_dim);
        }
    }

    std::mt19937_64 rng(test::seed(1234));
    std::uniform_int_distribution<long> fraction(0, 1L << 31);
    for (int k = 0; k < test::scaled(100); ++k) {
        Vector x;
        for (std::size_t i = 0; i < net.input_dim; ++i)
            x.push_back(box.lo[i] +
                        (box.hi[i] - box.lo[i]) * Rational(Integer(fraction(rng)), Integer(1L << 31)));
        const std::string pattern = to_string(activation_pattern(net, x));
        BOOST_TEST_CONTEXT(file << ", point " << k << ", pattern " << pattern) {
            const auto it = by_pattern.find(pattern);
            if (it == by_pattern.end() && pattern.find('0') != std::string::npos) continue;  // on a boundary
            BOOST_TEST_REQUIRE((it != by_pattern.end()));
            const Region& r = *it->second;
            for (const Halfspace& h : r.facets) BOOST_TEST(facet_value(h, x).sign() > 0);
            BOOST_TEST(r.affine.apply(x) == evaluate(net, x));
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(bunny_2_2x50) { check_bunny("bunny-2-2x50.json"); }
BOOST_AUTO_TEST_CASE(bunny_2_4x32) { check_bunny("bunny-2-4x32.json"); }
BOOST_AUTO_TEST_CASE(bunny_2_2x100) { check_bunny("bunny-2-2x100.json"); }
BOOST_AUTO_TEST_CASE(bunny_3_3x16_quarter) { check_bunny("bunny-3-3x16.json", "-1/2:0,0:1/2,-1/2:1/2"); }
// The whole box has tens of millions of regions (far beyond memory): a corner, where they are few.
BOOST_AUTO_TEST_CASE(bunny_3_8x32_corner) {
    check_bunny("bunny-3-8x32.json", "-1/2:-3/8,-1/2:-3/8,-1/2:-3/8");
}

BOOST_AUTO_TEST_CASE(bunny_full) {
    if (!full_run()) {
        BOOST_TEST_MESSAGE("bunny_full skipped: it runs with RELUX_TEST_MULTIPLIER >= 4");
        return;
    }
    check_bunny("bunny-3-3x16.json");
    check_bunny("bunny-3-8x32.json", "0:1/8,0:1/8,0:1/8");
}
