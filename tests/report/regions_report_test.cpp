#define BOOST_TEST_MODULE regions_report
#include <boost/test/unit_test.hpp>

#include "relux/error.hpp"
#include "relux/report/regions_report.hpp"
#include "relux/report/regions_svg.hpp"
#include "relux/report/svg_canvas.hpp"
#include "test_util.hpp"

#include <nlohmann/json.hpp>

#include <regex>

using namespace relux;

namespace {

using relux::test::tags_balanced;

Rational q(const char* text) { return Rational::parse(text); }

Halfspace facet(Vector normal, Rational offset, FacetSource::Kind kind, std::size_t layer,
                std::size_t index) {
    return Halfspace{std::move(normal), std::move(offset), FacetSource{kind, layer, index}};
}

/// Two triangles splitting [0,1]^2 along x1 = x2, by neuron 0:1 of a one-layer network, given in a
/// scrambled order (vertices and regions) with non-consecutive linear region ids.
RegionResult two_triangles() {
    using K = FacetSource::Kind;
    Region upper;
    upper.pattern = {{NeuronState::negative, NeuronState::positive}, {}};
    upper.vertices = {{1, 1}, {0, 0}, {0, 1}};
    upper.facets = {facet({-1, 1}, 0, K::neuron, 0, 1), facet({1, 0}, 0, K::box_lower, 0, 0),
                    facet({0, -1}, 1, K::box_upper, 0, 1)};
    upper.volume = q("1/2");
    upper.affine = {Matrix(1, 2), {q("1/3")}};
    upper.affine.A(0, 1) = q("-3/2");
    upper.linear_region = 7;
    Region lower = upper;
    lower.pattern = {{NeuronState::negative, NeuronState::negative}, {}};
    lower.vertices = {{1, 0}, {1, 1}, {0, 0}};
    lower.facets = {facet({1, -1}, 0, K::neuron, 0, 1), facet({0, 1}, 0, K::box_lower, 0, 1),
                    facet({-1, 0}, 1, K::box_upper, 0, 0)};
    lower.affine = {Matrix(1, 2), {0}};
    lower.affine.A(0, 0) = 1;
    lower.linear_region = 3;
    RegionResult r;
    r.regions = {upper, lower};
    r.linear_regions = 2;
    r.volume = 1;
    return r;
}

RegionReportInfo unit_square(bool linear) {
    return RegionReportInfo{Box::parse("0:1,0:1"), linear, std::nullopt, "net.json"};
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
    return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(canonical_order_sorts_vertices_regions_and_renumbers_linear_regions) {
    RegionResult r = two_triangles();
    sort_regions_canonically(r);
    // Sorted vertex lists: lower {(0,0),(1,0),(1,1)} < upper {(0,0),(0,1),(1,1)}? (1,0) > (0,1): upper first.
    BOOST_TEST(to_string(r.regions[0].pattern) == "-+");
    BOOST_TEST(r.regions[0].linear_region == 0u);
    BOOST_TEST(r.regions[1].linear_region == 1u);
    // Counter-clockwise from the lexicographically smallest vertex.
    BOOST_TEST((r.regions[0].vertices == std::vector<Vector>{{0, 0}, {1, 1}, {0, 1}}));
    BOOST_TEST((r.regions[1].vertices == std::vector<Vector>{{0, 0}, {1, 0}, {1, 1}}));
    RegionResult again = two_triangles();
    std::swap(again.regions[0], again.regions[1]);
    sort_regions_canonically(again);
    BOOST_TEST(regions_json(again, unit_square(true)) == regions_json(r, unit_square(true)));
}

BOOST_AUTO_TEST_CASE(affine_maps_and_facet_sources_read_naturally) {
    AffineMap m{Matrix(2, 3), {q("-1/2"), 0}};
    m.A(0, 0) = 1;
    m.A(0, 2) = q("-3/4");
    m.A(1, 1) = -1;
    BOOST_TEST(affine_text(m, "x") == "y1 = x1 - 3/4 x3 - 1/2; y2 = -x2");
    BOOST_TEST(affine_text(AffineMap{Matrix(1, 2), {0}}, "t") == "y = 0");
    BOOST_TEST(affine_text(AffineMap{Matrix(1, 1), {q("5/3")}}, "x") == "y = 5/3");
    const RegionReportInfo info{Box::parse("-1/2:1,0:2"), false, std::nullopt, ""};
    using K = FacetSource::Kind;
    BOOST_TEST(facet_source_text(facet({1, 0}, q("1/2"), K::box_lower, 0, 0), info) == "box x1 >= -1/2");
    BOOST_TEST(facet_source_text(facet({0, -1}, 2, K::box_upper, 0, 1), info) == "box x2 <= 2");
    BOOST_TEST(facet_source_text(facet({1, 1}, 0, K::neuron, 2, 13), info) == "neuron 2:13");
    RegionReportInfo on_slice = info;
    on_slice.slice = Slice::through({{0, 0, 0}, {1, 0, 0}, {0, 0, 1}});
    BOOST_TEST(facet_source_text(facet({1, 0}, q("1/2"), K::box_lower, 0, 0), on_slice) == "box t1 >= -1/2");
}

BOOST_AUTO_TEST_CASE(json_has_the_design_fields_with_exact_strings) {
    RegionResult r = two_triangles();
    sort_regions_canonically(r);
    const auto j = nlohmann::json::parse(regions_json(r, unit_square(true)));
    BOOST_TEST(j["activation_regions"] == 2);
    BOOST_TEST(j["linear_regions"] == 2);
    BOOST_TEST(j["volume"] == "1");
    BOOST_TEST(j["partial"] == false);
    BOOST_TEST(!j.contains("stop_reason"));
    BOOST_TEST(j["box"] == "0:1,0:1");
    const auto& r0 = j["regions"][0];
    BOOST_TEST(r0["pattern"] == "-+");
    BOOST_TEST(r0["volume"] == "1/2");
    BOOST_TEST(r0["vertices"].dump() == R"([["0","0"],["1","1"],["0","1"]])");
    BOOST_TEST(r0["affine"].dump() == R"({"A":[["0","-3/2"]],"b":["1/3"]})");
    BOOST_TEST(r0["linear_region"] == 0);
    BOOST_TEST(r0["facets"][0].dump() == R"({"normal":["-1","1"],"offset":"0","source":"neuron 0:1"})");
    BOOST_TEST(r0["facets"][2]["source"] == "box x2 <= 1");
    // Without --linear the linear-region fields are left out; a partial run says why.
    r.partial = true;
    r.stop_reason = "time limit of 1 s reached after 2 regions";
    const auto p = nlohmann::json::parse(regions_json(r, unit_square(false)));
    BOOST_TEST(!p.contains("linear_regions"));
    BOOST_TEST(!p["regions"][0].contains("linear_region"));
    BOOST_TEST(p["partial"] == true);
    BOOST_TEST(p["stop_reason"] == "time limit of 1 s reached after 2 regions");
}

BOOST_AUTO_TEST_CASE(csv_and_text_list_one_region_a_line) {
    RegionResult r = two_triangles();
    sort_regions_canonically(r);
    BOOST_TEST(regions_csv(r, unit_square(true)) ==
               "region,pattern,volume,linear_region,A1_1,A1_2,b1\n"
               "0,-+,1/2,0,0,-3/2,1/3\n"
               "1,--,1/2,1,1,0,0\n");
    BOOST_TEST(regions_csv(r, unit_square(false)).substr(0, 32) == "region,pattern,volume,A1_1,A1_2,");
    const std::string text = regions_text(r, unit_square(true));
    BOOST_TEST(text ==
               "box: 0:1,0:1\n"
               "activation regions: 2\n"
               "linear regions: 2\n"
               "volume: 1\n"
               "region  pattern  volume  linear  affine map\n"
               "0       -+       1/2     0       y = -3/2 x2 + 1/3\n"
               "1       --       1/2     1       y = x1\n");
    r.partial = true;
    r.stop_reason = "stopped after 2 regions";
    const std::string partial = regions_text(r, unit_square(false));
    BOOST_TEST(partial.substr(0, 33) == "PARTIAL: stopped after 2 regions\n");
    BOOST_TEST(partial.substr(partial.size() - 33) == "PARTIAL: stopped after 2 regions\n");
    BOOST_TEST(partial.find("volume: 1 (of 1)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(svg_2d_fills_cells_and_has_a_legend) {
    RegionResult r = two_triangles();
    sort_regions_canonically(r);
    const std::string svg = regions_svg(r, unit_square(true));
    BOOST_TEST(svg.rfind("<?xml", 0) == 0u);
    BOOST_TEST(tags_balanced(svg));
    BOOST_TEST(count(svg, "<polygon") == 2u);
    BOOST_TEST(count(svg, "fill=\"" + fill_colour(0) + "\"") >= 1u);
    BOOST_TEST(svg.find("2 activation regions") != std::string::npos);
    BOOST_TEST(svg.find("2 linear regions") != std::string::npos);
    BOOST_TEST(svg.find(">x1</text>") != std::string::npos);
    BOOST_TEST(svg.find(">0.4</text>") != std::string::npos);  // a tick label
    // The diagonal separates two linear regions: drawn as a strong boundary from (0,0) to (1,1).
    BOOST_TEST(svg.find(R"(<path d="M90 590 L610 70 " fill="none" stroke="#111")") != std::string::npos);
    r.regions[1].linear_region = 0;
    r.linear_regions = 1;
    BOOST_TEST(regions_svg(r, unit_square(true)).find(R"(fill="none" stroke="#111")") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(svg_1d_draws_the_graph_with_breakpoints) {
    // |x| on [-1, 2] as two regions, plus a pattern-only boundary at x = 1.
    RegionResult r;
    auto piece = [](const char* lo, const char* hi, int slope, const char* pattern) {
        Region g;
        g.vertices = {{q(lo)}, {q(hi)}};
        g.volume = q(hi) - q(lo);
        g.affine = {Matrix(1, 1), {0}};
        g.affine.A(0, 0) = slope;
        g.pattern = {{pattern[0] == '+' ? NeuronState::positive : NeuronState::negative,
                      pattern[1] == '+' ? NeuronState::positive : NeuronState::negative}};
        return g;
    };
    r.regions = {piece("-1", "0", -1, "-+"), piece("0", "1", 1, "+-"), piece("1", "2", 1, "++")};
    r.volume = 3;
    r.linear_regions = 2;
    r.regions[2].linear_region = 1;
    r.regions[1].linear_region = 1;
    const RegionReportInfo info{Box::parse("-1:2"), true, std::nullopt, "abs.json"};
    const std::string svg = regions_svg(r, info);
    BOOST_TEST(tags_balanced(svg));
    BOOST_TEST(count(svg, "<circle") == 2u + 2u);                       // 2 on the graph + 2 in the legend
    BOOST_TEST(count(svg, "fill=\"white\" stroke=\"#1f77b4\"") == 1u);  // hollow: pattern change at x = 1
    BOOST_TEST(svg.find("<path d=\"M") != std::string::npos);
    BOOST_TEST(svg.find("3 activation regions, 2 linear regions") != std::string::npos);
    BOOST_CHECK_EXCEPTION(
        (void)regions_svg(r, RegionReportInfo{Box::parse("0:1,0:1,0:1"), false, std::nullopt, ""}),
        InvalidArgument, [](const InvalidArgument& e) {
            return std::string(e.what()) ==
                   "an SVG picture needs a 1-D or 2-D box, got 3 dimensions; use --slice to look "
                   "at a 1-D or 2-D slice of the input";
        });
}

BOOST_AUTO_TEST_CASE(ticks_are_round_numbers) {
    std::string labels;
    for (double t : nice_ticks(0, 1, 5)) labels += tick_label(t, 0.2) + " ";
    BOOST_TEST(labels == "0.0 0.2 0.4 0.6 0.8 1.0 ");
    BOOST_TEST(nice_ticks(-3, 7, 5).size() == 5u);  // step 2: -2 0 2 4 6
    const auto t = nice_ticks(-0.5, 0.5, 4);        // step 0.5
    BOOST_TEST(t.size() == 3u);
    BOOST_TEST(t[1] == 0.0);
    BOOST_TEST(tick_label(0.25, 0.05) == "0.25");
    BOOST_TEST(tick_label(-1, 0.5) == "-1.0");
    BOOST_TEST(tick_label(3, 1) == "3");
    BOOST_TEST(xml_escape("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;");
}

BOOST_AUTO_TEST_CASE(long_numbers_are_abbreviated_only_in_the_text_report) {
    const Rational tiny = Rational(Integer(1), Integer(3) * (Integer(1) << 100));  // 31 digits
    BOOST_TEST(short_text(q("-7/12"), 24) == "-7/12");
    BOOST_TEST(short_text(tiny, 24) == "~2.629536351e-31");
    RegionResult r = two_triangles();
    sort_regions_canonically(r);
    r.regions[0].affine.b[0] = tiny;
    const std::string text = regions_text(r, unit_square(true));
    BOOST_TEST(text.find("y = -3/2 x2 + ~2.629536351e-31\n") != std::string::npos);
    BOOST_TEST(
        text.find("(~: a decimal approximation of an exact number too long to show; --json and --csv print "
                  "every number exactly)\n") != std::string::npos);
    BOOST_TEST(regions_json(r, unit_square(true)).find(tiny.str()) != std::string::npos);
    BOOST_TEST(regions_csv(r, unit_square(true)).find(tiny.str()) != std::string::npos);
    BOOST_TEST(regions_text(two_triangles(), unit_square(true)).find('~') == std::string::npos);
}
