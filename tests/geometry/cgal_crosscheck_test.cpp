#define BOOST_TEST_MODULE cgal_crosscheck
#include <boost/test/unit_test.hpp>

// The one test that includes CGAL: an independent oracle for enumerate_regions on one hidden
// layer in 2-D. The activation regions are then exactly the faces inside the box of the
// arrangement of the neuron lines and the box edges, which CGAL builds with exact rationals.

#include "relux/geometry/regions.hpp"
#include "test_util.hpp"

#include <CGAL/Arr_linear_traits_2.h>
#include <CGAL/Arrangement_2.h>
#include <CGAL/Cartesian.h>
#include <CGAL/Gmpq.h>

#include <algorithm>
#include <random>

using namespace relux;

namespace {

using Kernel = CGAL::Cartesian<CGAL::Gmpq>;
using Traits = CGAL::Arr_linear_traits_2<Kernel>;
using Arrangement = CGAL::Arrangement_2<Traits>;
using Curve = Traits::Curve_2;

CGAL::Gmpq to_gmpq(const Rational& x) { return CGAL::Gmpq(x.mpq()); }
Rational from_gmpq(const CGAL::Gmpq& x) { return Rational(Rational::Value(x.mpq())); }

struct Neuron {
    Rational w1, w2, b;  // pre-activation w1 x1 + w2 x2 + b
};

Network one_layer(const std::vector<Neuron>& neurons) {
    Network net;
    net.input_dim = 2;
    Layer hidden;
    hidden.weights = Matrix(neurons.size(), 2);
    for (std::size_t i = 0; i < neurons.size(); ++i) {
        hidden.weights(i, 0) = neurons[i].w1;
        hidden.weights(i, 1) = neurons[i].w2;
        hidden.bias.push_back(neurons[i].b);
    }
    Layer out;
    out.weights = Matrix(1, neurons.size());
    for (std::size_t i = 0; i < neurons.size(); ++i) out.weights(0, i) = static_cast<long>(i % 3) - 1;
    out.bias = {0};
    out.activation = Activation::identity;
    net.layers = {hidden, out};
    net.validate();
    return net;
}

/// Areas of the faces inside the box of the arrangement of the neuron lines and the box edges.
std::vector<Rational> cgal_face_areas(const std::vector<Neuron>& neurons, const Box& box) {
    using Point = Kernel::Point_2;
    std::vector<Curve> curves;
    const Point corners[4] = {{to_gmpq(box.lo[0]), to_gmpq(box.lo[1])},
                              {to_gmpq(box.hi[0]), to_gmpq(box.lo[1])},
                              {to_gmpq(box.hi[0]), to_gmpq(box.hi[1])},
                              {to_gmpq(box.lo[0]), to_gmpq(box.hi[1])}};
    for (int k = 0; k < 4; ++k) curves.emplace_back(Kernel::Segment_2(corners[k], corners[(k + 1) % 4]));
    for (const Neuron& n : neurons)
        if (!n.w1.is_zero() || !n.w2.is_zero())
            curves.emplace_back(Kernel::Line_2(to_gmpq(n.w1), to_gmpq(n.w2), to_gmpq(n.b)));
    Arrangement arr;
    CGAL::insert(arr, curves.begin(), curves.end());
    std::vector<Rational> areas;
    for (auto f = arr.faces_begin(); f != arr.faces_end(); ++f) {
        if (f->is_unbounded() || !f->has_outer_ccb()) continue;
        std::vector<Point> pts;
        auto he = f->outer_ccb();
        do {
            pts.push_back(he->source()->point());
        } while (++he != f->outer_ccb());
        const bool inside = std::all_of(pts.begin(), pts.end(), [&](const Point& p) {
            return corners[0].x() <= p.x() && p.x() <= corners[2].x() && corners[0].y() <= p.y() &&
                   p.y() <= corners[2].y();
        });
        if (!inside) continue;  // a bounded face outside the box, closed by a box edge
        CGAL::Gmpq twice_area = 0;
        for (std::size_t k = 0; k < pts.size(); ++k) {
            const Point& p = pts[k];
            const Point& q = pts[(k + 1) % pts.size()];
            twice_area += p.x() * q.y() - p.y() * q.x();
        }
        areas.push_back(abs(from_gmpq(twice_area)) / Rational(2));
    }
    std::sort(areas.begin(), areas.end());
    return areas;
}

std::vector<Rational> relux_region_areas(const std::vector<Neuron>& neurons, const Box& box) {
    const RegionResult result = enumerate_regions(one_layer(neurons), box);
    BOOST_TEST(!result.partial);
    BOOST_TEST(result.volume == box.volume());
    std::vector<Rational> areas;
    for (const Region& r : result.regions) areas.push_back(r.volume);
    std::sort(areas.begin(), areas.end());
    return areas;
}

void check(const std::vector<Neuron>& neurons, const Box& box) {
    const std::vector<Rational> expected = cgal_face_areas(neurons, box);
    const std::vector<Rational> actual = relux_region_areas(neurons, box);
    BOOST_TEST(actual.size() == expected.size());
    BOOST_TEST(actual == expected, boost::test_tools::per_element());
}

Rational q(const char* text) { return Rational::parse(text); }

/// The neuron whose line passes through p with normal (w1, w2), on the positive side scaled by s.
Neuron through(const Rational& px, const Rational& py, const Rational& w1, const Rational& w2) {
    return Neuron{w1, w2, -(w1 * px + w2 * py)};
}

}  // namespace

