#include "region_kernel.hpp"

#include "relux/error.hpp"

#include <cmath>
#include <utility>

namespace relux::regions_detail {

namespace {

mpz_ptr z(Integer& x) { return x.backend().data(); }

/// Least common multiple of the denominators of a layer's weights and biases.
Integer common_denominator(const Layer& layer) {
    Integer l(1);
    auto take = [&](const Rational& r) {
        const Integer den = r.denominator();
        mpz_lcm(z(l), z(l), den.backend().data());
    };
    for (std::size_t i = 0; i < layer.weights.rows(); ++i)
        for (std::size_t j = 0; j < layer.weights.cols(); ++j) take(layer.weights(i, j));
    for (const Rational& b : layer.bias) take(b);
    return l;
}

/// r * scale as an integer; precondition: scale is a multiple of r's denominator.
Integer scaled_integer(const Rational& r, const Integer& scale) {
    Integer out = scale / r.denominator();
    out *= r.numerator();
    return out;
}

/// The canonical volume num / (d! weights) of a volume numerator over the product of vertex
/// weights (weights is scaled in place).
Rational volume_ratio(const Integer& num, Integer& weights, std::size_t d) {
    for (unsigned long i = 2; i <= d; ++i) mpz_mul_ui(z(weights), z(weights), i);
    return Rational(num, weights);
}

// Largest exponent difference kept in a point's filter approximation; beyond it the filter says
// unknown.
constexpr long kMaxExponent = 900;

}  // namespace

// ---------------------------------------------------------------------------------------------
// Exact kernel

Sign ExactKernel::filter_sign(const Plane& plane, const Point& point) const {
    if (!plane.approx_ok || !point.approx_ok) return Sign::unknown;
    double value = plane.approx[d];
    double size = std::fabs(value);
    double magnitude = 1;
    for (std::size_t i = 0; i < d; ++i) {
        const double t = plane.approx[i] * point.approx[i];
        value += t;
        size += std::fabs(t);
        magnitude += std::fabs(point.approx[i]);
    }
    // Rigorous bound on |value - 2^-top * exact value| (proofs/regions.md, "The filter"): relative
    // rounding of every term, plus an absolute term for coefficients and products below 2^-1000.
    const double bound = static_cast<double>(d + 10) * 0x1p-52 * size + 0x1p-1000 * magnitude;
    if (value > bound) return Sign::positive;
    if (value < -bound) return Sign::negative;
    return Sign::unknown;  // also for NaN and infinities: comparisons are false
}

int ExactKernel::sign(const Plane& plane, const Point& point) const {
    if (plane.zero) return 0;
    if (filter) {
        const Sign s = filter_sign(plane, point);
        if (s != Sign::unknown) return static_cast<int>(s);
    }
    thread_local Int v;
    value(v, plane, point);
    return v.sign();
}

void ExactKernel::value(Int& out, const Plane& plane, const Point& point) const {
    set_product(out, plane.c[d], point.h[d]);
    for (std::size_t i = 0; i < d; ++i) add_product(out, plane.c[i], point.h[i]);
}

void ExactKernel::finish_plane(Plane& plane) const {
    plane.zero = true;
    long top = 0;
    for (const Int& c : plane.c)
        if (!c.is_zero()) {
            plane.zero = false;
            top = std::max(top, c.bits());
        }
    plane.approx.assign(d + 1, 0.0);
    plane.approx_ok = !plane.zero;
    if (plane.zero) return;
    // Scale by 2^-top (positive, so signs are unchanged) to stay far from overflow.
    const bool quick = top <= 900;  // 2^-top and every inline coefficient times it are normal doubles
    const double scale = quick ? std::ldexp(1.0, static_cast<int>(-top)) : 0.0;
    for (std::size_t i = 0; i <= d; ++i) {
        const Int& c = plane.c[i];
        if (c.is_zero()) continue;
        if (quick && !c.is_big()) {
            plane.approx[i] = static_cast<double>(c.small()) * scale;  // rounded once, then exact
            continue;
        }
        long e = 0;
        const double m = c.mantissa(e);
        plane.approx[i] = std::ldexp(m, static_cast<int>(std::max(e - top, -1100L)));
    }
}

void ExactKernel::finish_point(Point& point, bool reduce) const {
    if (reduce) {
        Int g = point.h[d];
        for (std::size_t i = 0; i < d && !(g.small() == 1 && !g.is_big()); ++i) gcd(g, g, point.h[i]);
        if (g.is_big() || g.small() != 1)
            for (Int& x : point.h) divide_exact(x, x, g);
    }
    point.approx.assign(d, 0.0);
    point.approx_ok = true;
    bool inline_all = true;
    for (const Int& x : point.h) inline_all &= !x.is_big();
    if (inline_all) {
        // Below 2^127: p_i / w from rounded operands, relative error below 1.5 * 2^-52, and far
        // from overflow and underflow.
        const double w = static_cast<double>(point.h[d].small());
        for (std::size_t i = 0; i < d; ++i) point.approx[i] = static_cast<double>(point.h[i].small()) / w;
    } else {
        long ew = 0;
        const double mw = point.h[d].mantissa(ew);
        for (std::size_t i = 0; i < d; ++i) {
            if (point.h[i].is_zero()) continue;
            long e = 0;
            const double m = point.h[i].mantissa(e);
            const long shift = e - ew;
            if (shift > kMaxExponent || shift < -kMaxExponent) {
                point.approx_ok = false;
                continue;
            }
            point.approx[i] = std::ldexp(m / mw, static_cast<int>(shift));
        }
    }
    point.exact.clear();
    point.exact.reserve(d);
    for (std::size_t i = 0; i < d; ++i) point.exact.push_back(make_ratio(point.h[i], point.h[d]));
}

ExactKernel::Point ExactKernel::point_from(const Vector& x) const {
    Integer w(1);
    for (const Rational& r : x) {
        const Integer den = r.denominator();
        mpz_lcm(z(w), z(w), den.backend().data());
    }
    Point p;
    for (std::size_t i = 0; i < d; ++i) p.h.emplace_back(scaled_integer(x[i], w));
    p.h.emplace_back(w);
    finish_point(p, false);
    return p;
}

ExactKernel::Plane ExactKernel::plane_from(const Vector& normal, const Rational& offset) const {
    Integer common(1);
    auto take = [&](const Rational& r) {
        const Integer den = r.denominator();
        mpz_lcm(z(common), z(common), den.backend().data());
    };
    for (const Rational& r : normal) take(r);
    take(offset);
    Plane p;
    for (const Rational& r : normal) p.c.emplace_back(scaled_integer(r, common));
    p.c.emplace_back(scaled_integer(offset, common));
    finish_plane(p);
    return p;
}

ExactKernel::Point ExactKernel::meet_2d(const Plane& f, const Plane& g) const {
    Point p;
    p.h.resize(3);
    auto cross = [](Int& out, const Int& a, const Int& b, const Int& c, const Int& e) {
        set_product(out, a, b);
        sub_product(out, c, e);
    };
    cross(p.h[0], f.c[1], g.c[2], f.c[2], g.c[1]);
    cross(p.h[1], f.c[2], g.c[0], f.c[0], g.c[2]);
    cross(p.h[2], f.c[0], g.c[1], f.c[1], g.c[0]);
    RELUX_ASSERT(!p.h[2].is_zero());
    if (p.h[2].sign() < 0)
        for (Int& x : p.h) x.negate();
    finish_point(p, false);
    return p;
}

ExactKernel::Point ExactKernel::on_edge(const Point& u, const Int& gu, const Point& v, const Int& gv) const {
    Point p;
    p.h.resize(d + 1);
    for (std::size_t i = 0; i <= d; ++i) {
        set_product(p.h[i], gv, u.h[i]);
        sub_product(p.h[i], gu, v.h[i]);
    }
    RELUX_ASSERT(p.h[d].sign() > 0);
    finish_point(p, true);
    return p;
}

Rational ExactKernel::polygon_area(const Point* const* points, std::size_t n, Int* numerator) const {
    // 2 area = sum_i cross(p_i, p_i+1) / (w_i w_i+1) = N / (w_0 ... w_n-1) with
    // N = sum_i cross(p_i, p_i+1) * prod_{k != i, i+1} w_k (prefix and suffix products).
    thread_local std::vector<Integer> x, y, w, prefix, suffix;  // reused: no allocation once warm
    for (auto* v : {&x, &y, &w, &prefix, &suffix})
        if (v->size() < n + 1) v->resize(n + 1);
    for (std::size_t i = 0; i < n; ++i) {
        points[i]->h[0].get(z(x[i]));
        points[i]->h[1].get(z(y[i]));
        points[i]->h[2].get(z(w[i]));
    }
    prefix[0] = 1;
    suffix[n] = 1;
    for (std::size_t i = 0; i < n; ++i) mpz_mul(z(prefix[i + 1]), z(prefix[i]), z(w[i]));
    for (std::size_t i = n; i-- > 0;) mpz_mul(z(suffix[i]), z(suffix[i + 1]), z(w[i]));
    thread_local Integer total, cross, others;
    total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t j = i + 1 == n ? 0 : i + 1;
        mpz_mul(z(cross), z(x[i]), z(y[j]));
        mpz_submul(z(cross), z(x[j]), z(y[i]));
        if (j == 0) mpz_divexact(z(others), z(prefix[n - 1]), z(w[0]));  // w_1 ... w_n-2
        else mpz_mul(z(others), z(prefix[i]), z(suffix[j + 1]));
        mpz_addmul(z(total), z(cross), z(others));
    }
    mpz_abs(z(total), z(total));
    if (numerator) numerator->set(z(total));
    return volume_ratio(total, prefix[n], d);
}

