#define BOOST_TEST_MODULE distance_nd
#include <boost/test/unit_test.hpp>

// Exact L1 / sup-norm distances and equivalence of two CPWL networks in any input dimension,
// against closed forms, the 1-D exact code, and (2-D) a CGAL arrangement with polygon formulas.

#include "certify/networks.hpp"
#include "relux/certify/distance1d.hpp"
#include "relux/certify/distance_nd.hpp"
#include "relux/cpwl/cpwl1d.hpp"
#include "relux/cpwl/max_network.hpp"
#include "relux/error.hpp"
#include "relux/net/evaluate.hpp"
#include "test_util.hpp"

#include <CGAL/Arr_linear_traits_2.h>
#include <CGAL/Arrangement_2.h>
#include <CGAL/Cartesian.h>
#include <CGAL/Gmpq.h>

#include <algorithm>
#include <numeric>
#include <random>

using namespace relux;
using relux::test::frac;

namespace {

/// The uniform n-piece interpolant of x^2 on [0, 1], as a network of `dim` inputs reading x_1.
Network square_interpolant(long n, std::size_t dim = 1) {
    Vector xs, ys;
    for (long i = 0; i <= n; ++i) {
        xs.push_back(frac(i, n));
        ys.push_back(frac(i * i, n * n));
    }
    Network net = test::interpolant_network(xs, ys);
    if (dim > 1) {
        Matrix w(net.layers[0].weights.rows(), dim);
        for (std::size_t i = 0; i < w.rows(); ++i) w(i, 0) = net.layers[0].weights(i, 0);
        net.layers[0].weights = w;
        net.input_dim = dim;
        net.validate();
    }
    return net;
}

/// A random relu network with `dim` inputs, the given hidden widths and `outputs` outputs.
Network random_net(std::mt19937_64& rng, std::size_t dim, const std::vector<std::size_t>& widths,
                   std::size_t outputs = 1) {
    Network net;
    net.input_dim = dim;
    std::size_t in = dim;
    std::vector<std::size_t> all = widths;
    all.push_back(outputs);
    for (std::size_t k = 0; k < all.size(); ++k) {
        Layer l;
        l.weights = Matrix(all[k], in);
        l.bias = Vector(all[k]);
        for (std::size_t i = 0; i < all[k]; ++i) {
            for (std::size_t j = 0; j < in; ++j) l.weights(i, j) = test::random_rational(rng, 6, 4);
            l.bias[i] = test::random_rational(rng, 3, 4);
        }
        l.activation = k + 1 == all.size() ? Activation::identity : Activation::relu;
        net.layers.push_back(l);
        in = all[k];
    }
    net.validate();
    return net;
}

/// The same function with the neurons of hidden layer `layer` permuted (reversed, then rotated).
Network permute_hidden(Network net, std::size_t layer) {
    Layer& l = net.layers[layer];
    Layer& next = net.layers[layer + 1];
    const std::size_t n = l.output_dim();
    std::vector<std::size_t> perm(n);
    std::iota(perm.begin(), perm.end(), 0);
    std::reverse(perm.begin(), perm.end());
    std::rotate(perm.begin(), perm.begin() + n / 3, perm.end());
    Layer pl = l, pn = next;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < l.input_dim(); ++j) pl.weights(i, j) = l.weights(perm[i], j);
        pl.bias[i] = l.bias[perm[i]];
        for (std::size_t r = 0; r < next.output_dim(); ++r) pn.weights(r, i) = next.weights(r, perm[i]);
    }
    l = pl;
    next = pn;
    net.validate();
    return net;
}

Box unit_box(std::size_t dim, const Rational& lo = 0, const Rational& hi = 1) {
    Box b;
    b.lo = Vector(dim, lo);
    b.hi = Vector(dim, hi);
    return b;
}

}  // namespace

