#include "relux/net/evaluate.hpp"

#include "relux/error.hpp"

#include <gmp.h>

#include <array>
#include <climits>
#include <cstdint>
#include <numeric>

namespace relux {

Vector AffineMap::apply(const Vector& x) const {
    Vector y = multiply(A, x);
    for (std::size_t i = 0; i < y.size(); ++i) y[i] += b[i];
    return y;
}

namespace {

void check_input(const Network& net, const Vector& x) {
    if (x.size() != net.input_dim)
        throw InvalidArgument("point has " + std::to_string(x.size()) + " coordinates; the network expects " +
                              std::to_string(net.input_dim) + " inputs");
}

Vector pre_activation(const Layer& l, const Vector& x) {
    Vector z = multiply(l.weights, x);
    for (std::size_t i = 0; i < z.size(); ++i) z[i] += l.bias[i];
    return z;
}

Vector apply_layer(const Layer& l, const Vector& x) {
    Vector z = pre_activation(l, x);
    for (Rational& v : z) {
        switch (l.activation) {
            case Activation::relu:
                if (v.sign() < 0) v = 0;
                break;
            case Activation::leaky_relu:
                if (v.sign() < 0) v *= l.slope;
                break;
            case Activation::square: v *= v; break;
            case Activation::identity: break;
        }
    }
    if (l.residual)
        for (std::size_t i = 0; i < z.size(); ++i) z[i] += x[i];
    return z;
}

// ---- fraction-free evaluation ----------------------------------------------------------------
// Canonical rationals pay several gcds per multiply-add. evaluate() and activation_pattern()
// instead carry a layer's values as integers over one common positive denominator and reduce
// once per output (and only occasionally in between). Layers whose weights or common
// denominator do not fit in a long fall back to the rational path above. evaluate_layers() keeps
// that plain path, an independent reference (bench/eval_bench --check compares the two).
// The integer form of a layer is rebuilt at every point (about 40% of the time for small
// layers); a per-network cache would need a new API, e.g. an evaluator object.

mpz_ptr ptr(Integer& z) { return z.backend().data(); }
mpz_srcptr ptr(const Integer& z) { return z.backend().data(); }

/// x = num / den, den > 0, not necessarily reduced.
struct ScaledVector {
    std::vector<Integer> num;
    Integer den;
};

ScaledVector scale(const Vector& x) {
    ScaledVector s{std::vector<Integer>(x.size()), Integer(1)};
    for (const Rational& v : x) mpz_lcm(ptr(s.den), ptr(s.den), mpq_denref(v.mpq()));
    for (std::size_t i = 0; i < x.size(); ++i) {
        mpz_divexact(ptr(s.num[i]), ptr(s.den), mpq_denref(x[i].mpq()));
        mpz_mul(ptr(s.num[i]), ptr(s.num[i]), mpq_numref(x[i].mpq()));
    }
    return s;
}

Vector unscale(const ScaledVector& s) {
    Vector out;
    out.reserve(s.num.size());
    for (const Integer& n : s.num) out.emplace_back(n, s.den);  // canonicalises
    return out;
}

/// A layer's weights and biases as machine integers over one common denominator:
/// W = weights / den, b = bias / den. Entries are never LONG_MIN, so they can be negated.
struct IntegerLayer {
    std::vector<long> weights;  ///< row-major
    std::vector<long> bias;
    unsigned long den = 1;
    std::vector<unsigned long> dens;  ///< scratch: the entries' own denominators
    ScaledVector next;                ///< scratch: the layer's output, reused between layers
};

static_assert(sizeof(mp_limb_t) == sizeof(long), "one GMP limb must be one long");

/// z as a long when |z| <= LONG_MAX (inline: this runs once per weight and point).
bool small_value(mpz_srcptr z, long& out) {
    const int size = z->_mp_size;
    if (size == 0) {
        out = 0;
        return true;
    }
    if (size > 1 || size < -1 || z->_mp_d[0] > static_cast<mp_limb_t>(LONG_MAX)) return false;
    out = size > 0 ? static_cast<long>(z->_mp_d[0]) : -static_cast<long>(z->_mp_d[0]);
    return true;
}

/// den = lcm(den, d) unless that exceeds LONG_MAX.
bool lcm_in_place(unsigned long& den, unsigned long d) {
    if (den % d == 0) return true;
    return !__builtin_mul_overflow(den / std::gcd(den, d), d, &den) && den <= LONG_MAX;
}

/// Fills `out` and returns true when every entry and the common denominator fit in a long.
/// Denominators below 64 (the usual case) are collected in a bit set, so the per-entry work
/// needs no 64-bit division.
bool integer_form(const Layer& l, IntegerLayer& out) {
    const std::size_t rows = l.output_dim(), cols = l.input_dim(), n = rows * (cols + 1);
    out.weights.resize(rows * cols);
    out.bias.resize(rows);
    out.dens.resize(n);
    unsigned long den = 1;
    std::uint64_t small_dens = 0;
    for (std::size_t i = 0, e = 0; i < rows; ++i) {
        for (std::size_t j = 0; j <= cols; ++j, ++e) {
            const Rational& v = j < cols ? l.weights(i, j) : l.bias[i];
            long& num = j < cols ? out.weights[i * cols + j] : out.bias[i];
            long d = 0;
            if (!small_value(mpq_numref(v.mpq()), num) || !small_value(mpq_denref(v.mpq()), d)) return false;
            out.dens[e] = static_cast<unsigned long>(d);
            if (d < 64) small_dens |= std::uint64_t{1} << d;
            else if (!lcm_in_place(den, static_cast<unsigned long>(d))) return false;
        }
    }
    std::array<unsigned long, 64> quotient{};
    for (std::uint64_t bits = small_dens & ~std::uint64_t{3}; bits; bits &= bits - 1)
        if (!lcm_in_place(den, static_cast<unsigned long>(__builtin_ctzll(bits)))) return false;
    for (std::uint64_t bits = small_dens; bits; bits &= bits - 1) {
        const int d = __builtin_ctzll(bits);
        quotient[static_cast<std::size_t>(d)] = den / static_cast<unsigned long>(d);
    }
    out.den = den;
    for (std::size_t i = 0, e = 0; i < rows; ++i) {
        for (std::size_t j = 0; j <= cols; ++j, ++e) {
            long& c = j < cols ? out.weights[i * cols + j] : out.bias[i];
            const unsigned long d = out.dens[e];
            const long factor = static_cast<long>(d < 64 ? quotient[d] : den / d);
            if (factor != 1 && (__builtin_mul_overflow(c, factor, &c) || c == LONG_MIN)) return false;
        }
    }
    return true;
}

/// Divides numerators and denominator by their common gcd once the denominator gets long.
void reduce_if_long(ScaledVector& s) {
    if (mpz_sizeinbase(ptr(s.den), 2) <= 256) return;
    Integer g = s.den;
    for (const Integer& n : s.num) {
        mpz_gcd(ptr(g), ptr(g), ptr(n));
        if (mpz_cmp_ui(ptr(g), 1) == 0) return;
    }
    for (Integer& n : s.num) mpz_divexact(ptr(n), ptr(n), ptr(g));
    mpz_divexact(ptr(s.den), ptr(s.den), ptr(g));
}

/// Replaces x by the layer's exact output and, when `states` is given, stores the signs of the
/// pre-activations. Returns false (x untouched) when the layer's numbers do not fit in machine
/// integers; the caller then uses the rational path.
bool apply_layer_scaled(const Layer& l, ScaledVector& x, IntegerLayer& il, std::vector<NeuronState>* states) {
    if (!integer_form(l, il)) return false;
    long slope_num = 0;
    unsigned long slope_den = 1;
    if (l.activation == Activation::leaky_relu) {
        const __mpq_struct* q = l.slope.mpq();
        if (!mpz_fits_slong_p(mpq_numref(q)) || !mpz_fits_slong_p(mpq_denref(q))) return false;
        slope_num = mpz_get_si(mpq_numref(q));
        slope_den = mpz_get_ui(mpq_denref(q));
    }
    const std::size_t rows = l.output_dim(), cols = l.input_dim();
    ScaledVector& y = il.next;  // reusing its integers saves an allocation per neuron
    y.num.resize(rows);
    mpz_mul_ui(ptr(y.den), ptr(x.den), il.den);
    if (states) states->resize(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        const mpz_ptr acc = ptr(y.num[i]);
        mpz_mul_si(acc, ptr(x.den), il.bias[i]);
        const long* w = il.weights.data() + i * cols;
        for (std::size_t j = 0; j < cols; ++j) {
            if (w[j] > 0) mpz_addmul_ui(acc, ptr(x.num[j]), static_cast<unsigned long>(w[j]));
            else if (w[j] < 0) mpz_submul_ui(acc, ptr(x.num[j]), static_cast<unsigned long>(-w[j]));
        }
        const int sign = mpz_sgn(acc);
        if (states) (*states)[i] = static_cast<NeuronState>(sign);
        switch (l.activation) {
            case Activation::relu:
                if (sign < 0) mpz_set_ui(acc, 0);
                break;
            case Activation::leaky_relu:
                if (sign < 0) mpz_mul_si(acc, acc, slope_num);
                else mpz_mul_ui(acc, acc, slope_den);
                break;
            case Activation::square: mpz_mul(acc, acc, acc); break;
            case Activation::identity: break;
        }
    }
    if (l.activation == Activation::leaky_relu) mpz_mul_ui(ptr(y.den), ptr(y.den), slope_den);
    if (l.activation == Activation::square) mpz_mul(ptr(y.den), ptr(y.den), ptr(y.den));
    if (l.residual) {
        Integer factor;  // y.den / x.den, exact by construction
        mpz_divexact(ptr(factor), ptr(y.den), ptr(x.den));
        for (std::size_t i = 0; i < rows; ++i) mpz_addmul(ptr(y.num[i]), ptr(x.num[i]), ptr(factor));
    }
    reduce_if_long(y);
    std::swap(x, y);
    return true;
}

}  // namespace

std::vector<Vector> evaluate_layers(const Network& net, const Vector& x) {
    check_input(net, x);
    std::vector<Vector> out{x};
    out.reserve(net.layers.size() + 1);
    for (const Layer& l : net.layers) out.push_back(apply_layer(l, out.back()));
    return out;
}

Vector evaluate(const Network& net, const Vector& x) {
    check_input(net, x);
    ScaledVector y = scale(x);
    IntegerLayer scratch;
    for (const Layer& l : net.layers)
        if (!apply_layer_scaled(l, y, scratch, nullptr)) y = scale(apply_layer(l, unscale(y)));
    return unscale(y);
}

ActivationPattern activation_pattern(const Network& net, const Vector& x) {
    check_input(net, x);
    ActivationPattern p;
    ScaledVector y = scale(x);
    IntegerLayer scratch;
    for (const Layer& l : net.layers) {
        std::vector<NeuronState> states;
        if (!apply_layer_scaled(l, y, scratch, &states)) {
            const Vector rational = unscale(y);
            states.clear();
            for (const Rational& v : pre_activation(l, rational))
                states.push_back(static_cast<NeuronState>(v.sign()));
            y = scale(apply_layer(l, rational));
        }
        if (!l.has_pattern()) states.clear();
        p.push_back(std::move(states));
    }
    return p;
}

std::string to_string(const ActivationPattern& pattern) {
    std::string s;
    bool first = true;
    for (const auto& layer : pattern) {
        if (layer.empty()) continue;
        if (!first) s += '|';
        first = false;
        for (NeuronState st : layer)
            s += st == NeuronState::positive ? '+' : (st == NeuronState::negative ? '-' : '0');
    }
    return s;
}

AffineMap affine_map_for_pattern(const Network& net, const ActivationPattern& pattern) {
    for (const Layer& l : net.layers)
        if (l.activation == Activation::square)
            throw InvalidArgument("the network has a square activation: it is not piecewise linear");
    RELUX_ASSERT(pattern.size() == net.layers.size());
    AffineMap map{Matrix::identity(net.input_dim), Vector(net.input_dim)};
    for (std::size_t li = 0; li < net.layers.size(); ++li) {
        const Layer& l = net.layers[li];
        AffineMap next{multiply(l.weights, map.A), multiply(l.weights, map.b)};
        for (std::size_t i = 0; i < next.b.size(); ++i) {
            next.b[i] += l.bias[i];
            if (!l.has_pattern()) continue;
            RELUX_ASSERT(pattern[li].size() == l.output_dim());
            if (pattern[li][i] == NeuronState::positive) continue;
            const Rational factor = l.activation == Activation::relu ? Rational(0) : l.slope;
            for (std::size_t j = 0; j < next.A.cols(); ++j) next.A(i, j) *= factor;
            next.b[i] *= factor;
        }
        if (l.residual) {
            for (std::size_t i = 0; i < next.A.rows(); ++i) {
                for (std::size_t j = 0; j < next.A.cols(); ++j) next.A(i, j) += map.A(i, j);
                next.b[i] += map.b[i];
            }
        }
        map = std::move(next);
    }
    return map;
}

AffineMap affine_map_at(const Network& net, const Vector& x) {
    return affine_map_for_pattern(net, activation_pattern(net, x));
}

}  // namespace relux
