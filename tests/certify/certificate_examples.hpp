#pragma once
// Certificates built by hand for the certificate and checker tests (cells computed on paper).

#include "relux/certify/certificate.hpp"
#include "relux/net/network.hpp"

#include <string>
#include <vector>

namespace relux::test::cert {

inline Rational q(long n, long d = 1) { return Rational(Integer(n), Integer(d)); }

/// A layer with the given rows and bias.
inline Layer layer(const std::vector<Vector>& rows, const Vector& bias, Activation act) {
    Layer l;
    l.weights = Matrix(rows.size(), rows.front().size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = 0; j < rows[i].size(); ++j) l.weights(i, j) = rows[i][j];
    l.bias = bias;
    l.activation = act;
    return l;
}

/// x -> relu(w . x + b), one hidden neuron and an identity output.
inline Network relu_unit(const Vector& w, const Rational& b) {
    Network n;
    n.input_dim = w.size();
    n.layers = {layer({w}, {b}, Activation::relu), layer({{q(1)}}, {q(0)}, Activation::identity)};
    return n;
}

/// The zero function on R^dim (one identity layer, no pattern neurons).
inline Network zero_network(std::size_t dim) {
    Network n;
    n.input_dim = dim;
    n.layers = {layer({Vector(dim)}, {q(0)}, Activation::identity)};
    return n;
}

inline Halfspace facet(const Vector& normal, const Rational& offset, FacetSource::Kind kind,
                       std::size_t layer, std::size_t index) {
    return Halfspace{normal, offset, FacetSource{kind, layer, index}};
}
inline Halfspace lower(const Vector& n, const Rational& o, std::size_t axis) {
    return facet(n, o, FacetSource::Kind::box_lower, 0, axis);
}
inline Halfspace upper(const Vector& n, const Rational& o, std::size_t axis) {
    return facet(n, o, FacetSource::Kind::box_upper, 0, axis);
}
inline Halfspace neuron(const Vector& n, const Rational& o, std::size_t l, std::size_t i) {
    return facet(n, o, FacetSource::Kind::neuron, l, i);
}

inline AffineMap map(const std::vector<Vector>& rows, const Vector& b) {
    AffineMap m{Matrix(rows.size(), rows.front().size()), b};
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = 0; j < rows[i].size(); ++j) m.A(i, j) = rows[i][j];
    return m;
}

/// 1-D: f = relu(x), g = 0 on [-1, 1]; cells [-1, 0] (d = 0) and [0, 1] (d = x): l1 = 1/2.
inline Certificate relu_1d_l1() {
    Certificate c;
    c.kind = CertificateKind::l1;
    c.network = relu_unit({q(1)}, q(0));
    c.reference = zero_network(1);
    c.box = Box{{q(-1)}, {q(1)}};
    c.value = {q(1, 2), q(1, 2)};
    c.exact = true;
    c.cells = {
        {{{q(-1)}, {q(0)}},
         {lower({q(1)}, q(1), 0), neuron({q(-1)}, q(0), 0, 0)},
         {"-", ""},
         0,
         map({{q(0)}}, {q(0)}),
         {q(0), q(0)}},
        {{{q(0)}, {q(1)}},
         {neuron({q(1)}, q(0), 0, 0), upper({q(-1)}, q(1), 0)},
         {"+", ""},
         1,
         map({{q(1)}}, {q(0)}),
         {q(1, 2), q(1, 2)}},
    };
    return c;
}

