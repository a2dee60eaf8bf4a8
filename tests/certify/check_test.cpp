#define BOOST_TEST_MODULE certify_check
#include <boost/test/unit_test.hpp>

#include "../../src/certify/check_polytope.hpp"
#include "certificate_examples.hpp"
#include "relux/certify/certificate.hpp"
#include "relux/error.hpp"

#include <string>

using namespace relux;
using namespace relux::test::cert;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// Checks and expects a failure whose message contains `part`.
void expect_failure(const Certificate& c, const std::string& part) {
    const CheckResult r = check_certificate(c);
    BOOST_TEST(!r.holds);
    BOOST_TEST_MESSAGE("failure: " << r.failure);
    BOOST_TEST(contains(r.failure, part), "failure \"" << r.failure << "\" lacks \"" << part << "\"");
}

void expect_holds(const Certificate& c, const std::string& summary_part) {
    const CheckResult r = check_certificate(c);
    BOOST_TEST(r.holds, "failure: " << r.failure);
    BOOST_TEST(r.cells == c.cells.size());
    BOOST_TEST(contains(r.summary, summary_part),
               "summary \"" << r.summary << "\" lacks \"" << summary_part << "\"");
}

std::vector<Vector> unit_cube() {
    std::vector<Vector> v;
    for (int i = 0; i < 8; ++i) v.push_back({q(i & 1), q((i >> 1) & 1), q((i >> 2) & 1)});
    return v;
}

