#define BOOST_TEST_MODULE polytope
#include <boost/test/unit_test.hpp>

// White-box tests of the region engine's building blocks (private headers of src/geometry): the
// hybrid integer, the sign filter, splitting a cell and exact volumes.
#include "../../src/geometry/region_split.hpp"
#include "relux/error.hpp"
#include "test_util.hpp"

#include <cmath>
#include <deque>
#include <random>

using namespace relux;
using namespace relux::regions_detail;

namespace {

Rational q(long n, long d = 1) { return Rational(Integer(n), Integer(d)); }

/// A random integer of roughly `bits` bits (either sign).
Integer random_integer(std::mt19937_64& rng, int bits) {
    Integer x(0);
    for (int b = 0; b < bits; b += 32) {
        x <<= 32;
        x += Integer(static_cast<unsigned long>(rng() & 0xffffffffu));
    }
    if (bits % 32) x >>= (32 - bits % 32);
    return rng() & 1 ? Integer(-x) : x;
}

}  // namespace

BOOST_AUTO_TEST_CASE(hybrid_integers_agree_with_gmp_across_the_inline_limit) {
    std::mt19937_64 rng(test::seed(11));
    const int sizes[] = {3, 20, 62, 63, 64, 65, 100, 126, 127, 128, 129, 200};
    for (int k = 0; k < test::scaled(3000); ++k) {
        const Integer a = random_integer(rng, sizes[rng() % 12]);
        const Integer b = random_integer(rng, sizes[rng() % 12]);
        const Integer c = random_integer(rng, sizes[rng() % 12]);
        BOOST_TEST_CONTEXT("a = " << a << ", b = " << b << ", c = " << c) {
            Int x(c);
            add_product(x, Int(a), Int(b));
            BOOST_TEST(x.to_integer() == c + a * b);
            sub_product(x, Int(a), Int(b));
            BOOST_TEST(x.to_integer() == c);
            Int p;
            set_product(p, Int(a), Int(b));
            BOOST_TEST(p.to_integer() == a * b);
            Int s(a);
            s += Int(b);
            BOOST_TEST(s.to_integer() == a + b);
            BOOST_TEST(s.sign() == (a + b).sign());
            if (!b.is_zero()) {
                Int quotient;
                divide_exact(quotient, p, Int(b));
                BOOST_TEST(quotient.to_integer() == a);
            }
            Int g;
            gcd(g, Int(a), Int(b));
            Integer expected;
            mpz_gcd(expected.backend().data(), a.backend().data(), b.backend().data());
            BOOST_TEST(g.to_integer() == expected);
            Int n(a);
            n.negate();
            BOOST_TEST(n.to_integer() == -a);
            BOOST_TEST(Int(a).bits() ==
                       (a.is_zero() ? 0 : static_cast<long>(mpz_sizeinbase(a.backend().data(), 2))));
            long e = 0;
            const double m = Int(a).mantissa(e);
            if (!a.is_zero()) {
                BOOST_TEST(std::fabs(m) >= 0.5);
                BOOST_TEST(std::fabs(m) < 1.0);
                // |m 2^e - a| < 2^-52 |a|, checked exactly.
                const Rational approx = Rational::from_double(m) * Rational(Integer(1) << 200) /
                                        Rational(Integer(1) << static_cast<unsigned>(200 - e));
                BOOST_TEST(abs(approx - Rational(a)) * Rational(Integer(1) << 52) < abs(Rational(a)));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(the_filter_never_contradicts_the_exact_sign) {
    std::mt19937_64 rng(test::seed(12));
    for (std::size_t d = 1; d <= 4; ++d) {
        ExactKernel exact;
        exact.d = d;
        exact.filter = false;
        std::size_t decided = 0, nonzero = 0;
        for (int k = 0; k < test::scaled(400); ++k) {
            Vector normal;
            for (std::size_t i = 0; i < d; ++i) normal.push_back(test::random_rational(rng, 1000, 999));
            if (normal[0].is_zero()) normal[0] = 1;
            const Rational offset = test::random_rational(rng, 1000, 999);
            const ExactKernel::Plane plane = exact.plane_from(normal, offset);
            Vector x;
            for (std::size_t i = 0; i < d; ++i) x.push_back(test::random_rational(rng, 100000, 99991));
            if (k % 3 == 0) {
                // Put the point exactly on the plane: the filter must not decide.
                Rational rest = offset;
                for (std::size_t i = 1; i < d; ++i) rest += normal[i] * x[i];
                x[0] = -rest / normal[0];
            }
            const ExactKernel::Point point = exact.point_from(x);
            const int truth = exact.sign(plane, point);
            Rational value = offset;
            for (std::size_t i = 0; i < d; ++i) value += normal[i] * x[i];
            BOOST_TEST(truth == value.sign());
            const Sign s = exact.filter_sign(plane, point);
            if (s != Sign::unknown) {
                BOOST_TEST(static_cast<int>(s) == truth);
                ++decided;
            }
            nonzero += truth != 0;
            if (k % 3 == 0) BOOST_TEST((s == Sign::unknown));
        }
        BOOST_TEST(decided + 5 >= nonzero);  // clear-cut signs are decided by the filter
    }
}

namespace {

/// A box as a cell, as the engine builds it for d != 2 (facets 2i: x_i >= lo, 2i + 1: x_i <= hi).
struct Cells {
    ExactKernel kernel;
    std::deque<ExactKernel::Point> points;
    std::deque<FacetEquation<ExactKernel>> equations;
    std::size_t words = 1;

    explicit Cells(std::size_t d) { kernel.d = d; }

    Piece<ExactKernel> box(const Rational& lo, const Rational& hi) {
        const std::size_t d = kernel.d;
        Piece<ExactKernel> p;
        for (std::size_t i = 0; i < d; ++i) {
            Vector e(d, Rational(0));
            e[i] = 1;
            equations.push_back({kernel.plane_from(e, -lo), {FacetSource::Kind::box_lower, 0, i}, e, -lo});
            p.facets.push_back({&equations.back(), 1, static_cast<std::uint32_t>(2 * i), {}});
            e[i] = -1;
            equations.push_back({kernel.plane_from(e, hi), {FacetSource::Kind::box_upper, 0, i}, e, hi});
            p.facets.push_back({&equations.back(), 1, static_cast<std::uint32_t>(2 * i + 1), {}});
        }
        for (std::size_t b = 0; b < (std::size_t(1) << d); ++b) {
            Vector x(d);
            const std::size_t at = p.tight.size();
            p.tight.resize(at + words, 0);
            for (std::size_t i = 0; i < d; ++i) {
                const bool high = (b >> i) & 1;
                x[i] = high ? hi : lo;
                set_bit(&p.tight[at], 2 * i + (high ? 1 : 0));
            }
            points.push_back(kernel.point_from(x));
            p.verts.push_back(&points.back());
        }
        return p;
    }

    /// Splits by normal . x + offset (table id `table`); returns {>= 0 side, <= 0 side}.
    std::pair<Piece<ExactKernel>, Piece<ExactKernel>> split(const Piece<ExactKernel>& p, const Vector& normal,
                                                            const Rational& offset, std::uint32_t table) {
        equations.push_back(
            {kernel.plane_from(normal, offset), {FacetSource::Kind::neuron, 0, table}, normal, offset});
        const auto& h = equations.back().plane;
        std::vector<signed char> signs;
        bool any_zero = false;
        BOOST_TEST_REQUIRE((relate(kernel, p, h, signs, any_zero) == Relation::cuts));
        for (std::size_t v = 0; v < p.verts.size(); ++v)
            signs[v] = static_cast<signed char>(kernel.sign(h, *p.verts[v]));
        Piece<ExactKernel> plus, minus;
        if (kernel.d == 2) split_planar(kernel, p, h, &equations.back(), table, signs, points, plus, minus);
        else split_general(kernel, p, h, &equations.back(), table, signs, words, points, plus, minus);
        return {std::move(plus), std::move(minus)};
    }
};

Vector ones(std::size_t d) { return Vector(d, Rational(1)); }

}  // namespace

BOOST_AUTO_TEST_CASE(cube_cut_through_its_middle_and_through_three_vertices) {
    Cells c(3);
    const auto cube = c.box(0, 1);
    BOOST_TEST(piece_volume(c.kernel, cube, c.words) == 1);
    // x + y + z = 3/2 cuts six edges: two pieces with 10 vertices and 7 facets, volume 1/2 each.
    const auto [upper, lower] = c.split(cube, ones(3), q(-3, 2), 6);
    for (const auto* p : {&upper, &lower}) {
        BOOST_TEST(p->verts.size() == 10u);
        BOOST_TEST(p->facets.size() == 7u);
        BOOST_TEST(piece_volume(c.kernel, *p, c.words) == q(1, 2));
    }
    // x + y + z = 1 passes through three vertices: a corner simplex (4 vertices, 4 facets, 1/6)
    // and the rest (7 vertices, 7 facets, 5/6).
    const auto [rest, corner] = c.split(cube, ones(3), q(-1), 6);
    BOOST_TEST(corner.verts.size() == 4u);
    BOOST_TEST(corner.facets.size() == 4u);
    BOOST_TEST(piece_volume(c.kernel, corner, c.words) == q(1, 6));
    BOOST_TEST(rest.verts.size() == 7u);
    BOOST_TEST(rest.facets.size() == 7u);
    BOOST_TEST(piece_volume(c.kernel, rest, c.words) == q(5, 6));
    // Every vertex of a piece is tight on at least d of its facets.
    for (const auto* p : {&upper, &lower, &rest, &corner})
        for (std::size_t v = 0; v < p->verts.size(); ++v) {
            std::size_t tight = 0;
            for (const auto& f : p->facets) tight += test_bit(&p->tight[v * c.words], f.table);
            BOOST_TEST(tight >= 3u);
        }
    // Cutting the rest again by x = y through its vertices keeps volumes exact.
    const auto [a, b] = c.split(rest, Vector{1, -1, 0}, 0, 7);
    BOOST_TEST(piece_volume(c.kernel, a, c.words) == q(5, 12));
    BOOST_TEST(piece_volume(c.kernel, b, c.words) == q(5, 12));
}

BOOST_AUTO_TEST_CASE(tesseract_and_interval_volumes) {
    Cells c(4);
    const auto t = c.box(q(-1), q(1));
    BOOST_TEST(piece_volume(c.kernel, t, c.words) == 16);
    const auto [hi, lo] = c.split(t, ones(4), 0, 8);
    BOOST_TEST(piece_volume(c.kernel, hi, c.words) == 8);
    BOOST_TEST(piece_volume(c.kernel, lo, c.words) == 8);
    // sum x_i = -3 cuts the corner simplex of volume 1/24 off [-1, 1]^4.
    const auto [big, small] = c.split(t, ones(4), 3, 8);
    BOOST_TEST(piece_volume(c.kernel, small, c.words) == q(1, 24));
    BOOST_TEST(small.verts.size() == 5u);
    BOOST_TEST(piece_volume(c.kernel, big, c.words) == 16 - q(1, 24));
    Cells line(1);
    const auto seg = line.box(q(-1, 3), q(5, 2));
    const auto [right, left] = line.split(seg, Vector{1}, q(-1, 7), 2);
    BOOST_TEST(piece_volume(line.kernel, right, line.words) == q(5, 2) - q(1, 7));
    BOOST_TEST(piece_volume(line.kernel, left, line.words) == q(1, 7) + q(1, 3));
}

BOOST_AUTO_TEST_CASE(planar_cells_stay_counter_clockwise) {
    Cells c(2);
    // The unit square as a planar cycle: (0,0) (1,0) (1,1) (0,1).
    Piece<ExactKernel> sq;
    const Vector corners[4] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
    const Vector normals[4] = {{0, 1}, {-1, 0}, {0, -1}, {1, 0}};
    const Rational offsets[4] = {0, 1, 1, 0};
    for (std::size_t k = 0; k < 4; ++k) {
        c.points.push_back(c.kernel.point_from(corners[k]));
        sq.verts.push_back(&c.points.back());
        c.equations.push_back({c.kernel.plane_from(normals[k], offsets[k]),
                               {FacetSource::Kind::box_lower, 0, k},
                               normals[k],
                               offsets[k]});
        sq.facets.push_back({&c.equations.back(), 1, static_cast<std::uint32_t>(k), {}});
    }
    BOOST_TEST(piece_volume(c.kernel, sq, 0) == 1);
    // The diagonal y = x through two corners: two triangles.
    const auto [above, below] = c.split(sq, Vector{-1, 1}, 0, 4);
    BOOST_TEST(above.verts.size() == 3u);
    BOOST_TEST(below.verts.size() == 3u);
    BOOST_TEST(piece_volume(c.kernel, above, 0) == q(1, 2));
    BOOST_TEST(piece_volume(c.kernel, below, 0) == q(1, 2));
    // x + y = 3/2 cuts a pentagon and a corner triangle; the pentagon's vertices stay in order.
    const auto [pent, tri] = c.split(sq, Vector{-1, -1}, q(3, 2), 5);
    BOOST_TEST(pent.verts.size() == 5u);
    BOOST_TEST(tri.verts.size() == 3u);
    BOOST_TEST(piece_volume(c.kernel, pent, 0) == q(7, 8));
    BOOST_TEST(piece_volume(c.kernel, tri, 0) == q(1, 8));
    for (std::size_t i = 0; i < pent.verts.size(); ++i) {
        const Vector& a = pent.verts[i]->exact;
        const Vector& b = pent.verts[(i + 1) % pent.verts.size()]->exact;
        const Vector& e = pent.verts[(i + 2) % pent.verts.size()]->exact;
        BOOST_TEST((b[0] - a[0]) * (e[1] - a[1]) - (b[1] - a[1]) * (e[0] - a[0]) > 0);  // left turn
        // The edge from vertex i lies on facet i.
        const auto& f = *pent.facets[i].eq;
        BOOST_TEST(f.normal[0] * a[0] + f.normal[1] * a[1] + f.offset == 0);
        BOOST_TEST(f.normal[0] * b[0] + f.normal[1] * b[1] + f.offset == 0);
    }
}
