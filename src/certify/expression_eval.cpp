// Rigorous evaluation of expressions on Arb balls and Arb power series.
//
// One evaluator serves both Expr::eval (series of length 1: plain ball arithmetic) and
// Expr::taylor (truncated series along a line). Coefficient 0 of every node is the ball enclosure
// of that node over the input; domain tests look at it.

#include "expression_node.hpp"
#include "ranges.hpp"
#include "relux/error.hpp"

#include <arb_poly.h>
#include <flint/fmpq.h>

#include <utility>

namespace relux {

using detail::ExprNode;
using detail::monotone_power;
using detail::Op;
using detail::tight_abs;
using detail::zero_to;

namespace {

/// RAII arb_poly.
class Series {
public:
    Series() { arb_poly_init(p_); }
    ~Series() { arb_poly_clear(p_); }
    Series(const Series& o) {
        arb_poly_init(p_);
        arb_poly_set(p_, o.p_);
    }
    Series(Series&& o) noexcept {
        arb_poly_init(p_);
        arb_poly_swap(p_, o.p_);
    }
    Series& operator=(const Series& o) {
        if (this != &o) arb_poly_set(p_, o.p_);
        return *this;
    }
    Series& operator=(Series&& o) noexcept {
        arb_poly_swap(p_, o.p_);
        return *this;
    }
    arb_poly_struct* get() { return p_; }
    const arb_poly_struct* get() const { return p_; }
    /// Coefficient 0 (the range of the node over the input ball).
    Ball constant() const {
        Ball b;
        arb_poly_get_coeff_arb(b.get(), p_, 0);
        return b;
    }
    void set_constant(const Ball& b) {
        if (arb_poly_length(p_) == 0 && arb_is_zero(b.get())) return;
        arb_poly_set_coeff_arb(p_, 0, b.get());
    }

private:
    arb_poly_t p_;
};

struct Value {
    EvalStatus status = EvalStatus::ok;
    Series s;
    std::string reason;
};

Value failure(EvalStatus status, std::string reason) {
    Value v;
    v.status = status;
    v.reason = std::move(reason);
    return v;
}

/// RAII fmpq copy of a Rational.
struct Fmpq {
    fmpq_t q;
    explicit Fmpq(const Rational& x) {
        fmpq_init(q);
        fmpz_set_mpz(fmpq_numref(q), mpq_numref(x.mpq()));
        fmpz_set_mpz(fmpq_denref(q), mpq_denref(x.mpq()));
    }
    ~Fmpq() { fmpq_clear(q); }
    Fmpq(const Fmpq&) = delete;
    Fmpq& operator=(const Fmpq&) = delete;
};

class Evaluator {
public:
    Evaluator(const std::vector<Ball>& point, const std::vector<Ball>* direction, long length, long prec)
        : point_(point), direction_(direction), length_(length), prec_(prec) {}

    /// Exact-box mode: affine nodes are evaluated from the box exactly.
    void set_box(const std::vector<Interval>* box, const Vector* direction) {
        box_ = box;
        exact_direction_ = direction;
    }

    Value eval(const ExprNode& n) {
        if (box_ && n.affine) return affine_value(*n.affine);
        std::vector<Value> a;
        a.reserve(n.args.size());
        for (const auto& arg : n.args) {
            if (n.op == Op::pow && n.exponent && a.size() == 1) break;
            a.push_back(eval(*arg));
        }
        // Propagate failures, preferring "certainly undefined".
        const Value* failed = nullptr;
        for (const Value& v : a)
            if (v.status != EvalStatus::ok && (!failed || v.status == EvalStatus::undefined)) failed = &v;
        if (failed) return *failed;
        return apply(n, a);
    }

private:
    Value affine_value(const detail::AffineForm& form) {
        Rational lo = form.constant, hi = form.constant, slope(0);
        for (const auto& [i, a] : form.terms) {
            const Interval& iv = (*box_)[i];
            add_product(lo, a, a.sign() > 0 ? iv.lower : iv.upper);
            add_product(hi, a, a.sign() > 0 ? iv.upper : iv.lower);
            if (exact_direction_) add_product(slope, a, (*exact_direction_)[i]);
        }
        Value v = constant(lo == hi ? Ball::enclose(lo, prec_) : interval_ball(lo, hi));
        if (length_ > 1 && !slope.is_zero()) {
            const Ball d = Ball::enclose(slope, prec_);
            arb_poly_set_coeff_arb(v.s.get(), 1, d.get());
        }
        return v;
    }