Rational ExactKernel::simplices_volume(const Point* const* verts, std::size_t n_verts,
                                       const std::uint32_t* idx, std::size_t count, Int* numerator) const {
    // sum_s |det H_s| / prod_{v in s} w_v = N / W with W the product of every vertex's weight and
    // N = sum_s |det H_s| * (W / prod_{v in s} w_v): exact divisions, no gcd until the end.
    // det H_s by fraction-free elimination (Bareiss). Every simplex starts with the same apex a (the
    // polytope's first vertex), so the first step, pivoting on a's weight w_a > 0 (columns ordered
    // w, x_1, ..., x_d), is done once per vertex: t_v = x_v w_a - w_v x_a; then
    // det H_s = det T_s / w_a^(d-1) for the d x d matrix T_s of the other vertices' rows, which
    // Bareiss continued from divisor w_a yields directly.
    if (count == 0) {
        if (numerator) *numerator = Int(0);
        return Rational(0);
    }
    const std::uint32_t apex = idx[0];
    thread_local std::vector<Integer> t, m;
    thread_local Integer total, weight, rest, den, prev, wa, part;
    if (t.size() < n_verts * d) t.resize(n_verts * d);
    if (m.size() < d * d) m.resize(d * d);
    verts[apex]->h[d].get(z(wa));
    weight = 1;
    for (std::size_t v = 0; v < n_verts; ++v) {
        verts[v]->h[d].get(z(part));
        mpz_mul(z(weight), z(weight), z(part));
        if (v == apex) continue;
        for (std::size_t j = 0; j < d; ++j) {
            Integer& e = t[v * d + j];
            verts[v]->h[j].get(z(e));
            mpz_mul(z(e), z(e), z(wa));
            verts[apex]->h[j].get(z(den));
            mpz_submul(z(e), z(part), z(den));
        }
    }
    mpz_divexact(z(rest), z(weight), z(wa));  // W / w_a: every simplex has the apex
    const std::size_t n = d + 1;
    total = 0;
    for (std::size_t s = 0; s < count; ++s) {
        const std::uint32_t* row = idx + s * n;
        RELUX_ASSERT(row[0] == apex);
        for (std::size_t r = 0; r < d; ++r)
            for (std::size_t c = 0; c < d; ++c) mpz_set(z(m[r * d + c]), z(t[row[r + 1] * d + c]));
        mpz_set(z(prev), z(wa));
        bool singular = false;
        for (std::size_t k = 0; k + 1 < d; ++k) {
            if (mpz_sgn(z(m[k * d + k])) == 0) {
                std::size_t p = k + 1;
                while (p < d && mpz_sgn(z(m[p * d + k])) == 0) ++p;
                if (p == d) {
                    singular = true;  // contributes nothing
                    break;
                }
                for (std::size_t c = 0; c < d; ++c)
                    mpz_swap(z(m[k * d + c]), z(m[p * d + c]));  // |det| unchanged
            }
            for (std::size_t i = k + 1; i < d; ++i) {
                for (std::size_t j = k + 1; j < d; ++j) {
                    Integer& e = m[i * d + j];
                    mpz_mul(z(e), z(e), z(m[k * d + k]));
                    mpz_submul(z(e), z(m[i * d + k]), z(m[k * d + j]));
                    mpz_divexact(z(e), z(e), z(prev));
                }
            }
            mpz_set(z(prev), z(m[k * d + k]));
        }
        Integer& det = m[d * d - 1];
        if (singular || mpz_sgn(z(det)) == 0) continue;
        mpz_abs(z(det), z(det));
        den = 1;
        for (std::size_t r = 1; r < n; ++r) {
            verts[row[r]]->h[d].get(z(part));
            mpz_mul(z(den), z(den), z(part));
        }
        mpz_divexact(z(part), z(rest), z(den));
        mpz_addmul(z(total), z(det), z(part));
    }
    if (numerator) numerator->set(z(total));
    return volume_ratio(total, weight, d);
}