BOOST_AUTO_TEST_CASE(square_interpolants_1d) {
    for (long n = 1; n <= 6; ++n) {
        BOOST_TEST_CONTEXT("n = " << n) {
            const Network f = square_interpolant(n), g = square_interpolant(2 * n);
            const Box box = unit_box(1);
            const CpwlDistanceResult l1 = l1_cpwl(f, g, box);
            BOOST_TEST(l1.value == frac(1, 8 * n * n));
            BOOST_TEST(!l1.partial);
            BOOST_TEST(l1.cells == std::size_t(2 * n));
            BOOST_TEST(l1_cpwl(g, f, box).value == frac(1, 8 * n * n));
            // sup of the tents: chord minus parabola at each piece's midpoint, h^2 / 4
            const CpwlDistanceResult linf = linf_cpwl(f, g, box);
            BOOST_TEST(linf.value == frac(1, 4 * n * n));
            BOOST_REQUIRE(linf.witness);
            BOOST_TEST(linf.network_value - linf.reference_value == frac(1, 4 * n * n));
            BOOST_TEST(((*linf.witness)[0] * Rational(2 * n)).is_integer());  // a midpoint
        }
    }
}

BOOST_AUTO_TEST_CASE(square_interpolants_lifted) {
    for (long n = 1; n <= 4; ++n) {
        BOOST_TEST_CONTEXT("n = " << n) {
            Box box2 = unit_box(2);
            box2.hi[1] = 2;
            BOOST_TEST(l1_cpwl(square_interpolant(n, 2), square_interpolant(2 * n, 2), box2).value ==
                       frac(2, 8 * n * n));
            Box box3 = unit_box(3);
            box3.hi[1] = 2;
            box3.lo[2] = frac(-1, 4);
            box3.hi[2] = frac(1, 4);
            const CpwlDistanceResult r =
                l1_cpwl(square_interpolant(n, 3), square_interpolant(2 * n, 3), box3);
            BOOST_TEST(r.value == frac(1, 8 * n * n));
            BOOST_TEST(linf_cpwl(square_interpolant(n, 3), square_interpolant(2 * n, 3), box3).value ==
                       frac(1, 4 * n * n));
        }
    }
}

BOOST_AUTO_TEST_CASE(hinge_in_the_cube) {
    // f = relu(x + y + z - 1), g = x + y + z - 1: |f - g| = relu(1 - x - y - z), whose integral over
    // the unit cube is the volume of the corner simplex times its mean height: 1/6 * 1/4 = 1/24.
    Network f;
    f.input_dim = 3;
    Layer h;
    h.weights = Matrix(1, 3);
    for (int j = 0; j < 3; ++j) h.weights(0, j) = 1;
    h.bias = {-1};
    Layer out;
    out.weights = Matrix(1, 1);
    out.weights(0, 0) = 1;
    out.bias = {0};
    out.activation = Activation::identity;
    f.layers = {h, out};
    Network g = f;
    g.layers[0].activation = Activation::identity;
    const CpwlDistanceResult l1 = l1_cpwl(f, g, unit_box(3));
    BOOST_TEST(l1.value == frac(1, 24));
    BOOST_TEST(l1.cells == 2u);
    const CpwlDistanceResult linf = linf_cpwl(f, g, unit_box(3));
    BOOST_TEST(linf.value == 1);
    BOOST_TEST((*linf.witness == Vector(3, 0)));
    // a residual layer and a leaky layer on both sides: f2 = f + x1 - x1, g2 = leaky(g, slope 1)
    Network g2 = g;
    g2.layers[0].activation = Activation::leaky_relu;
    g2.layers[0].slope = 1;
    Layer res;
    res.weights = Matrix(1, 1);
    res.weights(0, 0) = 0;
    res.bias = {0};
    res.residual = true;
    Network f2 = f;
    f2.layers.insert(f2.layers.begin() + 1, res);
    BOOST_TEST(l1_cpwl(f2, g2, unit_box(3)).value == frac(1, 24));
}

