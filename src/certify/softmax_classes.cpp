// Certified L1 distance between a softmax network and class indicators
// (proofs/softmax-classes.md).

#include "relux/certify/softmax_classes.hpp"

#include "expression_node.hpp"
#include "relux/error.hpp"
#include "relux/net/evaluate.hpp"
#include "simplices.hpp"

#include <arb.h>
#include <gmp.h>

#include <algorithm>
#include <queue>
#include <sstream>

namespace relux {

namespace {

using detail::AffineForm;
using detail::point_text;

/// The exact value of an affine form at x.
Rational affine_value(const AffineForm& f, const Vector& x) {
    Rational v = f.constant;
    for (const auto& [k, a] : f.terms) v += a * x[k];
    return v;
}

/// Truth of "value op 0" for every value in [lo, hi] (lo, hi exact bounds of the values).
Truth decide(Comparison::Op op, const Rational& lo, const Rational& hi) {
    switch (op) {
        case Comparison::Op::less:
            return hi.sign() < 0 ? Truth::yes : lo.sign() >= 0 ? Truth::no : Truth::unknown;
        case Comparison::Op::less_equal:
            return hi.sign() <= 0 ? Truth::yes : lo.sign() > 0 ? Truth::no : Truth::unknown;
        case Comparison::Op::greater:
            return lo.sign() > 0 ? Truth::yes : hi.sign() <= 0 ? Truth::no : Truth::unknown;
        case Comparison::Op::greater_equal:
            return lo.sign() >= 0 ? Truth::yes : hi.sign() < 0 ? Truth::no : Truth::unknown;
    }
    return Truth::unknown;
}

/// Decides class membership on a simplex: comparisons whose difference is affine exactly at the
/// vertices (the simplex is their convex hull), the others by Arb over its bounding box.
class ClassOracle {
public:
    ClassOracle(const std::vector<Predicate>& classes, long prec) : classes_(classes), prec_(prec) {
        for (const Predicate& p : classes_) {
            std::vector<std::optional<AffineForm>> forms;
            for (const Comparison& c : p.comparisons())
                forms.push_back(detail::affine_of(c.difference.root()));
            affine_.push_back(std::move(forms));
        }
    }

    /// The hyperplanes of the affine comparisons (with at least one variable).
    std::vector<AffineForm> hyperplanes() const {
        std::vector<AffineForm> out;
        for (const auto& forms : affine_)
            for (const auto& f : forms)
                if (f && !f->terms.empty()) out.push_back(*f);
        return out;
    }

