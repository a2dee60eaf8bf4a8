#define BOOST_TEST_MODULE net_json_io
#include <boost/test/unit_test.hpp>

#include "relux/error.hpp"
#include "relux/net/evaluate.hpp"
#include "relux/net/json_io.hpp"
#include "test_util.hpp"

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

using relux::Activation;
using relux::Integer;
using relux::Layer;
using relux::Matrix;
using relux::Network;
using relux::OutputKind;
using relux::Rational;
using relux::Vector;

namespace {

Rational q(const char* text) { return Rational::parse(text); }

Matrix matrix(std::initializer_list<std::initializer_list<const char*>> rows) {
    Matrix m(rows.size(), rows.begin()->size());
    std::size_t i = 0;
    for (const auto& row : rows) {
        std::size_t j = 0;
        for (const char* v : row) m(i, j++) = q(v);
        ++i;
    }
    return m;
}

Vector vec(std::initializer_list<const char*> values) {
    Vector v;
    for (const char* x : values) v.push_back(q(x));
    return v;
}

Layer layer(Matrix w, Vector b, Activation a, bool residual = false, Rational slope = 0) {
    Layer l;
    l.weights = std::move(w);
    l.bias = std::move(b);
    l.activation = a;
    l.residual = residual;
    l.slope = std::move(slope);
    return l;
}

/// parse -> write -> parse gives the same network, and writing again gives the same bytes.
void check_round_trip(const Network& net) {
    const std::string text = relux::write_network_json(net);
    const Network back = relux::parse_network_json(text, "round-trip.json");
    BOOST_TEST((back == net));
    BOOST_TEST(relux::write_network_json(back) == text);
}

/// The message thrown by parsing `text` as "net.json", which must be an error of type E.
template <class E>
std::string error_of(const std::string& text) {
    try {
        (void)relux::parse_network_json(text, "net.json");
    } catch (const E& e) {
        return e.what();
    } catch (const std::exception& e) {
        return std::string("wrong exception type: ") + e.what();
    }
    return "no error";
}

/// A one-layer network around the given layer JSON object.
std::string with_layer(const std::string& layer_json, int input_dim = 2) {
    return R"({"format": "relux-network", "version": 1, "input_dim": )" + std::to_string(input_dim) +
           R"(, "layers": [)" + layer_json + "]}";
}

const char* const design_example = R"({
  "format": "relux-network", "version": 1,
  "input_dim": 2,
  "layers": [
    {"weights": [["1", "-1/2"], ["0", "3"]], "bias": ["0", "1/3"], "activation": "relu"},
    {"weights": [["1", "1"]], "bias": ["0"], "activation": "identity"}
  ],
  "output": "identity"
})";

}  // namespace

BOOST_AUTO_TEST_CASE(design_example_parses_to_the_documented_network) {
    const Network net = relux::parse_network_json(design_example, "design.json");
    BOOST_TEST(net.input_dim == 2u);
    BOOST_TEST_REQUIRE(net.layers.size() == 2u);
    BOOST_TEST((net.layers[0].weights == matrix({{"1", "-1/2"}, {"0", "3"}})));
    BOOST_TEST((net.layers[0].bias == vec({"0", "1/3"})));
    BOOST_TEST((net.layers[0].activation == Activation::relu));
    BOOST_TEST((net.layers[1].weights == matrix({{"1", "1"}})));
    BOOST_TEST((net.layers[1].activation == Activation::identity));
    BOOST_TEST(!net.layers[0].residual);
    BOOST_TEST((net.output == OutputKind::identity));
    // relu(1 - 1/2 * 2) + relu(3 * 2 + 1/3) = 0 + 19/3
    BOOST_TEST((relux::evaluate(net, {Rational(1), Rational(2)}) == Vector{q("19/3")}));
    check_round_trip(net);
}

BOOST_AUTO_TEST_CASE(the_same_example_loads_from_the_data_file) {
    const auto path = std::filesystem::path(RELUX_TEST_DATA_DIR) / "net" / "design_example.json";
    BOOST_TEST((relux::load_network(path) == relux::parse_network_json(design_example, "x")));
}