BOOST_AUTO_TEST_CASE(random_1d_pairs_match_the_1d_code) {
    std::mt19937_64 rng(test::seed(11));
    for (int iter = 0; iter < test::scaled(12); ++iter) {
        BOOST_TEST_CONTEXT("seed " << test::seed(11) << ", iteration " << iter) {
            const Network f = test::random_network(rng, {5, 4});
            const Network g = test::random_network(rng, {iter % 2 ? 6u : 3u});
            const Rational a = -3, b = frac(7, 2);
            Box box;
            box.lo = {a};
            box.hi = {b};
            const CpwlDistanceResult l1 = l1_cpwl(f, g, box);
            const L1Result ref = l1_1d(f, g, a, b);
            BOOST_TEST(ref.exact);
            BOOST_TEST(l1.value == ref.bound.lower);
            const CpwlDistanceResult linf = linf_cpwl(f, g, box);
            const LinfResult lref = linf_1d(f, g, a, b);
            BOOST_TEST(linf.value == lref.bound.lower);
            BOOST_TEST(abs(evaluate(f, *linf.witness)[0] - evaluate(g, *linf.witness)[0]) == linf.value);
        }
    }
}

namespace {

using Kernel = CGAL::Cartesian<CGAL::Gmpq>;
using Traits = CGAL::Arr_linear_traits_2<Kernel>;
using Arrangement = CGAL::Arrangement_2<Traits>;
using Point = Kernel::Point_2;

CGAL::Gmpq to_gmpq(const Rational& x) { return CGAL::Gmpq(x.mpq()); }
Rational from_gmpq(const CGAL::Gmpq& x) { return Rational(Rational::Value(x.mpq())); }

using Polygon = std::vector<std::pair<Rational, Rational>>;

/// The part of a convex polygon where a x + b y + c >= 0 (Sutherland-Hodgman, exact).
Polygon clip(const Polygon& p, const Rational& a, const Rational& b, const Rational& c) {
    Polygon out;
    for (std::size_t k = 0; k < p.size(); ++k) {
        const auto& u = p[k];
        const auto& v = p[(k + 1) % p.size()];
        const Rational su = a * u.first + b * u.second + c, sv = a * v.first + b * v.second + c;
        if (su.sign() >= 0) out.push_back(u);
        if (su.sign() * sv.sign() < 0) {
            const Rational t = su / (su - sv);
            out.push_back({u.first + t * (v.first - u.first), u.second + t * (v.second - u.second)});
        }
    }
    return out;
}

/// Exact integral of a x + b y + c over a simple polygon (Green's theorem moments).
Rational integrate(const Polygon& p, const Rational& a, const Rational& b, const Rational& c) {
    Rational area2, mx6, my6;  // 2 area, 6 int x, 6 int y
    for (std::size_t k = 0; k < p.size(); ++k) {
        const auto& u = p[k];
        const auto& v = p[(k + 1) % p.size()];
        const Rational cross = u.first * v.second - v.first * u.second;
        area2 += cross;
        mx6 += (u.first + v.first) * cross;
        my6 += (u.second + v.second) * cross;
    }
    return abs(a * mx6 / Rational(6) + b * my6 / Rational(6) + c * area2 / Rational(2));
}

/// Integral of |f - g| over the box: on each face of the arrangement of all neuron lines and the
/// box edges d is affine; clip the face at d = 0 and integrate each side with polygon moments.
Rational cgal_l1(const Network& f, const Network& g, const Box& box) {
    std::vector<Traits::Curve_2> curves;
    const Point corners[4] = {{to_gmpq(box.lo[0]), to_gmpq(box.lo[1])},
                              {to_gmpq(box.hi[0]), to_gmpq(box.lo[1])},
                              {to_gmpq(box.hi[0]), to_gmpq(box.hi[1])},
                              {to_gmpq(box.lo[0]), to_gmpq(box.hi[1])}};
    for (int k = 0; k < 4; ++k) curves.emplace_back(Kernel::Segment_2(corners[k], corners[(k + 1) % 4]));
    for (const Network* net : {&f, &g}) {
        const Layer& l = net->layers[0];
        for (std::size_t i = 0; i < l.output_dim(); ++i)
            if (!l.weights(i, 0).is_zero() || !l.weights(i, 1).is_zero())
                curves.emplace_back(
                    Kernel::Line_2(to_gmpq(l.weights(i, 0)), to_gmpq(l.weights(i, 1)), to_gmpq(l.bias[i])));
    }
    Arrangement arr;
    CGAL::insert(arr, curves.begin(), curves.end());
    Rational total;
    for (auto face = arr.faces_begin(); face != arr.faces_end(); ++face) {
        if (face->is_unbounded() || !face->has_outer_ccb()) continue;
        Polygon poly;
        auto he = face->outer_ccb();
        do {
            poly.push_back({from_gmpq(he->source()->point().x()), from_gmpq(he->source()->point().y())});
        } while (++he != face->outer_ccb());
        const bool inside = std::all_of(poly.begin(), poly.end(), [&](const auto& p) {
            return box.lo[0] <= p.first && p.first <= box.hi[0] && box.lo[1] <= p.second &&
                   p.second <= box.hi[1];
        });
        if (!inside) continue;
        Vector mid(2);
        for (const auto& p : poly) {
            mid[0] += p.first / Rational(static_cast<long>(poly.size()));
            mid[1] += p.second / Rational(static_cast<long>(poly.size()));
        }
        const AffineMap mf = affine_map_at(f, mid), mg = affine_map_at(g, mid);
        const Rational a = mf.A(0, 0) - mg.A(0, 0), b = mf.A(0, 1) - mg.A(0, 1), c = mf.b[0] - mg.b[0];
        total += integrate(clip(poly, a, b, c), a, b, c) + integrate(clip(poly, -a, -b, -c), a, b, c);
    }
    return total;
}

}  // namespace