/// 2-D: f = relu(x - y), g = relu(y - x) on [0, 1]^2, so d = x - y; cells the triangles below
/// (sign 1) and above (sign -1) the diagonal, each with integral of |d| 1/6: l1 = 1/3.
inline Certificate diagonal_2d_l1() {
    Certificate c;
    c.kind = CertificateKind::l1;
    c.network = relu_unit({q(1), q(-1)}, q(0));
    c.reference = relu_unit({q(-1), q(1)}, q(0));
    c.box = Box{{q(0), q(0)}, {q(1), q(1)}};
    c.value = {q(1, 3), q(1, 3)};
    c.exact = true;
    c.cells = {
        {{{q(0), q(0)}, {q(1), q(0)}, {q(1), q(1)}},
         {lower({q(0), q(1)}, q(0), 1), upper({q(-1), q(0)}, q(1), 0), neuron({q(1), q(-1)}, q(0), 0, 0)},
         {"+", "-"},
         1,
         map({{q(1), q(-1)}}, {q(0)}),
         {q(1, 6), q(1, 6)}},
        {{{q(0), q(0)}, {q(1), q(1)}, {q(0), q(1)}},
         {lower({q(1), q(0)}, q(0), 0), upper({q(0), q(-1)}, q(1), 1), neuron({q(-1), q(1)}, q(0), 0, 0)},
         {"-", "+"},
         -1,
         map({{q(1), q(-1)}}, {q(0)}),
         {q(1, 6), q(1, 6)}},
    };
    return c;
}

/// The same networks and cells as a linf certificate: sup |x - y| = 1, attained at (1, 0).
inline Certificate diagonal_2d_linf() {
    Certificate c = diagonal_2d_l1();
    c.kind = CertificateKind::linf;
    c.value = {q(1), q(1)};
    c.witness = Vector{q(1), q(0)};
    for (CertificateCell& cell : c.cells) cell.bound = {q(1), q(1)};
    return c;
}

/// The unit cube split by x1 + x2 + x3 = 1: the corner simplex and the rest.
inline std::vector<Vector> cube_simplex_vertices() {
    return {{q(0), q(0), q(0)}, {q(1), q(0), q(0)}, {q(0), q(1), q(0)}, {q(0), q(0), q(1)}};
}
inline std::vector<Halfspace> cube_simplex_facets() {
    return {lower({q(1), q(0), q(0)}, q(0), 0), lower({q(0), q(1), q(0)}, q(0), 1),
            lower({q(0), q(0), q(1)}, q(0), 2), neuron({q(-1), q(-1), q(-1)}, q(1), 0, 0)};
}
inline std::vector<Vector> cube_rest_vertices() {
    return {{q(1), q(0), q(0)}, {q(0), q(1), q(0)}, {q(0), q(0), q(1)}, {q(1), q(1), q(0)},
            {q(1), q(0), q(1)}, {q(0), q(1), q(1)}, {q(1), q(1), q(1)}};
}
inline std::vector<Halfspace> cube_rest_facets() {
    return {lower({q(1), q(0), q(0)}, q(0), 0),     upper({q(-1), q(0), q(0)}, q(1), 0),
            lower({q(0), q(1), q(0)}, q(0), 1),     upper({q(0), q(-1), q(0)}, q(1), 1),
            lower({q(0), q(0), q(1)}, q(0), 2),     upper({q(0), q(0), q(-1)}, q(1), 2),
            neuron({q(1), q(1), q(1)}, q(-1), 0, 0)};
}

/// 3-D: f = relu(1 - x1 - x2 - x3), g = 0 on [0, 1]^3: d = f is 1 - sum x on the corner simplex
/// (volume 1/6, integral 1/6 * 1/4 = 1/24) and 0 on the rest (volume 5/6): l1 = 1/24.
inline Certificate cube_3d_l1() {
    Certificate c;
    c.kind = CertificateKind::l1;
    c.network = relu_unit({q(-1), q(-1), q(-1)}, q(1));
    c.reference = zero_network(3);
    c.box = Box{{q(0), q(0), q(0)}, {q(1), q(1), q(1)}};
    c.value = {q(1, 24), q(1, 24)};
    c.exact = true;
    c.cells = {
        {cube_simplex_vertices(),
         cube_simplex_facets(),
         {"+", ""},
         1,
         map({{q(-1), q(-1), q(-1)}}, {q(1)}),
         {q(1, 24), q(1, 24)}},
        {cube_rest_vertices(),
         cube_rest_facets(),
         {"-", ""},
         0,
         map({{q(0), q(0), q(0)}}, {q(0)}),
         {q(0), q(0)}},
    };
    return c;
}