BOOST_AUTO_TEST_CASE(output_defaults_to_identity) {
    const Network net = relux::parse_network_json(
        with_layer(R"({"weights": [["1", "2"]], "bias": ["0"], "activation": "relu"})"), "n");
    BOOST_TEST((net.output == OutputKind::identity));
}

BOOST_AUTO_TEST_CASE(every_activation_residual_softmax_and_big_rationals_round_trip_exactly) {
    Network net;
    net.input_dim = 2;
    const Rational big =
        Rational(Integer("123456789012345678901234567890123"), Integer("98765432109876543210987"));
    net.layers.push_back(layer(matrix({{"1/3", "-2/7"}, {"0", "5"}, {"-1", "1"}}),
                               Vector{big, q("-1/9"), q("0")}, Activation::relu));
    net.layers.push_back(layer(matrix({{"1", "0", "-3/11"}, {"2", "1/2", "1"}, {"0", "0", "1"}}),
                               vec({"1/100", "0", "-4"}), Activation::leaky_relu, false, q("1/100")));
    net.layers.push_back(layer(matrix({{"-1", "1/5", "0"}, {"0", "1", "0"}, {"7", "0", "-1/13"}}),
                               vec({"0", "1/2", "3"}), Activation::relu, true));
    net.layers.push_back(layer(matrix({{"1", "1", "1"}, {"1", "-1", "0"}, {"0", "0", "2"}}),
                               vec({"0", "0", "0"}), Activation::square, true));
    net.layers.push_back(layer(matrix({{"1", "2", "3"}, {"-1/1000000007", "0", "0"}}), Vector{-big, q("2")},
                               Activation::identity));
    net.output = OutputKind::softmax;
    net.validate();
    check_round_trip(net);

    const std::string text = relux::write_network_json(net);
    BOOST_TEST(text.find("\"activation\": \"leaky_relu\",\n      \"slope\": \"1/100\"") != std::string::npos);
    BOOST_TEST(text.find("\"residual\": true") != std::string::npos);
    BOOST_TEST(text.find("\"square\"") != std::string::npos);
    BOOST_TEST(text.find("\"output\": \"softmax\"") != std::string::npos);
    const std::string big_text = big.str();
    BOOST_TEST(big_text.size() > 40u);
    const std::size_t at = text.find(big_text);
    BOOST_TEST_REQUIRE(at != std::string::npos);
    BOOST_TEST(text.substr(at - 1, big_text.size() + 2) ==
               std::string(1, '"').append(big_text).append(1, '"'));
    // One weight row a line.
    BOOST_TEST(text.find("        [\"1/3\", \"-2/7\"],\n        [\"0\", \"5\"],\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(random_networks_round_trip_exactly) {
    const auto seed = relux::test::seed(731);
    std::mt19937_64 rng(seed);
    BOOST_TEST_CONTEXT("seed " << seed) {
        for (int trial = 0; trial < relux::test::scaled(60); ++trial) {
            Network net;
            net.input_dim = 1 + rng() % 4;
            std::size_t width = net.input_dim;
            const std::size_t depth = 1 + rng() % 4;
            for (std::size_t li = 0; li < depth; ++li) {
                const bool residual = rng() % 4 == 0;
                const std::size_t rows = residual ? width : 1 + rng() % 4;
                Layer l;
                l.weights = Matrix(rows, width);
                for (std::size_t i = 0; i < rows; ++i)
                    for (std::size_t j = 0; j < width; ++j)
                        l.weights(i, j) = relux::test::random_rational(rng, 1000000007, 1000000);
                for (std::size_t i = 0; i < rows; ++i)
                    l.bias.push_back(relux::test::random_rational(rng, 50, 97));
                l.activation = static_cast<Activation>(rng() % 4);
                if (l.activation == Activation::leaky_relu)
                    l.slope = relux::test::random_rational(rng, 5, 100);
                l.residual = residual;
                net.layers.push_back(std::move(l));
                width = rows;
            }
            net.output = rng() % 2 ? OutputKind::softmax : OutputKind::identity;
            net.validate();
            BOOST_TEST_CONTEXT("trial " << trial) { check_round_trip(net); }
        }
    }
}

BOOST_AUTO_TEST_CASE(json_number_literals_are_read_exactly_from_their_text) {
    const Network net = relux::parse_network_json(with_layer(R"({
        "weights": [[0.1, 1e-3], [-2.5e-3, 123456789012345678901234567890],
                    [18446744073709551615, 18446744073709551616], [-9223372036854775808, 1E+2],
                    [-0.0, 1e400], [2.5e-400, 7]],
        "bias": [-3, "7/12", "0.1", 0, "1e-3", 4.50],
        "activation": "identity"})"),
                                                  "n");
    const Matrix& w = net.layers[0].weights;
    BOOST_TEST(w(0, 0) == q("1/10"));
    BOOST_TEST(w(0, 1) == q("1/1000"));
    BOOST_TEST(w(1, 0) == q("-1/400"));
    BOOST_TEST(w(1, 1).str() == "123456789012345678901234567890");
    BOOST_TEST(w(2, 0) == Rational((Integer(1) << 64) - 1));
    BOOST_TEST(w(2, 1) == Rational(Integer(1) << 64));
    BOOST_TEST(w(3, 0) == -Rational(Integer(1) << 63));
    BOOST_TEST(w(3, 1) == Rational(100));
    BOOST_TEST(w(4, 0) == Rational(0));
    BOOST_TEST(w(4, 1) == q("1e400"));               // beyond the range of a double, still exact
    BOOST_TEST(w(5, 0) == q("25/10") / q("1e400"));  // below it
    BOOST_TEST((net.layers[0].bias ==
                Vector{Rational(-3), q("7/12"), q("1/10"), Rational(0), q("1/1000"), q("9/2")}));
}

BOOST_AUTO_TEST_CASE(an_integer_literal_with_hundreds_of_digits_is_exact) {
    const std::string digits = "9" + std::string(399, '7');
    const Network net =
        relux::parse_network_json(with_layer(R"({"weights": [[)" + digits + R"(, -)" + digits +
                                             R"(e-5]], "bias": [-1e309], "activation": "relu"})"),
                                  "n");
    BOOST_TEST(net.layers[0].weights(0, 0).str() == digits);
    BOOST_TEST(net.layers[0].weights(0, 1) == -q(digits.c_str()) / q("100000"));
    BOOST_TEST(net.layers[0].bias[0] == -q("1e309"));
}

BOOST_AUTO_TEST_CASE(a_string_can_never_pass_for_a_number_literal) {
    // Before the fix, JSON numbers were tagged strings and "\u001f5" was read as the number 5.
    const std::string msg = error_of<relux::ParseError>(
        with_layer(R"({"weights": [["\u001f5", 1]], "bias": [0], "activation": "relu"})"));
    BOOST_TEST(msg.find("net.json: layers[0].weights[0][0]: invalid number '") == 0u, msg);
    // ... and a marker-looking string does not turn a big literal elsewhere into trouble either.
    const std::string msg2 = error_of<relux::ParseError>(with_layer(
        R"({"weights": [["\u001f relux big number 1e400", 1e400]], "bias": [0], "activation": "relu"})"));
    BOOST_TEST(msg2.find("net.json: ") == 0u, msg2);
    BOOST_TEST(msg2.find("1e400") != std::string::npos, msg2);
}

// ---------------------------------------------------------------------------------------------
// Malformed input: each message names the file, the JSON path and what was expected.

BOOST_AUTO_TEST_CASE(unknown_keys_are_rejected_with_the_allowed_list) {
    BOOST_TEST(error_of<relux::ParseError>(
                   R"({"format": "relux-network", "version": 1, "input_dim": 1, "outputs": "identity",
                       "layers": [{"weights": [["1"]], "bias": ["0"], "activation": "relu"}]})") ==
               "net.json: top level: unknown key \"outputs\"; expected one of: format, version, input_dim, "
               "layers, output");
    BOOST_TEST(error_of<relux::ParseError>(
                   with_layer(R"({"weights": [["1", "2"]], "biases": ["0"], "activation": "relu"})")) ==
               "net.json: layers[0]: unknown key \"biases\"; expected one of: weights, bias, activation, "
               "slope, residual");
}

