// Exact evaluation, polynomial extraction and canonical printing of expressions.

#include "expression_node.hpp"
#include "relux/error.hpp"

namespace relux {

using detail::ExprNode;
using detail::Op;

namespace detail {

std::string_view op_name(Op op) {
    switch (op) {
        case Op::number: return "number";
        case Op::pi: return "pi";
        case Op::e: return "e";
        case Op::variable: return "variable";
        case Op::neg: return "-";
        case Op::add: return "+";
        case Op::sub: return "-";
        case Op::mul: return "*";
        case Op::div: return "/";
        case Op::pow: return "^";
        case Op::sin: return "sin";
        case Op::cos: return "cos";
        case Op::exp: return "exp";
        case Op::log: return "log";
        case Op::sqrt: return "sqrt";
        case Op::abs: return "abs";
        case Op::tanh: return "tanh";
        case Op::sigmoid: return "sigmoid";
        case Op::min: return "min";
        case Op::max: return "max";
    }
    return "?";
}

namespace {

/// Largest |integer exponent| evaluated exactly; beyond it the value is left to the ball path.
constexpr long kMaxExactExponent = 100000;

/// The exponent as a machine integer when it is an integer of moderate size.
std::optional<long> small_integer(const std::optional<Rational>& r) {
    if (!r || !r->is_integer()) return std::nullopt;
    const Integer n = r->numerator();
    if (n > kMaxExactExponent || n < -kMaxExactExponent) return std::nullopt;
    return n.convert_to<long>();
}

Rational power(Rational base, long n) {
    Rational result(1);
    for (; n > 0; n >>= 1) {
        if (n & 1) result *= base;
        if (n > 1) base *= base;
    }
    return result;
}

}  // namespace

std::optional<Rational> eval_exact(const ExprNode& n, const Vector& x) {
    std::vector<Rational> a;
    a.reserve(n.args.size());
    for (const NodePtr& arg : n.args) {
        if (n.op == Op::pow && a.size() == 1) break;  // the exponent is n.exponent
        auto v = eval_exact(*arg, x);
        if (!v) return std::nullopt;
        a.push_back(std::move(*v));
    }
    switch (n.op) {
        case Op::number: return n.value;
        case Op::variable:
            if (n.variable >= x.size()) return std::nullopt;
            return x[n.variable];
        case Op::neg: return -a[0];
        case Op::add: return a[0] + a[1];
        case Op::sub: return a[0] - a[1];
        case Op::mul: return a[0] * a[1];
        case Op::div:
            if (a[1].is_zero()) return std::nullopt;
            return a[0] / a[1];
        case Op::pow: {
            auto k = small_integer(n.exponent);
            if (!k) return std::nullopt;
            if (*k >= 0) return power(a[0], *k);
            if (a[0].is_zero()) return std::nullopt;
            return Rational(1) / power(a[0], -*k);
        }
        case Op::abs: return relux::abs(a[0]);
        case Op::min: {
            Rational m = a[0];
            for (const Rational& v : a) m = relux::min(m, v);
            return m;
        }
        case Op::max: {
            Rational m = a[0];
            for (const Rational& v : a) m = relux::max(m, v);
            return m;
        }
        default: return std::nullopt;
    }
}

std::optional<Rational> constant_value(const ExprNode& n) { return eval_exact(n, Vector{}); }

namespace {

AffineForm combine(const AffineForm& a, const AffineForm& b, const Rational& sb) {
    AffineForm r;
    r.constant = a.constant + sb * b.constant;
    std::size_t i = 0, j = 0;
    while (i < a.terms.size() || j < b.terms.size()) {
        if (j == b.terms.size() || (i < a.terms.size() && a.terms[i].first < b.terms[j].first)) {
            r.terms.push_back(a.terms[i++]);
        } else if (i == a.terms.size() || b.terms[j].first < a.terms[i].first) {
            r.terms.emplace_back(b.terms[j].first, sb * b.terms[j].second);
            ++j;
        } else {
            Rational c = a.terms[i].second + sb * b.terms[j].second;
            if (!c.is_zero()) r.terms.emplace_back(a.terms[i].first, std::move(c));
            ++i;
            ++j;
        }
    }
    return r;
}

AffineForm scaled(AffineForm a, const Rational& s) {
    if (s.is_zero()) return AffineForm{{}, Rational(0)};
    a.constant *= s;
    for (auto& t : a.terms) t.second *= s;
    return a;
}

/// The form of a child: its stored form, or a constant.
std::optional<AffineForm> child_form(const ExprNode& n) {
    if (n.affine) return n.affine;
    if (n.op == Op::number) return AffineForm{{}, n.value};
    return std::nullopt;
}

}  // namespace

std::optional<AffineForm> affine_of(const ExprNode& n) {
    switch (n.op) {
        case Op::number: return AffineForm{{}, n.value};
        case Op::variable: return AffineForm{{{n.variable, Rational(1)}}, Rational(0)};
        case Op::neg: {
            auto a = child_form(*n.args[0]);
            if (!a) return std::nullopt;
            return scaled(*a, Rational(-1));
        }
        case Op::add:
        case Op::sub: {
            auto a = child_form(*n.args[0]), b = child_form(*n.args[1]);
            if (!a || !b) return std::nullopt;
            return combine(*a, *b, Rational(n.op == Op::add ? 1 : -1));
        }
        case Op::mul: {
            auto a = child_form(*n.args[0]), b = child_form(*n.args[1]);
            if (!a || !b) return std::nullopt;
            if (a->terms.empty()) return scaled(*b, a->constant);
            if (b->terms.empty()) return scaled(*a, b->constant);
            return std::nullopt;
        }
        case Op::div: {
            auto a = child_form(*n.args[0]), b = child_form(*n.args[1]);
            if (!a || !b || !b->terms.empty() || b->constant.is_zero()) return std::nullopt;
            return scaled(*a, Rational(1) / b->constant);
        }
        default: return std::nullopt;
    }
}

}  // namespace detail

namespace {

bool is_polynomial_node(const ExprNode& n) {
    switch (n.op) {
        case Op::number:
        case Op::variable: return true;
        case Op::neg:
        case Op::add:
        case Op::sub:
        case Op::mul:
            for (const auto& a : n.args)
                if (!is_polynomial_node(*a)) return false;
            return true;
        case Op::div: {
            auto c = detail::constant_value(*n.args[1]);
            return c && !c->is_zero() && is_polynomial_node(*n.args[0]);
        }
        case Op::pow:
            return n.exponent && n.exponent->is_integer() && n.exponent->sign() >= 0 &&
                   n.exponent->numerator() <= 10000 && is_polynomial_node(*n.args[0]);
        default: return false;
    }
}

void trim(Vector& p) {
    while (!p.empty() && p.back().is_zero()) p.pop_back();
}

Vector poly_mul(const Vector& a, const Vector& b) {
    if (a.empty() || b.empty()) return {};
    Vector r(a.size() + b.size() - 1);
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < b.size(); ++j) add_product(r[i + j], a[i], b[j]);
    trim(r);
    return r;
}

Vector poly_add(Vector a, const Vector& b, const Rational& sign) {
    if (a.size() < b.size()) a.resize(b.size());
    for (std::size_t i = 0; i < b.size(); ++i) add_product(a[i], sign, b[i]);
    trim(a);
    return a;
}

/// Coefficients of a polynomial node in variable 0. Precondition: is_polynomial_node(n).
Vector coefficients(const ExprNode& n) {
    switch (n.op) {
        case Op::number: {
            Vector p{n.value};
            trim(p);
            return p;
        }
        case Op::variable: return Vector{Rational(0), Rational(1)};
        case Op::neg: return poly_add(Vector{}, coefficients(*n.args[0]), Rational(-1));
        case Op::add: return poly_add(coefficients(*n.args[0]), coefficients(*n.args[1]), Rational(1));
        case Op::sub: return poly_add(coefficients(*n.args[0]), coefficients(*n.args[1]), Rational(-1));
        case Op::mul: return poly_mul(coefficients(*n.args[0]), coefficients(*n.args[1]));
        case Op::div: {
            Vector p = coefficients(*n.args[0]);
            const Rational c = *detail::constant_value(*n.args[1]);
            for (Rational& v : p) v /= c;
            return p;
        }
        case Op::pow: {
            Vector base = coefficients(*n.args[0]);
            Vector result{Rational(1)};
            for (long k = n.exponent->numerator().convert_to<long>(); k > 0; k >>= 1) {
                if (k & 1) result = poly_mul(result, base);
                if (k > 1) base = poly_mul(base, base);
            }
            return result;
        }
        default: throw InternalError("coefficients() of a non-polynomial node");
    }
}

// Precedence for printing: sums 1, products 2, unary minus 3, powers 4, atoms 5.
int precedence(const ExprNode& n) {
    switch (n.op) {
        case Op::number:
            if (n.value.sign() < 0) return 3;
            return n.value.is_integer() ? 5 : 2;
        case Op::add:
        case Op::sub: return 1;
        case Op::mul:
        case Op::div: return 2;
        case Op::neg: return 3;
        case Op::pow: return 4;
        default: return 5;
    }
}

std::string print(const ExprNode& n, std::size_t dim);

std::string print_at(const ExprNode& n, std::size_t dim, int min_prec) {
    std::string s = print(n, dim);
    return precedence(n) < min_prec ? "(" + s + ")" : s;
}

std::string print(const ExprNode& n, std::size_t dim) {
    switch (n.op) {
        case Op::number: return n.value.str();
        case Op::pi: return "pi";
        case Op::e: return "e";
        case Op::variable:
            return dim == 1 ? std::string("x") : std::string("x").append(std::to_string(n.variable + 1));
        case Op::neg: return std::string("-").append(print_at(*n.args[0], dim, 3));
        case Op::add: return print_at(*n.args[0], dim, 1) + " + " + print_at(*n.args[1], dim, 2);
        case Op::sub: return print_at(*n.args[0], dim, 1) + " - " + print_at(*n.args[1], dim, 2);
        case Op::mul: return print_at(*n.args[0], dim, 2) + "*" + print_at(*n.args[1], dim, 3);
        case Op::div: return print_at(*n.args[0], dim, 2) + "/" + print_at(*n.args[1], dim, 3);
        case Op::pow: return print_at(*n.args[0], dim, 5) + "^" + print_at(*n.args[1], dim, 3);
        default: {
            std::string s(detail::op_name(n.op));
            s += '(';
            for (std::size_t i = 0; i < n.args.size(); ++i) s += (i ? ", " : "") + print(*n.args[i], dim);
            return s + ')';
        }
    }
}

}  // namespace