Rational ExactKernel::volume_value(const Int& numerator, const Int& weights) const {
    thread_local Integer num, w;
    numerator.get(z(num));
    weights.get(z(w));
    return volume_ratio(num, w, d);
}

bool ExactKernel::divide_if_exact(Int& n, const Int& w) {
    thread_local Integer a, b;
    n.get(z(a));
    w.get(z(b));
    if (!mpz_divisible_p(z(a), z(b))) return false;
    mpz_divexact(z(a), z(a), z(b));
    n.set(z(a));
    return true;
}

std::vector<LayerNums<Int>> ExactKernel::prepare(const Network& net, Int& output_scale) {
    std::vector<LayerNums<Int>> out;
    Integer input_scale(1);
    for (const Layer& layer : net.layers) {
        LayerNums<Int> l;
        l.rows = layer.output_dim();
        l.cols = layer.input_dim();
        l.has_pattern = layer.has_pattern();
        l.is_residual = layer.residual;
        const Integer common = common_denominator(layer);
        l.weights.reserve(l.rows * l.cols);
        for (std::size_t i = 0; i < l.rows; ++i)
            for (std::size_t j = 0; j < l.cols; ++j)
                l.weights.emplace_back(scaled_integer(layer.weights(i, j), common));
        for (std::size_t i = 0; i < l.rows; ++i)
            l.constant.emplace_back(Integer(scaled_integer(layer.bias[i], common) * input_scale));
        Integer q(1), p(0);
        if (layer.activation == Activation::leaky_relu) {
            q = layer.slope.denominator();
            p = layer.slope.numerator();
        } else if (layer.activation == Activation::identity) {
            p = 1;
        }
        l.active = Int(q);
        l.inactive = Int(p);
        l.residual = Int(Integer(common * q));
        const Integer pre_scale = input_scale * common;
        l.pre_scale = Int(pre_scale);
        input_scale = pre_scale * q;
        out.push_back(std::move(l));
    }
    output_scale = Int(input_scale);
    return out;
}

