// Entry points of the 1-D distances: shape checks, the exact routes (CPWL against CPWL, CPWL
// against a polynomial) and the dispatch to the analytic drivers.

#include "relux/certify/distance1d.hpp"

#include "difference1d.hpp"
#include "relux/certify/polynomial1d.hpp"
#include "relux/error.hpp"
#include "relux/geometry/box.hpp"
#include "relux/geometry/regions.hpp"

#include <algorithm>

#include <cctype>
#include <string>

namespace relux {

namespace {

void check_network(const Network& net, const std::string& role) {
    net.validate();
    if (net.input_dim != 1)
        throw InvalidArgument("the " + role + " has " + std::to_string(net.input_dim) +
                              " inputs; a 1-D distance needs one input");
    if (net.output_dim() != 1)
        throw InvalidArgument("the " + role + " has " + std::to_string(net.output_dim()) +
                              " outputs; a distance needs one output");
    if (net.output != OutputKind::identity)
        throw InvalidArgument("the " + role + " has a softmax output; a distance needs an identity output");
}

void check_tol(const Rational& tol) {
    if (tol.sign() <= 0) throw InvalidArgument("tolerance " + tol.str() + " must be positive");
}

void check_pieces(const std::vector<Piece1d>& pieces, const std::string& role) {
    if (pieces.empty()) throw InvalidArgument("the " + role + " has no pieces");
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const Piece1d& p = pieces[i];
        if (!(p.lo < p.hi) || p.slope.empty() || p.slope.size() != p.intercept.size())
            throw InvalidArgument("piece " + std::to_string(i + 1) + " of the " + role +
                                  " is malformed (need lo < hi and a slope and intercept per output)");
        if (i > 0 && pieces[i - 1].hi != p.lo)
            throw InvalidArgument("pieces " + std::to_string(i) + " and " + std::to_string(i + 1) +
                                  " of the " + role + " are not contiguous (" + pieces[i - 1].hi.str() +
                                  " != " + p.lo.str() + ")");
    }
}

/// Coefficients of m x + c - p(x).
Vector difference_polynomial(const Piece1d& piece, const Vector& p) {
    Vector q(std::max<std::size_t>(p.size(), 2));
    for (std::size_t k = 0; k < p.size(); ++k) q[k] = -p[k];
    q[0] += piece.intercept[0];
    q[1] += piece.slope[0];
    return q;
}

L1Result l1_polynomial(const std::vector<Piece1d>& pieces, const Vector& p, const Rational& tol,
                       bool want_cells) {
    L1Result r;
    r.pieces = pieces.size();
    r.exact = true;
    const Rational piece_tol = tol / Rational(static_cast<long>(pieces.size()));
    Rational lower(0), upper(0);
    for (const Piece1d& piece : pieces) {
        PolyAbsIntegral v = integrate_abs(difference_polynomial(piece, p), piece.lo, piece.hi, piece_tol);
        lower += v.value.lower;
        upper += v.value.upper;
        r.exact = r.exact && v.exact;
        if (want_cells) r.cells.push_back(detail::target_cell(piece, piece.lo, piece.hi, 0, v.value));
    }
    if (r.exact) {
        r.bound = {lower, upper};
        return r;
    }
    r.bound = {detail::round_down_to_grid(lower, tol), detail::round_up_to_grid(upper, tol)};
    if (r.bound.width() > tol) {
        r.status = CertifyStatus::tolerance_not_reached;
        r.note = "tolerance " + tol.str() + " not reached at the maximum precision; width " +
                 r.bound.width().str();
    }
    return r;
}

LinfResult linf_polynomial(const std::vector<Piece1d>& pieces, const Vector& p, const Rational& tol,
                           bool want_cells) {
    LinfResult r;
    r.pieces = pieces.size();
    Rational lower(-1), upper(-1);
    const Piece1d* best = nullptr;
    for (const Piece1d& piece : pieces) {
        PolyAbsMaximum v = max_abs(difference_polynomial(piece, p), piece.lo, piece.hi, tol / Rational(2));
        if (v.value.lower > lower) {
            lower = v.value.lower;
            r.witness = v.witness;
            best = &piece;
        }
        upper = max(upper, v.value.upper);
        if (want_cells) {
            // The witness is split out as an end of a cell, where the checker evaluates it.
            if (piece.lo < v.witness && v.witness < piece.hi) {
                r.cells.push_back(detail::target_cell(piece, piece.lo, v.witness, 0, v.value));
                r.cells.push_back(detail::target_cell(piece, v.witness, piece.hi, 0, v.value));
            } else {
                r.cells.push_back(detail::target_cell(piece, piece.lo, piece.hi, 0, v.value));
            }
        }
    }
    r.network_value = best->value(r.witness);
    Rational t(0);
    for (std::size_t k = p.size(); k-- > 0;) t = t * r.witness + p[k];
    r.target_value = {t, t};
    r.exact = lower == upper;
    r.bound = r.exact
                  ? Interval{lower, upper}
                  : Interval{detail::round_down_to_grid(lower, tol), detail::round_up_to_grid(upper, tol)};
    if (r.bound.width() > tol) {
        r.status = CertifyStatus::tolerance_not_reached;
        r.note = "tolerance " + tol.str() + " not reached at the maximum precision; width " +
                 r.bound.width().str();
    }
    // The cells' lower bounds follow the rounded claim (the witness cell's becomes exactly it).
    for (CertificateCell& c : r.cells) c.bound.lower = min(c.bound.lower, r.bound.lower);
    return r;
}

/// Common refinement of two piece lists over the same interval: [lo, hi] with the difference
/// d(x) = slope x + intercept of network minus reference.
struct DiffPiece {
    Rational lo, hi, slope, intercept;
    Rational at(const Rational& x) const { return slope * x + intercept; }
};

std::vector<DiffPiece> merge_pieces(const std::vector<Piece1d>& a, const std::vector<Piece1d>& b) {
    check_pieces(a, "network");
    check_pieces(b, "reference");
    if (a.front().lo != b.front().lo || a.back().hi != b.back().hi)
        throw InvalidArgument("the network's pieces cover [" + a.front().lo.str() + ", " + a.back().hi.str() +
                              "] but the reference's cover [" + b.front().lo.str() + ", " +
                              b.back().hi.str() + "]");
    std::vector<DiffPiece> out;
    std::size_t i = 0, j = 0;
    Rational lo = a.front().lo;
    while (i < a.size() && j < b.size()) {
        const Rational hi = min(a[i].hi, b[j].hi);
        out.push_back({lo, hi, a[i].slope[0] - b[j].slope[0], a[i].intercept[0] - b[j].intercept[0]});
        if (a[i].hi == hi) ++i;
        if (b[j].hi == hi) ++j;
        lo = hi;
    }
    return out;
}

/// Each cell's pattern: the network's activation pattern at the cell's midpoint.
void fill_patterns(const Network& net, std::vector<CertificateCell>& cells) {
    if (cells.empty()) return;
    // The pattern at each cell's midpoint, read off the exact activation regions (one enumeration
    // instead of one network evaluation per cell). A midpoint that is not strictly inside a region
    // (a cell across a neuron flip that does not change the map) is evaluated directly.
    std::vector<std::size_t> order(cells.size());
    std::vector<Rational> mids;
    Rational lo = detail::cell_lo(cells.front()), hi = detail::cell_hi(cells.front());
    for (std::size_t i = 0; i < cells.size(); ++i) {
        order[i] = i;
        mids.push_back((detail::cell_lo(cells[i]) + detail::cell_hi(cells[i])) / Rational(2));
        lo = min(lo, detail::cell_lo(cells[i]));
        hi = max(hi, detail::cell_hi(cells[i]));
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return mids[a] < mids[b]; });
    Box box;
    box.lo = {lo};
    box.hi = {hi};
    struct Span {
        Rational lo, hi;
        std::string pattern;
    };
    std::vector<Span> spans;
    for (const Region& r : enumerate_regions(net, box).regions) {
        const Rational& a = r.vertices.at(0).at(0);
        const Rational& b = r.vertices.at(1).at(0);
        spans.push_back({min(a, b), max(a, b), to_string(r.pattern)});
    }
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.lo < b.lo; });
    std::size_t k = 0;
    for (std::size_t i : order) {
        const Rational& m = mids[i];
        while (k + 1 < spans.size() && spans[k].hi <= m) ++k;
        cells[i].patterns = {spans[k].lo < m && m < spans[k].hi
                                 ? spans[k].pattern
                                 : to_string(activation_pattern(net, Vector{m}))};
    }
}

}  // namespace

