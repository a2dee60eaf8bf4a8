#define BOOST_TEST_MODULE slice
#include <boost/test/unit_test.hpp>

#include "relux/error.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/geometry/slice.hpp"
#include "relux/net/evaluate.hpp"
#include "relux/report/regions_report.hpp"
#include "test_util.hpp"

#include <random>

using namespace relux;

namespace {

Rational q(const char* text) { return Rational::parse(text); }

Layer random_layer(std::mt19937_64& rng, std::size_t out, std::size_t in, Activation act) {
    Layer l;
    l.weights = Matrix(out, in);
    for (std::size_t i = 0; i < out; ++i)
        for (std::size_t j = 0; j < in; ++j) l.weights(i, j) = test::random_rational(rng, 6, 4);
    for (std::size_t i = 0; i < out; ++i) l.bias.push_back(test::random_rational(rng, 6, 4));
    l.activation = act;
    if (act == Activation::leaky_relu) l.slope = Rational(Integer(1), Integer(10));
    return l;
}

Network random_network(std::mt19937_64& rng, std::size_t in, const std::vector<std::size_t>& hidden,
                       std::size_t out) {
    Network net;
    net.input_dim = in;
    std::size_t width = in;
    for (std::size_t h : hidden) {
        net.layers.push_back(random_layer(rng, h, width, Activation::relu));
        width = h;
    }
    net.layers.push_back(random_layer(rng, out, width, Activation::identity));
    net.validate();
    return net;
}

Vector random_vector(std::mt19937_64& rng, std::size_t n, long num = 6, long den = 5) {
    Vector v;
    for (std::size_t i = 0; i < n; ++i) v.push_back(test::random_rational(rng, num, den));
    return v;
}

/// t -> net(x0 + A t) composed independently of compose_slice: the first layer's columns are
/// differences of its exact pre-activations at x0 + a_j and x0.
Network hand_composed(const Network& net, const Slice& s) {
    Network first{net.input_dim, {net.layers[0]}, OutputKind::identity};
    first.layers[0].activation = Activation::identity;
    const Vector at_origin = evaluate(first, s.origin);
    Network out = net;
    out.input_dim = s.dim();
    out.layers[0].weights = Matrix(at_origin.size(), s.dim());
    for (std::size_t j = 0; j < s.dim(); ++j) {
        Vector x = s.origin;
        for (std::size_t i = 0; i < x.size(); ++i) x[i] += s.directions[j][i];
        const Vector at = evaluate(first, x);
        for (std::size_t i = 0; i < at.size(); ++i) out.layers[0].weights(i, j) = at[i] - at_origin[i];
    }
    out.layers[0].bias = at_origin;
    return out;
}

/// Each region's vertex centroid has the region's pattern in `net` at x(t), and at every vertex
/// the region's map equals net(x(t)).
void check_regions_against_network(const RegionResult& result, const Network& net, const Slice& s) {
    for (const Region& r : result.regions) {
        Vector c(s.dim());
        for (const Vector& v : r.vertices)
            for (std::size_t k = 0; k < c.size(); ++k) c[k] += v[k];
        for (Rational& x : c) x /= Rational(static_cast<long>(r.vertices.size()));
        BOOST_TEST(to_string(activation_pattern(net, s.point(c))) == to_string(r.pattern));
        for (const Vector& v : r.vertices) BOOST_TEST(r.affine.apply(v) == evaluate(net, s.point(v)));
    }
}

std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_the_origin_form_exactly) {
    const Slice s = parse_slice_json(R"({"format": "relux-slice", "version": 1, "origin": [0.1, "-1/3", 2],
        "directions": [["1", 0, 0], [0, "1/2", 1e-3]], "box": "-1:1,0:1/2"})",
                                     "s.json");
    BOOST_TEST(s.input_dim() == 3u);
    BOOST_TEST(s.dim() == 2u);
    BOOST_TEST((s.origin == Vector{q("1/10"), q("-1/3"), q("2")}));
    BOOST_TEST((s.directions[1] == Vector{q("0"), q("1/2"), q("1/1000")}));
    BOOST_TEST(s.box.str() == "-1:1,0:1/2");
    BOOST_TEST((s.point({q("1"), q("2")}) == Vector{q("11/10"), q("2/3"), q("1001/500")}));
    BOOST_TEST((parse_slice_json(write_slice_json(s), "again") == s));
    // Without "box", t ranges over [0, 1]^k.
    const Slice line = parse_slice_json(R"({"format": "relux-slice", "version": 1, "origin": ["1"],
        "directions": [["-2"]]})",
                                        "l.json");
    BOOST_TEST(line.box.str() == "0:1");
}

