#define BOOST_TEST_MODULE softmax_classes
#include <boost/test/unit_test.hpp>

#include "relux/certify/certificate.hpp"
#include "relux/certify/softmax_classes.hpp"
#include "relux/error.hpp"
#include "test_util.hpp"

#include <arb.h>

using namespace relux;

namespace {

Rational q(const char* s) { return Rational::parse(s); }

/// One identity layer x -> W x + b with a softmax output.
Network affine_softmax(std::size_t d, const std::vector<std::vector<long>>& w, const std::vector<long>& b) {
    Network net;
    net.input_dim = d;
    Layer l;
    l.activation = Activation::identity;
    l.weights = Matrix(w.size(), d);
    l.bias = Vector(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) {
        for (std::size_t k = 0; k < d; ++k) l.weights(i, k) = w[i][k];
        l.bias[i] = b[i];
    }
    net.layers.push_back(l);
    net.output = OutputKind::softmax;
    return net;
}

/// 4 (1 + (ln 2 - ln(1 + e^k)) / k): the 2-class value of logits (0, k x) on [-1, 1] with classes
/// x < 0, x >= 0 (the integrand is 2 sigma(-k|x|)).
Interval sigmoid_reference(long k) {
    arb_t a, t;
    arb_init(a);
    arb_init(t);
    const long prec = 256;
    arb_set_si(t, k);
    arb_exp(t, t, prec);
    arb_log1p(t, t, prec);  // ln(1 + e^k)
    arb_const_log2(a, prec);
    arb_sub(a, a, t, prec);
    arb_div_si(a, a, k, prec);
    arb_add_si(a, a, 1, prec);
    arb_mul_si(a, a, 4, prec);
    Ball b;
    arb_set(b.get(), a);
    arb_clear(a);
    arb_clear(t);
    return b.to_interval();
}

void check_contains(const SoftmaxClassResult& r, const Interval& ref, const Rational& tol) {
    BOOST_TEST_INFO("bound [" << r.bound.lower.to_double() << ", " << r.bound.upper.to_double()
                              << "], reference " << ref.lower.to_double());
    BOOST_TEST_MESSAGE("cells " << r.cells << ", regions " << r.regions);
    BOOST_TEST((r.status == CertifyStatus::certified));
    BOOST_TEST(r.bound.lower <= ref.lower);
    BOOST_TEST(ref.upper <= r.bound.upper);
    BOOST_TEST(r.bound.width() <= tol);
}

}  // namespace

BOOST_AUTO_TEST_CASE(one_dimensional_two_classes_closed_form) {
    // Logits (0, 3x): the class boundary x = 0 is affine, so the regions are split there exactly.
    const Network net = affine_softmax(1, {{0}, {3}}, {0, 0});
    const Rational tol = q("1e-8");
    const auto r = softmax_class_l1(net, parse_classes("x < 0; x >= 0", 1), Box::parse("-1:1"), tol);
    check_contains(r, sigmoid_reference(3), tol);
    BOOST_TEST(r.regions == 2u);
}

BOOST_AUTO_TEST_CASE(two_dimensional_relu_network_closed_form) {
    // Hidden relu(x1), relu(-x1); logits (0, relu(x1) - relu(-x1)) = (0, x1) on [-1, 1] x [0, 1].
    Network net;
    net.input_dim = 2;
    Layer h;
    h.weights = Matrix(2, 2);
    h.weights(0, 0) = 1;
    h.weights(1, 0) = -1;
    h.bias = Vector(2);
    Layer out;
    out.activation = Activation::identity;
    out.weights = Matrix(2, 2);
    out.weights(1, 0) = 1;
    out.weights(1, 1) = -1;
    out.bias = Vector(2);
    net.layers = {h, out};
    net.output = OutputKind::softmax;
    const Rational tol = q("1e-4");
    const auto r = softmax_class_l1(net, parse_classes("x1 < 0; x1 >= 0", 2), Box::parse("-1:1,0:1"), tol);
    check_contains(r, sigmoid_reference(1), tol);
}