BOOST_AUTO_TEST_CASE(random_2d_pairs_match_cgal) {
    std::mt19937_64 rng(test::seed(23));
    for (int iter = 0; iter < test::scaled(6); ++iter) {
        BOOST_TEST_CONTEXT("seed " << test::seed(23) << ", iteration " << iter) {
            const Network f = random_net(rng, 2, {7}), g = random_net(rng, 2, {5});
            const Box box = Box::parse("-2:1,-1:3/2");
            const CpwlDistanceOptions with_cells{{}, true};
            const CpwlDistanceResult r = l1_cpwl(f, g, box, with_cells);
            BOOST_TEST(r.value == cgal_l1(f, g, box));
            BOOST_TEST(r.value > 0);
            Rational sum;
            for (const CertificateCell& c : r.certificate_cells) {
                sum += c.bound.lower;
                BOOST_TEST(c.sign != 0);
                // patterns and map against the networks evaluated separately at an interior point
                Vector p(2);
                for (const Vector& v : c.vertices)
                    for (int i = 0; i < 2; ++i) p[i] += v[i] / Rational(static_cast<long>(c.vertices.size()));
                BOOST_TEST(c.patterns.size() == 2u);
                BOOST_TEST(c.patterns[0] == to_string(activation_pattern(f, p)));
                BOOST_TEST(c.patterns[1] == to_string(activation_pattern(g, p)));
                AffineMap d = affine_map_at(f, p);
                const AffineMap mg = affine_map_at(g, p);
                for (int j = 0; j < 2; ++j) d.A(0, j) -= mg.A(0, j);
                d.b[0] -= mg.b[0];
                BOOST_TEST((c.map == d));
                for (const Vector& v : c.vertices) BOOST_TEST(d.apply(v)[0].sign() * c.sign >= 0);
            }
            BOOST_TEST(sum == r.value);
            BOOST_TEST(r.certificate_cells.size() == r.cells);
        }
    }
}