BOOST_AUTO_TEST_CASE(reads_the_through_form_as_the_plane_through_three_points) {
    const Slice s = parse_slice_json(R"({"format": "relux-slice", "version": 1,
        "through": [["1", "1", "0"], ["2", "1", "0"], ["1", "3", "1/2"]]})",
                                     "t.json", 3);
    BOOST_TEST((s.origin == Vector{1, 1, 0}));
    BOOST_TEST((s.directions[0] == Vector{1, 0, 0}));
    BOOST_TEST((s.directions[1] == Vector{0, 2, q("1/2")}));
    BOOST_TEST(s.box.str() == "0:1,0:1");
    BOOST_TEST((s.point({1, 1}) == Vector{2, 3, q("1/2")}));
    const Slice seg = parse_slice_json(R"({"format": "relux-slice", "version": 1, "through": [[0, 0], [1, 2]],
        "box": "-1:2"})",
                                       "seg.json");
    BOOST_TEST(seg.dim() == 1u);
    BOOST_TEST(seg.box.str() == "-1:2");
    BOOST_TEST((seg.point({2}) == Vector{2, 4}));
}

BOOST_AUTO_TEST_CASE(bad_slices_name_file_path_and_expectation) {
    const std::string head = R"({"format": "relux-slice", "version": 1, )";
    auto msg = [&](const std::string& body, std::size_t dim = 0) {
        return message_of([&] { (void)parse_slice_json(head + body + "}", "s.json", dim); });
    };
    BOOST_TEST(msg(R"("origin": [0])") == "s.json: top level: missing key \"directions\"");
    BOOST_TEST(
        msg(R"("box": "0:1")") ==
        "s.json: top level: expected either \"origin\" and \"directions\" or \"through\" (2 or 3 points)");
    BOOST_TEST(
        msg(R"("origin": [0], "directions": [[1]], "through": [[0], [1]])") ==
        "s.json: through: cannot be combined with \"origin\" and \"directions\"; give one form or the other");
    BOOST_TEST(msg(R"("origin": [0, 0], "directions": [[1, 0], [0, 1], [1, 1]])") ==
               "s.json: directions: expected an array of 1 or 2 direction vectors, got 3 vectors");
    BOOST_TEST(msg(R"("origin": [0, 0], "directions": [[1, 0], [0, 1, 2]])") ==
               "s.json: directions[1]: has 3 entries; expected 2 (as many as origin)");
    BOOST_TEST(msg(R"("origin": [0, 0], "directions": [[1, 2], ["-1/2", -1]])") ==
               "s.json: directions: the two directions are parallel; expected linearly independent vectors");
    BOOST_TEST(msg(R"("origin": [0, 0], "directions": [[0, 0]])") ==
               "s.json: directions: the direction is zero; expected linearly independent vectors");
    BOOST_TEST(msg(R"("through": [[0, 0, 0], [1, 1, 1], [3, 3, 3]])") ==
               "s.json: through: the three points are collinear; expected points spanning a plane");
    BOOST_TEST(msg(R"("through": [[0, 0], [1]])") ==
               "s.json: through[1]: has 1 entry; expected 2 (as many as through[0])");
    BOOST_TEST(msg(R"("origin": [0, "x"], "directions": [[1, 0]])").find("s.json: origin[1]: ") == 0u);
    BOOST_TEST(msg(R"("origin": [0, 0], "directions": [[1, 0]], "box": "0:1,0:1")") ==
               "s.json: box: '0:1,0:1' has 2 axes; expected 1 (the box is over t, one axis per direction)");
    BOOST_TEST(msg(R"("origin": [0, 0], "directions": [[1, 0]], "box": "1:1")")
                   .find("s.json: box: box '1:1', axis 1: lower bound 1 is not below upper bound 1") == 0u);
    BOOST_TEST(msg(R"("origin": [0, 0], "directions": [[1, 0]], "box": 3)") ==
               "s.json: box: expected a string, got the number 3");
    BOOST_TEST(
        msg(R"("origin": [0, 0], "directions": [[1, 0]], "scale": 3)") ==
        "s.json: top level: unknown key \"scale\"; expected one of: format, version, origin, directions, "
        "through, box");
    BOOST_TEST(msg(R"("origin": [0, 0], "directions": [[1, 0]])", 5) ==
               "s.json: origin: the slice lives in 2 dimensions; expected 5 (the network's input dimension)");
    BOOST_TEST(message_of([] {
                   (void)parse_slice_json(R"({"format": "relux-network", "version": 1})", "n.json");
               }) == "n.json: format: expected \"relux-slice\", got \"relux-network\"");
    BOOST_TEST(message_of([] { (void)parse_slice_json("{", "b.json"); }).find("b.json: not valid JSON: ") ==
               0u);
    BOOST_TEST(message_of([] { (void)load_slice("/nonexistent/s.json"); }) ==
               "/nonexistent/s.json: cannot open file for reading");
}