std::optional<Rational> Expr::eval_exact(const Vector& x) const {
    if (x.size() != dim_)
        throw InvalidArgument("point has " + std::to_string(x.size()) + " coordinates; the expression '" +
                              text_ + "' has " + std::to_string(dim_));
    return detail::eval_exact(*root_, x);
}

bool Expr::is_polynomial() const { return is_polynomial_node(*root_); }

std::optional<Vector> Expr::polynomial_coefficients() const {
    if (dim_ != 1 || !is_polynomial()) return std::nullopt;
    return coefficients(*root_);
}

std::string Expr::str() const { return print(*root_, dim_); }

std::string Predicate::str() const {
    std::string s;
    for (std::size_t i = 0; i < comparisons_.size(); ++i) {
        const Comparison& c = comparisons_[i];
        if (i) s += " & ";
        const char* op = c.op == Comparison::Op::less         ? " < "
                         : c.op == Comparison::Op::less_equal ? " <= "
                         : c.op == Comparison::Op::greater    ? " > "
                                                              : " >= ";
        s += c.lhs.str() + op + c.rhs.str();
    }
    return s;
}

std::optional<bool> Predicate::eval_exact(const Vector& x) const {
    bool unknown = false;
    for (const Comparison& c : comparisons_) {
        auto d = c.difference.eval_exact(x);
        if (!d) {
            unknown = true;
            continue;
        }
        const int s = d->sign();
        bool holds = c.op == Comparison::Op::less         ? s < 0
                     : c.op == Comparison::Op::less_equal ? s <= 0
                     : c.op == Comparison::Op::greater    ? s > 0
                                                          : s >= 0;
        if (!holds) return false;
    }
    if (unknown) return std::nullopt;
    return true;
}

