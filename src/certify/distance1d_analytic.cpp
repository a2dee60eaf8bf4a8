// Certified L1 and sup-norm distance to a non-polynomial target: adaptive refinement of the
// cells of difference1d.hpp (proofs/l1-1d.md).

#include "difference1d.hpp"
#include "relux/certify/distance1d.hpp"
#include "relux/error.hpp"

#include <gmp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <queue>

namespace relux::detail {

namespace {

Rational grid_step(const Rational& tol) {
    const long e = static_cast<long>(mpz_sizeinbase(mpq_numref(tol.mpq()), 2)) -
                   static_cast<long>(mpz_sizeinbase(mpq_denref(tol.mpq()), 2)) - 11;
    Integer p(1);
    p <<= static_cast<unsigned>(e < 0 ? -e : e);
    return e >= 0 ? Rational(p) : Rational(Integer(1), p);
}

Integer floor_div(const Rational& x, const Rational& g) {
    const Rational q = x / g;
    Integer n = q.numerator(), d = q.denominator(), r;
    mpz_fdiv_q(r.backend().data(), n.backend().data(), d.backend().data());
    return r;
}

/// "1.2e-10": three significant digits, for messages only.
std::string about(const Rational& x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", x.to_double());
    return buf;
}

double width_of(const Ball& b) { return 2.0 * mag_get_d(arb_radref(b.get())); }

/// Upper bound of |b| as a rational.
Rational abs_upper(const Ball& b) {
    Interval i = b.to_interval();
    return max(abs(i.lower), abs(i.upper));
}

/// Lower bound of |b| as a rational (0 when b contains 0).
Rational abs_lower(const Ball& b) {
    Interval i = b.to_interval();
    if (i.lower.sign() > 0) return i.lower;
    if (i.upper.sign() < 0) return -i.upper;
    return Rational(0);
}

/// Cells sorted by their left end.
void sort_by_lo(std::vector<CertificateCell>& cells) {
    std::sort(cells.begin(), cells.end(),
              [](const CertificateCell& a, const CertificateCell& b) { return cell_lo(a) < cell_lo(b); });
}

void check_pieces(const std::vector<Piece1d>& pieces, const Expr& target) {
    if (pieces.empty()) throw InvalidArgument("no pieces to certify");
    if (target.dim() != 1)
        throw InvalidArgument("target '" + target.text() + "' has " + std::to_string(target.dim()) +
                              " variables; a 1-D distance needs a target in x");
}

}  // namespace

long working_precision(const Rational& tol, long options_prec) {
    const long bits = static_cast<long>(mpz_sizeinbase(mpq_denref(tol.mpq()), 2)) -
                      static_cast<long>(mpz_sizeinbase(mpq_numref(tol.mpq()), 2));
    return std::max(options_prec, bits + 64);
}

Rational round_down_to_grid(const Rational& x, const Rational& tol) {
    const Rational g = grid_step(tol);
    return Rational(floor_div(x, g)) * g;
}

Rational round_up_to_grid(const Rational& x, const Rational& tol) {
    const Rational g = grid_step(tol);
    return -Rational(floor_div(-x, g)) * g;
}

L1Result l1_analytic(const std::vector<Piece1d>& pieces, const Expr& target, const Rational& tol,
                     const CertifyOptions& options) {
    check_pieces(pieces, target);
    Analyzer an(target, pieces, working_precision(tol, options.prec));
    const long prec = an.prec();
    // The piece ends first: an undefined target is reported at the first such point.
    for (const Piece1d& p : pieces) an.target_at(p.lo);
    an.target_at(pieces.back().hi);

    std::vector<Cell> cells;
    for (std::size_t i = 0; i < pieces.size(); ++i) an.analyze(i, pieces[i].lo, pieces[i].hi, cells);

    struct Entry {
        Ball contribution;  // encloses integral of |g| over the cell
        bool bounded = false;
        double width = 0;
        bool alive = true;
    };
    std::vector<Entry> entries;
    using Item = std::pair<double, std::size_t>;
    std::priority_queue<Item> heap;
    double estimate = 0;

    auto add_entry = [&](std::size_t i) {
        Cell& c = cells[i];
        Entry e;
        e.bounded = c.bounded;
        if (!c.bounded) {
            e.width = std::numeric_limits<double>::infinity();
        } else if (c.kind == Cell::Kind::root && c.ends) {
            // Monotone with one root: |g| <= max(|g(lo)|, |g(hi)|) on the cell.
            Ball top;
            Rational u = max(abs_upper(c.ends->first), abs_upper(c.ends->second)) * (c.hi - c.lo);
            top = interval_ball(Rational(0), u);
            e.contribution = top;
        } else if (c.sign != 0) {
            e.contribution = an.integral(c);
            arb_abs(e.contribution.get(), e.contribution.get());
        } else {
            const Rational u = abs_upper(c.range) * (c.hi - c.lo);
            e.contribution = interval_ball(Rational(0), u);
        }
        if (c.bounded) e.width = width_of(e.contribution);
        entries.push_back(std::move(e));
        heap.push({entries.back().width, i});
        estimate += entries.back().width;
    };
    for (std::size_t i = 0; i < cells.size(); ++i) add_entry(i);

    L1Result result;
    result.pieces = pieces.size();
    // The live cells with their contributions (lower clamped at 0: |g| >= 0), which the total's
    // ball contains the sum of.
    auto fill_cells = [&] {
        if (!options.want_cells) return;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (!entries[i].alive) continue;
            const Cell& c = cells[i];
            Interval b = entries[i].contribution.to_interval();
            b.lower = max(Rational(0), b.lower);
            const int sign = c.kind == Cell::Kind::root ? 0 : c.sign;
            result.cells.push_back(target_cell(pieces[c.piece], c.lo, c.hi, sign, b));
        }
        sort_by_lo(result.cells);
    };
    const double tol_d = tol.to_double();
    double target_estimate = tol_d;
    for (;;) {
        while (!heap.empty() && estimate > 0.25 * target_estimate &&
               result.subdivisions < options.max_subdivisions) {
            const auto [w, i] = heap.top();
            heap.pop();
            if (!entries[i].alive) continue;
            an.check_unbounded(cells[i]);
            entries[i].alive = false;
            estimate -= std::isinf(w) ? 0 : w;
            const std::size_t piece = cells[i].piece;
            const Rational lo = cells[i].lo, hi = cells[i].hi, mid = (lo + hi) / Rational(2);
            const std::size_t first = cells.size();
            an.analyze(piece, lo, mid, cells);
            an.analyze(piece, mid, hi, cells);
            for (std::size_t j = first; j < cells.size(); ++j) add_entry(j);
            ++result.subdivisions;
        }
        // Rigorous total over the live cells.
        Ball total;
        bool bounded = true;
        estimate = 0;
        for (const Entry& e : entries) {
            if (!e.alive) continue;
            if (!e.bounded) {
                bounded = false;
                continue;
            }
            arb_add(total.get(), total.get(), e.contribution.get(), prec);
            estimate += e.width;
        }
        if (bounded) {
            Interval iv = total.to_interval();
            result.bound = {max(Rational(0), round_down_to_grid(iv.lower, tol)),
                            round_up_to_grid(iv.upper, tol)};
            if (result.bound.width() <= tol) {
                fill_cells();
                return result;
            }
        }
        // (The last condition guards against an estimate that no longer drives refinement.)
        if (result.subdivisions >= options.max_subdivisions || heap.empty() ||
            target_estimate < tol_d * 1e-30) {
            result.status = CertifyStatus::tolerance_not_reached;
            if (!bounded)
                throw InvalidArgument("target '" + target.text() +
                                      "' could not be bounded on part of the interval "
                                      "within the budget of " +
                                      std::to_string(options.max_subdivisions) +
                                      " subdivisions; it may be undefined or unbounded there");
            result.note = "tolerance " + tol.str() + " not reached after " +
                          std::to_string(result.subdivisions) + " subdivisions; width reached " +
                          result.bound.width().str() + " (about " + about(result.bound.width()) + ")";
            fill_cells();
            return result;
        }
        target_estimate = std::min(target_estimate, estimate) * 0.5;
    }
}