namespace detail {

CertificateCell target_cell(const Piece1d& piece, const Rational& lo, const Rational& hi, int sign,
                            const Interval& bound) {
    CertificateCell c;
    c.vertices = {Vector{lo}, Vector{hi}};
    c.facets = {Halfspace{Vector{Rational(1)}, -lo, FacetSource{FacetSource::Kind::box_lower, 0, 0}},
                Halfspace{Vector{Rational(-1)}, hi, FacetSource{FacetSource::Kind::box_upper, 0, 0}}};
    c.sign = sign;
    c.map.A = Matrix(1, 1);
    c.map.A(0, 0) = piece.slope[0];
    c.map.b = Vector{piece.intercept[0]};
    c.bound = bound;
    return c;
}

const Rational& cell_lo(const CertificateCell& cell) { return cell.vertices.at(0).at(0); }
const Rational& cell_hi(const CertificateCell& cell) { return cell.vertices.at(1).at(0); }

}  // namespace detail

Expr compose_target_slice(const Expr& target, const Slice& slice) {
    if (slice.dim() != 1)
        throw InvalidArgument("a target can be composed with a 1-D slice only; this slice has " +
                              std::to_string(slice.dim()) + " directions");
    if (target.dim() != slice.input_dim())
        throw InvalidArgument("target '" + target.text() + "' has " + std::to_string(target.dim()) +
                              " variables but the slice lives in " + std::to_string(slice.input_dim()) +
                              " dimensions");
    // Replace the variables of the canonical text, identifier by identifier.
    const std::string text = target.str();
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (std::isdigit(c) || c == '.') {  // a number, with its exponent ("2e-3" is not a variable)
            std::size_t j = i;
            while (j < text.size() &&
                   (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '.' ||
                    ((text[j] == '-' || text[j] == '+') && (text[j - 1] == 'e' || text[j - 1] == 'E'))))
                ++j;
            out += text.substr(i, j - i);
            i = j;
            continue;
        }
        if (!std::isalpha(c) && c != '_') {
            out += text[i++];
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) ++j;
        const std::string word = text.substr(i, j - i);
        i = j;
        std::size_t var = 0;
        if (word == "x") {
            var = 1;
        } else if (word.size() > 1 && word[0] == 'x' &&
                   word.find_first_not_of("0123456789", 1) == std::string::npos) {
            var = std::stoul(word.substr(1));
        }
        if (var == 0 || var > slice.input_dim()) {
            out += word;
            continue;
        }
        out += "(" + slice.origin[var - 1].str() + " + " + slice.directions[0][var - 1].str() + " * x)";
    }
    return Expr::parse(out, 1);
}

