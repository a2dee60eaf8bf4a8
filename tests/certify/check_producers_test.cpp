#define BOOST_TEST_MODULE certify_check_producers
#include <boost/test/unit_test.hpp>

// The checker against the producers: certificates of l1_cpwl / linf_cpwl / equal_networks for
// seeded random small networks must verify, and a random tampering of one number must not.

#include "certificate_examples.hpp"
#include "relux/certify/certificate.hpp"
#include "relux/certify/distance_nd.hpp"
#include "test_util.hpp"

#include <random>
#include <string>

using namespace relux;
using namespace relux::test::cert;

namespace {

/// A random relu network dim -> width -> width2 -> 1 with small rational weights.
Network random_network(std::mt19937_64& rng, std::size_t dim, std::size_t width, std::size_t width2) {
    const auto random_layer = [&](std::size_t rows, std::size_t cols, Activation act) {
        Layer l;
        l.weights = Matrix(rows, cols);
        l.bias = Vector(rows);
        for (std::size_t i = 0; i < rows; ++i) {
            for (std::size_t j = 0; j < cols; ++j) l.weights(i, j) = test::random_rational(rng, 4, 3);
            l.bias[i] = test::random_rational(rng, 2, 4);
        }
        l.activation = act;
        return l;
    };
    Network n;
    n.input_dim = dim;
    n.layers = {random_layer(width, dim, Activation::relu), random_layer(width2, width, Activation::relu),
                random_layer(1, width2, Activation::identity)};
    return n;
}

Certificate from(CertificateKind kind, const Network& f, const Network& g, const Box& box,
                 const CpwlDistanceResult& r) {
    Certificate c;
    c.kind = kind;
    c.network = f;
    c.reference = g;
    c.box = box;
    c.value = {r.value, r.value};
    c.exact = true;
    c.witness = r.witness;
    c.cells = r.certificate_cells;
    return c;
}

/// Change one number of a random cell: a vertex coordinate, a map entry or a bound end.
void tamper(Certificate& c, std::mt19937_64& rng) {
    CertificateCell& cell = c.cells[rng() % c.cells.size()];
    switch (rng() % 3) {
        case 0: cell.vertices[rng() % cell.vertices.size()][rng() % c.box.dim()] += q(1, 7); break;
        case 1: cell.map.b[0] += q(1, 1000); break;
        default: cell.bound.upper = cell.bound.lower - q(1, 1000); break;
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(random_l1_linf_certificates_verify_and_tampering_fails) {
    const std::uint64_t seed = test::seed(20261201);
    BOOST_TEST_CONTEXT("seed " << seed) {
        std::mt19937_64 rng(seed);
        CpwlDistanceOptions options;
        options.want_cells = true;
        options.regions.threads = 1;
        for (int round = 0; round < test::scaled(6); ++round) {
            const std::size_t dim = round % 3 == 2 ? 3 : 2;
            const Network f = random_network(rng, dim, 3, 2), g = random_network(rng, dim, 2, 2);
            Box box{Vector(dim, q(-1)), Vector(dim, q(1))};
            for (CertificateKind kind : {CertificateKind::l1, CertificateKind::linf}) {
                const CpwlDistanceResult r =
                    kind == CertificateKind::l1 ? l1_cpwl(f, g, box, options) : linf_cpwl(f, g, box, options);
                Certificate c = from(kind, f, g, box, r);
                const CheckResult ok = check_certificate(c);
                BOOST_TEST(ok.holds, "round " << round << " " << to_string(kind) << ": " << ok.failure);
                // The file format carries the same certificate.
                BOOST_TEST(
                    check_certificate(parse_certificate_json(write_certificate_json(c), "c.json")).holds);
                tamper(c, rng);
                const CheckResult bad = check_certificate(c);
                BOOST_TEST(!bad.holds, "round " << round << ": tampering was not detected");
                BOOST_TEST((bad.failure.starts_with("cell ") || bad.failure.starts_with("value") ||
                            bad.failure.starts_with("the cells")),
                           bad.failure);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(equal_networks_certificate_verifies) {
    std::mt19937_64 rng(test::seed(7));
    const Network f = random_network(rng, 2, 3, 2);
    Network g = f;  // the same function with the hidden neurons of the first layer permuted
    std::swap(g.layers[0].bias[0], g.layers[0].bias[1]);
    for (std::size_t j = 0; j < 2; ++j) std::swap(g.layers[0].weights(0, j), g.layers[0].weights(1, j));
    for (std::size_t i = 0; i < g.layers[1].weights.rows(); ++i)
        std::swap(g.layers[1].weights(i, 0), g.layers[1].weights(i, 1));
    const Box box{{q(-1), q(-1)}, {q(1), q(1)}};
    CpwlDistanceOptions options;
    options.want_cells = true;
    options.regions.threads = 1;
    const EqualResult r = equal_networks(f, g, box, std::nullopt, options);
    BOOST_TEST_REQUIRE(r.equal);
    Certificate c;
    c.kind = CertificateKind::equal;
    c.network = f;
    c.reference = g;
    c.box = box;
    c.value = {q(0), r.max_difference};
    c.exact = true;
    c.cells = r.certificate_cells;
    const CheckResult ok = check_certificate(c);
    BOOST_TEST(ok.holds, ok.failure);
    BOOST_TEST(ok.summary.starts_with("equal on the box"));
}