BOOST_AUTO_TEST_CASE(ragged_rows_and_wrong_widths_name_the_row) {
    BOOST_TEST(
        error_of<relux::InvalidNetwork>(
            with_layer(R"({"weights": [["1", "2"], ["3"]], "bias": ["0", "0"], "activation": "relu"})")) ==
        "net.json: layers[0].weights[1]: row has 1 entries; expected 2 (the width of the previous layer)");
    BOOST_TEST(
        error_of<relux::InvalidNetwork>(
            R"({"format": "relux-network", "version": 1, "input_dim": 2, "layers": [
                       {"weights": [["1", "2"], ["3", "4"]], "bias": ["0", "0"], "activation": "relu"},
                       {"weights": [["1", "2", "3"]], "bias": ["0"], "activation": "identity"}]})") ==
        "net.json: layers[1].weights[0]: row has 3 entries; expected 2 (the width of the previous layer)");
    BOOST_TEST(error_of<relux::ParseError>(with_layer(
                   R"({"weights": [["1", "2"], "3"], "bias": ["0", "0"], "activation": "relu"})")) ==
               "net.json: layers[0].weights[1]: expected a row (an array of numbers), got the string \"3\"");
    BOOST_TEST(error_of<relux::ParseError>(
                   with_layer(R"({"weights": {"a": 1}, "bias": ["0"], "activation": "relu"})")) ==
               "net.json: layers[0].weights: expected an array of rows, got an object");
}