    std::vector<Truth> classify(const std::vector<Vector>& vertices) const {
        const std::vector<Interval> bbox = detail::bounding_box(vertices);
        std::vector<Truth> out;
        for (std::size_t i = 0; i < classes_.size(); ++i) {
            Truth t = Truth::yes;
            const auto& comps = classes_[i].comparisons();
            for (std::size_t j = 0; j < comps.size() && t != Truth::no; ++j) {
                Truth c = Truth::unknown;
                if (const auto& f = affine_[i][j]) {
                    Rational lo = affine_value(*f, vertices[0]), hi = lo;
                    for (const Vector& v : vertices) {
                        const Rational x = affine_value(*f, v);
                        if (x < lo) lo = x;
                        if (x > hi) hi = x;
                    }
                    c = decide(comps[j].op, lo, hi);
                } else {
                    const BallEval e = comps[j].difference.eval(bbox, prec_);
                    if (e.ok() && e.value.is_finite()) {
                        const Interval r = e.value.to_interval();
                        c = decide(comps[j].op, r.lower, r.upper);
                    }
                }
                if (c == Truth::no) t = Truth::no;
                else if (c == Truth::unknown) t = Truth::unknown;
            }
            out.push_back(t);
        }
        return out;
    }

private:
    const std::vector<Predicate>& classes_;
    long prec_;
    std::vector<std::vector<std::optional<AffineForm>>> affine_;
};

/// The network with identity output and, when the class boundaries have affine parts, extra
/// first-layer relu neurons (with zero outgoing weights) whose hyperplanes are those parts, so
/// that the activation regions are split exactly along them.
Network region_network(const Network& net, const std::vector<AffineForm>& planes) {
    Network a = net;
    a.output = OutputKind::identity;
    if (planes.empty()) return a;
    const std::size_t d = net.input_dim, p = planes.size();
    auto plane_rows = [&](Matrix& w, Vector& b, std::size_t first_row) {
        for (std::size_t r = 0; r < p; ++r) {
            for (const auto& [k, c] : planes[r].terms) w(first_row + r, k) = c;
            b[first_row + r] = planes[r].constant;
        }
    };
    Layer& first = a.layers.front();
    if (first.activation == Activation::relu && !first.residual && a.layers.size() > 1 &&
        !a.layers[1].residual) {
        const std::size_t n = first.output_dim();
        Matrix w(n + p, d);
        Vector b(n + p);
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t k = 0; k < d; ++k) w(i, k) = first.weights(i, k);
            b[i] = first.bias[i];
        }
        plane_rows(w, b, n);
        first.weights = std::move(w);
        first.bias = std::move(b);
        Layer& next = a.layers[1];
        Matrix w2(next.output_dim(), n + p);
        for (std::size_t i = 0; i < next.output_dim(); ++i)
            for (std::size_t k = 0; k < n; ++k) w2(i, k) = next.weights(i, k);
        next.weights = std::move(w2);
        return a;
    }
    if (first.residual) return a;  // no clean place for the planes: the refinement bounds them instead
    // Prepend relu(x), relu(-x) and the planes; the old first layer reads x = relu(x) - relu(-x).
    Layer pre;
    pre.activation = Activation::relu;
    pre.weights = Matrix(2 * d + p, d);
    pre.bias = Vector(2 * d + p);
    for (std::size_t k = 0; k < d; ++k) {
        pre.weights(k, k) = 1;
        pre.weights(d + k, k) = -1;
    }
    plane_rows(pre.weights, pre.bias, 2 * d);
    Matrix w(first.output_dim(), 2 * d + p);
    for (std::size_t i = 0; i < first.output_dim(); ++i)
        for (std::size_t k = 0; k < d; ++k) {
            w(i, k) = first.weights(i, k);
            w(i, d + k) = -first.weights(i, k);
        }
    first.weights = std::move(w);
    a.layers.insert(a.layers.begin(), std::move(pre));
    return a;
}

/// A simplex of a region with its certified part of the integral.
struct Cell {
    std::vector<Vector> vertices;
    const AffineMap* logits = nullptr;  ///< the logit map of its region
    Rational lower, upper;
    double width = 0;
    std::size_t region = 0;
    std::vector<std::size_t> classes;  ///< the classes that may hold on it (one: it holds)
};

class Integrator {
public:
    Integrator(const ClassOracle& oracle, std::size_t classes, long prec)
        : oracle_(oracle), m_(classes), prec_(prec) {}

