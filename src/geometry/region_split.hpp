#pragma once
// Testing a piece against a neuron's hyperplane and splitting it (private to src/geometry).
// proofs/regions.md, "Splitting a cell", proves what these functions maintain.

#include "region_cells.hpp"

#include <bit>
#include <deque>

namespace relux::regions_detail {

/// A neuron's relation to a piece: its state on the whole piece, or `cuts`.
enum class Relation { positive, negative, zero, cuts };

/// Decides exactly how the hyperplane h meets the piece. Fills signs[v] for every vertex unless it
/// returns `cuts` (then it may stop early). `zero` means h is identically zero (the piece is
/// full-dimensional, so no other affine function vanishes on it).
template <class K>
Relation relate(const K& kernel, const Piece<K>& piece, const typename K::Plane& h,
                std::vector<signed char>& signs, bool& any_zero) {
    any_zero = false;
    if (h.zero) return Relation::zero;
    const std::size_t n = piece.verts.size();
    signs.resize(n);
    bool pos = false, neg = false;
    for (std::size_t v = 0; v < n; ++v) {
        const int s = kernel.sign(h, *piece.verts[v]);
        signs[v] = static_cast<signed char>(s);
        pos |= s > 0;
        neg |= s < 0;
        any_zero |= s == 0;
        if (pos && neg) return Relation::cuts;
    }
    if (pos) return Relation::positive;
    if (neg) return Relation::negative;
    return Relation::zero;  // unreachable for exact kernels (h != 0 on a full-dimensional piece)
}

/// After relate() found no cut and some zero signs: records `neuron` in the mask of every facet on
/// which h vanishes (all of the facet's vertices have sign 0).
template <class K>
void record_vanishing(Piece<K>& piece, const std::vector<signed char>& signs, std::uint32_t neuron,
                      std::size_t dim, std::size_t words) {
    const std::size_t n = piece.verts.size();
    for (std::size_t f = 0; f < piece.facets.size(); ++f) {
        bool all_zero = true;
        if (dim == 2) {
            all_zero = signs[f] == 0 && signs[(f + 1) % n] == 0;
        } else {
            for (std::size_t v = 0; v < n && all_zero; ++v)
                if (test_bit(&piece.tight[v * words], piece.facets[f].table) && signs[v] != 0)
                    all_zero = false;
        }
        auto& mask = piece.facets[f].mask;
        if (all_zero && (mask.empty() || mask.back() != neuron)) mask.push_back(neuron);
    }
}

/// Splits a planar piece (d = 2) by h, which cuts it (signs from relate()). The pieces get the
/// vertices and facets of P ∩ {h >= 0} and P ∩ {h <= 0}, counter-clockwise; pattern and path are
/// left to the caller. The new vertices (on h = 0, in both pieces) are added to *created.
template <class K>
void split_planar(const K& kernel, const Piece<K>& piece, const typename K::Plane& h,
                  const FacetEquation<K>* eq, std::uint32_t table, const std::vector<signed char>& signs,
                  std::deque<typename K::Point>& arena, Piece<K>& plus, Piece<K>& minus,
                  Small<const typename K::Point*>* created = nullptr) {
    using Point = typename K::Point;
    const std::size_t n = piece.verts.size();
    Small<const Point*> crossing(n, nullptr);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t j = i + 1 == n ? 0 : i + 1;
        if (signs[i] * signs[j] < 0) {
            arena.push_back(kernel.meet_2d(piece.facets[i].eq->plane, h));
            crossing[i] = &arena.back();
            if (created) created->push_back(crossing[i]);
        }
    }
    auto build = [&](Piece<K>& out, int side) {
        const FacetRecord<K> cut{eq, static_cast<signed char>(side), table, {}};
        out.verts.reserve(n + 1);
        out.facets.reserve(n + 1);
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t j = i + 1 == n ? 0 : i + 1;
            const int si = side * signs[i], sj = side * signs[j];
            if (si >= 0) {
                out.verts.push_back(piece.verts[i]);
                out.facets.push_back(sj >= 0 || si > 0 ? piece.facets[i] : cut);
            }
            if (si > 0 && sj < 0) {
                out.verts.push_back(crossing[i]);
                out.facets.push_back(cut);
            } else if (si < 0 && sj > 0) {
                out.verts.push_back(crossing[i]);
                out.facets.push_back(piece.facets[i]);
            }
        }
    };
    build(plus, 1);
    build(minus, -1);
}