std::string_view to_string(CertifyStatus status) {
    return status == CertifyStatus::certified ? "certified" : "tolerance not reached";
}

L1Result l1_1d(const std::vector<Piece1d>& pieces, const Expr& target, const Rational& tol,
               const CertifyOptions& options) {
    check_tol(tol);
    check_pieces(pieces, "network");
    if (target.dim() != 1)
        throw InvalidArgument("target '" + target.text() + "' has " + std::to_string(target.dim()) +
                              " variables; a 1-D distance needs a target in x");
    if (auto p = target.polynomial_coefficients()) return l1_polynomial(pieces, *p, tol, options.want_cells);
    return detail::l1_analytic(pieces, target, tol, options);
}

L1Result l1_1d(const Network& net, const Expr& target, const Rational& a, const Rational& b,
               const Rational& tol, const CertifyOptions& options) {
    check_network(net, "network");
    check_tol(tol);
    L1Result r = l1_1d(pieces_1d(net, a, b), target, tol, options);
    fill_patterns(net, r.cells);
    return r;
}

LinfResult linf_1d(const std::vector<Piece1d>& pieces, const Expr& target, const Rational& tol,
                   const CertifyOptions& options) {
    check_tol(tol);
    check_pieces(pieces, "network");
    if (target.dim() != 1)
        throw InvalidArgument("target '" + target.text() + "' has " + std::to_string(target.dim()) +
                              " variables; a 1-D distance needs a target in x");
    if (auto p = target.polynomial_coefficients())
        return linf_polynomial(pieces, *p, tol, options.want_cells);
    return detail::linf_analytic(pieces, target, tol, options);
}