LinfResult linf_analytic(const std::vector<Piece1d>& pieces, const Expr& target, const Rational& tol,
                         const CertifyOptions& options) {
    check_pieces(pieces, target);
    Analyzer an(target, pieces, working_precision(tol, options.prec));
    LinfResult result;
    result.pieces = pieces.size();

    // Lower bound: the best certified |g(p)| over the rational points seen.
    Rational best = -1;
    std::size_t best_piece = 0;
    Rational best_x;
    auto consider = [&](std::size_t piece, const Rational& x, const Ball& g) {
        const Rational v = abs_lower(g);
        if (v > best) {
            best = v;
            best_piece = piece;
            best_x = x;
        }
    };
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        if (auto v = an.value_at(i, pieces[i].lo)) consider(i, pieces[i].lo, *v);
        if (auto v = an.value_at(i, pieces[i].hi)) consider(i, pieces[i].hi, *v);
    }

    std::vector<Cell> cells;
    for (std::size_t i = 0; i < pieces.size(); ++i) an.analyze(i, pieces[i].lo, pieces[i].hi, cells);

    struct Entry {
        Rational upper;  // sup |g| on the cell is at most this (when bounded)
        bool bounded = false;
        bool alive = true;
    };
    std::vector<Entry> entries;
    using Item = std::pair<double, std::size_t>;
    std::priority_queue<Item> heap;
    auto add_entry = [&](std::size_t i) {
        Cell& c = cells[i];
        Entry e;
        if (c.slope != 0 && !c.ends) {
            auto a = an.value_at(c.piece, c.lo), b = an.value_at(c.piece, c.hi);
            if (a && b) c.ends = std::make_pair(*a, *b);
        }
        if (c.slope != 0 && c.ends) {
            // Monotone: the extreme values are at the ends.
            consider(c.piece, c.lo, c.ends->first);
            consider(c.piece, c.hi, c.ends->second);
            e.upper = max(abs_upper(c.ends->first), abs_upper(c.ends->second));
            e.bounded = true;
        } else {
            const Rational mid = (c.lo + c.hi) / Rational(2);
            if (!c.mid_series.empty()) consider(c.piece, mid, c.mid_series[0]);
            else if (auto v = an.value_at(c.piece, mid)) consider(c.piece, mid, *v);
            if (c.bounded) {
                e.upper = abs_upper(c.range);
                e.bounded = true;
            }
        }
        const double key = e.bounded ? e.upper.to_double() : std::numeric_limits<double>::infinity();
        entries.push_back(std::move(e));
        heap.push({key, i});
    };
    for (std::size_t i = 0; i < cells.size(); ++i) add_entry(i);

    for (;;) {
        while (!heap.empty() && !entries[heap.top().second].alive) heap.pop();
        if (heap.empty()) break;
        const std::size_t i = heap.top().second;
        const Entry& top = entries[i];
        // Half the tolerance: room for the outward rounding of the reported ends.
        if (top.bounded && top.upper - best <= tol / Rational(2)) break;
        if (result.subdivisions >= options.max_subdivisions) {
            result.status = CertifyStatus::tolerance_not_reached;
            break;
        }
        heap.pop();
        an.check_unbounded(cells[i]);
        entries[i].alive = false;
        const std::size_t piece = cells[i].piece;
        const Rational lo = cells[i].lo, hi = cells[i].hi, mid = (lo + hi) / Rational(2);
        const std::size_t first = cells.size();
        an.analyze(piece, lo, mid, cells);
        an.analyze(piece, mid, hi, cells);
        for (std::size_t j = first; j < cells.size(); ++j) add_entry(j);
        ++result.subdivisions;
    }

    Rational upper = best;
    for (const Entry& e : entries) {
        if (!e.alive) continue;
        if (!e.bounded)
            throw InvalidArgument("target '" + target.text() +
                                  "' could not be bounded on part of the interval "
                                  "within the budget; it may be undefined or unbounded there");
        upper = max(upper, e.upper);
    }
    // The witness: the exact network value against a fresh enclosure of the target.
    result.witness = best_x;
    result.network_value = an.network_at(best_piece, best_x);
    auto f = best.sign() >= 0 ? an.target_at(best_x) : std::nullopt;
    if (!f)
        throw InvalidArgument("target '" + target.text() +
                              "' could not be evaluated rigorously at any point of [" +
                              pieces.front().lo.str() + ", " + pieces.back().hi.str() + "]");
    result.target_value = f->to_interval();
    const Rational& n = result.network_value;
    Rational lower(0);
    if (n < result.target_value.lower) lower = result.target_value.lower - n;
    else if (n > result.target_value.upper) lower = n - result.target_value.upper;
    result.bound = {round_down_to_grid(lower, tol), round_up_to_grid(max(upper, lower), tol)};
    if (result.bound.width() > tol && result.status == CertifyStatus::certified) {
        result.status = CertifyStatus::tolerance_not_reached;
    }
    if (result.status == CertifyStatus::tolerance_not_reached)
        result.note = "tolerance " + tol.str() + " not reached after " + std::to_string(result.subdivisions) +
                      " subdivisions; width reached " + result.bound.width().str() + " (about " +
                      about(result.bound.width()) + ")";
    if (options.want_cells) {
        // Each live cell with [0, its upper bound]; the cell containing the witness is split there
        // so that the witness is an end of a cell, which then carries the claimed lower bound.
        bool split = false;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (!entries[i].alive) continue;
            const Cell& c = cells[i];
            const Interval b{Rational(0), round_up_to_grid(entries[i].upper, tol)};
            const Piece1d& piece = pieces[c.piece];
            if (!split && c.lo < best_x && best_x < c.hi) {
                split = true;
                result.cells.push_back(target_cell(piece, c.lo, best_x, 0, b));
                result.cells.push_back(target_cell(piece, best_x, c.hi, 0, b));
            } else {
                result.cells.push_back(target_cell(piece, c.lo, c.hi, c.sign, b));
            }
        }
        sort_by_lo(result.cells);
        for (CertificateCell& cell : result.cells)
            if (cell_lo(cell) == best_x || cell_hi(cell) == best_x) {
                cell.bound.lower = result.bound.lower;
                break;
            }
    }
    return result;
}

}  // namespace relux::detail
