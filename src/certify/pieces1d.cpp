#include "relux/certify/pieces1d.hpp"

#include "relux/error.hpp"

#include <algorithm>
#include <utility>

namespace relux {

namespace {

/// A piece in progress: the pre-activations of the layer being processed are p x + q on
/// [lo, hi]; when that layer is residual, its input is in_p x + in_q.
struct Segment {
    Rational lo, hi;
    Vector p, q;
    Vector in_p, in_q;
};

/// z = W y + b for affine y = yp x + yq.
void affine(const Layer& l, const Vector& yp, const Vector& yq, Vector& zp, Vector& zq) {
    const std::size_t n = l.output_dim(), m = l.input_dim();
    zp.assign(n, Rational(0));
    zq = l.bias;
    for (std::size_t i = 0; i < n; ++i) {
        const Rational* w = l.weights.row(i);
        for (std::size_t j = 0; j < m; ++j) {
            if (w[j].is_zero()) continue;
            add_product(zp[i], w[j], yp[j]);
            add_product(zq[i], w[j], yq[j]);
        }
    }
}

/// Merge neighbours with the same state (the function is continuous, so equal maps on
/// adjacent intervals are one piece, and equal pre-activations stay equal downstream).
void merge_equal(std::vector<Segment>& segs) {
    std::vector<Segment> out;
    out.reserve(segs.size());
    for (Segment& s : segs) {
        if (!out.empty()) {
            const Segment& b = out.back();
            if (b.p == s.p && b.q == s.q && b.in_p == s.in_p && b.in_q == s.in_q) {
                out.back().hi = std::move(s.hi);
                continue;
            }
        }
        out.push_back(std::move(s));
    }
    segs = std::move(out);
}

/// Apply layer l's activation on one segment, splitting it at the roots of its pre-activations,
/// and emit the pre-activations of `next` (or the outputs when next is null). Consecutive
/// sub-segments differ in the neurons whose root separates them, so the next layer's
/// pre-activations are updated by those columns only.
void process(const Layer& l, const Layer* next, Segment& s, std::vector<Segment>& out) {
    const std::size_t n = l.output_dim();
    std::vector<std::pair<Rational, std::size_t>> roots;
    if (l.has_pattern()) {
        for (std::size_t i = 0; i < n; ++i) {
            if (s.p[i].is_zero()) continue;
            Rational r = -s.q[i] / s.p[i];
            if (s.lo < r && r < s.hi) roots.emplace_back(std::move(r), i);
        }
        std::sort(roots.begin(), roots.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    const Rational off = l.activation == Activation::leaky_relu ? l.slope : Rational(0);
    // Layer output y = factor * (p x + q) (+ input when residual) on the first sub-segment.
    const Rational first_hi = roots.empty() ? s.hi : roots.front().first;
    const Rational mid = (s.lo + first_hi) / Rational(2);
    std::vector<Rational> factor(n, Rational(1));
    Vector yp = s.p, yq = s.q;
    if (l.has_pattern()) {
        for (std::size_t i = 0; i < n; ++i) {
            if ((s.p[i] * mid + s.q[i]).sign() >= 0) continue;
            factor[i] = off;
            yp[i] *= off;
            yq[i] *= off;
        }
    }
    if (l.residual) {
        for (std::size_t i = 0; i < n; ++i) {
            yp[i] += s.in_p[i];
            yq[i] += s.in_q[i];
        }
    }
    Vector zp, zq;
    if (next) affine(*next, yp, yq, zp, zq);
    auto emit = [&](const Rational& lo, const Rational& hi) {
        Segment t;
        t.lo = lo;
        t.hi = hi;
        if (next) {
            t.p = zp;
            t.q = zq;
            if (next->residual) {
                t.in_p = yp;
                t.in_q = yq;
            }
        } else {
            t.p = yp;
            t.q = yq;
        }
        out.push_back(std::move(t));
    };
    emit(s.lo, first_hi);
    for (std::size_t k = 0; k < roots.size();) {
        const Rational cut = roots[k].first;
        for (; k < roots.size() && roots[k].first == cut; ++k) {
            // Crossing its root flips the neuron between on (factor 1) and off.
            const std::size_t i = roots[k].second;
            const Rational flipped = factor[i] == Rational(1) ? off : Rational(1);
            const Rational d = flipped - factor[i];
            factor[i] = flipped;
            const Rational dp = d * s.p[i], dq = d * s.q[i];
            yp[i] += dp;
            yq[i] += dq;
            if (next) {
                for (std::size_t r = 0; r < next->output_dim(); ++r) {
                    const Rational& w = next->weights(r, i);
                    if (w.is_zero()) continue;
                    add_product(zp[r], w, dp);
                    add_product(zq[r], w, dq);
                }
            }
        }
        emit(cut, k < roots.size() ? roots[k].first : s.hi);
    }
}

}  // namespace

std::vector<Piece1d> pieces_1d(const Network& net, const Rational& a, const Rational& b) {
    net.validate();
    if (net.input_dim != 1)
        throw InvalidArgument("pieces_1d needs a network with one input; this one has " +
                              std::to_string(net.input_dim));
    if (!(a < b)) throw InvalidArgument("interval [" + a.str() + ", " + b.str() + "] is empty: need a < b");
    for (std::size_t li = 0; li < net.layers.size(); ++li)
        if (net.layers[li].activation == Activation::square)
            throw InvalidArgument("layer " + std::to_string(li + 1) +
                                  " has a square activation: the network is not piecewise linear");
    Segment first{a, b, {}, {}, {}, {}};
    const Vector x_p{Rational(1)}, x_q{Rational(0)};
    affine(net.layers[0], x_p, x_q, first.p, first.q);
    if (net.layers[0].residual) {
        first.in_p = x_p;
        first.in_q = x_q;
    }
    std::vector<Segment> segs{std::move(first)};
    for (std::size_t li = 0; li < net.layers.size(); ++li) {
        const Layer* next = li + 1 < net.layers.size() ? &net.layers[li + 1] : nullptr;
        std::vector<Segment> out;
        out.reserve(segs.size());
        for (Segment& s : segs) process(net.layers[li], next, s, out);
        merge_equal(out);
        segs = std::move(out);
    }
    std::vector<Piece1d> pieces;
    pieces.reserve(segs.size());
    for (Segment& s : segs)
        pieces.push_back(Piece1d{std::move(s.lo), std::move(s.hi), std::move(s.p), std::move(s.q)});
    return pieces;
}

}  // namespace relux