std::vector<Halfspace> cube_faces() {
    std::vector<Halfspace> f;
    for (std::size_t i = 0; i < 3; ++i) {
        Vector n(3);
        n[i] = 1;
        f.push_back(lower(n, q(0), i));
        n[i] = -1;
        f.push_back(upper(n, q(1), i));
    }
    return f;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(volumes)

BOOST_AUTO_TEST_CASE(cube_split_by_a_plane) {
    BOOST_TEST(detail::polytope_volume(cube_simplex_vertices(), cube_simplex_facets()) == q(1, 6));
    BOOST_TEST(detail::polytope_volume(cube_rest_vertices(), cube_rest_facets()) == q(5, 6));
    BOOST_TEST(detail::triangulate_polytope(cube_simplex_vertices(), cube_simplex_facets()).size() == 1u);
    BOOST_TEST(detail::polytope_volume(unit_cube(), cube_faces()) == q(1));
}

BOOST_AUTO_TEST_CASE(square_pyramid) {
    // Base [0,1]^2 x {0}, apex (1/2, 1/2, 1): volume 1/3, whichever vertex is the cone apex.
    const std::vector<Halfspace> facets = {
        lower({q(0), q(0), q(1)}, q(0), 2), neuron({q(2), q(0), q(-1)}, q(0), 0, 0),
        neuron({q(0), q(2), q(-1)}, q(0), 0, 1), neuron({q(-2), q(0), q(-1)}, q(2), 0, 2),
        neuron({q(0), q(-2), q(-1)}, q(2), 0, 3)};
    const Vector apex = {q(1, 2), q(1, 2), q(1)};
    const std::vector<Vector> base = {
        {q(0), q(0), q(0)}, {q(1), q(0), q(0)}, {q(1), q(1), q(0)}, {q(0), q(1), q(0)}};
    std::vector<Vector> apex_first = {apex};
    apex_first.insert(apex_first.end(), base.begin(), base.end());
    std::vector<Vector> apex_last = base;
    apex_last.push_back(apex);
    BOOST_TEST(detail::polytope_volume(apex_first, facets) == q(1, 3));
    BOOST_TEST(detail::polytope_volume(apex_last, facets) == q(1, 3));
}

BOOST_AUTO_TEST_CASE(duplicate_and_redundant_hyperplanes) {
    std::vector<Halfspace> facets = cube_faces();
    for (const Halfspace& h : cube_faces()) {  // each face again, scaled
        Halfspace twice = h;
        for (Rational& a : twice.normal) a *= 2;
        twice.offset *= 2;
        facets.push_back(twice);
    }
    facets.push_back(neuron({q(1), q(1), q(0)}, q(0), 0, 0));  // supports an edge only
    facets.push_back(neuron({q(1), q(1), q(1)}, q(1), 0, 1));  // touches nothing
    BOOST_TEST(detail::polytope_volume(unit_cube(), facets) == q(1));
    // A point that is not a vertex (the center, listed first: the apex) and a repeated vertex.
    std::vector<Vector> points = {{q(1, 2), q(1, 2), q(1, 2)}};
    for (const Vector& v : unit_cube()) points.push_back(v);
    points.push_back(unit_cube()[7]);
    BOOST_TEST(detail::polytope_volume(points, facets) == q(1));
}

BOOST_AUTO_TEST_CASE(missing_facet_gives_less) {
    std::vector<Halfspace> facets = cube_faces();
    facets.erase(facets.begin() + 1);  // x1 <= 1: the faces x2 = 1 and x3 = 1 lose their edges on it
    BOOST_TEST(detail::polytope_volume(unit_cube(), facets) < q(1));
    facets = cube_faces();
    facets.erase(facets.begin());  // x1 >= 0 passes through the apex (0,0,0): not needed
    BOOST_TEST(detail::polytope_volume(unit_cube(), facets) == q(1));
    BOOST_TEST(detail::polytope_volume(unit_cube(), {}) == q(0));
    // Not full-dimensional: no simplices.
    BOOST_TEST(detail::triangulate_polytope({{q(0), q(0)}, {q(1), q(1)}, {q(2), q(2)}}, {}).empty());
    BOOST_TEST(detail::affine_dimension({{q(0), q(0)}, {q(1), q(1)}, {q(2), q(2)}}, {0, 1, 2}) == 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(holds)

BOOST_AUTO_TEST_CASE(one_dimensional_l1) { expect_holds(relu_1d_l1(), "l1 = 1/2: 2 cells tile the box"); }

BOOST_AUTO_TEST_CASE(two_dimensional_l1_and_linf) {
    expect_holds(diagonal_2d_l1(), "l1 = 1/3: 2 cells tile the box, patterns, maps and bounds verified");
    expect_holds(diagonal_2d_linf(),
                 "linf = 1: 2 cells tile the box, patterns, maps and bounds verified, witness verified");
    Certificate loose = diagonal_2d_l1();
    loose.value = {q(0), q(1)};
    loose.exact = false;
    expect_holds(loose, "l1 in [0, 1]");
}

BOOST_AUTO_TEST_CASE(cube_split_l1) { expect_holds(cube_3d_l1(), "l1 = 1/24: 2 cells"); }

BOOST_AUTO_TEST_CASE(slice_l1) { expect_holds(diagonal_slice_l1(), "l1 = 1/2: 1 cells"); }

BOOST_AUTO_TEST_CASE(equal_two_outputs_exact_and_with_tolerance) {
    expect_holds(equal_two_outputs(), "equal on the box: 2 cells");
    // With a tolerance, d may be nonzero: perturb the reference's first output by 1/10 on [0, 1].
    Certificate c = diagonal_2d_linf();
    c.kind = CertificateKind::equal;
    c.witness.reset();
    c.tolerance = q(1);
    c.value = {q(0), q(1)};
    c.exact = false;
    expect_holds(c, "sup |d| <= 1 on the box");
    c.tolerance = q(1, 2);
    expect_failure(c, "cell 0: bound upper 1 exceeds the tolerance 1/2");
}

BOOST_AUTO_TEST_CASE(sign_facet_and_unsplit_linf_cell) {
    // linf/equal may leave a cell unsplit by sign (sign 0 with d != 0): one cell for the whole square
    // after merging is impossible here (patterns differ), but the sign may be 0 on each.
    Certificate c = diagonal_2d_linf();
    for (CertificateCell& cell : c.cells) cell.sign = 0;
    expect_holds(c, "linf = 1");
    Certificate l1 = diagonal_2d_l1();
    l1.cells[0].sign = 0;
    expect_failure(l1, "cell 0: sign 0 but d is not identically zero on the cell");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tampered)

BOOST_AUTO_TEST_CASE(vertex_coordinate) {
    Certificate c = diagonal_2d_l1();
    c.cells[0].vertices[1][1] = q(-1, 2);
    expect_failure(c, "cell 0: vertex 1 (1, -1/2) is outside the box");
    c = diagonal_2d_l1();
    c.cells[0].vertices[1][1] = q(1, 2);  // a smaller triangle inside the old one
    expect_failure(c, "cell 0: bound [1/6, 1/6] does not contain the integral of |d| over the cell, 1/24");
    c = diagonal_2d_l1();
    c.cells[1].vertices[2] = {q(1, 2), q(1)};  // the edge from (0,0) to it lies on no listed facet
    expect_failure(c, "cell 1: has volume 0");
    c = cube_3d_l1();
    c.cells[0].vertices[0] = {q(1, 2), q(1, 2), q(1, 2)};
    expect_failure(c, "cell 0: vertex 0 violates facet 3 (neuron 0.0)");
}

BOOST_AUTO_TEST_CASE(affine_coefficient) {
    Certificate c = diagonal_2d_l1();
    c.cells[1].map.A(0, 1) = q(-2);
    expect_failure(c, "cell 1: map A[0][1] is -2; network - reference on the cell gives -1");
    c = relu_1d_l1();
    c.cells[0].map.b[0] = q(1, 3);
    expect_failure(c, "cell 0: map b[0] is 1/3; network - reference on the cell gives 0");
}

BOOST_AUTO_TEST_CASE(bound) {
    Certificate c = diagonal_2d_l1();
    c.cells[0].bound = {q(1, 5), q(1, 5)};
    expect_failure(c, "cell 0: bound [1/5, 1/5] does not contain the integral of |d| over the cell, 1/6");
    c = diagonal_2d_linf();
    c.cells[1].bound = {q(0), q(1, 2)};
    expect_failure(c, "cell 1: bound [0, 1/2] does not contain the max of |d| over the cell, 1");
    c = cube_3d_l1();
    c.cells[0].bound = {q(1, 25), q(1, 23)};
    expect_failure(c, "value: claimed lower 1/24 exceeds the sum of the cells' lower bounds, 1/25");
    c.value = {q(1, 25), q(1, 23)};
    c.exact = false;
    expect_holds(c, "l1 in [1/25, 1/23]");
    c.cells[0].bound = {q(1, 23), q(1, 22)};
    expect_failure(c, "cell 0: bound [1/23, 1/22] does not contain the integral of |d| over the cell, 1/24");
}

BOOST_AUTO_TEST_CASE(drop_or_duplicate_a_cell) {
    Certificate c = diagonal_2d_l1();
    c.cells.pop_back();
    expect_failure(c, "the cells' volumes sum to 1/2; the box has volume 1");
    c = diagonal_2d_l1();
    c.cells.push_back(c.cells[0]);
    expect_failure(c, "cells 0 and 2 have the same patterns and sign");
    c = cube_3d_l1();
    c.cells[1].facets.pop_back();  // the cut x1 + x2 + x3 >= 1 passes through the apex: not needed
    expect_holds(c, "l1 = 1/24");
    c.cells[1].facets.erase(c.cells[1].facets.begin() + 5);  // x3 <= 1 is: every cone loses its edges on it
    expect_failure(c, "cell 1: has volume 0");
}

BOOST_AUTO_TEST_CASE(pattern_char) {
    Certificate c = diagonal_2d_l1();
    c.cells[0].patterns[0] = "-";
    expect_failure(c, "cell 0: network pattern \"-\" differs from \"+\", the pattern recomputed on the cell");
    c = equal_two_outputs();
    c.cells[1].patterns[1] = "--";
    expect_failure(c, "cell 1: reference pattern \"--\" differs from \"-+\"");
}

BOOST_AUTO_TEST_CASE(neuron_changes_sign) {
    Certificate c = relu_1d_l1();
    c.cells = {c.cells[1]};
    c.cells[0].vertices = {{q(-1)}, {q(1)}};
    c.cells[0].facets = {lower({q(1)}, q(1), 0), upper({q(-1)}, q(1), 0)};
    expect_failure(c, "cell 0: network neuron 0.0 changes sign between vertices 0 and 1");
}

BOOST_AUTO_TEST_CASE(sign) {
    Certificate c = diagonal_2d_l1();
    c.cells[1].sign = 1;
    expect_failure(c, "cell 1: sign 1 but d = -1 at vertex 2");
    c = relu_1d_l1();
    c.cells[0].sign = -1;
    expect_failure(c, "cell 0: sign -1 but d is identically zero on the cell; expected sign 0");
}

BOOST_AUTO_TEST_CASE(witness) {
    Certificate c = diagonal_2d_linf();
    c.witness = Vector{q(1, 2), q(1, 2)};
    expect_failure(c, "witness (1/2, 1/2): |d| there is 0, below the claimed lower 1");
    c.witness = Vector{q(2), q(0)};
    expect_failure(c, "witness (2, 0) is outside the box");
}

BOOST_AUTO_TEST_CASE(claimed_total) {
    Certificate c = diagonal_2d_l1();
    c.value = {q(1, 2), q(1, 2)};
    expect_failure(c, "value: claimed lower 1/2 exceeds the sum of the cells' lower bounds, 1/3");
    c.value = {q(1, 4), q(1, 4)};
    expect_failure(c, "value: claimed upper 1/4 is below the sum of the cells' upper bounds, 1/3");
    c.value = {q(1, 4), q(1, 2)};
    expect_failure(c, "value: marked exact but lower 1/4 != upper 1/2");
    c = diagonal_2d_linf();
    c.value = {q(1), q(9, 10)};
    c.exact = false;
    expect_failure(c, "value: lower 1 exceeds upper 9/10");
    c.value = {q(1), q(2)};
    expect_holds(c, "linf in [1, 2]");
    c.value = {q(1, 2), q(3, 4)};
    expect_failure(c, "value: claimed upper 3/4 is below the max of the cells' upper bounds, 1");
}

BOOST_AUTO_TEST_CASE(equal_not_zero) {
    Certificate c = equal_two_outputs();
    c.reference->layers[1].bias[1] = q(1, 10);  // g's second output moves up by 1/10
    for (CertificateCell& cell : c.cells) {
        cell.map.b[1] = q(-1, 10);
        cell.bound = {q(1, 10), q(1, 10)};
    }
    c.value = {q(0), q(1, 10)};
    c.exact = false;
    expect_failure(c, "cell 0: d is not identically zero on the cell (equal without a tolerance)");
    c.tolerance = q(1, 10);
    expect_holds(c, "sup |d| <= 1/10 on the box");
}

BOOST_AUTO_TEST_CASE(nonsense_is_invalid_argument) {
    Certificate c = diagonal_2d_l1();
    c.cells[0].vertices[0] = {q(0)};
    BOOST_CHECK_EXCEPTION(check_certificate(c), InvalidArgument, [](const InvalidArgument& e) {
        return contains(e.what(), "cell 0: a vertex has the wrong dimension");
    });
    c = diagonal_2d_l1();
    c.target = "x";
    BOOST_CHECK_EXCEPTION(check_certificate(c), InvalidArgument, [](const InvalidArgument& e) {
        return contains(e.what(), "exactly one of a reference network, a target and classes");
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(target)

BOOST_AUTO_TEST_CASE(one_dimensional_target_holds) {
    expect_holds(relu_square_target(CertificateKind::l1), "l1 = 1/2: 2 cells tile the box");
    expect_holds(relu_square_target(CertificateKind::linf), "linf = 1: 2 cells tile the box");
}

BOOST_AUTO_TEST_CASE(one_dimensional_target_tampered) {
    Certificate c = relu_square_target(CertificateKind::l1);
    c.cells[1].vertices[0] = {q(1, 2)};
    c.cells[1].facets[0].offset = q(-1, 2);
    expect_failure(c, "cell 1: starts at 1/2; expected 0 (where cell 0 ends)");
    c = relu_square_target(CertificateKind::l1);
    c.cells.pop_back();
    expect_failure(c, "the cells end at 0; expected 1 (the upper end of the box)");
    c = relu_square_target(CertificateKind::l1);
    std::swap(c.cells[0], c.cells[1]);
    expect_failure(c, "cell 0: starts at 0; expected -1 (the lower end of the box)");
    c = relu_square_target(CertificateKind::l1);
    c.cells[1].map.A(0, 0) = q(2);
    expect_failure(c, "cell 1: map A[0][0] is 2; the network on the cell gives 1");
    c = relu_square_target(CertificateKind::l1);
    c.cells[0].bound = {q(1, 2), q(1, 2)};
    c.value = {q(2, 3), q(2, 3)};
    expect_failure(c, "cell 0: claimed exact value 1/2 but the integral of |N - f| is 1/3");
    c = relu_square_target(CertificateKind::linf);
    c.witness = Vector{q(1, 2)};
    expect_failure(c, "witness (1/2): |d| there is at least 1/4, below the claimed lower 1");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(leaky_residual_network) {
    // f(x) = leaky_relu(x; 1/2) + x (a residual layer): 3x/2 on [-1, 0] and 2x on [0, 1], g = 0:
    // the integrals of |f| are 3/4 and 1, l1 = 7/4.
    Certificate c = relu_1d_l1();
    c.network.layers[0].activation = Activation::leaky_relu;
    c.network.layers[0].slope = q(1, 2);
    c.network.layers[0].residual = true;
    c.value = {q(7, 4), q(7, 4)};
    c.cells[0].sign = -1;
    c.cells[0].map = map({{q(3, 2)}}, {q(0)});
    c.cells[0].bound = {q(3, 4), q(3, 4)};
    c.cells[1].map = map({{q(2)}}, {q(0)});
    c.cells[1].bound = {q(1), q(1)};
    expect_holds(c, "l1 = 7/4");
    c.network.layers[0].slope = q(1, 3);
    expect_failure(c, "cell 0: map A[0][0] is 3/2; network - reference on the cell gives 4/3");
}
