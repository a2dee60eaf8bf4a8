#pragma once
// Number kernels of the region engine (private to src/geometry). The engine is one algorithm
// written against a kernel: ExactKernel (GMP integers in homogeneous form, a double filter that
// proposes signs, exact decisions) or FloatKernel (plain doubles, results not claimed, for
// benchmarks). See proofs/regions.md, "Numbers".

#include "relux/geometry/box.hpp"
#include "relux/net/network.hpp"
#include "relux/number/rational.hpp"
#include "small_int.hpp"

#include <boost/container/small_vector.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace relux::regions_detail {

/// Outcome of a sign predicate. `unknown` comes only from a filter; deciders never return it.
enum class Sign : signed char { negative = -1, zero = 0, positive = 1, unknown = 2 };

template <class T>
using Small = boost::container::small_vector<T, 5>;

/// One layer's weights in a kernel's number type. "Stored" values are scaled true values:
/// stored pre-activation = pre_scale * true pre-activation, stored layer output =
/// next_scale * true output (exact kernel: all stored values of integer inputs are integers).
template <class Num>
struct LayerNums {
    std::size_t rows = 0, cols = 0;
    std::vector<Num> weights;   ///< rows x cols, row-major (scaled)
    std::vector<Num> constant;  ///< per neuron: scaled bias times the input scale
    Num active;                 ///< output factor of an active neuron (identity layers: always)
    Num inactive;               ///< output factor of an inactive (or identically zero) neuron
    Num residual;               ///< factor of the skip connection (residual layers)
    Num pre_scale;              ///< stored pre-activation / true pre-activation
    bool has_pattern = false;
    bool is_residual = false;
};

// ---------------------------------------------------------------------------------------------
// Exact kernel

/// Exact numbers: hyperplanes are integer rows (a_1..a_d, a_0) meaning a.x + a_0, points are
/// homogeneous integer rows (p_1..p_d, w) with w > 0 meaning p / w. Each carries a double
/// approximation for the filter. Integers are Int (inline up to 127 bits, GMP beyond).
struct ExactKernel {
    using Num = Int;
    using Row = Small<Int>;
    static constexpr bool exact = true;

    struct Plane {
        Row c;
        Small<double> approx;
        bool zero = true;        ///< every coefficient is 0 (an identically zero pre-activation)
        bool approx_ok = false;  ///< approx is usable by the filter
    };
    struct Point {
        Row h;
        Small<double> approx;  ///< the d coordinates p_i / w, rounded
        bool approx_ok = false;
        Vector exact;  ///< the coordinates p_i / w (computed once, for the output)
    };

    std::size_t d = 0;
    bool filter = true;

    /// Filter: the sign of plane(point) when a double evaluation with a rigorous error bound
    /// decides it, else Sign::unknown (never wrong; see proofs/regions.md).
    Sign filter_sign(const Plane& plane, const Point& point) const;
    /// The exact sign of plane(point): filter first, exact integers when the filter cannot decide.
    int sign(const Plane& plane, const Point& point) const;
    /// Exact w * plane(p / w) = a.p + a_0 w (same sign as plane at the point).
    void value(Int& out, const Plane& plane, const Point& point) const;
    /// Sets plane.zero and the filter approximation from plane.c.
    void finish_plane(Plane& plane) const;
    /// Optionally divides out the content of point.h; sets the filter approximation and the
    /// exact coordinates.
    void finish_point(Point& point, bool reduce) const;
    /// The exact point x (rational coordinates).
    Point point_from(const Vector& x) const;
    /// 2-D: the intersection of two non-parallel lines (homogeneous cross product).
    Point meet_2d(const Plane& f, const Plane& g) const;
    /// The point of segment [u, v] where a plane with values gu < 0 < gv (from value()) vanishes.
    Point on_edge(const Point& u, const Int& gu, const Point& v, const Int& gv) const;
    /// num / den as a rational (den != 0).
    static Rational ratio(const Int& num, const Int& den) { return make_ratio(num, den); }
    /// Exact area of a polygon (vertices in cyclic order), with a single canonicalization; the
    /// numerator N of area = N / (2 w_0 ... w_n-1) goes to *numerator when given.
    Rational polygon_area(const Point* const* points, std::size_t n, Int* numerator = nullptr) const;
    /// The total volume of `count` simplices, simplex s having the vertices verts[idx[s (d+1) + k]]
    /// for k = 0..d, of a polytope with the n vertices verts: one integer numerator N over
    /// d! w_0 ... w_n-1, canonicalized once (proofs/regions.md, "Volumes"); N to *numerator.
    Rational simplices_volume(const Point* const* verts, std::size_t n, const std::uint32_t* idx,
                              std::size_t count, Int* numerator = nullptr) const;
    /// A point's weight w (the factor of the volume denominators).
    static const Int& weight(const Point& p) { return p.h.back(); }
    /// The volume N / (d! W) of a numerator from polygon_area or simplices_volume, W being the
    /// product of the polytope's vertex weights.
    Rational volume_value(const Int& numerator, const Int& weights) const;
    /// n = n / w when w divides n (true), else false and n unchanged.
    static bool divide_if_exact(Int& n, const Int& w);
    /// The exact plane normal . x + offset, scaled to integers.
    Plane plane_from(const Vector& normal, const Rational& offset) const;

    /// The network's layers with each layer's weights scaled to integers (see LayerNums);
    /// output_scale receives the final stored/true output ratio.
    static std::vector<LayerNums<Int>> prepare(const Network& net, Int& output_scale);
};

// ---------------------------------------------------------------------------------------------
// Float kernel

/// Doubles throughout (options.exact = false): the same algorithm, results not claimed.
struct FloatKernel {
    using Num = double;
    using Row = Small<double>;
    static constexpr bool exact = false;

    struct Plane {
        Row c;
        bool zero = true;
    };
    struct Point {
        Row h;  ///< coordinates, then w = 1
        Vector exact;
    };

    std::size_t d = 0;
    bool filter = false;

    int sign(const Plane& plane, const Point& point) const;
    void value(double& out, const Plane& plane, const Point& point) const;
    void finish_plane(Plane& plane) const;
    void finish_point(Point& point, bool) const;
    Point point_from(const Vector& x) const;
    Point meet_2d(const Plane& f, const Plane& g) const;
    Point on_edge(const Point& u, const double& gu, const Point& v, const double& gv) const;
    /// num / den converted to a rational (0 when not finite: float results are not claimed).
    static Rational ratio(double num, double den);
    Rational polygon_area(const Point* const* points, std::size_t n, double* numerator = nullptr) const;
    Rational simplices_volume(const Point* const* verts, std::size_t n, const std::uint32_t* idx,
                              std::size_t count, double* numerator = nullptr) const;
    static double weight(const Point&) { return 1.0; }
    Rational volume_value(double numerator, double weights) const;
    static bool divide_if_exact(double& n, double w) {
        n /= w;
        return true;
    }
    Plane plane_from(const Vector& normal, const Rational& offset) const;

    static std::vector<LayerNums<double>> prepare(const Network& net, double& output_scale);
};

inline bool is_zero(double x) { return x == 0.0; }
inline int sign_of(double x) { return (x > 0) - (x < 0); }
inline void add_product(double& acc, double a, double b) { acc += a * b; }
inline void set_product(double& out, double a, double b) { out = a * b; }

}  // namespace relux::regions_detail
