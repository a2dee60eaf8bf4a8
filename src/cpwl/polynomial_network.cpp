// Exact expansion of square/identity residual networks into polynomials.

#include "relux/cpwl/polynomial_network.hpp"

#include "relux/error.hpp"

#include <algorithm>
#include <numeric>
#include <string>

namespace relux {

MultiPolynomial MultiPolynomial::constant(std::size_t variables, const Rational& c) {
    MultiPolynomial p;
    p.variables = variables;
    if (!c.is_zero()) p.terms.emplace(Monomial(variables, 0u), c);
    return p;
}

MultiPolynomial MultiPolynomial::variable(std::size_t variables, std::size_t index) {
    RELUX_ASSERT(index < variables);
    MultiPolynomial p;
    p.variables = variables;
    Monomial m(variables, 0u);
    m[index] = 1;
    p.terms.emplace(std::move(m), Rational(1));
    return p;
}

namespace {

std::size_t total_degree(const Monomial& m) { return std::accumulate(m.begin(), m.end(), std::size_t{0}); }

/// x^e exactly, by repeated squaring.
Rational power(Rational x, unsigned e) {
    Rational r(1);
    while (e > 0) {
        if (e & 1u) r *= x;
        x *= x;
        e >>= 1u;
    }
    return r;
}

}  // namespace

std::size_t MultiPolynomial::degree() const {
    std::size_t d = 0;
    for (const auto& [m, c] : terms) d = std::max(d, total_degree(m));
    return d;
}

Rational MultiPolynomial::evaluate(const Vector& x) const {
    if (x.size() != variables)
        throw InvalidArgument("polynomial in " + std::to_string(variables) +
                              " variables evaluated at a point with " + std::to_string(x.size()) +
                              " coordinates");
    Rational sum(0);
    for (const auto& [m, c] : terms) {
        Rational t = c;
        for (std::size_t i = 0; i < variables; ++i)
            if (m[i] != 0) t *= power(x[i], m[i]);
        sum += t;
    }
    return sum;
}

Vector MultiPolynomial::univariate_coefficients() const {
    if (variables != 1)
        throw InvalidArgument("a polynomial in " + std::to_string(variables) +
                              " variables has no univariate coefficients (expected 1 variable)");
    if (terms.empty()) return {};
    Vector c(degree() + 1, Rational(0));
    for (const auto& [m, v] : terms) c[m[0]] = v;
    return c;
}

MultiPolynomial& MultiPolynomial::operator+=(const MultiPolynomial& o) {
    RELUX_ASSERT(variables == o.variables);
    for (const auto& [m, c] : o.terms) {
        auto [it, inserted] = terms.emplace(m, c);
        if (!inserted) {
            it->second += c;
            if (it->second.is_zero()) terms.erase(it);
        }
    }
    return *this;
}

MultiPolynomial& MultiPolynomial::operator*=(const Rational& c) {
    if (c.is_zero()) {
        terms.clear();
        return *this;
    }
    for (auto& [m, v] : terms) v *= c;
    return *this;
}

MultiPolynomial operator*(const MultiPolynomial& a, const MultiPolynomial& b) {
    RELUX_ASSERT(a.variables == b.variables);
    MultiPolynomial r;
    r.variables = a.variables;
    Monomial m(a.variables);
    for (const auto& [ma, ca] : a.terms)
        for (const auto& [mb, cb] : b.terms) {
            for (std::size_t i = 0; i < m.size(); ++i) m[i] = ma[i] + mb[i];
            auto [it, inserted] = r.terms.emplace(m, Rational(0));
            add_product(it->second, ca, cb);
        }
    std::erase_if(r.terms, [](const auto& t) { return t.second.is_zero(); });
    return r;
}

std::vector<MultiPolynomial> expand_polynomial(const Network& net) {
    net.validate();
    if (net.output == OutputKind::softmax)
        throw InvalidArgument(
            "the network has a softmax output: it is not a polynomial (expected output identity)");
    for (std::size_t k = 0; k < net.layers.size(); ++k) {
        const Activation a = net.layers[k].activation;
        if (a != Activation::square && a != Activation::identity)
            throw InvalidArgument("layer " + std::to_string(k + 1) + " has activation " +
                                  std::string(to_string(a)) +
                                  ": a polynomial network allows only square and identity");
    }
    const std::size_t d = net.input_dim;
    std::vector<MultiPolynomial> current;
    for (std::size_t i = 0; i < d; ++i) current.push_back(MultiPolynomial::variable(d, i));
    for (const Layer& layer : net.layers) {
        std::vector<MultiPolynomial> next;
        next.reserve(layer.output_dim());
        for (std::size_t i = 0; i < layer.output_dim(); ++i) {
            MultiPolynomial z = MultiPolynomial::constant(d, layer.bias[i]);
            for (std::size_t j = 0; j < layer.input_dim(); ++j)
                if (!layer.weights(i, j).is_zero()) z += current[j] * layer.weights(i, j);
            if (layer.activation == Activation::square) z = z * z;
            if (layer.residual) z += current[i];
            next.push_back(std::move(z));
        }
        current = std::move(next);
    }
    return current;
}

std::string polynomial_text(const MultiPolynomial& p) {
    if (p.terms.empty()) return "0";
    std::vector<const std::pair<const Monomial, Rational>*> order;
    for (const auto& t : p.terms) order.push_back(&t);
    std::sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
        const std::size_t da = total_degree(a->first), db = total_degree(b->first);
        if (da != db) return da > db;
        return a->first > b->first;
    });
    std::string out;
    for (const auto* t : order) {
        const Monomial& m = t->first;
        const Rational& c = t->second;
        if (out.empty()) out += c.sign() < 0 ? "-" : "";
        else out += c.sign() < 0 ? " - " : " + ";
        const Rational a = abs(c);
        std::string factors;
        for (std::size_t i = 0; i < m.size(); ++i) {
            if (m[i] == 0) continue;
            if (!factors.empty()) factors += "*";
            factors += p.variables == 1 ? std::string("x") : "x" + std::to_string(i + 1);
            if (m[i] > 1) factors += "^" + std::to_string(m[i]);
        }
        if (factors.empty()) out += a.str();
        else if (a == Rational(1)) out += factors;
        else out += a.str() + "*" + factors;
    }
    return out;
}

}  // namespace relux