BOOST_AUTO_TEST_CASE(concurrent_lines) {
    const Box box = Box::parse("-1:1,-1:1");
    std::vector<Neuron> fan;
    for (const char* slope : {"0", "1", "-1", "2", "-1/3", "5", "1/7"})
        fan.push_back(through(q("1/3"), q("1/4"), q(slope), 1));
    fan.push_back(through(q("1/3"), q("1/4"), 1, 0));
    check(fan, box);
    // Concurrent at a point on the box boundary and at a corner.
    std::vector<Neuron> edge, corner;
    for (const char* slope : {"1", "-1", "3", "1/2"}) {
        edge.push_back(through(q("1"), q("0"), q(slope), 1));
        corner.push_back(through(q("-1"), q("-1"), q(slope), 1));
    }
    check(edge, box);
    check(corner, box);
}

BOOST_AUTO_TEST_CASE(coinciding_and_proportional_lines) {
    const Box box = Box::parse("0:2,-1:3");
    const Neuron a{1, -2, q("1/2")};
    const std::vector<Neuron> neurons = {
        a,          a,                                 // identical
        {2, -4, 1}, {q("-1/3"), q("2/3"), q("-1/6")},  // proportional, one with the opposite orientation
        {0, 1, -1}, {0, 3, -3},                        // x2 = 1 twice
        {1, 1, -2},
    };
    check(neurons, box);
}

BOOST_AUTO_TEST_CASE(lines_along_box_faces_and_through_corners) {
    const Box box = Box::parse("-1:1,-1/2:1/2");
    check({{1, 0, 1}, {-1, 0, 1}, {0, 1, q("1/2")}, {0, -2, 1}, {1, 1, 0}},
          box);                                                     // the four faces and a diagonal
    check({{1, 1, q("3/2")}, {1, -1, q("-3/2")}, {1, 2, 0}}, box);  // touching only corners
    check({{1, 2, 0}, {1, -2, 0}, {1, 0, q("1/3")}}, box);          // through the corners, meeting inside
}

BOOST_AUTO_TEST_CASE(dead_and_constant_neurons) {
    const Box box = Box::parse("-1:1,-1:1");
    check(
        {
            {1, 0, 5},   // line x1 = -5: always active on the box
            {0, 1, -7},  // line x2 = 7: always dead
            {0, 0, -1},  // zero weights, dead
            {0, 0, 1},   // zero weights, always active
            {0, 0, 0},   // identically zero pre-activation
            {1, -1, 0},  // one real line
        },
        box);
    check({{0, 0, 0}, {0, 0, -2}}, box);  // no line at all: the whole box
}

BOOST_AUTO_TEST_CASE(random_lines_with_many_coincidences) {
    std::mt19937_64 rng(test::seed(2024));
    std::uniform_int_distribution<int> small(-2, 2);
    const Box box = Box::parse("-1:1,-1:1");
    for (int iter = 0; iter < test::scaled(25); ++iter) {
        std::vector<Neuron> neurons;
        const int n = 3 + iter % 10;
        for (int i = 0; i < n; ++i)
            neurons.push_back({small(rng), small(rng), Rational(small(rng)) / Rational(2)});
        BOOST_TEST_CONTEXT("seed " << test::seed(2024) << ", iteration " << iter) { check(neurons, box); }
    }
}

BOOST_AUTO_TEST_CASE(random_general_lines) {
    std::mt19937_64 rng(test::seed(77));
    const Box box = Box::parse("-3/2:1,-1:2");
    for (int iter = 0; iter < test::scaled(8); ++iter) {
        std::vector<Neuron> neurons;
        for (int i = 0; i < 18; ++i)
            neurons.push_back({test::random_rational(rng, 9, 7), test::random_rational(rng, 9, 7),
                               test::random_rational(rng, 9, 7)});
        BOOST_TEST_CONTEXT("seed " << test::seed(77) << ", iteration " << iter) { check(neurons, box); }
    }
}
