// Class-indicator certificate cells (see check_classes.hpp and proofs/softmax-classes.md). Class
// membership is decided by the checker's own rules (exactly at the vertices for affine comparisons,
// by Arb over the cell's bounding box otherwise); bounds of single-class cells go through the target
// cell checkers, mixed cells through an exact-range bound.

#include "check_classes.hpp"

#include "check_polytope.hpp"
#include "check_target.hpp"
#include "expression_node.hpp"

#include <arb.h>

#include <algorithm>
#include <numeric>

namespace relux::detail {

namespace {

/// yes / no / unknown for "v op 0" given the exact or enclosed range [lo, hi] of v on the cell.
/// `affine`: v is affine and not constant, so {v = 0} is a null set of the cell and the
/// non-strict tests decide the strict comparisons as well (up to that null set).
Truth decide(Comparison::Op op, const Rational& lo, const Rational& hi, bool affine) {
    const bool below = affine ? hi.sign() <= 0 : hi.sign() < 0;  // v < 0 a.e.
    const bool below_eq = hi.sign() <= 0;                        // v <= 0
    const bool above = affine ? lo.sign() >= 0 : lo.sign() > 0;  // v > 0 a.e.
    const bool above_eq = lo.sign() >= 0;                        // v >= 0
    switch (op) {
        case Comparison::Op::less: return below ? Truth::yes : above_eq ? Truth::no : Truth::unknown;
        case Comparison::Op::less_equal: return below_eq ? Truth::yes : above ? Truth::no : Truth::unknown;
        case Comparison::Op::greater: return above ? Truth::yes : below_eq ? Truth::no : Truth::unknown;
        case Comparison::Op::greater_equal: return above_eq ? Truth::yes : below ? Truth::no : Truth::unknown;
    }
    return Truth::unknown;
}

}  // namespace

ClassCellChecker::ClassCellChecker(std::vector<Predicate> classes, std::size_t dim)
    : classes_(std::move(classes)), dim_(dim) {
    for (const Predicate& p : classes_) {
        std::vector<std::optional<AffineForm>> forms;
        for (const Comparison& c : p.comparisons()) forms.push_back(affine_of(c.difference.root()));
        affine_.push_back(std::move(forms));
    }
}

Truth ClassCellChecker::truth(std::size_t k, const std::vector<Vector>& vertices,
                              const std::vector<Interval>& box, long prec) const {
    Truth all = Truth::yes;
    const std::vector<Comparison>& comparisons = classes_[k].comparisons();
    for (std::size_t j = 0; j < comparisons.size(); ++j) {
        const Comparison& c = comparisons[j];
        Truth t = Truth::unknown;
        if (const std::optional<AffineForm>& form = affine_[k][j]) {
            // An affine difference takes its extremes on the cell at vertices.
            auto value = [&](const Vector& x) {
                Rational s = form->constant;
                for (const auto& [i, a] : form->terms) s += a * x[i];
                return s;
            };
            Rational lo = value(vertices[0]), hi = lo;
            for (const Vector& v : vertices) {
                lo = min(lo, value(v));
                hi = max(hi, value(v));
            }
            t = decide(c.op, lo, hi, !form->terms.empty());
        } else {
            const BallEval e = c.difference.eval(box, prec);
            if (e.ok() && e.value.is_finite()) {
                const Interval r = e.value.to_interval();
                t = decide(c.op, r.lower, r.upper, false);
            }
        }
        if (t == Truth::no) return Truth::no;
        if (t == Truth::unknown) all = Truth::unknown;
    }
    return all;
}

const Expr& ClassCellChecker::integrand(std::size_t c, const AffineMap& z) {
    std::string sum = "1";
    for (std::size_t j = 0; j < z.A.rows(); ++j) {
        if (j == c) continue;
        sum += " + exp(";
        for (std::size_t i = 0; i < dim_; ++i)
            sum += "(" + (z.A(j, i) - z.A(c, i)).str() + ")*x" + std::to_string(i + 1) + " + ";
        sum += "(" + (z.b[j] - z.b[c]).str() + "))";
    }
    const std::string text = "2 - 2/(" + sum + ")";
    auto it = integrands_.find(text);
    if (it == integrands_.end()) it = integrands_.emplace(text, Expr::parse(text, dim_)).first;
    return it->second;
}

std::string ClassCellChecker::check_mixed(const CertificateCell& cell, const std::vector<bool>& listed,
                                          long prec) const {
    // softmax_k = 1 / (1 + sum_j exp(z_j - z_k)): smallest where every z_j - z_k is largest.
    const std::size_t m = cell.map.A.rows();
    std::vector<Vector> z;
    for (const Vector& v : cell.vertices) z.push_back(cell.map.apply(v));
    Rational lower, upper;
    for (std::size_t k = 0; k < m; ++k) {
        Ball at_max, at_min;  // 1 + sum exp(max diff), 1 + sum exp(min diff)
        arb_one(at_max.get());
        arb_one(at_min.get());
        for (std::size_t j = 0; j < m; ++j) {
            if (j == k) continue;
            Rational hi = z[0][j] - z[0][k], lo = hi;
            for (const Vector& zv : z) {
                hi = max(hi, zv[j] - zv[k]);
                lo = min(lo, zv[j] - zv[k]);
            }
            Ball e = Ball::enclose(hi, prec);
            arb_exp(e.get(), e.get(), prec);
            arb_add(at_max.get(), at_max.get(), e.get(), prec);
            e = Ball::enclose(lo, prec);
            arb_exp(e.get(), e.get(), prec);
            arb_add(at_min.get(), at_min.get(), e.get(), prec);
        }
        arb_inv(at_max.get(), at_max.get(), prec);
        arb_inv(at_min.get(), at_min.get(), prec);
        const Rational s_lo = at_max.to_interval().lower, s_hi = at_min.to_interval().upper;
        if (listed[k]) {
            lower += min(s_lo, 1 - s_hi);
            upper += max(s_hi, 1 - s_lo);
        } else {
            lower += s_lo;
            upper += s_hi;
        }
    }
    SimplexIndices all(cell.vertices.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    const Rational vol = simplex_volume(cell.vertices, all);
    const Interval range{max(Rational(0), lower) * vol, upper * vol};
    if (cell.bound.lower > range.lower || cell.bound.upper < range.upper)
        return "bound " + cell.bound.str() + " does not contain the range bound " + range.str() +
               " of the integrand over the cell (several classes listed)";
    return {};
}

std::string ClassCellChecker::check(const CertificateCell& cell) {
    const long prec = check_precision(cell.bound);
    const std::size_t m = cell.map.A.rows();
    std::vector<bool> listed(m, false);
    for (std::size_t k : cell.classes) {
        if (k >= m)
            return "lists class " + std::to_string(k + 1) + " but there are " + std::to_string(m) +
                   " classes";
        listed[k] = true;
    }
    if (cell.classes.empty()) return "lists no class; expected the classes that may hold on it";
    std::vector<Interval> box(dim_);  // the cell's bounding box
    for (std::size_t i = 0; i < dim_; ++i) {
        box[i] = {cell.vertices[0][i], cell.vertices[0][i]};
        for (const Vector& v : cell.vertices) box[i] = {min(box[i].lower, v[i]), max(box[i].upper, v[i])};
    }
    for (std::size_t k = 0; k < m; ++k)
        if (!listed[k] && truth(k, cell.vertices, box, prec) != Truth::no)
            return "class " + std::to_string(k + 1) + " is not listed but is not excluded on the cell";
    if (cell.classes.size() > 1) return check_mixed(cell, listed, prec);
    const std::size_t c = cell.classes.front();
    if (truth(c, cell.vertices, box, prec) != Truth::yes)
        return "class " + std::to_string(c + 1) + " is listed alone but does not hold on the whole cell";
    const Expr& h = integrand(c, cell.map);
    const AffineMap zero{Matrix(1, dim_), Vector(1)};
    if (dim_ == 1) {
        const Rational lo = min(cell.vertices[0][0], cell.vertices[1][0]);
        const Rational hi = max(cell.vertices[0][0], cell.vertices[1][0]);
        return check_target_cell(h, CertificateKind::l1, lo, hi, zero, 0, cell.bound);
    }
    return check_target_cell_2d(h, CertificateKind::l1, cell.vertices, zero, cell.bound);
}

}  // namespace relux::detail