    /// Fills cell.lower/upper: an enclosure of the integral of 2 (1 - softmax_c) over the simplex.
    void bound(Cell& cell) const {
        const std::vector<Vector>& v = cell.vertices;
        const AffineMap& map = *cell.logits;
        const std::vector<Truth> truth = oracle_.classify(v);
        check_partition(truth, v);

        const Rational vol = detail::simplex_volume(v);
        std::vector<Vector> z;  // logits at the vertices
        for (const Vector& x : v) z.push_back(map.apply(x));
        // Exact ranges of z_j - z_k over the simplex give the range of softmax_k.
        std::vector<Ball> s_lo(m_), s_hi(m_);
        for (std::size_t k = 0; k < m_; ++k) softmax_range(z, k, s_lo[k], s_hi[k]);

        // The classes that may hold on the cell: all but those certainly false there.
        std::vector<std::size_t>& possible = cell.classes;
        possible.clear();
        for (std::size_t k = 0; k < m_; ++k)
            if (truth[k] != Truth::no) possible.push_back(k);

        Rational lower, upper;
        if (possible.size() == 1 && truth[possible.front()] == Truth::yes) {
            // The integrand is 2 (1 - s_c): zeroth order from the ends of s_c's range, then second order.
            const std::size_t c = possible.front();
            lower = max(Rational(0), lower_of(two_one_minus(s_hi[c]))) * vol;
            upper = upper_of(two_one_minus(s_lo[c])) * vol;
            second_order(c, v, z, map, s_lo, s_hi, vol, lower, upper);
        } else {
            // Whatever the indicators of the possible classes are at x, |s_i - 1[x in C_i]| lies
            // between min(s_i, 1 - s_i) and max(s_i, 1 - s_i); the other classes contribute s_i.
            std::vector<bool> in(m_, false);
            for (std::size_t k : possible) in[k] = true;
            for (std::size_t k = 0; k < m_; ++k) {
                const Rational lo = lower_of(s_lo[k]), hi = upper_of(s_hi[k]);
                if (in[k]) {
                    lower += min(lo, 1 - hi);
                    upper += max(hi, 1 - lo);
                } else {
                    lower += lo;
                    upper += hi;
                }
            }
            lower = max(Rational(0), lower) * vol;
            upper *= vol;
        }
        cell.lower = detail::round_down(lower, prec_);
        cell.upper = detail::round_up(upper, prec_);
        cell.width = (cell.upper - cell.lower).to_double();
    }

private:
    static Rational lower_of(const Ball& b) { return b.to_interval().lower; }
    static Rational upper_of(const Ball& b) { return b.to_interval().upper; }

    Ball two_one_minus(const Ball& s) const {
        Ball r;
        arb_sub_si(r.get(), s.get(), 1, prec_);
        arb_mul_si(r.get(), r.get(), -2, prec_);
        return r;
    }

    /// s_lo encloses softmax_k at the logits where z_j - z_k are largest, s_hi where smallest.
    void softmax_range(const std::vector<Vector>& z, std::size_t k, Ball& s_lo, Ball& s_hi) const {
        Ball sum_lo, sum_hi, e;
        arb_one(sum_lo.get());
        arb_one(sum_hi.get());
        for (std::size_t j = 0; j < m_; ++j) {
            if (j == k) continue;
            Rational mn = z[0][j] - z[0][k], mx = mn;
            for (const Vector& zv : z) {
                const Rational dlt = zv[j] - zv[k];
                if (dlt < mn) mn = dlt;
                if (dlt > mx) mx = dlt;
            }
            e = Ball::enclose(mx, prec_);
            arb_exp(e.get(), e.get(), prec_);
            arb_add(sum_lo.get(), sum_lo.get(), e.get(), prec_);
            e = Ball::enclose(mn, prec_);
            arb_exp(e.get(), e.get(), prec_);
            arb_add(sum_hi.get(), sum_hi.get(), e.get(), prec_);
        }
        arb_inv(s_lo.get(), sum_lo.get(), prec_);
        arb_inv(s_hi.get(), sum_hi.get(), prec_);
    }

