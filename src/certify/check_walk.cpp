// The certificate checker's network walk and its per-pattern cache (proofs/certificate-cpwl.md
// §1(b)). Exact rational arithmetic throughout; no code shared with the region enumeration.
#include "check_walk.hpp"

#include <algorithm>
#include <utility>

namespace relux::detail {

namespace {

Rational dot(const Rational* row, const Vector& x) {
    Rational s;
    for (std::size_t j = 0; j < x.size(); ++j) s += row[j] * x[j];
    return s;
}

/// Rows kept in a PatternCache before it is emptied (bounds its memory on certificates whose
/// cells all have different patterns).
constexpr std::size_t kMaxStoredRationals = std::size_t{1} << 22;

/// The 1-D summary of a valid walk: the set of x where every claimed state holds is an interval.
void summarize_one_dim(PatternWalk& w) {
    w.one_dim = true;
    for (std::size_t k = 0; k < w.rows.size(); ++k) {
        const Rational& a = w.rows[k][0];
        const Rational& b = w.offsets[k];
        const int s = w.states[k] == '+' ? 1 : -1;
        if (a.is_zero()) {  // z = b, not zero: the claim holds everywhere or nowhere
            if (b.sign() * s < 0) w.interval_empty = true;
            continue;
        }
        const Rational root = -b / a;  // s z(x) >= 0 iff x >= root (s a > 0) or x <= root (s a < 0)
        if (a.sign() * s > 0) w.lo = w.lo ? max(*w.lo, root) : root;
        else w.hi = w.hi ? min(*w.hi, root) : root;
    }
    if (w.lo && w.hi && *w.lo > *w.hi) w.interval_empty = true;
    w.rows.clear();
    w.offsets.clear();
    w.states.clear();
}

/// The walk of `net` with the neuron states read from `claimed` (invalid when the string does not
/// fit the network or claims '0' for a neuron that is not identically zero, or vice versa).
PatternWalk walk_claimed(const Network& net, const std::string& claimed) {
    const std::size_t d = net.input_dim;
    PatternWalk w;
    AffineMap current{Matrix::identity(d), Vector(d)};
    std::size_t pos = 0;
    bool first_states = true;
    for (const Layer& l : net.layers) {
        AffineMap next{multiply(l.weights, current.A), multiply(l.weights, current.b)};
        if (l.has_pattern()) {
            if (!first_states && (pos >= claimed.size() || claimed[pos++] != '|')) return w;
            first_states = false;
        }
        for (std::size_t i = 0; i < next.b.size(); ++i) {
            next.b[i] += l.bias[i];
            if (!l.has_pattern()) continue;
            bool zero = next.b[i].is_zero();
            for (std::size_t j = 0; zero && j < d; ++j) zero = next.A(i, j).is_zero();
            if (pos >= claimed.size()) return w;
            const char state = claimed[pos++];
            if (state != '0' && state != '+' && state != '-') return w;
            if (zero != (state == '0')) return w;
            if (!zero) {
                w.rows.emplace_back(next.A.row(i), next.A.row(i) + d);
                w.offsets.push_back(next.b[i]);
                w.states.push_back(state);
            }
            if (state == '+') continue;
            const Rational factor = l.activation == Activation::relu ? Rational(0) : l.slope;
            for (std::size_t j = 0; j < d; ++j) next.A(i, j) *= factor;
            next.b[i] *= factor;
        }
        if (l.residual) {
            for (std::size_t i = 0; i < next.A.rows(); ++i) {
                for (std::size_t j = 0; j < d; ++j) next.A(i, j) += current.A(i, j);
                next.b[i] += current.b[i];
            }
        }
        current = std::move(next);
    }
    if (pos != claimed.size()) return w;
    w.map = std::move(current);
    w.valid = true;
    if (d == 1) summarize_one_dim(w);
    return w;
}

}  // namespace

void check_fail(std::string what) { throw CheckFailed{std::move(what)}; }

NetworkWalk walk_network(const Network& net, std::size_t layer_offset, const std::vector<Vector>& vertices,
                         const std::string& where, const std::string& label) {
    const std::size_t d = net.input_dim;
    AffineMap current{Matrix::identity(d), Vector(d)};
    NetworkWalk walk;
    bool first_states = true;
    for (std::size_t li = 0; li < net.layers.size(); ++li) {
        const Layer& l = net.layers[li];
        AffineMap next{multiply(l.weights, current.A), multiply(l.weights, current.b)};
        if (l.has_pattern()) {
            if (!first_states) walk.pattern += '|';
            first_states = false;
        }
        for (std::size_t i = 0; i < next.b.size(); ++i) {
            next.b[i] += l.bias[i];
            if (!l.has_pattern()) continue;
            bool zero = next.b[i].is_zero();
            for (std::size_t j = 0; zero && j < d; ++j) zero = next.A(i, j).is_zero();
            char state = '0';
            if (!zero) {
                std::optional<std::size_t> positive, negative;
                for (std::size_t v = 0; v < vertices.size(); ++v) {
                    const int s = (dot(next.A.row(i), vertices[v]) + next.b[i]).sign();
                    if (s > 0 && !positive) positive = v;
                    if (s < 0 && !negative) negative = v;
                }
                if (positive && negative)
                    check_fail(where + ": " + label + " neuron " + std::to_string(li - layer_offset) + "." +
                               std::to_string(i) + " changes sign between vertices " +
                               std::to_string(std::min(*positive, *negative)) + " and " +
                               std::to_string(std::max(*positive, *negative)));
                state = negative ? '-' : '+';
            }
            walk.pattern += state;
            if (state == '+') continue;
            const Rational factor = l.activation == Activation::relu ? Rational(0) : l.slope;
            for (std::size_t j = 0; j < d; ++j) next.A(i, j) *= factor;
            next.b[i] *= factor;
        }
        if (l.residual) {
            for (std::size_t i = 0; i < next.A.rows(); ++i) {
                for (std::size_t j = 0; j < d; ++j) next.A(i, j) += current.A(i, j);
                next.b[i] += current.b[i];
            }
        }
        current = std::move(next);
    }
    walk.map = std::move(current);
    return walk;
}

const AffineMap* PatternCache::map_if_pattern_holds(const std::string& claimed,
                                                    const std::vector<Vector>& vertices) {
    auto it = cache_.find(claimed);
    if (it == cache_.end()) {
        if (stored_rows_ * (net_.input_dim + 1) > kMaxStoredRationals) {
            cache_.clear();
            stored_rows_ = 0;
        }
        PatternWalk w = walk_claimed(net_, claimed);
        stored_rows_ += w.rows.size() + 1;
        it = cache_.emplace(claimed, std::move(w)).first;
    }
    const PatternWalk& w = it->second;
    if (!w.valid || vertices.empty()) return nullptr;
    if (w.one_dim) {
        // Every claim holds at each vertex iff it lies in [lo, hi]; a '-' claim then is < 0 at some
        // vertex because z vanishes at one point only and the vertices are not all equal.
        const bool all_equal = std::all_of(vertices.begin(), vertices.end(),
                                           [&](const Vector& v) { return v[0] == vertices[0][0]; });
        if (w.interval_empty || all_equal) return nullptr;
        for (const Vector& v : vertices)
            if ((w.lo && v[0] < *w.lo) || (w.hi && v[0] > *w.hi)) return nullptr;
        return &w.map;
    }
    for (std::size_t k = 0; k < w.rows.size(); ++k) {
        bool positive = false, negative = false;
        for (const Vector& v : vertices) {
            const int s = (dot(w.rows[k].data(), v) + w.offsets[k]).sign();
            positive = positive || s > 0;
            negative = negative || s < 0;
        }
        if (w.states[k] == '+' ? negative : (positive || !negative)) return nullptr;
    }
    return &w.map;
}

}  // namespace relux::detail