Rational sampled_value(const Expr& f, const Vector& x, const std::string& context,
                       const std::function<std::string()>& at) {
    if (auto v = f.eval_exact(x)) return *v;
    const Rational tolerance(Integer(1), Integer(1) << 80);
    std::string why;
    for (long prec = 128; prec <= 16384; prec *= 2) {
        std::vector<Ball> balls;
        for (const Rational& c : x) balls.push_back(Ball::enclose(c, prec));
        const BallEval r = f.eval(balls, prec);
        if (r.status == EvalStatus::undefined)
            throw InvalidArgument(context + "--target '" + f.text() + "' is undefined at " + at() + ": " +
                                  r.reason);
        if (!r.ok()) {
            why = r.reason;
            continue;
        }
        const Interval i = r.value.to_interval();
        if (i.width() <= tolerance) {
            // floor(m 2^64 + 1/2) / 2^64: the nearest multiple of 2^-64 (ties up).
            const Integer scale = Integer(1) << 64;
            const Rational shifted =
                (i.lower + i.upper) / 2 * Rational(scale) + Rational(Integer(1), Integer(2));
            const Integer num = shifted.numerator(), den = shifted.denominator();
            Integer fl = num / den;  // truncates toward zero
            if (num.sign() < 0 && fl * den != num) fl -= 1;
            return Rational(fl, scale);
        }
        why = "the enclosure stayed wider than 2^-80";
    }
    throw InvalidArgument(context + "--target '" + f.text() + "' could not be evaluated accurately at " +
                          at() + ": " + why);
}

}  // namespace relux
