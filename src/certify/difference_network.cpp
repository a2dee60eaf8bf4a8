#include "difference_network.hpp"

#include "relux/error.hpp"

#include <algorithm>
#include <vector>

namespace relux::detail {

namespace {

/// Exact bounds [lo, hi] of one value over the box (interval arithmetic, so only valid bounds).
struct Bound {
    Rational lo, hi;
};

/// The image of [b.lo, b.hi] under the layer's activation (exact: the activation is piecewise
/// linear with its only kink at 0, so the image is spanned by the ends and 0).
Bound activate(const Layer& l, const Bound& b) {
    auto act = [&](const Rational& z) -> Rational {
        if (z.sign() >= 0) return z;
        if (l.activation == Activation::relu) return 0;
        if (l.activation == Activation::leaky_relu) return z * l.slope;
        return z;
    };
    std::vector<Rational> values{act(b.lo), act(b.hi)};
    if (b.lo.sign() < 0 && b.hi.sign() > 0) values.push_back(0);
    return {*std::min_element(values.begin(), values.end()), *std::max_element(values.begin(), values.end())};
}

/// The combined network under construction. Its state is [computed block | carried block]; each
/// state value is stored as true value + offset, with exact bounds on the true value.
class Builder {
public:
    Network net;
    Vector offset;
    std::vector<Bound> bound;

    /// Apply `l` to the computed block (the first l.input_dim() state values) and carry the
    /// remaining `carried` values unchanged (in value).
    void apply(const Layer& l, std::size_t carried) {
        const std::size_t in = l.input_dim(), out = l.output_dim();
        RELUX_ASSERT(offset.size() == in + carried);
        Layer c;
        c.weights = Matrix(out + carried, in + carried);
        c.bias = Vector(out + carried);
        c.activation = l.activation;
        c.slope = l.slope;
        c.residual = l.residual;
        Vector new_offset(out + carried);
        std::vector<Bound> new_bound(out + carried);
        for (std::size_t i = 0; i < out; ++i) {
            Rational bias = l.bias[i];
            Bound pre{l.bias[i], l.bias[i]};
            for (std::size_t j = 0; j < in; ++j) {
                const Rational& w = l.weights(i, j);
                if (w.is_zero()) continue;
                c.weights(i, j) = w;
                bias -= w * offset[j];
                pre.lo += w * (w.sign() > 0 ? bound[j].lo : bound[j].hi);
                pre.hi += w * (w.sign() > 0 ? bound[j].hi : bound[j].lo);
            }
            c.bias[i] = bias;
            Bound post = activate(l, pre);
            if (l.residual) {  // act(pre) + stored input = true value + the input's offset
                new_offset[i] = offset[i];
                post.lo += bound[i].lo;
                post.hi += bound[i].hi;
            }
            new_bound[i] = post;
        }
        for (std::size_t k = 0; k < carried; ++k) {
            const std::size_t from = in + k, to = out + k;
            new_bound[to] = bound[from];
            if (l.residual) {  // a zero row: act(0) + stored = stored
                new_offset[to] = offset[from];
            } else if (!l.has_pattern()) {
                c.weights(to, from) = 1;
                new_offset[to] = offset[from];
            } else {  // stored' = true + s with true + s >= 1 on the box
                const Rational s = Rational(1) - bound[from].lo;
                c.weights(to, from) = 1;
                c.bias[to] = s - offset[from];
                new_offset[to] = s;
            }
        }
        net.layers.push_back(std::move(c));
        offset = std::move(new_offset);
        bound = std::move(new_bound);
    }

    /// An identity layer with the given rows of (state index) picks, storing true values.
    void select(const std::vector<std::size_t>& picks) {
        Layer c;
        c.weights = Matrix(picks.size(), offset.size());
        c.bias = Vector(picks.size());
        c.activation = Activation::identity;
        std::vector<Bound> new_bound;
        for (std::size_t i = 0; i < picks.size(); ++i) {
            c.weights(i, picks[i]) = 1;
            c.bias[i] = -offset[picks[i]];
            new_bound.push_back(bound[picks[i]]);
        }
        net.layers.push_back(std::move(c));
        offset = Vector(picks.size());
        bound = std::move(new_bound);
    }
};

}  // namespace

DifferenceNetwork build_difference_network(const Network& f, const Network& g, const Box& box,
                                           bool split_by_sign) {
    const std::size_t n = f.input_dim, m = f.output_dim();
    RELUX_ASSERT(g.input_dim == n && g.output_dim() == m && box.dim() == n);
    RELUX_ASSERT(!split_by_sign || m == 1);
    Builder b;
    b.net.input_dim = n;
    b.offset = Vector(n);
    for (std::size_t i = 0; i < n; ++i) b.bound.push_back({box.lo[i], box.hi[i]});
    DifferenceNetwork dn;
    std::vector<std::size_t> picks;
    for (std::size_t i = 0; i < 2 * n; ++i) picks.push_back(i % n);
    b.select(picks);  // [x | x]
    dn.f_first = b.net.layers.size();
    dn.f_layers = f.layers.size();
    for (const Layer& l : f.layers) b.apply(l, n);  // [f state | x]
    picks.clear();
    for (std::size_t i = 0; i < n; ++i) picks.push_back(m + i);
    for (std::size_t i = 0; i < m; ++i) picks.push_back(i);
    b.select(picks);  // [x | f(x)]
    dn.g_first = b.net.layers.size();
    dn.g_layers = g.layers.size();
    for (const Layer& l : g.layers) b.apply(l, m);  // [g state | f(x)]

    Layer d;  // d = f - g from [g(x) | f(x)]
    d.weights = Matrix(m, 2 * m);
    d.bias = Vector(m);
    for (std::size_t i = 0; i < m; ++i) {
        d.weights(i, i) = -1;
        d.weights(i, m + i) = 1;
        d.bias[i] = b.offset[i] - b.offset[m + i];
    }
    // The sign split: a leaky_relu of slope 1 is the identity as a function, but its neuron still
    // cuts the cells where d = 0, and the output stays d.
    d.activation = split_by_sign ? Activation::leaky_relu : Activation::identity;
    if (split_by_sign) d.slope = 1;
    dn.sign_layer = b.net.layers.size();
    b.net.layers.push_back(std::move(d));
    dn.net = std::move(b.net);
    dn.net.validate();
    return dn;
}

ActivationPattern sub_pattern(const DifferenceNetwork& dn, const ActivationPattern& combined,
                              const Network& net, bool is_f) {
    const std::size_t first = is_f ? dn.f_first : dn.g_first;
    RELUX_ASSERT(combined.size() == dn.net.layers.size());
    ActivationPattern p(net.layers.size());
    for (std::size_t k = 0; k < net.layers.size(); ++k)
        if (net.layers[k].has_pattern()) {
            const auto& states = combined[first + k];
            p[k].assign(states.begin(),
                        states.begin() + static_cast<std::ptrdiff_t>(net.layers[k].output_dim()));
        }
    return p;
}

FacetSource certificate_source(const DifferenceNetwork& dn, const FacetSource& source) {
    if (source.kind != FacetSource::Kind::neuron) return source;
    FacetSource s = source;
    if (source.layer >= dn.f_first && source.layer < dn.f_first + dn.f_layers)
        s.layer = source.layer - dn.f_first;
    else if (source.layer >= dn.g_first && source.layer < dn.g_first + dn.g_layers)
        s.layer = dn.f_layers + source.layer - dn.g_first;
    else s.layer = dn.f_layers + dn.g_layers;
    return s;
}

}  // namespace relux::detail
