#define BOOST_TEST_MODULE certify_certificate
#include <boost/test/unit_test.hpp>

#include "certificate_examples.hpp"
#include "relux/certify/certificate.hpp"
#include "relux/error.hpp"

#include <nlohmann/json.hpp>

#include <string>

using namespace relux;
using namespace relux::test::cert;
using Json = nlohmann::ordered_json;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

void expect_same(const Certificate& a, const Certificate& b) {
    BOOST_TEST((a.kind == b.kind));
    BOOST_TEST((a.network == b.network));
    BOOST_TEST((a.reference == b.reference));
    BOOST_TEST(a.target == b.target);
    BOOST_TEST((a.box == b.box));
    BOOST_TEST((a.slice == b.slice));
    BOOST_TEST((a.value == b.value));
    BOOST_TEST(a.exact == b.exact);
    BOOST_TEST((a.tolerance == b.tolerance));
    BOOST_TEST((a.witness == b.witness));
    BOOST_TEST_REQUIRE(a.cells.size() == b.cells.size());
    for (std::size_t k = 0; k < a.cells.size(); ++k) {
        const CertificateCell &x = a.cells[k], &y = b.cells[k];
        BOOST_TEST((x.vertices == y.vertices));
        BOOST_TEST_REQUIRE(x.facets.size() == y.facets.size());
        for (std::size_t f = 0; f < x.facets.size(); ++f) {
            BOOST_TEST((x.facets[f].normal == y.facets[f].normal));
            BOOST_TEST((x.facets[f].offset == y.facets[f].offset));
            BOOST_TEST((x.facets[f].source == y.facets[f].source));
        }
        BOOST_TEST((x.patterns == y.patterns));
        BOOST_TEST(x.sign == y.sign);
        BOOST_TEST((x.map == y.map));
        BOOST_TEST((x.bound == y.bound));
    }
}

void round_trip(const Certificate& c) {
    const std::string text = write_certificate_json(c);
    const Certificate back = parse_certificate_json(text, "cert.json");
    expect_same(c, back);
    BOOST_TEST(write_certificate_json(back) == text);
}

/// The text of diagonal_2d_l1() edited by `edit`, parsed; expects an error containing `part`.
template <class Exception, class Edit>
void expect_error(Edit edit, const std::string& part) {
    Json j = Json::parse(write_certificate_json(diagonal_2d_l1()));
    edit(j);
    BOOST_CHECK_EXCEPTION(parse_certificate_json(j.dump(), "cert.json"), Exception, [&](const Exception& e) {
        const bool ok = contains(e.what(), part);
        if (!ok) BOOST_TEST_MESSAGE("message: " << e.what());
        return ok;
    });
}

}  // namespace

BOOST_AUTO_TEST_CASE(round_trips) {
    round_trip(relu_1d_l1());
    round_trip(diagonal_2d_l1());
    round_trip(diagonal_2d_linf());
    round_trip(cube_3d_l1());
    round_trip(diagonal_slice_l1());
    round_trip(relu_square_target(CertificateKind::linf));
    Certificate c = equal_two_outputs();
    c.tolerance = q(1, 100);
    c.exact = false;
    c.cells[0].facets[1].source = FacetSource{FacetSource::Kind::neuron, sign_facet_layer, 0};
    c.network.layers[0].activation = Activation::leaky_relu;
    c.network.layers[0].slope = q(1, 8);
    round_trip(c);
}

BOOST_AUTO_TEST_CASE(format_example_fields) {
    const std::string text = write_certificate_json(diagonal_slice_l1());
    BOOST_TEST(contains(text, "\"format\": \"relux-certificate\""));
    BOOST_TEST(contains(text, "\"box\": {\"lo\": [\"0\"], \"hi\": [\"1\"]}"));
    BOOST_TEST(contains(text, "\"value\": {\"lower\": \"1/2\", \"upper\": \"1/2\", \"exact\": true}"));
    BOOST_TEST(contains(text, "{\"normal\": [\"-1\"], \"offset\": \"1\", \"source\": \"box upper 0\"}"));
    BOOST_TEST(contains(text, "\"patterns\": [\"+\", \"-\"]"));
    BOOST_TEST(contains(text, "\"map\": {\"A\": [[\"1\"]], \"b\": [\"0\"]}"));
    BOOST_TEST(contains(text, "\"format\": \"relux-slice\""));
    // Number literals are read exactly, like strings.
    Json j = Json::parse(write_certificate_json(relu_1d_l1()));
    j["value"]["lower"] = 0.5;
    j["cells"][1]["bound"]["upper"] = 0.5;
    const Certificate c = parse_certificate_json(j.dump(), "cert.json");
    BOOST_TEST(c.value.lower == q(1, 2));
    BOOST_TEST(c.cells[1].bound.upper == q(1, 2));
}