// ---------------------------------------------------------------------------------------------
// Float kernel

int FloatKernel::sign(const Plane& plane, const Point& point) const {
    if (plane.zero) return 0;
    double v = 0;
    value(v, plane, point);
    return sign_of(v);
}

void FloatKernel::value(double& out, const Plane& plane, const Point& point) const {
    out = plane.c[d] * point.h[d];
    for (std::size_t i = 0; i < d; ++i) out += plane.c[i] * point.h[i];
}

void FloatKernel::finish_plane(Plane& plane) const {
    plane.zero = true;
    for (double c : plane.c)
        if (c != 0.0) plane.zero = false;
}

FloatKernel::Point FloatKernel::point_from(const Vector& x) const {
    Point p;
    for (const Rational& r : x) p.h.push_back(r.to_double());
    p.h.push_back(1.0);
    p.exact = x;
    return p;
}

FloatKernel::Point FloatKernel::meet_2d(const Plane& f, const Plane& g) const {
    const double w = f.c[0] * g.c[1] - f.c[1] * g.c[0];
    Point p;
    p.h = {(f.c[1] * g.c[2] - f.c[2] * g.c[1]) / w, (f.c[2] * g.c[0] - f.c[0] * g.c[2]) / w, 1.0};
    finish_point(p, false);
    return p;
}