BOOST_AUTO_TEST_CASE(cpwl1d_forms_are_equal) {
    const Cpwl1d f = Cpwl1d::parse_points("-2:1,-1:0,0:0,1/2:3,1:3,2:-1,3:5");
    const Network minimal = construct_cpwl1d(f, Cpwl1dForm::minimal),
                  pairs = construct_cpwl1d(f, Cpwl1dForm::pairs);
    BOOST_TEST(minimal.layers[0].output_dim() < pairs.layers[0].output_dim());
    const EqualResult r = equal_networks(minimal, pairs, Box::parse("-3:4"));
    BOOST_TEST(r.equal);
    BOOST_TEST(!r.witness);
    BOOST_TEST(r.max_difference == 0);
    BOOST_TEST(r.cells >= 6u);
}

BOOST_AUTO_TEST_CASE(permuted_hidden_neurons_are_equal) {
    std::mt19937_64 rng(test::seed(5));
    for (std::size_t dim : {2u, 3u}) {
        BOOST_TEST_CONTEXT("dim " << dim) {
            const Network f = random_net(rng, dim, {6, 5}, 2);
            const Network g = permute_hidden(permute_hidden(f, 0), 1);
            BOOST_TEST(!(f == g));
            CpwlDistanceOptions opt;
            opt.want_cells = true;
            const EqualResult r = equal_networks(f, g, unit_box(dim, -1, 1), std::nullopt, opt);
            BOOST_TEST(r.equal);
            BOOST_TEST(!r.partial);
            BOOST_TEST(r.cells > 5u);
            BOOST_TEST(r.certificate_cells.size() == r.cells);
            for (const CertificateCell& c : r.certificate_cells) {
                BOOST_TEST(c.sign == 0);
                BOOST_TEST((c.map.A == Matrix(2, dim)));
            }
            // a small change of one output weight is found
            Network h = g;
            h.layers[2].weights(1, 0) += frac(1, 1000);
            const EqualResult s = equal_networks(f, h, unit_box(dim, -1, 1));
            BOOST_TEST(!s.equal);
            BOOST_REQUIRE(s.witness);
            BOOST_TEST((evaluate(f, *s.witness) == s.network_value));
            BOOST_TEST((evaluate(h, *s.witness) == s.reference_value));
            BOOST_TEST(!(s.network_value == s.reference_value));
        }
    }
}

namespace {

/// net plus relu(x - a) - 2 relu(x - a - h) + relu(x - a - 2h): a spike of height h at a + h.
Network add_spike(Network net, const Rational& a, const Rational& h) {
    Layer& hidden = net.layers[0];
    Layer& out = net.layers[1];
    Matrix w(hidden.output_dim() + 3, 1), o(1, hidden.output_dim() + 3);
    for (std::size_t i = 0; i < hidden.output_dim(); ++i) {
        w(i, 0) = hidden.weights(i, 0);
        o(0, i) = out.weights(0, i);
    }
    const std::size_t k = hidden.output_dim();
    for (int j = 0; j < 3; ++j) {
        w(k + j, 0) = 1;
        hidden.bias.push_back(-a - Rational(j) * h);
        o(0, k + j) = j == 1 ? -2 : 1;
    }
    hidden.weights = w;
    out.weights = o;
    net.validate();
    return net;
}

}  // namespace

BOOST_AUTO_TEST_CASE(narrow_spike) {
    const Network f = square_interpolant(5);
    const Rational h = frac(1, 1000000000), a = frac(1, 3);
    const Network g = add_spike(f, a, h);
    const Box box = unit_box(1);
    const EqualResult r = equal_networks(f, g, box);
    BOOST_TEST(!r.equal);
    BOOST_REQUIRE(r.witness);
    const Rational x = (*r.witness)[0];
    BOOST_TEST((a < x && x < a + Rational(2) * h));
    BOOST_TEST((r.network_value == evaluate(f, *r.witness)));
    BOOST_TEST((r.reference_value == evaluate(g, *r.witness)));
    BOOST_TEST(!(r.network_value == r.reference_value));
    const EqualResult loose = equal_networks(f, g, box, frac(2, 1000000000));
    BOOST_TEST(loose.equal);
    BOOST_TEST(loose.max_difference == h);
    const EqualResult tight = equal_networks(f, g, box, frac(1, 10000000000));
    BOOST_TEST(!tight.equal);
    BOOST_REQUIRE(tight.witness);
    BOOST_TEST(abs(tight.network_value[0] - tight.reference_value[0]) > frac(1, 10000000000));
    BOOST_TEST(l1_cpwl(f, g, box).value == h * h);  // a triangle of base 2h and height h
    BOOST_TEST(linf_cpwl(f, g, box).value == h);
}

