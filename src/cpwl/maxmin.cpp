// Lattice forms of mesh interpolants. The only CGAL user in cpwl: the exact LP that decides
// whether an open cell of a hyperplane arrangement inside a simplex is empty.

#include "relux/cpwl/maxmin.hpp"

#include "exact_linear.hpp"
#include "relux/error.hpp"

#include <CGAL/Gmpq.h>
#include <CGAL/QP_functions.h>
#include <CGAL/QP_models.h>

#include <algorithm>
#include <map>
#include <set>

namespace relux {

Rational LatticeForm::operator()(const Vector& x) const {
    RELUX_ASSERT(!sets.empty());
    std::vector<Rational> value(pieces.size());
    std::vector<char> known(pieces.size(), 0);
    auto piece_at = [&](std::size_t j) -> const Rational& {
        if (!known[j]) {
            value[j] = pieces[j](x);
            known[j] = 1;
        }
        return value[j];
    };
    Rational best;
    for (std::size_t i = 0; i < sets.size(); ++i) {
        Rational m = piece_at(sets[i][0]);
        for (std::size_t j : sets[i]) m = min(m, piece_at(j));
        best = i == 0 ? m : max(best, m);
    }
    return best;
}

std::size_t LatticeForm::max_set_size() const {
    std::size_t m = 0;
    for (const auto& s : sets) m = std::max(m, s.size());
    return m;
}

namespace {

/// Distinct pieces of the mesh and, for each simplex, the index of its piece.
std::pair<std::vector<AffinePiece>, std::vector<std::size_t>> distinct_pieces(const Mesh& mesh) {
    std::vector<AffinePiece> pieces;
    std::vector<std::size_t> of_simplex;
    std::map<std::string, std::size_t> index;
    for (std::size_t s = 0; s < mesh.simplices.size(); ++s) {
        AffinePiece p = mesh.piece(s);
        std::string key = p.offset.str();
        for (const Rational& g : p.gradient) key += "," + g.str();
        auto [it, inserted] = index.emplace(key, pieces.size());
        if (inserted) pieces.push_back(std::move(p));
        of_simplex.push_back(it->second);
    }
    return {std::move(pieces), std::move(of_simplex)};
}

/// Keeps the inclusion-minimal sets (sorted, deduplicated), in a deterministic order.
std::vector<std::vector<std::size_t>> minimal_sets(std::vector<std::vector<std::size_t>> sets) {
    std::sort(sets.begin(), sets.end(), [](const auto& a, const auto& b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    sets.erase(std::unique(sets.begin(), sets.end()), sets.end());
    std::vector<std::vector<std::size_t>> kept;
    for (const auto& s : sets) {
        bool dominated = false;
        for (const auto& k : kept)
            if (std::includes(s.begin(), s.end(), k.begin(), k.end())) {
                dominated = true;
                break;
            }
        if (!dominated) kept.push_back(s);
    }
    return kept;
}

using Lp = CGAL::Quadratic_program<CGAL::Gmpq>;

CGAL::Gmpq gmpq(const Rational& r) { return CGAL::Gmpq(r.mpq()); }

/// An affine function a . x + c of the mesh coordinates.
struct Affine {
    Vector a;
    Rational c;
};

/// True when { x : f(x) > 0 for all f } is non-empty: max t subject to f(x) >= t, t <= 1 has
/// optimum t > 0. Exact (CGAL's QP solver over Gmpq).
bool open_cell_nonempty(const std::vector<Affine>& constraints, std::size_t d) {
    Lp lp(CGAL::SMALLER, false, 0, false, 0);  // rows: A z <= b; variables free
    for (std::size_t i = 0; i < constraints.size(); ++i) {
        // -a . x + t <= c
        for (std::size_t j = 0; j < d; ++j)
            if (!constraints[i].a[j].is_zero())
                lp.set_a(static_cast<int>(j), static_cast<int>(i), gmpq(-constraints[i].a[j]));
        lp.set_a(static_cast<int>(d), static_cast<int>(i), CGAL::Gmpq(1));
        lp.set_b(static_cast<int>(i), gmpq(constraints[i].c));
    }
    lp.set_u(static_cast<int>(d), true, CGAL::Gmpq(1));
    lp.set_c(static_cast<int>(d), CGAL::Gmpq(-1));  // minimize -t
    const auto solution = CGAL::solve_linear_program(lp, CGAL::Gmpq());
    RELUX_ASSERT(solution.is_optimal());
    return CGAL::sign(solution.objective_value_numerator()) *
               CGAL::sign(solution.objective_value_denominator()) <
           0;
}

/// Barycentric coordinate functions of simplex s as affine functions of x.
std::vector<Affine> barycentric_functions(const Mesh& mesh, std::size_t s) {
    const std::size_t d = mesh.dim;
    std::vector<Affine> out(d + 1, Affine{Vector(d), Rational(0)});
    // lambda = M^{-1} (x, 1); column j of M^{-1} from solving M z = e_j
    std::vector<Vector> m(d + 1, Vector(d + 1));
    for (std::size_t k = 0; k <= d; ++k) {
        for (std::size_t c = 0; c < d; ++c) m[c][k] = mesh.vertices[mesh.simplices[s][k]][c];
        m[d][k] = 1;
    }
    for (std::size_t j = 0; j <= d; ++j) {
        Vector e(d + 1);
        e[j] = 1;
        const auto col = detail::solve(m, e);
        RELUX_ASSERT(col.has_value());
        for (std::size_t k = 0; k <= d; ++k) {
            if (j < d) out[k].a[j] = (*col)[k];
            else out[k].c = (*col)[k];
        }
    }
    return out;
}

}  // namespace

LatticeForm lattice_form_by_simplex(const Mesh& mesh) {
    auto [pieces, of_simplex] = distinct_pieces(mesh);
    std::vector<std::vector<std::size_t>> sets;
    for (std::size_t k = 0; k < mesh.simplices.size(); ++k) {
        std::vector<std::size_t> s;
        for (std::size_t j = 0; j < pieces.size(); ++j) {
            bool above = true;
            for (std::size_t v : mesh.simplices[k])
                above = above && pieces[j](mesh.vertices[v]) >= pieces[of_simplex[k]](mesh.vertices[v]);
            if (above) s.push_back(j);
        }
        sets.push_back(std::move(s));
    }
    return LatticeForm{std::move(pieces), minimal_sets(std::move(sets))};
}

LatticeForm lattice_form(const Mesh& mesh) {
    if (auto why = mesh.nonconvex_reason())
        throw InvalidArgument("the lattice form needs a convex domain, but " + *why);
    auto [pieces, of_simplex] = distinct_pieces(mesh);
    const std::size_t d = mesh.dim;
    std::vector<std::vector<std::size_t>> sets;
    for (std::size_t k = 0; k < mesh.simplices.size(); ++k) {
        const AffinePiece& own = pieces[of_simplex[k]];
        std::vector<std::size_t> always;  // l_j >= l_k on the whole simplex
        std::vector<Affine> cutting;      // l_j - l_k changes sign inside the simplex
        std::vector<std::size_t> cutting_index;
        for (std::size_t j = 0; j < pieces.size(); ++j) {
            bool pos = false, neg = false;
            for (std::size_t v : mesh.simplices[k]) {
                const int s = (pieces[j](mesh.vertices[v]) - own(mesh.vertices[v])).sign();
                pos = pos || s > 0;
                neg = neg || s < 0;
            }
            if (!neg) always.push_back(j);
            else if (pos) {
                Affine diff{Vector(d), pieces[j].offset - own.offset};
                for (std::size_t c = 0; c < d; ++c) diff.a[c] = pieces[j].gradient[c] - own.gradient[c];
                cutting.push_back(std::move(diff));
                cutting_index.push_back(j);
            }
        }
        // cells of the arrangement of the cutting hyperplanes inside the open simplex, as sign vectors
        const std::vector<Affine> base = barycentric_functions(mesh, k);
        std::vector<std::vector<char>> cells{{}};
        for (std::size_t h = 0; h < cutting.size(); ++h) {
            std::vector<std::vector<char>> next;
            for (const auto& cell : cells)
                for (char sign : {char(1), char(-1)}) {
                    std::vector<Affine> cons = base;
                    for (std::size_t i = 0; i <= h; ++i) {
                        const char s = i < h ? cell[i] : sign;
                        Affine f = cutting[i];
                        if (s < 0) {
                            for (Rational& c : f.a) c = -c;
                            f.c = -f.c;
                        }
                        cons.push_back(std::move(f));
                    }
                    if (open_cell_nonempty(cons, d)) {
                        auto extended = cell;
                        extended.push_back(sign);
                        next.push_back(std::move(extended));
                    }
                }
            cells = std::move(next);
        }
        for (const auto& cell : cells) {
            std::vector<std::size_t> s = always;
            for (std::size_t h = 0; h < cell.size(); ++h)
                if (cell[h] > 0) s.push_back(cutting_index[h]);
            std::sort(s.begin(), s.end());
            sets.push_back(std::move(s));
        }
    }
    return LatticeForm{std::move(pieces), minimal_sets(std::move(sets))};
}

}  // namespace relux