BOOST_AUTO_TEST_CASE(compose_slice_folds_into_the_first_layer) {
    std::mt19937_64 rng(test::seed(31));
    for (int iter = 0; iter < test::scaled(3); ++iter) {
        const Network net = random_network(rng, 20, {8, 6}, 2);
        const Slice s =
            Slice::through({random_vector(rng, 20), random_vector(rng, 20), random_vector(rng, 20)});
        BOOST_TEST_CONTEXT("seed " << test::seed(31) << ", iteration " << iter) {
            const Network composed = compose_slice(net, s);
            BOOST_TEST(composed.input_dim == 2u);
            BOOST_TEST(composed.layers.size() == net.layers.size());
            BOOST_TEST(slice_layer_offset(net) == 0u);
            BOOST_TEST((composed == hand_composed(net, s)));
            for (int k = 0; k < 20; ++k) {
                const Vector t = random_vector(rng, 2, 8, 7);
                BOOST_TEST(evaluate(composed, t) == evaluate(net, s.point(t)));
            }
            RegionResult a = enumerate_regions(composed, s.box);
            RegionResult b = enumerate_regions(hand_composed(net, s), s.box);
            sort_regions_canonically(a);
            sort_regions_canonically(b);
            BOOST_TEST(a.regions.size() == b.regions.size());
            BOOST_TEST(a.volume == Rational(1));
            for (std::size_t k = 0; k < std::min(a.regions.size(), b.regions.size()); ++k) {
                BOOST_TEST(a.regions[k].volume == b.regions[k].volume);
                BOOST_TEST((a.regions[k].affine == b.regions[k].affine));
                BOOST_TEST((a.regions[k].vertices == b.regions[k].vertices));
            }
            check_regions_against_network(a, net, s);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_residual_first_layer_gets_an_identity_layer_in_front) {
    std::mt19937_64 rng(test::seed(47));
    Network net;
    net.input_dim = 3;
    net.layers.push_back(random_layer(rng, 3, 3, Activation::leaky_relu));
    net.layers.back().residual = true;
    net.layers.push_back(random_layer(rng, 4, 3, Activation::relu));
    net.layers.push_back(random_layer(rng, 1, 4, Activation::identity));
    net.validate();
    Slice s;
    s.origin = {q("1/2"), q("-1"), q("0")};
    s.directions = {{1, 1, 0}, {0, q("-1/3"), 2}};
    s.box = Box::parse("-2:2,-1:1");
    const Network composed = compose_slice(net, s);
    BOOST_TEST(slice_layer_offset(net) == 1u);
    BOOST_TEST(composed.layers.size() == net.layers.size() + 1);
    BOOST_TEST((composed.layers[0].activation == Activation::identity));
    for (int k = 0; k < 30; ++k) {
        const Vector t = random_vector(rng, 2, 9, 4);
        BOOST_TEST(evaluate(composed, t) == evaluate(net, s.point(t)));
    }
    RegionResult r = enumerate_regions(composed, s.box);
    BOOST_TEST(r.volume == Rational(8));
    map_slice_regions_to_network(r, net);
    check_regions_against_network(r, net, s);
    for (const Region& region : r.regions)
        for (const Halfspace& h : region.facets)
            if (h.source.kind == FacetSource::Kind::neuron)
                BOOST_TEST(net.layers[h.source.layer].has_pattern());
}

BOOST_AUTO_TEST_CASE(a_one_dimensional_slice_is_a_segment) {
    std::mt19937_64 rng(test::seed(5));
    const Network net = random_network(rng, 4, {5}, 1);
    const Slice s = Slice::through({{0, 0, 0, 0}, {1, 2, 3, 4}});
    const Network composed = compose_slice(net, s);
    BOOST_TEST(composed.input_dim == 1u);
    for (int k = 0; k < 20; ++k) {
        const Vector t = random_vector(rng, 1);
        BOOST_TEST(evaluate(composed, t) == evaluate(net, s.point(t)));
    }
    const RegionResult r = enumerate_regions(composed, s.box);
    BOOST_TEST(r.volume == Rational(1));
    check_regions_against_network(r, net, s);
}

BOOST_AUTO_TEST_CASE(composing_checks_dimensions) {
    std::mt19937_64 rng(test::seed(9));
    const Network net = random_network(rng, 4, {3}, 1);
    const Slice s = Slice::through({{0, 0}, {1, 0}, {0, 1}});
    BOOST_TEST(message_of([&] { (void)compose_slice(net, s); }) ==
               "the slice lives in 2 dimensions but the network has 4 inputs");
    BOOST_TEST(message_of([&] {
                   (void)Slice::through({{0, 0}, {0, 0}});
               }) == "the two points coincide; expected distinct points");
    BOOST_TEST(message_of([&] { (void)s.point({1}); }) ==
               "slice parameter has 1 entry; the slice has 2 directions");
}