    Value constant(const Ball& c) {
        Value v;
        arb_poly_set_arb(v.s.get(), c.get());
        return v;
    }

    Value apply(const ExprNode& n, std::vector<Value>& a) {
        Value r;
        arb_poly_struct* out = r.s.get();
        switch (n.op) {
            case Op::number: return constant(Ball::enclose(n.value, prec_));
            case Op::pi: {
                Ball c;
                arb_const_pi(c.get(), prec_);
                return constant(c);
            }
            case Op::e: {
                Ball c;
                arb_const_e(c.get(), prec_);
                return constant(c);
            }
            case Op::variable: {
                arb_poly_set_coeff_arb(out, 0, point_[n.variable].get());
                if (direction_ && length_ > 1)
                    arb_poly_set_coeff_arb(out, 1, (*direction_)[n.variable].get());
                return r;
            }
            case Op::neg: arb_poly_neg(out, a[0].s.get()); return r;
            case Op::add: arb_poly_add(out, a[0].s.get(), a[1].s.get(), prec_); return r;
            case Op::sub: arb_poly_sub(out, a[0].s.get(), a[1].s.get(), prec_); return r;
            case Op::mul: arb_poly_mullow(out, a[0].s.get(), a[1].s.get(), length_, prec_); return r;
            case Op::div: {
                const Ball d = a[1].s.constant();
                if (arb_is_zero(d.get())) return failure(EvalStatus::undefined, "division by zero");
                if (arb_contains_zero(d.get()))
                    return failure(EvalStatus::maybe_undefined, "division by an interval that contains 0");
                arb_poly_div_series(out, a[0].s.get(), a[1].s.get(), length_, prec_);
                return r;
            }
            case Op::pow: return power(n, a);
            case Op::sin: arb_poly_sin_series(out, a[0].s.get(), length_, prec_); return r;
            case Op::cos: arb_poly_cos_series(out, a[0].s.get(), length_, prec_); return r;
            case Op::exp: arb_poly_exp_series(out, a[0].s.get(), length_, prec_); return r;
            case Op::log: {
                const Ball c = a[0].s.constant();
                if (arb_is_nonpositive(c.get()))
                    return failure(EvalStatus::undefined, "log of a number <= 0");
                if (!arb_is_positive(c.get()))
                    return failure(EvalStatus::maybe_undefined, "log of an interval that reaches 0");
                arb_poly_log_series(out, a[0].s.get(), length_, prec_);
                return r;
            }
            case Op::sqrt: {
                const Ball c = a[0].s.constant();
                if (arb_is_negative(c.get()))
                    return failure(EvalStatus::undefined, "sqrt of a negative number");
                if (!arb_is_nonnegative(c.get()))
                    return failure(EvalStatus::maybe_undefined,
                                   "sqrt of an interval that contains negative numbers");
                if (arb_is_positive(c.get())) {
                    arb_poly_sqrt_series(out, a[0].s.get(), length_, prec_);
                    return r;
                }
                if (length_ > 1) return failure(EvalStatus::not_smooth, "sqrt near 0 (unbounded derivative)");
                // c in [0, hi]: sqrt of the upper end, with 0 kept exactly as the lower end.
                Ball s;
                arb_sqrtpos(s.get(), c.get(), prec_);
                arf_t hi;
                arf_init(hi);
                arb_get_ubound_arf(hi, s.get(), prec_);
                s = zero_to(hi);
                arf_clear(hi);
                return constant(s);
            }
            case Op::abs: {
                const Ball c = a[0].s.constant();
                if (arb_is_positive(c.get())) return std::move(a[0]);
                if (arb_is_negative(c.get())) {
                    arb_poly_neg(out, a[0].s.get());
                    return r;
                }
                if (length_ > 1) return failure(EvalStatus::not_smooth, "abs near 0 (a kink)");
                return constant(tight_abs(c));
            }
            case Op::tanh: {
                // tanh(u) = 1 - 2 / (exp(2u) + 1)
                Series t;
                arb_poly_scalar_mul_2exp_si(t.get(), a[0].s.get(), 1);
                arb_poly_exp_series(t.get(), t.get(), length_, prec_);
                arb_poly_add_si(t.get(), t.get(), 1, prec_);
                arb_poly_inv_series(out, t.get(), length_, prec_);
                arb_poly_scalar_mul_2exp_si(out, out, 1);
                arb_poly_neg(out, out);
                arb_poly_add_si(out, out, 1, prec_);
                Ball c, u = a[0].s.constant();
                arb_tanh(c.get(), u.get(), prec_);
                r.s.set_constant(c);
                return r;
            }
            case Op::sigmoid: {
                // sigmoid(u) = 1 / (1 + exp(-u))
                Series t;
                arb_poly_neg(t.get(), a[0].s.get());
                arb_poly_exp_series(t.get(), t.get(), length_, prec_);
                arb_poly_add_si(t.get(), t.get(), 1, prec_);
                arb_poly_inv_series(out, t.get(), length_, prec_);
                return r;
            }
            case Op::min:
            case Op::max: {
                Value best = std::move(a[0]);
                for (std::size_t i = 1; i < a.size(); ++i) {
                    const Ball b = best.s.constant(), c = a[i].s.constant();
                    // A derivative needs a strict order; a value only a weak one.
                    const bool strict = length_ > 1;
                    const bool keep = n.op == Op::min
                                          ? (strict ? arb_lt(b.get(), c.get()) : arb_le(b.get(), c.get()))
                                          : (strict ? arb_gt(b.get(), c.get()) : arb_ge(b.get(), c.get()));
                    const bool take = n.op == Op::min
                                          ? (strict ? arb_lt(c.get(), b.get()) : arb_le(c.get(), b.get()))
                                          : (strict ? arb_gt(c.get(), b.get()) : arb_ge(c.get(), b.get()));
                    if (keep) continue;
                    if (take) {
                        best = std::move(a[i]);
                        continue;
                    }
                    if (length_ > 1)
                        return failure(EvalStatus::not_smooth,
                                       std::string(detail::op_name(n.op)) + " near a tie (a kink)");
                    Ball m;
                    if (n.op == Op::min) arb_min(m.get(), b.get(), c.get(), prec_);
                    else arb_max(m.get(), b.get(), c.get(), prec_);
                    best = constant(m);
                }
                return best;
            }
        }
        throw InternalError("unknown expression node");
    }

