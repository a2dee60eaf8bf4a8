#define BOOST_TEST_MODULE net_nnet
#include <boost/test/unit_test.hpp>

#include "relux/error.hpp"
#include "relux/net/evaluate.hpp"
#include "relux/net/json_io.hpp"
#include "relux/net/nnet.hpp"
#include "test_util.hpp"

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using relux::Activation;
using relux::Network;
using relux::Rational;
using relux::Vector;

namespace {

Rational q(const char* text) { return Rational::parse(text); }

// A 2-input network with two hidden relu layers (3 and 2 neurons) and one output, in the
// layout of the sisl/NNet README (line numbers on the right).
const char* const small_nnet =
    "// Neural Network File Format by Kyle Julian, Stanford 2016\n"  // 1
    "// a small test network\n"                                      // 2
    "3,2,1,3,\n"           // 3  numLayers, inputSize, outputSize, maxLayerSize
    "2,3,2,1,\n"           // 4  layer sizes
    "0,\n"                 // 5  unused flag
    "-10,-5e1,\n"          // 6  input minimums
    "10,50,\n"             // 7  input maximums
    "0.5,-1.5e-1,2.25,\n"  // 8  means (inputs, output)
    "4,0.3,1e1,\n"         // 9  ranges (inputs, output)
    "0.1,-0.2,\n"          // 10 layer 1 weights
    "1.5e-1,3,\n"          // 11
    "-1,0.25,\n"           // 12
    "0.1,\n"               // 13 layer 1 biases
    "-2.5e-2,\n"           // 14
    "0,\n"                 // 15
    "1,-0.5,0.75,\n"       // 16 layer 2 weights
    "-1.25e0,2,0.1,\n"     // 17
    "0.3,\n"               // 18 layer 2 biases
    "-0.01,\n"             // 19
    "2,-3,\n"              // 20 layer 3 weights
    "1e-1,\n";             // 21 layer 3 bias

/// What the NNet format defines, computed directly from the decimal text of small_nnet:
/// normalise each input (x - mean) / range, run the raw layers (relu on hidden layers), then
/// de-normalise the output y * range + mean.
Rational reference(const Vector& x) {
    const std::vector<Rational> means{q("0.5"), q("-1.5e-1"), q("2.25")};
    const std::vector<Rational> ranges{q("4"), q("0.3"), q("1e1")};
    const std::vector<std::vector<std::vector<const char*>>> weights{
        {{"0.1", "-0.2"}, {"1.5e-1", "3"}, {"-1", "0.25"}},
        {{"1", "-0.5", "0.75"}, {"-1.25e0", "2", "0.1"}},
        {{"2", "-3"}}};
    const std::vector<std::vector<const char*>> biases{{"0.1", "-2.5e-2", "0"}, {"0.3", "-0.01"}, {"1e-1"}};
    Vector h;
    for (std::size_t i = 0; i < 2; ++i) h.push_back((x[i] - means[i]) / ranges[i]);
    for (std::size_t l = 0; l < 3; ++l) {
        Vector next;
        for (std::size_t i = 0; i < weights[l].size(); ++i) {
            Rational z = q(biases[l][i]);
            for (std::size_t j = 0; j < h.size(); ++j) z += q(weights[l][i][j]) * h[j];
            if (l < 2 && z < Rational(0)) z = 0;
            next.push_back(z);
        }
        h = std::move(next);
    }
    return h[0] * ranges[2] + means[2];
}

/// The message of the ParseError thrown by parsing `text` as "f.nnet".
std::string error_of(const std::string& text) {
    try {
        (void)relux::parse_network_nnet(text, "f.nnet");
    } catch (const relux::ParseError& e) {
        return e.what();
    } catch (const std::exception& e) {
        return std::string("wrong exception type: ") + e.what();
    }
    return "no error";
}

/// small_nnet with line `line` (1-based) replaced by `replacement` (no newline added).
std::string replace_line(int line, const std::string& replacement) {
    std::string text = small_nnet, out;
    int n = 1;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        const std::string current = text.substr(start, end - start + 1);
        out += n == line ? replacement : current;
        ++n;
        start = end + 1;
    }
    return out;
}