BOOST_AUTO_TEST_CASE(max_of_five_forms_are_equal) {
    const Network a = construct_max(5, MaxForm::log2), b = construct_max(5, MaxForm::shallow);
    const EqualResult r = equal_networks(a, b, unit_box(5, -1, 1));
    BOOST_TEST(r.equal);
    BOOST_TEST(r.cells >= 5u);
}

BOOST_AUTO_TEST_CASE(size_errors) {
    std::mt19937_64 rng(1);
    const Network f = random_net(rng, 2, {3}, 2), g = random_net(rng, 2, {3}, 1),
                  h = random_net(rng, 3, {3}, 2);
    const Box box = unit_box(2);
    auto message = [](auto&& call) -> std::string {
        try {
            call();
        } catch (const InvalidArgument& e) {
            return e.what();
        }
        return "no exception";
    };
    BOOST_TEST(
        message([&] { equal_networks(f, g, box); }) ==
        "equal_networks: the networks have different output sizes: the network has 2, the reference 1");
    BOOST_TEST(message([&] { equal_networks(f, h, box); }) ==
               "equal_networks: the networks have different input sizes: the network has 2, the reference 3");
    BOOST_TEST(
        message([&] { l1_cpwl(f, f, box); }) ==
        "l1_cpwl: the networks have 2 outputs; expected 1 (compare several outputs with equal_networks)");
    BOOST_TEST(message([&] { linf_cpwl(g, g, unit_box(3)); }) ==
               "linf_cpwl: the box has 3 axes; expected 2 (one per network input)");
}

BOOST_AUTO_TEST_CASE(limits_give_partial_results) {
    std::mt19937_64 rng(test::seed(9));
    const Network f = random_net(rng, 2, {8}, 1);
    const Network g = permute_hidden(f, 0);
    CpwlDistanceOptions opt;
    opt.regions.max_regions = 2;
    const EqualResult r = equal_networks(f, g, unit_box(2, -1, 1), std::nullopt, opt);
    BOOST_TEST(!r.equal);
    BOOST_TEST(r.partial);
    BOOST_TEST(r.stop_reason.find("max-regions") != std::string::npos);
    const CpwlDistanceResult l1 = l1_cpwl(f, random_net(rng, 2, {8}, 1), unit_box(2, -1, 1), opt);
    BOOST_TEST(l1.partial);
    BOOST_TEST(l1.cells <= 2u);
}

BOOST_AUTO_TEST_CASE(range_of_k_uniforms) {
    // E[max - min] of k independent uniforms on [0, 1] is (k - 1)/(k + 1); on [-1, 1]^k the integral
    // of max - min is 2^k * 2 (k - 1)/(k + 1). Cells are general polytopes (pulling triangulation).
    for (std::size_t k = 2; k <= 4; ++k) {
        BOOST_TEST_CONTEXT("k = " << k) {
            const Network mx = construct_max(k, MaxForm::log2), mn = construct_max(k, MaxForm::log2, true);
            const CpwlDistanceResult r = l1_cpwl(mx, mn, unit_box(k, -1, 1));
            const long two_k = 1L << k;
            BOOST_TEST(r.value == frac(two_k * 2 * static_cast<long>(k - 1), static_cast<long>(k + 1)));
            BOOST_TEST(linf_cpwl(mx, mn, unit_box(k, -1, 1)).value == 2);
        }
    }
}