    Value power(const ExprNode& n, std::vector<Value>& a) {
        Value r;
        arb_poly_struct* out = r.s.get();
        const Ball base = a[0].s.constant();
        if (!n.exponent) {  // a variable exponent: base^y = exp(y log base)
            if (arb_is_nonpositive(base.get()))
                return failure(EvalStatus::undefined, "power with a variable exponent of a number <= 0");
            if (!arb_is_positive(base.get()))
                return failure(EvalStatus::maybe_undefined,
                               "power with a variable exponent of an interval that reaches 0");
            arb_poly_pow_series(out, a[0].s.get(), a[1].s.get(), length_, prec_);
            return r;
        }
        const Rational& k = *n.exponent;
        if (k.is_integer()) {
            const Integer& num = k.numerator();
            if (k.sign() < 0 && arb_is_zero(base.get()))
                return failure(EvalStatus::undefined, "division by zero (a negative power of 0)");
            if (k.sign() < 0 && arb_contains_zero(base.get()))
                return failure(EvalStatus::maybe_undefined, "negative power of an interval that contains 0");
            fmpz_t e;
            fmpz_init(e);
            fmpz_set_mpz(e, num.backend().data());
            const bool even = fmpz_is_even(e);
            Ball c;
            if (fmpz_sgn(e) > 0 && (even || !arb_contains_zero(base.get())) && fmpz_cmp_ui(e, 1u << 20) < 0 &&
                !arb_is_exact(base.get()))
                c = monotone_power(even ? tight_abs(base) : base, e, prec_);
            else arb_pow_fmpz(c.get(), base.get(), e, prec_);
            if (length_ > 1) {
                if (fmpz_sgn(e) >= 0 && fmpz_cmp_ui(e, 1u << 20) < 0) {
                    arb_poly_pow_ui_trunc_binexp(out, a[0].s.get(), fmpz_get_ui(e), length_, prec_);
                } else {
                    Ball eb;
                    arb_set_fmpz(eb.get(), e);
                    arb_poly_pow_arb_series(out, a[0].s.get(), eb.get(), length_, prec_);
                }
            }
            fmpz_clear(e);
            if (length_ > 1) {
                r.s.set_constant(c);
                return r;
            }
            return constant(c);
        }
        // Non-integer rational exponent: defined for base >= 0 (base > 0 when k < 0).
        if (arb_is_negative(base.get()) || (k.sign() < 0 && arb_is_zero(base.get())))
            return failure(EvalStatus::undefined,
                           "non-integer power of a number " + std::string(k.sign() < 0 ? "<= 0" : "< 0"));
        Fmpq q(k);
        if (arb_is_positive(base.get())) {
            if (length_ == 1) {
                Ball c;
                arb_pow_fmpq(c.get(), base.get(), q.q, prec_);
                return constant(c);
            }
            Ball eb;
            arb_set_fmpq(eb.get(), q.q, prec_);
            arb_poly_pow_arb_series(out, a[0].s.get(), eb.get(), length_, prec_);
            return r;
        }
        if (k.sign() < 0 || !arb_is_nonnegative(base.get()))
            return failure(EvalStatus::maybe_undefined, "non-integer power of an interval that reaches 0");
        if (length_ > 1) return failure(EvalStatus::not_smooth, "non-integer power near 0");
        // base in [0, hi]: the power is increasing, so the range is [0, hi^k].
        arf_t hi;
        arf_init(hi);
        arb_get_ubound_arf(hi, base.get(), prec_);
        Ball top, c;
        arb_set_arf(top.get(), hi);
        arb_pow_fmpq(c.get(), top.get(), q.q, prec_);
        arb_get_ubound_arf(hi, c.get(), prec_);
        c = zero_to(hi);
        arf_clear(hi);
        return constant(c);
    }