BOOST_AUTO_TEST_CASE(a_huge_declared_width_is_rejected_without_allocating) {
    // Before the fix the 1 x 999999999 matrix was allocated before the row length was checked.
    BOOST_TEST(error_of<relux::InvalidNetwork>(
                   with_layer(R"({"weights": [["1"]], "bias": ["0"], "activation": "relu"})", 999999999)) ==
               "net.json: layers[0].weights[0]: row has 1 entries; expected 999999999 (the width of the "
               "previous layer)");
    BOOST_TEST(error_of<relux::ParseError>(
                   with_layer(R"({"weights": [["1"]], "bias": ["0"], "activation": "relu"})", 1000000000)) ==
               "net.json: input_dim: expected a positive integer, got 1000000000");
}

BOOST_AUTO_TEST_CASE(bias_length_must_match_the_rows) {
    BOOST_TEST(error_of<relux::InvalidNetwork>(with_layer(
                   R"({"weights": [["1", "2"], ["3", "4"]], "bias": ["0"], "activation": "relu"})")) ==
               "net.json: layers[0].bias: has 1 entries; expected 2 (one per row of weights)");
    BOOST_TEST(error_of<relux::ParseError>(
                   with_layer(R"({"weights": [["1", "2"]], "bias": "0", "activation": "relu"})")) ==
               "net.json: layers[0].bias: expected an array of numbers, got the string \"0\"");
}

BOOST_AUTO_TEST_CASE(missing_keys_are_named_with_their_parent) {
    const std::string layer = R"(, "layers": [{"weights": [["1"]], "bias": ["0"], "activation": "relu"}])";
    BOOST_TEST(error_of<relux::ParseError>(R"({"version": 1, "input_dim": 1)" + layer + "}") ==
               "net.json: top level: missing key \"format\"");
    BOOST_TEST(error_of<relux::ParseError>(R"({"format": "relux-network", "input_dim": 1)" + layer + "}") ==
               "net.json: top level: missing key \"version\"");
    BOOST_TEST(error_of<relux::ParseError>(R"({"format": "relux-network", "version": 1)" + layer + "}") ==
               "net.json: top level: missing key \"input_dim\"");
    BOOST_TEST(error_of<relux::ParseError>(R"({"format": "relux-network", "version": 1, "input_dim": 1})") ==
               "net.json: top level: missing key \"layers\"");
    BOOST_TEST(error_of<relux::ParseError>(with_layer(R"({"bias": ["0"], "activation": "relu"})")) ==
               "net.json: layers[0]: missing key \"weights\"");
    BOOST_TEST(
        error_of<relux::ParseError>(with_layer(R"({"weights": [["1", "2"]], "activation": "relu"})")) ==
        "net.json: layers[0]: missing key \"bias\"");
    BOOST_TEST(error_of<relux::ParseError>(with_layer(R"({"weights": [["1", "2"]], "bias": ["0"]})")) ==
               "net.json: layers[0]: missing key \"activation\"");
}