BOOST_AUTO_TEST_CASE(malformed_inputs_name_file_path_and_expectation) {
    BOOST_CHECK_EXCEPTION(
        parse_certificate_json("{\"format\": ", "cert.json"), ParseError,
        [](const ParseError& e) { return contains(e.what(), "cert.json: not valid JSON"); });
    expect_error<ParseError>([](Json& j) { j.erase("kind"); }, "cert.json: top level: missing key \"kind\"");
    expect_error<ParseError>([](Json& j) { j["kind"] = "l2"; },
                             "cert.json: kind: expected \"l1\", \"linf\" or \"equal\", got \"l2\"");
    expect_error<ParseError>([](Json& j) { j["format"] = "relux-network"; },
                             "cert.json: format: expected \"relux-certificate\"");
    expect_error<ParseError>([](Json& j) { j["version"] = 2; }, "cert.json: version: expected 1");
    expect_error<ParseError>([](Json& j) { j["extra"] = 1; }, "cert.json: top level: unknown key \"extra\"");
    expect_error<ParseError>(
        [](Json& j) { j["target"] = "x"; },
        "cert.json: top level: expected exactly one of the keys \"reference\", \"target\" and \"classes\"");
    expect_error<InvalidArgument>([](Json& j) { j["cells"][0]["vertices"][1] = Json::array({"1"}); },
                                  "cert.json: cells[0].vertices[1]: has 1 entries; expected 2");
    expect_error<ParseError>([](Json& j) { j["cells"][1]["vertices"][0][1] = "1/0"; },
                             "cert.json: cells[1].vertices[0][1]:");
    expect_error<ParseError>(
        [](Json& j) { j["cells"][0]["facets"][2]["source"] = "plane 3"; },
        "cert.json: cells[0].facets[2].source: expected \"box lower I\", \"box upper I\", "
        "\"neuron L.I\", \"sign\" or \"split\", got \"plane 3\"");
    expect_error<ParseError>([](Json& j) { j["cells"][0]["sign"] = 2; },
                             "cert.json: cells[0].sign: expected 1, -1 or 0, got 2");
    expect_error<ParseError>([](Json& j) { j["cells"][0]["sign"] = "1"; },
                             "cert.json: cells[0].sign: expected 1, -1 or 0, got the string \"1\"");
    expect_error<InvalidArgument>(
        [](Json& j) { j["cells"][0]["patterns"].push_back("+"); },
        "cert.json: cells[0].patterns: has 3 entries; expected 2 (one per network)");
    expect_error<InvalidArgument>([](Json& j) { j["cells"][1]["map"]["b"].push_back("0"); },
                                  "cert.json: cells[1].map.b: has 2 entries; expected 1");
    expect_error<ParseError>([](Json& j) { j["cells"][1]["bound"].erase("upper"); },
                             "cert.json: cells[1].bound: missing key \"upper\"");
    expect_error<InvalidNetwork>([](Json& j) { j["reference"]["layers"][0]["bias"].push_back("0"); },
                                 "cert.json: reference: layers[0].bias: has 2 entries; expected 1");
    expect_error<ParseError>([](Json& j) { j["network"]["layers"][0]["activation"] = "tanh"; },
                             "cert.json: network: layers[0].activation: unknown activation \"tanh\"");
    expect_error<InvalidArgument>([](Json& j) { j["box"]["hi"][0] = "0"; },
                                  "cert.json: box: axis 0 has lo 0 >= hi 0; expected lo < hi");
    expect_error<ParseError>([](Json& j) { j["value"]["exact"] = "yes"; },
                             "cert.json: value.exact: expected true or false, got the string \"yes\"");
    expect_error<InvalidArgument>([](Json& j) { j["witness"] = Json::array({"1"}); },
                                  "cert.json: witness: has 1 entries; expected 2");
}