    /// The midpoint rule at the centroid c with the remainder of Taylor's formula: the linear
    /// term integrates to 0 over the simplex, and |g(x) - g(c) - g'(c)(x - c)| <=
    /// 1/2 sum_ij |d^2 g / dz_i dz_j| w_i w_j with w_i = max over the simplex of |z_i(x) - z_i(c)|.
    void second_order(std::size_t c, const std::vector<Vector>& v, const std::vector<Vector>& z,
                      const AffineMap& map, const std::vector<Ball>& s_lo, const std::vector<Ball>& s_hi,
                      const Rational& vol, Rational& lower, Rational& upper) const {
        const Vector centre = detail::vertex_average(v);
        const Vector zc = map.apply(centre);
        // g(c) = 2 (1 - softmax_c(zc)).
        Ball sum, e;
        arb_one(sum.get());
        for (std::size_t j = 0; j < m_; ++j) {
            if (j == c) continue;
            e = Ball::enclose(zc[j] - zc[c], prec_);
            arb_exp(e.get(), e.get(), prec_);
            arb_add(sum.get(), sum.get(), e.get(), prec_);
        }
        Ball gc;
        arb_inv(gc.get(), sum.get(), prec_);
        gc = two_one_minus(gc);
        // s_k over the simplex: a ball containing [s_lo_k, s_hi_k].
        std::vector<Ball> s(m_);
        for (std::size_t k = 0; k < m_; ++k) arb_union(s[k].get(), s_lo[k].get(), s_hi[k].get(), prec_);
        std::vector<Rational> w(m_);
        for (std::size_t i = 0; i < m_; ++i)
            for (const Vector& zv : z) w[i] = max(w[i], abs(zv[i] - zc[i]));
        // Hessian of s_c in z: s_c [(d_ci - s_i)(d_cj - s_j) - s_i (d_ij - s_j)].
        Ball rem, a, b, h, wij;
        for (std::size_t i = 0; i < m_; ++i)
            for (std::size_t j = 0; j < m_; ++j) {
                if (w[i].sign() == 0 || w[j].sign() == 0) continue;
                arb_neg(a.get(), s[i].get());
                if (i == c) arb_add_si(a.get(), a.get(), 1, prec_);
                arb_neg(b.get(), s[j].get());
                if (j == c) arb_add_si(b.get(), b.get(), 1, prec_);
                arb_mul(h.get(), a.get(), b.get(), prec_);
                arb_neg(b.get(), s[j].get());
                if (i == j) arb_add_si(b.get(), b.get(), 1, prec_);
                arb_mul(b.get(), b.get(), s[i].get(), prec_);
                arb_sub(h.get(), h.get(), b.get(), prec_);
                arb_mul(h.get(), h.get(), s[c].get(), prec_);
                arb_abs(h.get(), h.get());
                wij = Ball::enclose(w[i] * w[j], prec_);
                arb_addmul(rem.get(), h.get(), wij.get(), prec_);
            }
        // g = 2 (1 - s_c): its second derivative is -2 H, so the remainder is <= sum |H| w w.
        const Rational r = upper_of(rem);
        const Interval g = gc.to_interval();
        const Rational lo2 = (g.lower - r) * vol, hi2 = (g.upper + r) * vol;
        if (lo2 > lower) lower = lo2;
        if (hi2 < upper) upper = hi2;
    }

    void check_partition(const std::vector<Truth>& truth, const std::vector<Vector>& v) const {
        std::vector<std::size_t> yes;
        bool all_no = true;
        for (std::size_t k = 0; k < truth.size(); ++k) {
            if (truth[k] == Truth::yes) yes.push_back(k);
            if (truth[k] != Truth::no) all_no = false;
        }
        if (yes.size() < 2 && !all_no) return;
        const Vector centre = detail::vertex_average(v);
        if (yes.size() >= 2)
            throw InvalidArgument(
                "classes " + std::to_string(yes[0] + 1) + " and " + std::to_string(yes[1] + 1) +
                " overlap: both hold at x = " + point_text(centre) + " (and on a neighbourhood of it)");
        throw InvalidArgument("no class holds at x = " + point_text(centre) +
                              " (and on a neighbourhood of it): the classes must cover the box");
    }

    const ClassOracle& oracle_;
    std::size_t m_;
    long prec_;
};

}  // namespace

std::vector<Predicate> parse_classes(std::string_view text, std::size_t dim) {
    std::vector<Predicate> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(';', start);
        const std::string_view part = text.substr(start, end == std::string_view::npos ? end : end - start);
        if (part.find_first_not_of(" \t\n") == std::string_view::npos)
            throw ParseError("--classes: class " + std::to_string(out.size() + 1) + " is empty in '" +
                             std::string(text) +
                             "' (expected inequalities such as 'x1^2+x2^2 < 1', one class per ';')");
        try {
            out.push_back(Predicate::parse(part, dim));
        } catch (const ParseError& e) {
            throw ParseError("--classes: class " + std::to_string(out.size() + 1) + ": " + e.what());
        }
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return out;
}