LinfResult linf_1d(const Network& net, const Expr& target, const Rational& a, const Rational& b,
                   const Rational& tol, const CertifyOptions& options) {
    check_network(net, "network");
    check_tol(tol);
    LinfResult r = linf_1d(pieces_1d(net, a, b), target, tol, options);
    fill_patterns(net, r.cells);
    return r;
}

L1Result l1_1d(const std::vector<Piece1d>& pieces, const std::vector<Piece1d>& reference) {
    const std::vector<DiffPiece> d = merge_pieces(pieces, reference);
    Rational sum(0);
    for (const DiffPiece& p : d) {
        const Rational dl = p.at(p.lo), dh = p.at(p.hi), w = p.hi - p.lo;
        if (dl.sign() * dh.sign() >= 0) {
            sum += w * abs(dl + dh) / Rational(2);  // one sign: a trapezoid
        } else {
            // Two triangles meeting at the root lo + w |dl| / (|dl| + |dh|).
            sum += w * (dl * dl + dh * dh) / (Rational(2) * (abs(dl) + abs(dh)));
        }
    }
    L1Result r;
    r.bound = {sum, sum};
    r.exact = true;
    r.pieces = d.size();
    return r;
}

L1Result l1_1d(const Network& net, const Network& reference, const Rational& a, const Rational& b) {
    check_network(net, "network");
    check_network(reference, "reference network");
    return l1_1d(pieces_1d(net, a, b), pieces_1d(reference, a, b));
}

LinfResult linf_1d(const std::vector<Piece1d>& pieces, const std::vector<Piece1d>& reference) {
    const std::vector<DiffPiece> d = merge_pieces(pieces, reference);
    // |d| is convex on each piece: its maximum is at an end of a piece.
    LinfResult r;
    Rational best(-1);
    for (const DiffPiece& p : d) {
        for (const Rational& x : {p.lo, p.hi}) {
            const Rational v = abs(p.at(x));
            if (v > best) {
                best = v;
                r.witness = x;
            }
        }
    }
    r.bound = {best, best};
    r.exact = true;
    r.pieces = d.size();
    // Values at the witness from the pieces that contain it.
    for (const Piece1d& p : pieces)
        if (p.lo <= r.witness && r.witness <= p.hi) {
            r.network_value = p.value(r.witness);
            break;
        }
    for (const Piece1d& p : reference)
        if (p.lo <= r.witness && r.witness <= p.hi) {
            const Rational t = p.value(r.witness);
            r.target_value = {t, t};
            break;
        }
    return r;
}

LinfResult linf_1d(const Network& net, const Network& reference, const Rational& a, const Rational& b) {
    check_network(net, "network");
    check_network(reference, "reference network");
    return linf_1d(pieces_1d(net, a, b), pieces_1d(reference, a, b));
}

}  // namespace relux
