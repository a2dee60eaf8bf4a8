#include "relux/net/nnet.hpp"

#include "relux/error.hpp"

#include <algorithm>
#include <sstream>

namespace relux {

namespace {

struct Line {
    std::size_t number;  // 1-based line number in the file
    std::vector<std::string> fields;
};

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

class NNetReader {
public:
    NNetReader(std::string_view text, std::string source) : source_(std::move(source)) {
        std::istringstream in{std::string(text)};
        std::string raw;
        std::size_t n = 0;
        while (std::getline(in, raw)) {
            ++n;
            std::string t = trim(raw);
            if (t.empty() || t.rfind("//", 0) == 0) continue;
            Line line{n, {}};
            std::string field;
            std::istringstream fs(t);
            while (std::getline(fs, field, ',')) {
                field = trim(field);
                if (!field.empty()) line.fields.push_back(field);
            }
            lines_.push_back(std::move(line));
        }
        total_lines_ = n;
    }

    [[noreturn]] void fail(std::size_t line, const std::string& what) const {
        throw ParseError(source_ + ":" + std::to_string(line) + ": " + what);
    }

    /// The next data line, which must hold exactly `count` values (a trailing comma is allowed),
    /// as rationals.
    std::vector<Rational> numbers(std::size_t count, const std::string& what) {
        if (next_ >= lines_.size())
            fail(std::max<std::size_t>(total_lines_, 1), "unexpected end of file; expected " + what);
        const Line& line = lines_[next_++];
        if (line.fields.size() != count)
            fail(line.number, "expected " + what + " (" + std::to_string(count) + " value" +
                                  (count == 1 ? "" : "s") + "), found " + std::to_string(line.fields.size()));
        std::vector<Rational> out;
        for (std::size_t i = 0; i < count; ++i) {
            try {
                out.push_back(Rational::parse(line.fields[i]));
            } catch (const ParseError& e) {
                fail(line.number,
                     std::string("value ") + std::to_string(i + 1) + " of " + what + ": " + e.what());
            }
        }
        last_line_ = line.number;
        return out;
    }

    std::size_t count_value(const Rational& v, const std::string& what) const {
        if (!v.is_integer() || v.sign() <= 0 || v > Rational(100000000))
            fail(last_line_, what + " must be a positive integer, got " + v.str());
        return static_cast<std::size_t>(v.numerator().convert_to<unsigned long>());
    }

    Network read() {
        auto header = numbers(4, "numLayers, inputSize, outputSize, maxLayerSize");
        const std::size_t num_layers = count_value(header[0], "numLayers");
        const std::size_t input_size = count_value(header[1], "inputSize");
        const std::size_t output_size = count_value(header[2], "outputSize");
        auto size_values = numbers(num_layers + 1, "the layer sizes");
        std::vector<std::size_t> sizes;
        for (const Rational& v : size_values) sizes.push_back(count_value(v, "a layer size"));
        if (sizes.front() != input_size)
            fail(last_line_, "first layer size " + std::to_string(sizes.front()) +
                                 " differs from inputSize " + std::to_string(input_size));
        if (sizes.back() != output_size)
            fail(last_line_, "last layer size " + std::to_string(sizes.back()) + " differs from outputSize " +
                                 std::to_string(output_size));
        numbers(1, "the symmetric flag");
        numbers(input_size, "the input minimums");
        numbers(input_size, "the input maximums");
        auto means = numbers(input_size + 1, "the means (one per input, then the output mean)");
        auto ranges = numbers(input_size + 1, "the ranges (one per input, then the output range)");
        const std::size_t ranges_line = last_line_;
        for (std::size_t i = 0; i < ranges.size(); ++i)
            if (ranges[i].is_zero())
                fail(ranges_line, "range " + std::to_string(i + 1) + " is 0; normalisation divides by it");

        Network net;
        net.input_dim = input_size;
        for (std::size_t li = 0; li < num_layers; ++li) {
            Layer l;
            l.activation = li + 1 < num_layers ? Activation::relu : Activation::identity;
            // Rows are read before the matrix is allocated, so memory is bounded by the text
            // and not by the sizes the header claims.
            std::vector<std::vector<Rational>> rows;
            for (std::size_t i = 0; i < sizes[li + 1]; ++i)
                rows.push_back(numbers(sizes[li], "weights of layer " + std::to_string(li + 1) + ", neuron " +
                                                      std::to_string(i + 1)));
            l.weights = Matrix(sizes[li + 1], sizes[li]);
            for (std::size_t i = 0; i < rows.size(); ++i)
                for (std::size_t j = 0; j < sizes[li]; ++j) l.weights(i, j) = std::move(rows[i][j]);
            for (std::size_t i = 0; i < sizes[li + 1]; ++i)
                l.bias.push_back(numbers(
                    1, "bias of layer " + std::to_string(li + 1) + ", neuron " + std::to_string(i + 1))[0]);
            net.layers.push_back(std::move(l));
        }
        if (next_ < lines_.size())
            fail(lines_[next_].number, "unexpected data after the last layer's biases");

        // Inputs: x'_j = (x_j - mean_j) / range_j, so W x' + b = (W / r) x + (b - W (m / r)).
        Layer& first = net.layers.front();
        for (std::size_t i = 0; i < first.weights.rows(); ++i)
            for (std::size_t j = 0; j < input_size; ++j) {
                Rational& w = first.weights(i, j);
                w /= ranges[j];
                first.bias[i] -= w * means[j];
            }
        // Outputs: y = y' * range_out + mean_out, on every output.
        Layer& last = net.layers.back();
        const Rational& r = ranges.back();
        for (std::size_t i = 0; i < last.weights.rows(); ++i) {
            for (std::size_t j = 0; j < last.weights.cols(); ++j) last.weights(i, j) *= r;
            last.bias[i] = last.bias[i] * r + means.back();
        }
        net.validate();
        return net;
    }

private:
    std::string source_;
    std::vector<Line> lines_;
    std::size_t next_ = 0;
    std::size_t last_line_ = 0;
    std::size_t total_lines_ = 0;
};

}  // namespace

Network parse_network_nnet(std::string_view text, const std::string& source) {
    return NNetReader(text, source).read();
}

}  // namespace relux
