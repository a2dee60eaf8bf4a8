#define BOOST_TEST_MODULE fit_svg
#include <boost/test/unit_test.hpp>

#include "relux/cpwl/cpwl1d.hpp"
#include "relux/error.hpp"
#include "relux/report/fit_svg.hpp"
#include "relux/report/svg_canvas.hpp"
#include "test_util.hpp"

#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>

using namespace relux;

namespace {

using relux::test::tags_balanced;

Rational q(const char* text) { return Rational::parse(text); }

/// Vertices ("x,y" pairs) of the polyline with id="network".
std::size_t network_vertices(const std::string& svg) {
    const std::regex polyline(R"re(<polyline id="network" points="([^"]*)")re");
    std::smatch m;
    if (!std::regex_search(svg, m, polyline)) return 0;
    std::istringstream points(m[1].str());
    std::size_t n = 0;
    for (std::string p; points >> p;) n += p.find(',') != std::string::npos;
    return n;
}

/// The 4-piece interpolant of x^2 at 0, 1/4, 1/2, 3/4, 1.
Network square_interpolant() {
    return construct_cpwl1d(Cpwl1d::parse_points("0:0,1/4:1/16,1/2:1/4,3/4:9/16,1:1"), Cpwl1dForm::minimal);
}

std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "<no error>";
}

}  // namespace

BOOST_AUTO_TEST_CASE(fit_picture_has_the_network_through_its_breakpoints_and_a_legend) {
    FitSvgInfo info;
    info.network = "sq4.json";
    info.sup_error = Interval{q("1/64"), q("1/64")};  // sup |N - x^2| = h^2/4 = 1/64 (h = 1/4), at midpoints
    info.witness = q("1/8");
    const std::string svg = fit_svg(square_interpolant(), Expr::parse("x^2", 1), 0, 1, info);
    BOOST_TEST(svg.rfind("<?xml", 0) == 0u);
    BOOST_TEST(tags_balanced(svg));
    BOOST_TEST(network_vertices(svg) == 5u);  // 4 pieces: 3 breakpoints and both ends
    for (const char* legend :
         {"network N (4 pieces)", "target f(x) = x^2", "error |N \u2212 f|", "certified sup |N \u2212 f|",
          "= 1/64", "witness x = 1/8", "breakpoint (exact)", "Fit of sq4.json to f(x) = x^2", ">x</text>"})
        BOOST_TEST_CONTEXT(legend) BOOST_TEST(svg.find(legend) != std::string::npos);
    BOOST_TEST(svg.find(R"(id="error-band")") != std::string::npos);
    BOOST_TEST(svg.find(R"(id="certified-sup")") != std::string::npos);
    // Without a certified value there is no sup line and no witness.
    const std::string plain = fit_svg(square_interpolant(), Expr::parse("x^2", 1), 0, 1, FitSvgInfo{});
    BOOST_TEST(tags_balanced(plain));
    BOOST_TEST(plain.find("certified") == std::string::npos);
    BOOST_TEST(plain.find("Fit of the network") != std::string::npos);
    // A caption in the paper instead of a title: no title lines; a given title replaces the default.
    FitSvgInfo untitled;
    untitled.title = "";
    const std::string bare = fit_svg(square_interpolant(), Expr::parse("x^2", 1), 0, 1, untitled);
    BOOST_TEST(bare.find("Fit of") == std::string::npos);
    BOOST_TEST(bare.find("font-weight=\"bold\"") == std::string::npos);
    BOOST_TEST(network_vertices(bare) == 5u);
    untitled.title = "x^2 & its interpolant";
    BOOST_TEST(fit_svg(square_interpolant(), Expr::parse("x^2", 1), 0, 1, untitled)
                   .find(">x^2 &amp; its interpolant<") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_polyline_has_one_vertex_per_piece_end_on_a_sub_interval) {
    // On [1/3, 2] the interpolant of x^2 above (extended linearly beyond 1) has pieces
    // [1/3, 1/2], [1/2, 3/4], [3/4, 2]: 4 vertices; drawing samples do not add vertices.
    FitSvgInfo info;
    info.samples = 3000;
    const std::string svg = fit_svg(square_interpolant(), Expr::parse("sqrt(x)", 1), q("1/3"), 2, info);
    BOOST_TEST(network_vertices(svg) == 4u);
    BOOST_TEST(svg.find("network N (3 pieces)") != std::string::npos);
    // A target undefined on part of the interval is drawn where it is defined.
    const std::string part = fit_svg(square_interpolant(), Expr::parse("sqrt(x)", 1), -1, 1, FitSvgInfo{});
    BOOST_TEST(tags_balanced(part));
    BOOST_TEST(network_vertices(part) == 5u);  // [-1, 1/4] (the first slope extended), then 3 pieces
}

BOOST_AUTO_TEST_CASE(outward_decimals_bound_the_exact_value_on_the_right_side) {
    BOOST_TEST(outward_decimal(q("1/3"), 4, false) == "0.3333");
    BOOST_TEST(outward_decimal(q("1/3"), 4, true) == "0.3334");
    BOOST_TEST(outward_decimal(q("-1/3"), 4, false) == "-0.3334");
    BOOST_TEST(outward_decimal(q("-1/3"), 4, true) == "-0.3333");
    BOOST_TEST(outward_decimal(q("1/2"), 4, true) == "0.5");
    BOOST_TEST(outward_decimal(q("123456/1"), 3, true) == "124000");
    BOOST_TEST(outward_decimal(q("1/3000000"), 3, false) == "3.33e-07");
    BOOST_TEST(outward_decimal(q("1/3000000"), 3, true) == "3.34e-07");
    BOOST_TEST(outward_decimal(0, 3, true) == "0");
}

BOOST_AUTO_TEST_CASE(axes_get_at_least_two_ticks) {
    // Step 5 would leave only 0 inside [-4.3, 4.3]; the next smaller step, 2, gives five ticks.
    BOOST_TEST((nice_ticks(-4.3, 4.3, 4) == std::vector<double>{-4, -2, 0, 2, 4}));
    BOOST_TEST(nice_ticks(0, 1, 5).size() == 6u);  // unchanged: step 0.2
}

BOOST_AUTO_TEST_CASE(fit_picture_errors_name_what_is_wrong) {
    Network two_inputs = square_interpolant();
    two_inputs.input_dim = 2;
    two_inputs.layers[0].weights = Matrix(two_inputs.layers[0].weights.rows(), 2);
    FitSvgInfo info;
    info.network = "net2.json";
    BOOST_TEST(
        message_of([&] { (void)fit_svg(two_inputs, Expr::parse("x1", 2), 0, 1, info); }) ==
        "a fit picture needs a network with one input; net2.json has 2 inputs (use relux regions NET --box B "
        "--svg FILE for a 2-D region map, or a 1-D --slice)");
    BOOST_TEST(message_of([&] { (void)fit_svg(square_interpolant(), Expr::parse("x", 1), 1, 1, info); }) ==
               "a fit picture needs a < b, got [1, 1]");
    Network softmax = square_interpolant();
    softmax.output = OutputKind::softmax;
    BOOST_TEST(
        message_of([&] { (void)fit_svg(softmax, Expr::parse("x", 1), 0, 1, info); }) ==
        "a fit picture needs a CPWL network with one identity output; net2.json has 1 output(s), output "
        "'softmax'");
}

BOOST_AUTO_TEST_CASE(plot_command_writes_the_picture_and_prints_the_certified_error) {
    const std::string dir = std::filesystem::temp_directory_path() / "relux_fit_svg_test";
    std::filesystem::create_directories(dir);
    {
        std::ofstream(dir + "/sq4.json")
            << "{\"format\": \"relux-network\", \"version\": 1, \"input_dim\": 1, \"layers\": ["
               "{\"weights\": [[\"1\"], [\"1\"]], \"bias\": [\"0\", \"-1/2\"], \"activation\": \"relu\"},"
               "{\"weights\": [[\"1/2\", \"1\"]], \"bias\": [\"0\"], \"activation\": \"identity\"}]}";
        std::ofstream(dir + "/net2.json")
            << "{\"format\": \"relux-network\", \"version\": 1, \"input_dim\": 2, \"layers\": ["
               "{\"weights\": [[\"1\", \"1\"]], \"bias\": [\"0\"], \"activation\": \"identity\"}]}";
    }
    // N = x/2 on [0, 1/2], then 3x/2 - 1/2: the 2-piece interpolant of x^2 at 0, 1/2, 1; sup error h^2/4 =
    // 1/16.
    const auto ok =
        test::run_relux("plot " + dir + "/sq4.json --target 'x^2' --box 0:1 --svg " + dir + "/fit.svg");
    BOOST_TEST(ok.exit_code == 0);
    BOOST_TEST(ok.out.find("sup |N - f| = 1/16 (exact)") != std::string::npos);
    std::ifstream in(dir + "/fit.svg");
    const std::string svg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    BOOST_TEST(tags_balanced(svg));
    BOOST_TEST(network_vertices(svg) == 3u);
    BOOST_TEST(svg.find("= 1/16") != std::string::npos);
    const auto bad =
        test::run_relux("plot " + dir + "/net2.json --target 'x' --box 0:1 --svg " + dir + "/no.svg");
    BOOST_TEST(bad.exit_code == 2);
    BOOST_TEST(bad.err.find("relux plot draws networks with one input; " + dir + "/net2.json has 2 inputs") !=
               std::string::npos);
    BOOST_TEST(!std::filesystem::exists(dir + "/no.svg"));
    std::filesystem::remove_all(dir);
}