BOOST_AUTO_TEST_CASE(curved_class_boundary) {
    // Constant logits (1, 0); class 1 the disc of radius 1/2: pi/4 * 2 sigma(-1) + (4 - pi/4) * 2 sigma(1).
    const Network net = affine_softmax(2, {{0, 0}, {0, 0}}, {1, 0});
    const Rational tol = q("4e-3");
    const auto r = softmax_class_l1(net, parse_classes("x1^2 + x2^2 < 1/4; x1^2 + x2^2 >= 1/4", 2),
                                    Box::parse("-1:1,-1:1"), tol);
    arb_t pi4, sp, sm, v, t;
    for (arb_ptr x : {pi4, sp, sm, v, t}) arb_init(x);
    const long prec = 256;
    arb_const_pi(pi4, prec);
    arb_div_si(pi4, pi4, 4, prec);
    arb_set_si(t, -1);
    arb_exp(t, t, prec);  // e^-1
    arb_add_si(sp, t, 1, prec);
    arb_inv(sp, sp, prec);  // sigma(1) = 1 / (1 + e^-1)
    arb_sub_si(sm, sp, 1, prec);
    arb_neg(sm, sm);  // sigma(-1) = 1 - sigma(1)
    arb_mul(v, pi4, sm, prec);
    arb_sub_si(t, pi4, 4, prec);
    arb_neg(t, t);
    arb_addmul(v, t, sp, prec);
    arb_mul_si(v, v, 2, prec);
    Ball ref;
    arb_set(ref.get(), v);
    for (arb_ptr x : {pi4, sp, sm, v, t}) arb_clear(x);
    check_contains(r, ref.to_interval(), tol);
}

BOOST_AUTO_TEST_CASE(overlapping_and_uncovering_classes_are_errors_with_a_witness) {
    const Network net = affine_softmax(1, {{0}, {1}}, {0, 0});
    const Box box = Box::parse("-1:1");
    try {
        softmax_class_l1(net, parse_classes("x < 1/2; x > -1/2", 1), box, q("1e-3"));
        BOOST_FAIL("expected an overlap error");
    } catch (const InvalidArgument& e) {
        BOOST_TEST(
            std::string(e.what()).find("classes 1 and 2 overlap: both hold at x = (") != std::string::npos,
            e.what());
    }
    try {
        softmax_class_l1(net, parse_classes("x < -1/2; x > 1/2", 1), box, q("1e-3"));
        BOOST_FAIL("expected an uncovered error");
    } catch (const InvalidArgument& e) {
        BOOST_TEST(std::string(e.what()).find("no class holds at x = (") != std::string::npos, e.what());
    }
    // Touching classes (a common boundary point) are fine.
    const auto r = softmax_class_l1(net, parse_classes("x <= 0; x >= 0", 1), box, q("1e-6"));
    BOOST_TEST(r.bound.width() <= q("1e-6"));
}

BOOST_AUTO_TEST_CASE(shape_errors) {
    const Network net = affine_softmax(1, {{0}, {1}}, {0, 0});
    BOOST_CHECK_EXCEPTION(
        softmax_class_l1(net, parse_classes("x < 0", 1), Box::parse("-1:1"), q("1e-3")), InvalidArgument,
        [](const InvalidArgument& e) {
            return std::string(e.what()) ==
                   "the network has 2 softmax outputs but 1 classes were given (one class per ';')";
        });
    BOOST_CHECK_EXCEPTION(parse_classes("x < 0;; x > 0", 1), ParseError, [](const ParseError& e) {
        return std::string(e.what()).find("class 2 is empty") != std::string::npos;
    });
    Network identity_out = net;
    identity_out.output = OutputKind::identity;
    BOOST_CHECK_THROW(
        softmax_class_l1(identity_out, parse_classes("x < 0; x >= 0", 1), Box::parse("-1:1"), q("1e-3")),
        InvalidArgument);
}