FloatKernel::Point FloatKernel::on_edge(const Point& u, const double& gu, const Point& v,
                                        const double& gv) const {
    const double t = gu / (gu - gv);
    Point p;
    p.h.resize(d + 1);
    for (std::size_t i = 0; i < d; ++i) p.h[i] = u.h[i] + t * (v.h[i] - u.h[i]);
    p.h[d] = 1.0;
    finish_point(p, false);
    return p;
}

Rational FloatKernel::ratio(double num, double den) {
    const double q = num / den;
    return std::isfinite(q) ? Rational::from_double(q) : Rational(0);
}

void FloatKernel::finish_point(Point& point, bool) const {
    point.exact.clear();
    for (std::size_t i = 0; i < d; ++i) point.exact.push_back(ratio(point.h[i], 1.0));
}

Rational FloatKernel::polygon_area(const Point* const* points, std::size_t n, double* numerator) const {
    double acc = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const Point& a = *points[i];
        const Point& b = *points[i + 1 == n ? 0 : i + 1];
        acc += a.h[0] * b.h[1] - b.h[0] * a.h[1];
    }
    acc = std::fabs(acc);
    if (numerator) *numerator = acc;
    return volume_value(acc, 1.0);
}

Rational FloatKernel::simplices_volume(const Point* const* verts, std::size_t, const std::uint32_t* idx,
                                       std::size_t count, double* numerator) const {
    const std::size_t n = d + 1;
    double acc = 0;
    Small<double> m(n * n);
    for (std::size_t s = 0; s < count; ++s) {
        for (std::size_t r = 0; r < n; ++r)
            for (std::size_t c = 0; c < n; ++c) m[r * n + c] = verts[idx[s * n + r]]->h[c];
        double det = 1;
        for (std::size_t k = 0; k < n && det != 0.0; ++k) {
            std::size_t p = k;
            for (std::size_t i = k + 1; i < n; ++i)
                if (std::fabs(m[i * n + k]) > std::fabs(m[p * n + k])) p = i;
            if (m[p * n + k] == 0.0) {
                det = 0;
                break;
            }
            if (p != k)
                for (std::size_t c = 0; c < n; ++c) std::swap(m[k * n + c], m[p * n + c]);
            det *= m[k * n + k];
            for (std::size_t i = k + 1; i < n; ++i) {
                const double f = m[i * n + k] / m[k * n + k];
                for (std::size_t j = k + 1; j < n; ++j) m[i * n + j] -= f * m[k * n + j];
            }
        }
        acc += std::fabs(det);
    }
    if (numerator) *numerator = acc;
    return volume_value(acc, 1.0);
}

Rational FloatKernel::volume_value(double numerator, double weights) const {
    double v = numerator / weights;
    for (std::size_t i = 2; i <= d; ++i) v /= static_cast<double>(i);
    return std::isfinite(v) ? Rational::from_double(v) : Rational(0);
}

FloatKernel::Plane FloatKernel::plane_from(const Vector& normal, const Rational& offset) const {
    Plane p;
    for (const Rational& r : normal) p.c.push_back(r.to_double());
    p.c.push_back(offset.to_double());
    finish_plane(p);
    return p;
}

std::vector<LayerNums<double>> FloatKernel::prepare(const Network& net, double& output_scale) {
    std::vector<LayerNums<double>> out;
    for (const Layer& layer : net.layers) {
        LayerNums<double> l;
        l.rows = layer.output_dim();
        l.cols = layer.input_dim();
        l.has_pattern = layer.has_pattern();
        l.is_residual = layer.residual;
        for (std::size_t i = 0; i < l.rows; ++i)
            for (std::size_t j = 0; j < l.cols; ++j) l.weights.push_back(layer.weights(i, j).to_double());
        for (const Rational& b : layer.bias) l.constant.push_back(b.to_double());
        l.active = 1;
        l.inactive = layer.activation == Activation::leaky_relu
                         ? layer.slope.to_double()
                         : (layer.activation == Activation::identity ? 1.0 : 0.0);
        l.residual = 1;
        l.pre_scale = 1;
        out.push_back(std::move(l));
    }
    output_scale = 1;
    return out;
}

}  // namespace relux::regions_detail