SoftmaxClassResult softmax_class_l1(const Network& net, const std::vector<Predicate>& classes, const Box& box,
                                    const Rational& tol, const SoftmaxClassOptions& options) {
    net.validate();
    if (net.output != OutputKind::softmax)
        throw InvalidArgument(
            "the network's output is not softmax: class-indicator distances need a softmax output");
    if (net.output_dim() != classes.size())
        throw InvalidArgument("the network has " + std::to_string(net.output_dim()) +
                              " softmax outputs but " + std::to_string(classes.size()) +
                              " classes were given (one class per ';')");
    if (box.dim() != net.input_dim)
        throw InvalidArgument("the box has " + std::to_string(box.dim()) + " axes but the network has " +
                              std::to_string(net.input_dim) + " inputs");
    if (box.dim() != 1 && box.dim() != 2)
        throw InvalidArgument(
            "class-indicator distances are certified for 1 or 2 inputs in this version, not " +
            std::to_string(box.dim()));
    for (std::size_t i = 0; i < classes.size(); ++i)
        if (classes[i].dim() > box.dim())
            throw InvalidArgument("class " + std::to_string(i + 1) + " '" + classes[i].text() + "' uses " +
                                  std::to_string(classes[i].dim()) + " variables; the box has " +
                                  std::to_string(box.dim()));
    if (tol.sign() <= 0) throw InvalidArgument("the tolerance must be positive, got " + tol.str());

    const long prec = detail::precision_for_tolerance(tol);
    const ClassOracle oracle(classes, prec);
    RegionOptions ro = options.regions;
    ro.linear = false;
    const RegionResult regions = enumerate_regions(region_network(net, oracle.hyperplanes()), box, ro);

    SoftmaxClassResult result;
    result.regions = regions.regions.size();
    const Integrator integrator(oracle, classes.size(), prec);
    std::vector<Cell> cells;
    for (const detail::MapSimplex& m : detail::region_simplices(regions.regions, box.dim()))
        cells.push_back({m.vertices, m.map, {}, {}, 0, m.region, {}});
    Rational lower, upper;
    using Item = std::pair<double, std::size_t>;
    std::priority_queue<Item> heap;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        integrator.bound(cells[i]);
        lower += cells[i].lower;
        upper += cells[i].upper;
        heap.push({cells[i].width, i});
    }
    while (upper - lower > tol && !heap.empty()) {
        if (cells.size() >= options.max_cells) {
            result.status = CertifyStatus::tolerance_not_reached;
            result.note = "stopped after " + std::to_string(cells.size()) + " cells with width " +
                          std::to_string((upper - lower).to_double()) + " > tolerance " + tol.str();
            break;
        }
        const std::size_t i = heap.top().second;
        heap.pop();
        lower -= cells[i].lower;
        upper -= cells[i].upper;
        auto [a, b] = detail::split_simplex(cells[i].vertices);
        const AffineMap* map = cells[i].logits;
        cells[i].vertices = std::move(a);
        integrator.bound(cells[i]);
        Cell other{std::move(b), map, {}, {}, 0, cells[i].region, {}};
        integrator.bound(other);
        cells.push_back(std::move(other));
        for (std::size_t k : {i, cells.size() - 1}) {
            lower += cells[k].lower;
            upper += cells[k].upper;
            heap.push({cells[k].width, k});
        }
    }
    if (regions.partial) {
        // Missing regions: the integrand is in [0, 2] there.
        const Rational missing = box.volume() - regions.volume;
        upper += 2 * missing;
        result.status = CertifyStatus::tolerance_not_reached;
        result.note = "region enumeration stopped: " + regions.stop_reason;
    }
    result.bound = {max(lower, Rational(0)), upper};
    result.cells = cells.size();
    if (options.want_cells) {
        // Patterns of the given network (the regions' networks may carry extra class-plane
        // neurons): each neuron keeps one sign on a cell, so its state at the centroid is the cell's.
        Network logits = net;
        logits.output = OutputKind::identity;
        for (const Cell& c : cells) {
            CertificateCell cc =
                detail::simplex_cell(c.vertices, regions.regions[c.region], {c.lower, c.upper});
            cc.patterns = {to_string(activation_pattern(logits, detail::vertex_average(c.vertices)))};
            cc.classes = c.classes;
            result.certificate_cells.push_back(std::move(cc));
        }
        detail::order_intervals(result.certificate_cells);
    }
    return result;
}

}  // namespace relux