/// small_nnet cut after line `line`.
std::string first_lines(int line) {
    const std::string text = small_nnet;
    std::size_t pos = 0;
    for (int n = 0; n < line; ++n) pos = text.find('\n', pos) + 1;
    return text.substr(0, pos);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_loaded_network_computes_what_the_format_defines) {
    const Network net = relux::parse_network_nnet(small_nnet, "small.nnet");
    BOOST_TEST(net.input_dim == 2u);
    BOOST_TEST_REQUIRE(net.layers.size() == 3u);
    BOOST_TEST((net.layers[0].activation == Activation::relu));
    BOOST_TEST((net.layers[1].activation == Activation::relu));
    BOOST_TEST((net.layers[2].activation == Activation::identity));
    BOOST_TEST(net.layers[0].output_dim() == 3u);
    BOOST_TEST(net.layers[1].output_dim() == 2u);
    BOOST_TEST(net.output_dim() == 1u);

    // Values computed by hand (Python fractions) from the file's decimals.
    BOOST_TEST((relux::evaluate(net, {Rational(1), Rational(2)}) == Vector{q("-51643/40")}));
    BOOST_TEST((relux::evaluate(net, {Rational(0), Rational(0)}) == Vector{q("-3383/40")}));
    BOOST_TEST((relux::evaluate(net, {Rational(-3), q("1/3")}) == Vector{q("-33709/120")}));
    BOOST_TEST((relux::evaluate(net, {q("7/2"), q("-2/7")}) == Vector{q("1223/84")}));

    // And at random rational points inside the input box, against the reference definition.
    const auto seed = relux::test::seed(17);
    std::mt19937_64 rng(seed);
    BOOST_TEST_CONTEXT("seed " << seed) {
        for (int k = 0; k < relux::test::scaled(200); ++k) {
            const Vector x{relux::test::random_rational(rng, 100, 10),
                           relux::test::random_rational(rng, 500, 10)};
            BOOST_TEST_CONTEXT("x = (" << x[0] << ", " << x[1] << ")") {
                BOOST_TEST((relux::evaluate(net, x) == Vector{reference(x)}));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(layout_variants_read_the_same_network) {
    const Network net = relux::parse_network_nnet(small_nnet, "small.nnet");
    // No trailing commas, CRLF line ends, spaces after commas, no header comment.
    std::string variant;
    std::string text = small_nnet;
    for (std::size_t start = 0; start < text.size();) {
        const std::size_t end = text.find('\n', start);
        std::string line = text.substr(start, end - start);
        start = end + 1;
        if (line.rfind("//", 0) == 0) continue;
        if (!line.empty() && line.back() == ',') line.pop_back();
        std::string spaced;
        for (char c : line) spaced += c == ',' ? std::string(", ") : std::string(1, c);
        variant += spaced + "\r\n";
    }
    BOOST_TEST((relux::parse_network_nnet(variant, "variant.nnet") == net));
}

BOOST_AUTO_TEST_CASE(a_single_layer_folds_both_normalisations_into_one_layer) {
    // y = 3 * (2 * (x - 1/2) / (1/4) + 1) + 5 = 3 * (8 x - 3) + 5 = 24 x - 4.
    const Network net =
        relux::parse_network_nnet("1,1,1,1,\n1,1,\n0,\n-1,\n1,\n0.5,5,\n0.25,3,\n2,\n1,\n", "one.nnet");
    BOOST_TEST_REQUIRE(net.layers.size() == 1u);
    BOOST_TEST((net.layers[0].activation == Activation::identity));
    BOOST_TEST(net.layers[0].weights(0, 0) == Rational(24));
    BOOST_TEST(net.layers[0].bias[0] == Rational(-4));
}

BOOST_AUTO_TEST_CASE(the_acas_xu_header_layout_is_read) {
    // The header of the sisl/NNet TestNetwork.nnet (7 layers of 50, 5 inputs, 5 outputs), with
    // the weights replaced by a constant so that the file stays small.
    std::string text =
        "// Neural Network File Format by Kyle Julian, Stanford 2016\n7,5,5,50,\n5,50,50,50,50,50,50,5,\n0,\n"
        "0.0,-3.141593,-3.141593,100.0,0.0,\n60760.0,3.141593,3.141593,1200.0,1200.0,\n"
        "19791.091,0.0,0.0,650.0,600.0,7.5188840201,\n"
        "60261.0,6.28318530718,6.28318530718,1100.0,1200.0,373.94992,\n";
    const std::vector<int> sizes{5, 50, 50, 50, 50, 50, 50, 5};
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
        for (int i = 0; i < sizes[l + 1]; ++i) {
            for (int j = 0; j < sizes[l]; ++j) text += "1.00000e-02,";
            text += "\n";
        }
        for (int i = 0; i < sizes[l + 1]; ++i) text += "-5.00000e-03,\n";
    }
    const Network net = relux::parse_network_nnet(text, "acas.nnet");
    BOOST_TEST(net.input_dim == 5u);
    BOOST_TEST(net.layers.size() == 7u);
    BOOST_TEST(net.output_dim() == 5u);
    BOOST_TEST(net.pattern_neurons() == 300u);
    // First weight: 1/100 divided by the first input range 60261.
    BOOST_TEST(net.layers[0].weights(0, 0) == q("0.01") / q("60261"));
}

BOOST_AUTO_TEST_CASE(load_network_reads_nnet_files) {
    namespace fs = std::filesystem;
    const fs::path path =
        fs::temp_directory_path() / ("relux_nnet_test_" + std::to_string(::getpid()) + ".nnet");
    std::ofstream(path) << small_nnet;
    BOOST_TEST((relux::load_network(path) == relux::parse_network_nnet(small_nnet, "x")));
    const fs::path bad =
        fs::temp_directory_path() / ("relux_nnet_test_bad_" + std::to_string(::getpid()) + ".nnet");
    std::ofstream(bad) << first_lines(12);
    try {
        (void)relux::load_network(bad);
        BOOST_ERROR("no error");
    } catch (const relux::ParseError& e) {
        BOOST_TEST(std::string(e.what()).find(bad.string() + ":12: unexpected end of file") == 0u);
    }
    fs::remove(path);
    fs::remove(bad);
}

BOOST_AUTO_TEST_CASE(truncated_files_name_the_last_line) {
    BOOST_TEST(error_of(first_lines(17)) ==
               "f.nnet:17: unexpected end of file; expected bias of layer 2, neuron 1");
    BOOST_TEST(error_of(first_lines(11)) ==
               "f.nnet:11: unexpected end of file; expected weights of layer 1, neuron 3");
    BOOST_TEST(error_of(first_lines(20)) ==
               "f.nnet:20: unexpected end of file; expected bias of layer 3, neuron 1");
    BOOST_TEST(
        error_of(first_lines(8)) ==
        "f.nnet:8: unexpected end of file; expected the ranges (one per input, then the output range)");
    BOOST_TEST(error_of(first_lines(2)) ==
               "f.nnet:2: unexpected end of file; expected numLayers, inputSize, outputSize, maxLayerSize");
    BOOST_TEST(error_of("") ==
               "f.nnet:1: unexpected end of file; expected numLayers, inputSize, outputSize, maxLayerSize");
    // Cut in the middle of a line: the partial line has too few values.
    const std::string text = small_nnet;
    BOOST_TEST(error_of(text.substr(0, text.find("0.75,"))) ==
               "f.nnet:16: expected weights of layer 2, neuron 1 (3 values), found 2");
}

BOOST_AUTO_TEST_CASE(values_that_are_not_numbers_name_line_and_position) {
    BOOST_TEST(
        error_of(replace_line(12, "-1,0.2x5,\n")) ==
        "f.nnet:12: value 2 of weights of layer 1, neuron 3: invalid number '0.2x5': unexpected character; "
        "expected an integer (-3), a fraction (7/12) or a decimal (0.125, -2.5e-3)");
    BOOST_TEST(error_of(replace_line(14, "nan,\n"))
                   .find("f.nnet:14: value 1 of bias of layer 1, neuron 2: invalid number 'nan'") == 0u);
    BOOST_TEST(error_of(replace_line(8, "0.5,-1.5e-1,inf,\n")).find("f.nnet:8: value 3 of the means") == 0u);
    BOOST_TEST(error_of(replace_line(3, "3,two,1,3,\n"))
                   .find("f.nnet:3: value 2 of numLayers, inputSize, outputSize, maxLayerSize: invalid "
                         "number 'two'") == 0u);
}

BOOST_AUTO_TEST_CASE(lines_with_the_wrong_count_are_rejected) {
    BOOST_TEST(error_of(replace_line(10, "0.1,-0.2,7,\n")) ==
               "f.nnet:10: expected weights of layer 1, neuron 1 (2 values), found 3");
    BOOST_TEST(error_of(replace_line(10, "0.1,\n")) ==
               "f.nnet:10: expected weights of layer 1, neuron 1 (2 values), found 1");
    BOOST_TEST(error_of(replace_line(13, "0.1,0.2,\n")) ==
               "f.nnet:13: expected bias of layer 1, neuron 1 (1 value), found 2");
    BOOST_TEST(error_of(replace_line(4, "2,3,2,\n")) ==
               "f.nnet:4: expected the layer sizes (4 values), found 3");
    BOOST_TEST(error_of(replace_line(3, "3,2,1,\n")) ==
               "f.nnet:3: expected numLayers, inputSize, outputSize, maxLayerSize (4 values), found 3");
    BOOST_TEST(error_of(replace_line(9, "4,0.3,\n")) ==
               "f.nnet:9: expected the ranges (one per input, then the output range) (3 values), found 2");
    BOOST_TEST(error_of(replace_line(6, ",\n")) ==
               "f.nnet:6: expected the input minimums (2 values), found 0");
    BOOST_TEST(error_of(std::string(small_nnet) + "5,\n") ==
               "f.nnet:22: unexpected data after the last layer's biases");
}

BOOST_AUTO_TEST_CASE(sizes_and_ranges_must_make_sense) {
    BOOST_TEST(error_of(replace_line(9, "4,0,1e1,\n")) ==
               "f.nnet:9: range 2 is 0; normalisation divides by it");
    BOOST_TEST(error_of(replace_line(9, "4,0.3,0.0,\n")) ==
               "f.nnet:9: range 3 is 0; normalisation divides by it");
    BOOST_TEST(error_of(replace_line(4, "3,3,2,1,\n")) ==
               "f.nnet:4: first layer size 3 differs from inputSize 2");
    BOOST_TEST(error_of(replace_line(4, "2,3,2,2,\n")) ==
               "f.nnet:4: last layer size 2 differs from outputSize 1");
    BOOST_TEST(error_of(replace_line(3, "0,2,1,3,\n")) ==
               "f.nnet:3: numLayers must be a positive integer, got 0");
    BOOST_TEST(error_of(replace_line(3, "3,-2,1,3,\n")) ==
               "f.nnet:3: inputSize must be a positive integer, got -2");
    BOOST_TEST(error_of(replace_line(4, "2,3.5,2,1,\n")) ==
               "f.nnet:4: a layer size must be a positive integer, got 7/2");
}

BOOST_AUTO_TEST_CASE(huge_declared_sizes_do_not_allocate_before_the_data_is_there) {
    // The header claims 10^8 x 10^8 weights; the reader must fail on the missing rows, not try
    // to allocate the matrix first.
    BOOST_TEST(error_of("1,100000000,1,100000000,\n100000000,1,\n0,\n") ==
               "f.nnet:3: unexpected end of file; expected the input minimums");
    BOOST_TEST(error_of("2,1,1,100000000,\n1,100000000,1,\n0,\n0,\n1,\n0,0,\n1,1,\n1,\n") ==
               "f.nnet:8: unexpected end of file; expected weights of layer 1, neuron 2");
}