BOOST_AUTO_TEST_CASE(nan_and_unparsable_numbers_name_the_entry) {
    const std::string expected_tail =
        "; expected an integer (-3), a fraction (7/12) or a decimal (0.125, -2.5e-3)";
    BOOST_TEST(error_of<relux::ParseError>(
                   with_layer(R"({"weights": [["1", "NaN"]], "bias": ["0"], "activation": "relu"})")) ==
               "net.json: layers[0].weights[0][1]: invalid number 'NaN': unexpected character" +
                   expected_tail);
    BOOST_TEST(error_of<relux::ParseError>(
                   with_layer(R"({"weights": [["1", "2"]], "bias": ["nan"], "activation": "relu"})")) ==
               "net.json: layers[0].bias[0]: invalid number 'nan': unexpected character" + expected_tail);
    BOOST_TEST(error_of<relux::ParseError>(
                   with_layer(R"({"weights": [["1.2.3", "2"]], "bias": ["0"], "activation": "relu"})")) ==
               "net.json: layers[0].weights[0][0]: invalid number '1.2.3': more than one '.'" +
                   expected_tail);
    BOOST_TEST(error_of<relux::ParseError>(
                   with_layer(R"({"weights": [["1", "2"]], "bias": ["1/0"], "activation": "relu"})")) ==
               "net.json: layers[0].bias[0]: invalid number '1/0': zero denominator" + expected_tail);
    // NaN as a bare literal is not JSON at all.
    BOOST_TEST(error_of<relux::ParseError>(
                   with_layer(R"({"weights": [[NaN, "2"]], "bias": ["0"], "activation": "relu"})"))
                   .find("net.json: not valid JSON: parse error at line 1, column ") == 0u);
}

BOOST_AUTO_TEST_CASE(wrong_value_types_say_what_they_got) {
    BOOST_TEST(error_of<relux::ParseError>(
                   with_layer(R"({"weights": [["1", true]], "bias": ["0"], "activation": "relu"})")) ==
               "net.json: layers[0].weights[0][1]: expected a number (a string such as \"-1/2\" or a JSON "
               "number), got true");
    BOOST_TEST(error_of<relux::ParseError>(
                   with_layer(R"({"weights": [["1", "2"]], "bias": [null], "activation": "relu"})")) ==
               "net.json: layers[0].bias[0]: expected a number (a string such as \"-1/2\" or a JSON number), "
               "got null");
    BOOST_TEST(error_of<relux::ParseError>(
                   R"({"format": "relux-network", "version": 1, "input_dim": false, "layers": []})") ==
               "net.json: input_dim: expected a positive integer, got false");
    BOOST_TEST(error_of<relux::ParseError>(
                   R"({"format": "relux-network", "version": 1, "input_dim": "2", "layers": []})") ==
               "net.json: input_dim: expected a positive integer, got the string \"2\"");
    BOOST_TEST(error_of<relux::ParseError>(
                   R"({"format": "relux-network", "version": 1, "input_dim": 1.5, "layers": []})") ==
               "net.json: input_dim: expected a positive integer, got 1.5");
    BOOST_TEST(error_of<relux::ParseError>(
                   with_layer(R"({"weights": [["1", "2"]], "bias": ["0"], "activation": 3})")) ==
               "net.json: layers[0].activation: expected a string, got the number 3");
    BOOST_TEST(error_of<relux::ParseError>(with_layer(
                   R"({"weights": [["1", "2"]], "bias": ["0"], "activation": "relu", "residual": "yes"})")) ==
               "net.json: layers[0].residual: expected true or false, got the string \"yes\"");
    BOOST_TEST(error_of<relux::ParseError>(
                   R"({"format": "relux-network", "version": 1, "input_dim": 1, "layers": [[1]]})") ==
               "net.json: layers[0]: expected a layer object, got an array");
    BOOST_TEST(error_of<relux::ParseError>(
                   R"({"format": "relux-network", "version": 1, "input_dim": 1, "layers": {}})") ==
               "net.json: layers: expected an array of layers, got an object");
}

