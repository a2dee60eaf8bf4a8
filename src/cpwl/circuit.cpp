#include "relux/cpwl/circuit.hpp"

#include "relux/error.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <queue>

namespace relux {

// ---- affine combinations --------------------------------------------------------------------

namespace {

CircuitValue combine(const CircuitValue& a, const Rational& ca, const CircuitValue& b, const Rational& cb) {
    CircuitValue r;
    r.constant = ca * a.constant + cb * b.constant;
    std::size_t i = 0, j = 0;
    while (i < a.terms.size() || j < b.terms.size()) {
        std::size_t atom;
        Rational c;
        if (j == b.terms.size() || (i < a.terms.size() && a.terms[i].first < b.terms[j].first)) {
            atom = a.terms[i].first;
            c = ca * a.terms[i++].second;
        } else if (i == a.terms.size() || b.terms[j].first < a.terms[i].first) {
            atom = b.terms[j].first;
            c = cb * b.terms[j++].second;
        } else {
            atom = a.terms[i].first;
            c = ca * a.terms[i++].second + cb * b.terms[j++].second;
        }
        if (!c.is_zero()) r.terms.emplace_back(atom, std::move(c));
    }
    return r;
}

std::string vector_key(const Vector& v) {
    std::string key;
    for (const Rational& x : v) key += x.str() + ",";
    return key;
}

}  // namespace

CircuitValue operator+(const CircuitValue& a, const CircuitValue& b) { return combine(a, 1, b, 1); }
CircuitValue operator-(const CircuitValue& a, const CircuitValue& b) { return combine(a, 1, b, -1); }
CircuitValue operator-(const CircuitValue& a) { return combine(a, -1, CircuitValue{}, 0); }
CircuitValue operator*(const Rational& c, const CircuitValue& a) { return combine(a, c, CircuitValue{}, 0); }

CircuitValue linear_sum(const std::vector<std::pair<Rational, CircuitValue>>& terms) {
    std::map<std::size_t, Rational> acc;
    CircuitValue r;
    for (const auto& [c, v] : terms) {
        add_product(r.constant, c, v.constant);
        for (const auto& [atom, coef] : v.terms) add_product(acc[atom], c, coef);
    }
    for (auto& [atom, coef] : acc)
        if (!coef.is_zero()) r.terms.emplace_back(atom, std::move(coef));
    return r;
}

// ---- building ---------------------------------------------------------------------------------

ReluCircuit::ReluCircuit(std::size_t input_dim) : input_dim_(input_dim) {
    if (input_dim == 0) throw InvalidArgument("a circuit needs at least one input");
}

CircuitValue ReluCircuit::input(std::size_t j) const {
    RELUX_ASSERT(j < input_dim_);
    return CircuitValue{{{j, Rational(1)}}, Rational(0)};
}

CircuitValue ReluCircuit::constant(const Rational& c) { return CircuitValue{{}, c}; }

CircuitValue ReluCircuit::affine(const Vector& a, const Rational& b) const {
    RELUX_ASSERT(a.size() == input_dim_);
    CircuitValue v{{}, b};
    for (std::size_t j = 0; j < a.size(); ++j)
        if (!a[j].is_zero()) v.terms.emplace_back(j, a[j]);
    return v;
}

bool ReluCircuit::certainly_nonnegative(const CircuitValue& v) const {
    if (v.constant.sign() < 0) return false;
    for (const auto& [atom, c] : v.terms)
        if (atom < input_dim_ || c.sign() < 0) return false;
    return true;
}

bool ReluCircuit::certainly_nonpositive(const CircuitValue& v) const {
    if (v.constant.sign() > 0) return false;
    for (const auto& [atom, c] : v.terms)
        if (atom < input_dim_ || c.sign() > 0) return false;
    return true;
}

CircuitValue ReluCircuit::relu(const CircuitValue& v) {
    if (certainly_nonnegative(v)) return v;
    if (certainly_nonpositive(v)) return constant(0);
    // relu(v) = s relu(v / s) for s = |first coefficient| > 0: one neuron per direction.
    const Rational s = abs(v.terms.front().second);
    CircuitValue normalized = Rational(1) / s * v;
    std::string key = normalized.constant.str() + "|";
    for (const auto& [atom, c] : normalized.terms) key += std::to_string(atom) + ":" + c.str() + ",";
    auto [it, inserted] = index_.emplace(std::move(key), input_dim_ + neurons_.size());
    if (inserted) neurons_.push_back(Neuron{normalized, depth(normalized) + 1});
    return CircuitValue{{{it->second, s}}, Rational(0)};
}

std::size_t ReluCircuit::depth(const CircuitValue& v) const {
    std::size_t d = 0;
    for (const auto& [atom, c] : v.terms)
        if (atom >= input_dim_) d = std::max(d, neurons_[atom - input_dim_].depth);
    return d;
}

std::size_t ReluCircuit::pass_cost(const CircuitValue& v) const {
    std::size_t cost = 0;
    bool has_input = false;
    for (const auto& [atom, c] : v.terms) {
        if (atom < input_dim_) has_input = true;
        else ++cost;
    }
    return cost + (has_input ? 2 : 0);
}

CircuitValue ReluCircuit::max(const CircuitValue& a, const CircuitValue& b) {
    // Carry the operand that is cheaper to pass to later layers; ties: the shallower one.
    const std::size_t ca = pass_cost(a), cb = pass_cost(b);
    const bool carry_a = ca != cb ? ca < cb : depth(a) <= depth(b);
    return carry_a ? a + relu(b - a) : b + relu(a - b);
}

CircuitValue ReluCircuit::min(const CircuitValue& a, const CircuitValue& b) { return -max(-a, -b); }

CircuitValue ReluCircuit::max_of(std::vector<CircuitValue> values) {
    if (values.empty()) throw InvalidArgument("the maximum of no values is undefined");
    // Huffman-like: always combine the two shallowest values (ties: the earliest).
    using Item = std::pair<std::pair<std::size_t, std::size_t>, std::size_t>;  // ((depth, order), slot)
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    std::size_t order = 0;
    for (std::size_t i = 0; i < values.size(); ++i) queue.push({{depth(values[i]), order++}, i});
    while (queue.size() > 1) {
        const std::size_t i = queue.top().second;
        queue.pop();
        const std::size_t j = queue.top().second;
        queue.pop();
        values.push_back(max(values[i], values[j]));
        queue.push({{depth(values.back()), order++}, values.size() - 1});
    }
    return values[queue.top().second];
}

CircuitValue ReluCircuit::min_of(std::vector<CircuitValue> values) {
    for (CircuitValue& v : values) v = -v;
    return -max_of(std::move(values));
}

Rational ReluCircuit::evaluate(const CircuitValue& v, const Vector& x) const {
    RELUX_ASSERT(x.size() == input_dim_);
    std::vector<std::optional<Rational>> cache(neurons_.size());
    // Neurons only refer to earlier neurons, so evaluating in index order up to the largest
    // atom needed is enough.
    std::size_t last = 0;
    for (const auto& [atom, c] : v.terms)
        if (atom >= input_dim_) last = std::max(last, atom - input_dim_ + 1);
    auto value_of = [&](const CircuitValue& w) {
        Rational r = w.constant;
        for (const auto& [atom, c] : w.terms)
            add_product(r, c, atom < input_dim_ ? x[atom] : *cache[atom - input_dim_]);
        return r;
    };
    for (std::size_t n = 0; n < last; ++n) {
        Rational a = value_of(neurons_[n].argument);
        cache[n] = a.sign() > 0 ? a : Rational(0);
    }
    return value_of(v);
}

// ---- compilation ------------------------------------------------------------------------------

namespace {

/// An affine function of the inputs that has to be passed through hidden layers, as the pair
/// relu(l), relu(-l) (l normalized so that its first nonzero coefficient is +-1).
struct PassedLinear {
    Vector direction;
    std::size_t last_layer = 0;  // the last hidden layer in which it must be available
};

/// Splits a value's input part into (scale, normalized direction); scale == 0 when absent.
std::pair<Rational, Vector> input_part(const CircuitValue& v, std::size_t d) {
    Vector lin(d);
    bool any = false;
    for (const auto& [atom, c] : v.terms)
        if (atom < d) {
            lin[atom] = c;
            any = true;
        }
    if (!any) return {Rational(0), lin};
    Rational s;
    for (const Rational& c : lin)
        if (!c.is_zero()) {
            s = abs(c);
            break;
        }
    for (Rational& c : lin) c /= s;
    return {s, lin};
}

}  // namespace

struct ReluCircuit::Plan {
    std::size_t hidden = 0;
    std::vector<std::map<std::size_t, std::size_t>> neuron_unit;  // per layer: neuron -> unit
    std::vector<std::map<std::string, std::pair<std::size_t, std::size_t>>> linear_unit;
    std::map<std::string, Vector> linear_direction;
    std::vector<std::size_t> width;
};

ReluCircuit::Plan ReluCircuit::plan(const std::vector<CircuitValue>& outputs) const {
    const std::size_t d = input_dim_;
    if (outputs.empty()) throw InvalidArgument("a circuit network needs at least one output");
    const std::size_t n = neurons_.size();
    std::vector<char> used(n, 0);
    std::vector<std::size_t> stack;
    auto mark = [&](const CircuitValue& v) {
        for (const auto& [atom, c] : v.terms)
            if (atom >= d && !used[atom - d]) {
                used[atom - d] = 1;
                stack.push_back(atom - d);
            }
    };
    for (const CircuitValue& v : outputs) mark(v);
    while (!stack.empty()) {
        const std::size_t m = stack.back();
        stack.pop_back();
        mark(neurons_[m].argument);
    }
    Plan p;
    for (const CircuitValue& v : outputs) p.hidden = std::max(p.hidden, depth(v));
    if (p.hidden == 0) return p;

    // Where each value must be available: neuron m up to layer need[m]; passed linear parts.
    std::vector<std::size_t> need(n, 0);
    std::map<std::string, PassedLinear> linear;
    auto require = [&](const CircuitValue& v, std::size_t read_layer) {
        for (const auto& [atom, c] : v.terms)
            if (atom >= d) need[atom - d] = std::max(need[atom - d], read_layer);
        if (read_layer == 0) return;
        auto [s, dir] = input_part(v, d);
        if (s.is_zero()) return;
        PassedLinear& pl = linear[vector_key(dir)];
        pl.direction = dir;
        pl.last_layer = std::max(pl.last_layer, read_layer);
    };
    for (std::size_t m = 0; m < n; ++m)
        if (used[m]) require(neurons_[m].argument, neurons_[m].depth - 1);
    for (const CircuitValue& v : outputs) require(v, p.hidden);

    // Units of each hidden layer (1-based layers; index 0 unused).
    p.neuron_unit.resize(p.hidden + 1);
    p.linear_unit.resize(p.hidden + 1);
    p.width.assign(p.hidden + 1, 0);
    for (std::size_t layer = 1; layer <= p.hidden; ++layer) {
        for (std::size_t m = 0; m < n; ++m)
            if (used[m] && neurons_[m].depth <= layer && layer <= std::max(need[m], neurons_[m].depth))
                p.neuron_unit[layer][m] = p.width[layer]++;
        for (const auto& [key, pl] : linear)
            if (pl.last_layer >= layer) {
                p.linear_unit[layer][key] = {p.width[layer], p.width[layer] + 1};
                p.width[layer] += 2;
            }
    }
    for (const auto& [key, pl] : linear) p.linear_direction[key] = pl.direction;
    return p;
}

std::vector<std::size_t> ReluCircuit::layer_widths(const std::vector<CircuitValue>& outputs) const {
    const Plan p = plan(outputs);
    return p.hidden == 0 ? std::vector<std::size_t>{}
                         : std::vector<std::size_t>(p.width.begin() + 1, p.width.end());
}

Network ReluCircuit::compile(const std::vector<CircuitValue>& outputs) const {
    const std::size_t d = input_dim_;
    const Plan p = plan(outputs);
    Network net;
    net.input_dim = d;
    if (p.hidden == 0) {
        Layer out{Matrix(outputs.size(), d), Vector(outputs.size()), Activation::identity, Rational(0),
                  false};
        for (std::size_t i = 0; i < outputs.size(); ++i) {
            out.bias[i] = outputs[i].constant;
            for (const auto& [atom, c] : outputs[i].terms) out.weights(i, atom) = c;
        }
        net.layers.push_back(std::move(out));
        return net;
    }

    // One row reading layer `r` (r == 0: the inputs).
    auto fill_row = [&](const CircuitValue& v, std::size_t r, Matrix& w, std::size_t row, Rational& bias) {
        bias = v.constant;
        for (const auto& [atom, c] : v.terms)
            if (atom >= d) w(row, p.neuron_unit[r].at(atom - d)) += c;
            else if (r == 0) w(row, atom) += c;
        if (r == 0) return;
        auto [s, dir] = input_part(v, d);
        if (s.is_zero()) return;
        const auto [pos, neg] = p.linear_unit[r].at(vector_key(dir));
        w(row, pos) += s;
        w(row, neg) -= s;
    };

    for (std::size_t layer = 1; layer <= p.hidden; ++layer) {
        const std::size_t in_width = layer == 1 ? d : p.width[layer - 1];
        Layer l{Matrix(p.width[layer], in_width), Vector(p.width[layer]), Activation::relu, Rational(0),
                false};
        for (const auto& [m, unit] : p.neuron_unit[layer]) {
            if (neurons_[m].depth == layer)
                fill_row(neurons_[m].argument, layer - 1, l.weights, unit, l.bias[unit]);
            else l.weights(unit, p.neuron_unit[layer - 1].at(m)) = 1;  // relu(a) = a for a neuron a
        }
        for (const auto& [key, units] : p.linear_unit[layer]) {
            const auto [pos, neg] = units;
            if (layer == 1) {
                const Vector& dir = p.linear_direction.at(key);
                for (std::size_t j = 0; j < d; ++j) {
                    l.weights(pos, j) = dir[j];
                    l.weights(neg, j) = -dir[j];
                }
            } else {
                const auto [prev_pos, prev_neg] = p.linear_unit[layer - 1].at(key);
                l.weights(pos, prev_pos) = 1;
                l.weights(neg, prev_neg) = 1;
            }
        }
        net.layers.push_back(std::move(l));
    }
    Layer out{Matrix(outputs.size(), p.width[p.hidden]), Vector(outputs.size()), Activation::identity,
              Rational(0), false};
    for (std::size_t i = 0; i < outputs.size(); ++i)
        fill_row(outputs[i], p.hidden, out.weights, i, out.bias[i]);
    net.layers.push_back(std::move(out));
    return net;
}

}  // namespace relux