namespace {

/// The certificate of a class-indicator run (softmax_class_l1 with want_cells).
Certificate class_certificate(const Network& net, const std::string& classes, const Box& box,
                              const Rational& tol) {
    SoftmaxClassOptions options;
    options.want_cells = true;
    const auto r = softmax_class_l1(net, parse_classes(classes, box.dim()), box, tol, options);
    BOOST_REQUIRE((r.status == CertifyStatus::certified));
    BOOST_REQUIRE_EQUAL(r.certificate_cells.size(), r.cells);
    Certificate c;
    c.kind = CertificateKind::l1;
    c.network = net;
    c.classes = classes;
    c.box = box;
    c.value = r.bound;
    c.cells = r.certificate_cells;
    return c;
}

void expect_fails(const Certificate& c, const std::string& part) {
    const CheckResult r = check_certificate(c);
    BOOST_TEST(!r.holds);
    BOOST_TEST(r.failure.find(part) != std::string::npos, r.failure);
}

}  // namespace

BOOST_AUTO_TEST_CASE(class_certificates_hold_and_contain_the_closed_forms) {
    // 1-D: logits (0, 3x), classes x < 0, x >= 0 (closed form above); 2-D: the disc with constant
    // logits has mixed cells along the circle; both verify, also after a JSON round trip.
    const Certificate one = class_certificate(affine_softmax(1, {{0}, {3}}, {0, 0}), "x < 0; x >= 0",
                                              Box::parse("-1:1"), q("1e-8"));
    BOOST_TEST(one.value.contains(sigmoid_reference(3).lower));
    BOOST_TEST(check_certificate(one).holds, check_certificate(one).failure);
    const Certificate disc =
        class_certificate(affine_softmax(2, {{0, 0}, {1, -1}}, {1, 0}),
                          "x1^2 + x2^2 < 1/4; x1^2 + x2^2 >= 1/4", Box::parse("-1:1,-1:1"), q("2e-2"));
    std::size_t mixed = 0;
    for (const CertificateCell& c : disc.cells) mixed += c.classes.size() > 1;
    BOOST_TEST(mixed > 0u);
    const CheckResult r = check_certificate(disc);
    BOOST_TEST(r.holds, r.failure);
    const Certificate back = parse_certificate_json(write_certificate_json(disc), "<memory>");
    BOOST_TEST(back.classes == disc.classes);
    BOOST_TEST(check_certificate(back).holds);
}

BOOST_AUTO_TEST_CASE(tampered_class_certificates_fail) {
    const Network net = affine_softmax(1, {{0}, {3}}, {0, 0});
    const Certificate good = class_certificate(net, "x < 0; x >= 0", Box::parse("-1:1"), q("1e-6"));
    BOOST_REQUIRE(check_certificate(good).holds);
    const std::size_t k = 0;  // the cell at -1: class 1 holds there
    {                         // the other class claimed
        Certificate c = good;
        c.cells[k].classes = {1};
        expect_fails(c, "cell 0: class 1 is not listed but is not excluded on the cell");
    }
    {  // the classes swapped in the claim's text: class 1 no longer holds on cell 0
        Certificate c = good;
        c.classes = "x >= 0; x < 0";
        expect_fails(c, "cell 0: class 2 is not listed but is not excluded on the cell");
    }
    {  // a bound that misses the integral
        Certificate c = good;
        c.cells[k].bound = {c.cells[k].bound.upper + q("1e-9"), c.cells[k].bound.upper + q("2e-9")};
        c.value.upper += q("1e-8");
        expect_fails(c, "cell 0: ");
    }
    {  // a missing cell
        Certificate c = good;
        c.cells.pop_back();
        expect_fails(c, "the cells end at");
    }
}