BOOST_AUTO_TEST_CASE(empty_networks_and_layers_are_rejected) {
    BOOST_TEST(error_of<relux::InvalidNetwork>(
                   R"({"format": "relux-network", "version": 1, "input_dim": 2, "layers": []})") ==
               "net.json: layers: expected at least one layer (the network is empty)");
    BOOST_TEST(
        error_of<relux::InvalidNetwork>(with_layer(R"({"weights": [], "bias": [], "activation": "relu"})")) ==
        "net.json: layers[0].weights: expected at least one row (a layer needs at least one neuron)");
    BOOST_TEST(error_of<relux::ParseError>(
                   with_layer(R"({"weights": [[]], "bias": ["0"], "activation": "relu"})", 0)) ==
               "net.json: input_dim: expected a positive integer, got 0");
}

BOOST_AUTO_TEST_CASE(format_version_activation_and_output_must_be_known) {
    const std::string rest =
        R"(, "input_dim": 1, "layers": [{"weights": [["1"]], "bias": ["0"], "activation": "relu"}]})";
    BOOST_TEST(error_of<relux::ParseError>(R"({"format": "relux-net", "version": 1)" + rest) ==
               "net.json: format: expected \"relux-network\", got \"relux-net\"");
    BOOST_TEST(error_of<relux::ParseError>(R"({"format": "relux-network", "version": 2)" + rest) ==
               "net.json: version: expected 1 (the only version), got 2");
    BOOST_TEST(error_of<relux::ParseError>(R"({"format": "relux-network", "version": "1")" + rest) ==
               "net.json: version: expected a positive integer, got the string \"1\"");
    BOOST_TEST(error_of<relux::ParseError>(
                   with_layer(R"({"weights": [["1", "2"]], "bias": ["0"], "activation": "sigmoid"})")) ==
               "net.json: layers[0].activation: unknown activation \"sigmoid\"; expected relu, identity, "
               "leaky_relu or square");
    BOOST_TEST(error_of<relux::ParseError>(R"({"format": "relux-network", "version": 1, "output": "argmax")" +
                                           rest) ==
               "net.json: output: unknown output \"argmax\"; expected identity or softmax");
}

BOOST_AUTO_TEST_CASE(slope_belongs_to_leaky_relu_only) {
    BOOST_TEST(error_of<relux::ParseError>(with_layer(
                   R"({"weights": [["1", "2"]], "bias": ["0"], "activation": "relu", "slope": "1/10"})")) ==
               "net.json: layers[0].slope: only a leaky_relu layer has a slope");
    BOOST_TEST(error_of<relux::ParseError>(
                   with_layer(R"({"weights": [["1", "2"]], "bias": ["0"], "activation": "leaky_relu"})")) ==
               "net.json: layers[0]: missing key \"slope\"");
    BOOST_TEST(
        error_of<relux::ParseError>(
            with_layer(
                R"({"weights": [["1", "2"]], "bias": ["0"], "activation": "leaky_relu", "slope": "x"})"))
            .find("net.json: layers[0].slope: invalid number 'x'") == 0u);
    const Network net = relux::parse_network_json(
        with_layer(R"({"weights": [["1", "2"]], "bias": ["0"], "activation": "leaky_relu", "slope": 0.01})"),
        "n");
    BOOST_TEST(net.layers[0].slope == q("1/100"));
}