/// A 1-D slice t -> (t, 0), t in [0, 1], of the 2-D diagonal networks: d = relu(t) - relu(-t) = t,
/// one cell: l1 = 1/2.
inline Certificate diagonal_slice_l1() {
    Certificate c = diagonal_2d_l1();
    c.slice = Slice{{q(0), q(0)}, {{q(1), q(0)}}, Box{{q(0)}, {q(1)}}};
    c.box = c.slice->box;
    c.value = {q(1, 2), q(1, 2)};
    c.cells = {{{{q(0)}, {q(1)}},
                {lower({q(1)}, q(0), 0), upper({q(-1)}, q(1), 0)},
                {"+", "-"},
                1,
                map({{q(1)}}, {q(0)}),
                {q(1, 2), q(1, 2)}}};
    return c;
}

/// Two-output equality: f and g both compute (relu(x), x) on [-1, 1] from the hidden neurons
/// relu(x), relu(-x) in opposite orders; cells [-1, 0] and [0, 1], d = 0 on both.
inline Certificate equal_two_outputs() {
    Certificate c;
    c.kind = CertificateKind::equal;
    c.network.input_dim = 1;
    c.network.layers = {layer({{q(1)}, {q(-1)}}, {q(0), q(0)}, Activation::relu),
                        layer({{q(1), q(0)}, {q(1), q(-1)}}, {q(0), q(0)}, Activation::identity)};
    Network g;
    g.input_dim = 1;
    g.layers = {layer({{q(-1)}, {q(1)}}, {q(0), q(0)}, Activation::relu),
                layer({{q(0), q(1)}, {q(-1), q(1)}}, {q(0), q(0)}, Activation::identity)};
    c.reference = g;
    c.box = Box{{q(-1)}, {q(1)}};
    c.value = {q(0), q(0)};
    c.exact = true;
    const AffineMap zero = map({{q(0)}, {q(0)}}, {q(0), q(0)});
    c.cells = {
        {{{q(-1)}, {q(0)}},
         {lower({q(1)}, q(1), 0), neuron({q(-1)}, q(0), 0, 0)},
         {"-+", "+-"},
         0,
         zero,
         {q(0), q(0)}},
        {{{q(0)}, {q(1)}},
         {neuron({q(1)}, q(0), 0, 0), upper({q(-1)}, q(1), 0)},
         {"+-", "-+"},
         0,
         zero,
         {q(0), q(0)}},
    };
    return c;
}

}  // namespace relux::test::cert

namespace relux::test::cert {

/// 1-D target: N = relu(x) against f = x^2 on [-1, 1]: |d| = x^2 on [-1, 0] (integral 1/3, max 1)
/// and x - x^2 on [0, 1] (integral 1/6, max 1/4): l1 = 1/2 (linf = 1 at x = -1).
inline Certificate relu_square_target(CertificateKind kind) {
    Certificate c;
    c.kind = kind;
    c.network = relu_unit({q(1)}, q(0));
    c.target = "x^2";
    c.box = Box{{q(-1)}, {q(1)}};
    const bool l1 = kind == CertificateKind::l1;
    c.value = l1 ? Interval{q(1, 2), q(1, 2)} : Interval{q(1), q(1)};
    c.exact = true;
    if (!l1) c.witness = Vector{q(-1)};
    c.cells = {
        {{{q(-1)}, {q(0)}},
         {lower({q(1)}, q(1), 0), neuron({q(-1)}, q(0), 0, 0)},
         {"-"},
         -1,
         map({{q(0)}}, {q(0)}),
         l1 ? Interval{q(1, 3), q(1, 3)} : Interval{q(1), q(1)}},
        {{{q(0)}, {q(1)}},
         {neuron({q(1)}, q(0), 0, 0), upper({q(-1)}, q(1), 0)},
         {"+"},
         1,
         map({{q(1)}}, {q(0)}),
         l1 ? Interval{q(1, 6), q(1, 6)} : Interval{q(1, 4), q(1, 4)}},
    };
    return c;
}

}  // namespace relux::test::cert