    const std::vector<Ball>& point_;
    const std::vector<Ball>* direction_;
    long length_;
    long prec_;
    const std::vector<Interval>* box_ = nullptr;
    const Vector* exact_direction_ = nullptr;
};

BallEval to_ball_eval(Value v) {
    BallEval out;
    out.status = v.status;
    out.reason = std::move(v.reason);
    if (v.status == EvalStatus::ok) {
        out.value = v.s.constant();
        if (!out.value.is_finite()) {
            out.status = EvalStatus::maybe_undefined;
            out.reason = "the enclosure is not finite";
        }
    }
    return out;
}

SeriesEval to_series_eval(Value v, long length) {
    SeriesEval out;
    out.status = v.status;
    out.reason = std::move(v.reason);
    if (v.status != EvalStatus::ok) return out;
    out.coeffs.resize(static_cast<std::size_t>(length));
    for (long k = 0; k < length; ++k) {
        arb_poly_get_coeff_arb(out.coeffs[k].get(), v.s.get(), k);
        if (!out.coeffs[k].is_finite()) {
            out.status = EvalStatus::maybe_undefined;
            out.reason = "a Taylor coefficient is not finite";
            out.coeffs.clear();
            return out;
        }
    }
    return out;
}

std::vector<Ball> box_balls(const std::vector<Interval>& box, long prec) {
    std::vector<Ball> out;
    out.reserve(box.size());
    for (const Interval& i : box)
        out.push_back(i.lower == i.upper ? Ball::enclose(i.lower, prec) : interval_ball(i.lower, i.upper));
    return out;
}

void check_size(const Expr& e, std::size_t n) {
    if (n != e.dim())
        throw InvalidArgument("point has " + std::to_string(n) + " coordinates; the expression '" + e.text() +
                              "' has " + std::to_string(e.dim()));
}

}  // namespace

BallEval Expr::eval(const std::vector<Ball>& x, long prec) const {
    check_size(*this, x.size());
    Evaluator ev(x, nullptr, 1, prec);
    return to_ball_eval(ev.eval(*root_));
}

BallEval Expr::eval(const std::vector<Interval>& box, long prec) const {
    check_size(*this, box.size());
    const std::vector<Ball> x = box_balls(box, prec);
    Evaluator ev(x, nullptr, 1, prec);
    ev.set_box(&box, nullptr);
    return to_ball_eval(ev.eval(*root_));
}

SeriesEval Expr::taylor(const std::vector<Ball>& point, const std::vector<Ball>& direction, long length,
                        long prec) const {
    check_size(*this, point.size());
    check_size(*this, direction.size());
    RELUX_ASSERT(length >= 1);
    Evaluator ev(point, &direction, length, prec);
    return to_series_eval(ev.eval(*root_), length);
}

SeriesEval Expr::taylor(const std::vector<Interval>& box, const Vector& direction, long length,
                        long prec) const {
    check_size(*this, box.size());
    check_size(*this, direction.size());
    RELUX_ASSERT(length >= 1);
    const std::vector<Ball> x = box_balls(box, prec);
    std::vector<Ball> d;
    for (const Rational& v : direction) d.push_back(Ball::enclose(v, prec));
    Evaluator ev(x, &d, length, prec);
    ev.set_box(&box, &direction);
    return to_series_eval(ev.eval(*root_), length);
}

namespace {

/// The conjunction's truth from the enclosures of each side (evaluated by `side`).
template <class Side>
Truth conjunction(const std::vector<Comparison>& comparisons, Side side) {
    bool all_yes = true;
    for (const Comparison& c : comparisons) {
        BallEval diff = side(c.difference);
        if (!diff.ok()) {
            all_yes = false;
            continue;
        }
        Ball d = diff.value;
        const bool strict = c.op == Comparison::Op::less || c.op == Comparison::Op::greater;
        const bool less = c.op == Comparison::Op::less || c.op == Comparison::Op::less_equal;
        if (less) arb_neg(d.get(), d.get());  // holds iff d > 0 (strict) or d >= 0
        const bool yes = strict ? arb_is_positive(d.get()) : arb_is_nonnegative(d.get());
        const bool no = strict ? arb_is_nonpositive(d.get()) : arb_is_negative(d.get());
        if (no) return Truth::no;
        if (!yes) all_yes = false;
    }
    return all_yes ? Truth::yes : Truth::unknown;
}

}  // namespace

Truth Predicate::eval(const std::vector<Ball>& x, long prec) const {
    return conjunction(comparisons_, [&](const Expr& e) { return e.eval(x, prec); });
}

Truth Predicate::eval(const std::vector<Interval>& box, long prec) const {
    return conjunction(comparisons_, [&](const Expr& e) { return e.eval(box, prec); });
}

}  // namespace relux