BOOST_AUTO_TEST_CASE(residual_layers_must_be_square) {
    BOOST_TEST(error_of<relux::InvalidNetwork>(with_layer(
                   R"({"weights": [["1", "2"]], "bias": ["0"], "activation": "relu", "residual": true})")) ==
               "net.json: layers[0].residual: a residual layer must have as many neurons (1) as inputs (2)");
    // "residual": false on a non-square layer is fine.
    const Network net = relux::parse_network_json(
        with_layer(R"({"weights": [["1", "2"]], "bias": ["0"], "activation": "relu", "residual": false})"),
        "n");
    BOOST_TEST(!net.layers[0].residual);
}

BOOST_AUTO_TEST_CASE(duplicate_keys_name_the_object) {
    BOOST_TEST(
        error_of<relux::ParseError>(
            R"({"format": "relux-network", "version": 1, "version": 1, "input_dim": 1, "layers": []})") ==
        "net.json: top level: duplicate key \"version\"");
    BOOST_TEST(error_of<relux::ParseError>(
                   R"({"format": "relux-network", "version": 1, "input_dim": 2, "layers": [
                       {"weights": [["1", "2"]], "bias": ["0"], "activation": "relu"},
                       {"weights": [["1"]], "bias": ["0"], "bias": ["1"], "activation": "relu"}]})") ==
               "net.json: layers[1]: duplicate key \"bias\"");
}

BOOST_AUTO_TEST_CASE(text_that_is_not_json_or_not_an_object) {
    const std::string text = design_example;
    // Truncated between two layers, and in the middle of a string.
    const std::string msg =
        error_of<relux::ParseError>(text.substr(0, text.find(R"({"weights": [["1", "1"]])")));
    BOOST_TEST(msg.find("net.json: not valid JSON: parse error at line 6, column 5: ") == 0u, msg);
    BOOST_TEST(msg.find("unexpected end of input") != std::string::npos, msg);
    const std::string msg2 = error_of<relux::ParseError>(text.substr(0, text.size() / 2));
    BOOST_TEST(msg2.find("net.json: not valid JSON: parse error at line 5, column ") == 0u, msg2);
    BOOST_TEST(msg2.find("missing closing quote") != std::string::npos, msg2);
    BOOST_TEST(error_of<relux::ParseError>("").find(
                   "net.json: not valid JSON: parse error at line 1, column 1") == 0u);
    BOOST_TEST(
        error_of<relux::ParseError>(text + " x").find("net.json: not valid JSON: parse error at line 9") ==
        0u);
    BOOST_TEST(error_of<relux::ParseError>(R"([{"format": "relux-network"}])") ==
               "net.json: top level: expected a JSON object, got an array");
    BOOST_TEST(error_of<relux::ParseError>("3") ==
               "net.json: top level: expected a JSON object, got the number 3");
}

BOOST_AUTO_TEST_CASE(load_network_names_missing_files_and_directories) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("relux_json_io_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path missing = dir / "missing.json";
    try {
        (void)relux::load_network(missing);
        BOOST_ERROR("no error");
    } catch (const relux::Error& e) {
        BOOST_TEST(std::string(e.what()) == missing.string() + ": cannot open file for reading");
    }
    try {
        (void)relux::load_network(dir);
        BOOST_ERROR("no error");
    } catch (const relux::Error& e) {
        BOOST_TEST(std::string(e.what()) == dir.string() + ": is a directory; expected a file");
    }
    // A file with an error names the file's path.
    const fs::path bad = dir / "bad.json";
    std::ofstream(bad)
        << R"({"format": "relux-network", "version": 1, "input_dim": 1, "layers": [], "x": 1})";
    try {
        (void)relux::load_network(bad);
        BOOST_ERROR("no error");
    } catch (const relux::ParseError& e) {
        BOOST_TEST(std::string(e.what()).find(bad.string() + ": top level: unknown key \"x\"") == 0u);
    }
    // ".nnet" files go to the NNet reader.
    const fs::path nnet = dir / "tiny.nnet";
    std::ofstream(nnet) << "1,1,1,1,\n1,1,\n0,\n-1,\n1,\n0,0,\n1,1,\n2,\n3,\n";
    const Network n = relux::load_network(nnet);
    BOOST_TEST((relux::evaluate(n, {Rational(5)}) == Vector{Rational(13)}));
    fs::remove_all(dir);
}