/// Splits a piece of any dimension by h, which cuts it (signs from relate()). New vertices lie on
/// the edges [u, v] with h(u) < 0 < h(v); u, v span an edge iff no third vertex is tight on every
/// facet tight at both and at least d - 1 facets are (proofs/regions.md). Tight bits of the
/// pieces are restricted to their own facets. The new vertices are added to *created_out.
template <class K>
void split_general(const K& kernel, const Piece<K>& piece, const typename K::Plane& h,
                   const FacetEquation<K>* eq, std::uint32_t table, const std::vector<signed char>& signs,
                   std::size_t words, std::deque<typename K::Point>& arena, Piece<K>& plus, Piece<K>& minus,
                   Small<const typename K::Point*>* created_out = nullptr) {
    using Point = typename K::Point;
    using Num = typename K::Num;
    const std::size_t n = piece.verts.size();
    const std::size_t d = kernel.d;
    auto row = [&](std::size_t v) { return &piece.tight[v * words]; };

    Small<std::size_t> pos, neg;
    for (std::size_t v = 0; v < n; ++v) {
        if (signs[v] > 0) pos.push_back(v);
        if (signs[v] < 0) neg.push_back(v);
    }
    std::vector<Num> value(n);
    std::vector<char> have(n, 0);
    auto value_at = [&](std::size_t v) -> const Num& {
        if (!have[v]) {
            kernel.value(value[v], h, *piece.verts[v]);
            have[v] = 1;
        }
        return value[v];
    };

    std::vector<const Point*> created;
    std::vector<std::uint64_t> created_tight;
    Small<std::uint64_t> both(words);
    for (std::size_t u : neg) {
        for (std::size_t v : pos) {
            std::size_t count = 0;
            for (std::size_t w = 0; w < words; ++w) {
                both[w] = row(u)[w] & row(v)[w];
                count += static_cast<std::size_t>(std::popcount(both[w]));
            }
            if (count + 1 < d) continue;
            bool edge = true;
            for (std::size_t x = 0; x < n && edge; ++x) {
                if (x == u || x == v) continue;
                bool contains = true;
                for (std::size_t w = 0; w < words && contains; ++w) contains = (both[w] & ~row(x)[w]) == 0;
                if (contains) edge = false;
            }
            if (!edge) continue;
            arena.push_back(kernel.on_edge(*piece.verts[u], value_at(u), *piece.verts[v], value_at(v)));
            created.push_back(&arena.back());
            if (created_out) created_out->push_back(&arena.back());
            const std::size_t at = created_tight.size();
            created_tight.insert(created_tight.end(), both.begin(), both.end());
            set_bit(&created_tight[at], table);
        }
    }

    auto build = [&](Piece<K>& out, int side) {
        Small<std::uint64_t> keep(words, 0);
        for (const FacetRecord<K>& f : piece.facets) {
            bool survives = false;
            for (std::size_t v = 0; v < n && !survives; ++v)
                survives = side * signs[v] > 0 && test_bit(row(v), f.table);
            if (survives) {
                out.facets.push_back(f);
                set_bit(keep.data(), f.table);
            }
        }
        out.facets.push_back(FacetRecord<K>{eq, static_cast<signed char>(side), table, {}});
        set_bit(keep.data(), table);
        auto add = [&](const Point* p, const std::uint64_t* bits, bool on_cut) {
            out.verts.push_back(p);
            const std::size_t at = out.tight.size();
            out.tight.insert(out.tight.end(), bits, bits + words);
            if (on_cut) set_bit(&out.tight[at], table);
            for (std::size_t w = 0; w < words; ++w) out.tight[at + w] &= keep[w];
        };
        for (std::size_t v = 0; v < n; ++v)
            if (side * signs[v] >= 0) add(piece.verts[v], row(v), signs[v] == 0);
        for (std::size_t c = 0; c < created.size(); ++c) add(created[c], &created_tight[c * words], false);
    };
    build(plus, 1);
    build(minus, -1);
}

/// Exact volume of a piece: the shoelace formula for d = 2, else the sum of |det| over a pulling
/// triangulation (apex: the first vertex of each face; faces found from the tight bits). With
/// `numerator`, also the integer N of volume = N / (d! * product of the vertex weights).
template <class K>
Rational piece_volume(const K& kernel, const Piece<K>& piece, std::size_t words,
                      typename K::Num* numerator = nullptr) {
    const std::size_t n = piece.verts.size();
    const std::size_t d = kernel.d;
    if (d == 2) return kernel.polygon_area(piece.verts.data(), n, numerator);
    thread_local std::vector<std::uint32_t> simplices;  // d + 1 vertex indices each
    simplices.clear();
    using Set = Small<std::uint64_t>;
    const std::size_t vw = words_for(n);
    std::vector<Set> facet_sets;
    for (const FacetRecord<K>& f : piece.facets) {
        Set s(vw, 0);
        for (std::size_t v = 0; v < n; ++v)
            if (test_bit(&piece.tight[v * words], f.table)) set_bit(s.data(), v);
        facet_sets.push_back(std::move(s));
    }
    Small<std::uint32_t> simplex(d + 1, 0);
    auto first = [&](const Set& s) {
        for (std::size_t w = 0; w < vw; ++w)
            if (s[w]) return w * 64 + static_cast<std::size_t>(std::countr_zero(s[w]));
        return n;
    };
    auto subset = [&](const Set& a, const Set& b) {
        for (std::size_t w = 0; w < vw; ++w)
            if (a[w] & ~b[w]) return false;
        return true;
    };
    auto triangulate = [&](auto&& self, const Set& face, std::size_t k) -> void {
        const std::size_t apex = first(face);
        simplex[d - k] = static_cast<std::uint32_t>(apex);
        if (k == 0) {
            simplices.insert(simplices.end(), simplex.begin(), simplex.end());
            return;
        }
        std::vector<Set> parts;
        for (const Set& fs : facet_sets) {
            Set g(vw);
            bool empty = true, equal = true;
            for (std::size_t w = 0; w < vw; ++w) {
                g[w] = face[w] & fs[w];
                empty &= g[w] == 0;
                equal &= g[w] == face[w];
            }
            if (!empty && !equal) parts.push_back(std::move(g));
        }
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (test_bit(parts[i].data(), apex)) continue;
            bool maximal = true;
            for (std::size_t j = 0; j < parts.size() && maximal; ++j) {
                if (i == j || !subset(parts[i], parts[j])) continue;
                maximal = !subset(parts[j], parts[i]) ? false : j > i;  // strictly larger, or an earlier copy
            }
            if (maximal) self(self, parts[i], k - 1);
        }
    };
    Set all(vw, 0);
    for (std::size_t v = 0; v < n; ++v) set_bit(all.data(), v);
    triangulate(triangulate, all, d);
    return kernel.simplices_volume(piece.verts.data(), n, simplices.data(), simplices.size() / (d + 1),
                                   numerator);
}

}  // namespace relux::regions_detail
