#pragma once
// The region engine (private to src/geometry): depth-first cell splitting, layer by layer, one
// neuron hyperplane at a time, written once against a number kernel (proofs/regions.md).

#include "region_control.hpp"
#include "region_split.hpp"
#include "relux/error.hpp"
#include "vertex_owner.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_invoke.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>

namespace relux::regions_detail {

template <class K>
class Engine {
public:
    using Plane = typename K::Plane;
    using Point = typename K::Point;
    using Row = typename K::Row;
    using Num = typename K::Num;

    /// Prepares the network's weights in the kernel's numbers. Preconditions: the arguments were
    /// checked (enumerate_regions); net, box and control outlive the engine.
    Engine(const Network& net, const Box& box, const RegionOptions& options, RunControl& control)
        : box_(box), control_(control), d_(box.dim()), keep_(options.keep_regions), sink_(options.on_region) {
        kernel_.d = d_;
        kernel_.filter = options.float_filter;
        layers_ = K::prepare(net, output_scale_);
        for (const LayerNums<Num>& l : layers_) {
            offset_.push_back(pattern_size_);
            if (l.has_pattern) pattern_size_ += l.rows;
        }
        parallel_ = options.threads != 1;
        // The next layer's weights times this layer's output factors, for the accumulators,
        // column by column (neuron k's column is contiguous: accumulate walks it).
        next_active_.resize(layers_.size());
        next_inactive_.resize(layers_.size());
        for (std::size_t l = 0; l + 1 < layers_.size(); ++l) {
            const LayerNums<Num>& next = layers_[l + 1];
            for (std::size_t k = 0; k < next.cols; ++k)
                for (std::size_t i = 0; i < next.rows; ++i) {
                    Num a{}, b{};
                    set_product(a, next.weights[i * next.cols + k], layers_[l].active);
                    set_product(b, next.weights[i * next.cols + k], layers_[l].inactive);
                    next_active_[l].push_back(std::move(a));
                    next_inactive_[l].push_back(std::move(b));
                }
        }
        box_equations_.reserve(2 * d_);
        for (std::size_t i = 0; i < d_; ++i) {
            Vector e(d_, Rational(0));
            e[i] = 1;
            box_equations_.push_back(
                {kernel_.plane_from(e, -box.lo[i]), {FacetSource::Kind::box_lower, 0, i}, e, -box.lo[i]});
            e[i] = -1;
            box_equations_.push_back(
                {kernel_.plane_from(e, box.hi[i]), {FacetSource::Kind::box_upper, 0, i}, e, box.hi[i]});
        }
    }

    /// Enumerates every region; returns them in the order of the splitting tree (independent of
    /// the thread count). Stops early when control says so (control.pending > 0 then).
    std::vector<EmittedRegion> run() {
        Map identity;
        for (std::size_t i = 0; i < d_; ++i) {
            identity.rows.emplace_back(d_ + 1, Num(0));
            identity.rows.back()[i] = Num(1);
            identity.live.push_back(1);
        }
        Piece<K> box = box_piece();
        const Num box_weights = weight_product(box.verts);
        const SubtreeVolume all_volume = run_cell(std::move(box), 0, std::move(identity));
        volume_ = value_of(all_volume, box_weights);
        std::vector<EmittedRegion> all;
        for (auto& part : out_)
            for (EmittedRegion& e : part) all.push_back(std::move(e));
        std::sort(all.begin(), all.end(),
                  [](const EmittedRegion& a, const EmittedRegion& b) { return a.path < b.path; });
        return all;
    }

private:
    /// The stored input of a layer: rows[k] . (x, 1) = scale * (true input k); live[k] == 0
    /// marks a zero row (left empty).
    struct Map {
        std::vector<Row> rows;
        std::vector<char> live;
    };
    /// What every piece of one cell shares during one layer.
    struct LayerContext {
        std::size_t layer = 0;
        std::vector<Plane> hyper;    ///< each neuron's stored pre-activation on the cell
        Map input;                   ///< the cell's map (kept for residual layers)
        std::size_t table_base = 0;  ///< facets of the cell occupy table ids [0, table_base)
        std::size_t words = 0;       ///< words per tight-bit row
        bool accumulate = false;     ///< pieces carry the next layer's pre-activations (Piece::acc)
    };
    using Context = std::shared_ptr<const LayerContext>;

    /// The volume of the regions below a piece (proofs/regions.md, "Volumes"). Complete (every
    /// region below was emitted): the integer N with volume = N / (d! * product of the piece's
    /// vertex weights). Otherwise `found`, the exact sum of the volumes of the regions emitted.
    struct SubtreeVolume {
        bool complete = false;
        Num numerator{};
        Rational found;
    };

    /// The product of the points' weights.
    Num weight_product(const std::vector<const Point*>& points) const {
        Num w(1);
        for (const Point* p : points) multiply(w, K::weight(*p));
        return w;
    }
    static void multiply(Num& acc, const Num& factor) {
        Num t{};
        set_product(t, acc, factor);
        acc = std::move(t);
    }
    /// The exact volume of a subtree, given the product of its piece's vertex weights.
    Rational value_of(const SubtreeVolume& v, const Num& weights) const {
        return v.complete ? kernel_.volume_value(v.numerator, weights) : v.found;
    }

    /// The box as the first cell: 2^d vertices (a counter-clockwise square in 2-D), 2d facets.
    Piece<K> box_piece() {
        Piece<K> p;
        auto& arena = points_.local();
        p.pattern.assign(pattern_size_, 0);
        if (d_ == 2) {
            const Rational* corner[4][2] = {{&box_.lo[0], &box_.lo[1]},
                                            {&box_.hi[0], &box_.lo[1]},
                                            {&box_.hi[0], &box_.hi[1]},
                                            {&box_.lo[0], &box_.hi[1]}};
            const std::size_t edge[4] = {2, 1, 3, 0};  // y >= lo, x <= hi, y <= hi, x >= lo
            for (std::size_t k = 0; k < 4; ++k) {
                arena.push_back(kernel_.point_from(Vector{*corner[k][0], *corner[k][1]}));
                p.verts.push_back(&arena.back());
                p.facets.push_back({&box_equations_[edge[k]], 1, static_cast<std::uint32_t>(k), {}});
            }
            return p;
        }
        const std::size_t words = words_for(2 * d_);
        for (std::size_t k = 0; k < 2 * d_; ++k)
            p.facets.push_back({&box_equations_[k], 1, static_cast<std::uint32_t>(k), {}});
        for (std::size_t b = 0; b < (std::size_t(1) << d_); ++b) {
            Vector x(d_);
            const std::size_t at = p.tight.size();
            p.tight.resize(at + words, 0);
            for (std::size_t i = 0; i < d_; ++i) {
                const bool high = (b >> i) & 1;
                x[i] = high ? box_.hi[i] : box_.lo[i];
                set_bit(&p.tight[at], 2 * i + (high ? 1 : 0));
            }
            arena.push_back(kernel_.point_from(x));
            p.verts.push_back(&arena.back());
        }
        return p;
    }

    /// Each neuron's stored pre-activation w_j . map + c_j as a plane over the input.
    void hyperplanes(std::size_t layer, const Map& map, std::vector<Plane>& out) const {
        const LayerNums<Num>& l = layers_[layer];
        out.resize(l.rows);
        for (std::size_t j = 0; j < l.rows; ++j) {
            Plane& p = out[j];
            p.c.assign(d_ + 1, Num(0));
            for (std::size_t k = 0; k < l.cols; ++k) {
                const Num& w = l.weights[j * l.cols + k];
                if (!map.live[k] || is_zero(w)) continue;
                for (std::size_t t = 0; t <= d_; ++t) add_product(p.c[t], w, map.rows[k][t]);
            }
            p.c[d_] += l.constant[j];
            kernel_.finish_plane(p);
        }
    }

    /// The stored output of `layer` on a piece whose states for the layer are decided.
    Map next_map(std::size_t layer, const Map& input, const std::vector<Plane>& hyper,
                 const Piece<K>& piece) const {
        const LayerNums<Num>& l = layers_[layer];
        Map out;
        out.rows.resize(l.rows);
        out.live.assign(l.rows, 0);
        for (std::size_t j = 0; j < l.rows; ++j) {
            const Num& factor =
                !l.has_pattern || piece.pattern[offset_[layer] + j] > 0 ? l.active : l.inactive;
            Row& r = out.rows[j];
            if (!is_zero(factor) && !hyper[j].zero) {
                r.resize(d_ + 1);
                for (std::size_t t = 0; t <= d_; ++t) set_product(r[t], factor, hyper[j].c[t]);
                out.live[j] = 1;
            }
            if (l.is_residual && input.live[j]) {
                if (!out.live[j]) r.assign(d_ + 1, Num(0));
                for (std::size_t t = 0; t <= d_; ++t) add_product(r[t], l.residual, input.rows[j][t]);
                out.live[j] = 1;
            }
        }
        return out;
    }

    /// Renumbers the piece's facets 0, 1, ... (table ids) with `words` words per tight row.
    void reindex(Piece<K>& piece, std::size_t words) const {
        if (d_ != 2) {
            const std::size_t n = piece.verts.size();
            const std::size_t old_words = n ? piece.tight.size() / n : 0;
            std::vector<std::uint64_t> tight(n * words, 0);
            for (std::size_t v = 0; v < n; ++v)
                for (std::size_t k = 0; k < piece.facets.size(); ++k)
                    if (test_bit(&piece.tight[v * old_words], piece.facets[k].table))
                        set_bit(&tight[v * words], k);
            piece.tight = std::move(tight);
        }
        for (std::size_t k = 0; k < piece.facets.size(); ++k)
            piece.facets[k].table = static_cast<std::uint32_t>(k);
    }

    /// True (and the cell counted as unfinished) when the run must stop.
    bool stopping(std::size_t layer) {
        if (!control_.stop.load(std::memory_order_relaxed) && control_.has_deadline &&
            RunControl::Clock::now() > control_.deadline)
            control_.request_stop(RunControl::Reason::time_limit);
        if (!control_.stop.load(std::memory_order_relaxed)) return false;
        control_.add_pending(layer);
        return true;
    }

    /// A cell at the start of `layer` with the stored input map of that layer (`map`, or only
    /// the layer's pre-activations `given` when the layer is not residual).
    SubtreeVolume run_cell(Piece<K>&& cell, std::size_t layer, Map&& map, std::vector<Plane>&& given = {}) {
        bool have = !given.empty();
        while (layer < layers_.size() && !layers_[layer].has_pattern) {
            std::vector<Plane> hyper;
            if (have) hyper = std::move(given);
            else hyperplanes(layer, map, hyper);
            have = false;
            map = next_map(layer, map, hyper, cell);
            ++layer;
        }
        if (layer == layers_.size()) return emit(std::move(cell), map);
        if (stopping(layer)) return {};
        auto ctx = std::make_shared<LayerContext>();
        ctx->layer = layer;
        if (have) ctx->hyper = std::move(given);
        else hyperplanes(layer, map, ctx->hyper);
        ctx->table_base = cell.facets.size();
        ctx->words = words_for(ctx->table_base + layers_[layer].rows);
        ctx->accumulate = layer + 1 < layers_.size();
        if (ctx->accumulate) {
            // Start from the next layer's constants and, for a residual layer, its skip term.
            const LayerNums<Num>& l = layers_[layer];
            const LayerNums<Num>& next = layers_[layer + 1];
            cell.acc.assign(next.rows * (d_ + 1), Num(0));
            for (std::size_t i = 0; i < next.rows; ++i) {
                cell.acc[i * (d_ + 1) + d_] += next.constant[i];
                if (!l.is_residual) continue;
                for (std::size_t k = 0; k < l.rows; ++k) {
                    if (!map.live[k] || is_zero(next.weights[i * next.cols + k])) continue;
                    Num coef{};
                    set_product(coef, next.weights[i * next.cols + k], l.residual);
                    for (std::size_t t = 0; t <= d_; ++t)
                        add_product(cell.acc[i * (d_ + 1) + t], coef, map.rows[k][t]);
                }
            }
        }
        if (layers_[layer].is_residual) ctx->input = std::move(map);
        reindex(cell, ctx->words);
        Candidates all(layers_[layer].rows);
        for (std::size_t j = 0; j < all.size(); ++j) all[j] = static_cast<std::uint32_t>(j);
        return run_piece(std::move(cell), ctx, all);
    }

    /// Adds neuron k's contribution (in state `state`) to the next layer's pre-activations.
    void accumulate(std::vector<Num>& acc, const LayerContext& ctx, std::uint32_t k, int state) const {
        const Plane& h = ctx.hyper[k];
        if (h.zero) return;
        const LayerNums<Num>& l = layers_[ctx.layer];
        if (is_zero(state > 0 ? l.active : l.inactive)) return;  // an inactive relu adds nothing
        const std::size_t rows = layers_[ctx.layer + 1].rows;
        const Num* column =
            (state > 0 ? next_active_[ctx.layer] : next_inactive_[ctx.layer]).data() + k * rows;
        for (std::size_t i = 0; i < rows; ++i) {
            const Num& w = column[i];
            if (is_zero(w)) continue;
            for (std::size_t t = 0; t <= d_; ++t) add_product(acc[i * (d_ + 1) + t], w, h.c[t]);
        }
    }

    /// A piece whose states for its layer are all decided: on to the next layer.
    SubtreeVolume finish_layer(Piece<K>&& piece, const LayerContext& ctx) {
        const std::size_t layer = ctx.layer;
        if (!ctx.accumulate) {
            Map next = next_map(layer, ctx.input, ctx.hyper, piece);
            return run_cell(std::move(piece), layer + 1, std::move(next));
        }
        std::vector<Plane> hyper(layers_[layer + 1].rows);
        for (std::size_t i = 0; i < hyper.size(); ++i) {
            hyper[i].c.assign(std::make_move_iterator(piece.acc.begin() + i * (d_ + 1)),
                              std::make_move_iterator(piece.acc.begin() + (i + 1) * (d_ + 1)));
            kernel_.finish_plane(hyper[i]);
        }
        piece.acc.clear();
        Map next;
        if (layers_[layer + 1].is_residual) next = next_map(layer, ctx.input, ctx.hyper, piece);
        return run_cell(std::move(piece), layer + 1, std::move(next), std::move(hyper));
    }

    /// Decides the remaining candidate neurons of the layer on a piece, splitting by the first
    /// that cuts it; at a leaf, moves on to the next layer.
    using Candidates = boost::container::small_vector<std::uint32_t, 24>;
    SubtreeVolume run_piece(Piece<K>&& piece, const Context& ctx, const Candidates& candidates) {
        const std::size_t layer = ctx->layer;
        if (stopping(layer)) return {};
        // Points and equations made below are referenced only by this call's descendants, which
        // all finish before it returns (a TBB task runs on one thread and waits for its children,
        // and tasks stolen meanwhile run nested on that thread): free them on the way out, so that
        // memory follows the depth of the recursion, not the number of regions.
        const ArenaMark mark(points_.local(), equations_.local());
        const std::size_t offset = offset_[layer];
        std::vector<signed char>& signs = signs_.local();
        Candidates cutting;
        for (std::uint32_t j : candidates) {
            bool any_zero = false;
            const Relation rel = relate(kernel_, piece, ctx->hyper[j], signs, any_zero);
            signed char state = 0;
            switch (rel) {
                case Relation::cuts: cutting.push_back(j); continue;
                case Relation::positive: state = 1; break;
                case Relation::negative: state = -1; break;
                case Relation::zero: state = 0; break;
            }
            piece.pattern[offset + j] = state;
            if (ctx->accumulate) accumulate(piece.acc, *ctx, j, state);
            if (any_zero && rel != Relation::zero)
                record_vanishing(piece, signs, static_cast<std::uint32_t>(offset + j), d_, ctx->words);
        }
        if (cutting.empty()) return finish_layer(std::move(piece), *ctx);
        const std::uint32_t j = cutting.front();
        const Plane& h = ctx->hyper[j];
        signs.resize(piece.verts.size());
        for (std::size_t v = 0; v < piece.verts.size(); ++v)
            signs[v] = static_cast<signed char>(kernel_.sign(h, *piece.verts[v]));
        FacetEquation<K>& eq_new = equations_.local().emplace_back(
            FacetEquation<K>{h, {FacetSource::Kind::neuron, layer, j}, {}, {}});
        const Num& scale = layers_[layer].pre_scale;
        eq_new.normal.reserve(d_);
        for (std::size_t t = 0; t < d_; ++t) eq_new.normal.push_back(K::ratio(h.c[t], scale));
        eq_new.offset = K::ratio(h.c[d_], scale);
        const FacetEquation<K>* eq = &eq_new;
        const auto table = static_cast<std::uint32_t>(ctx->table_base + j);
        Piece<K> plus, minus;
        Small<const Point*> created;
        if (d_ == 2)
            split_planar(kernel_, piece, h, eq, table, signs, points_.local(), plus, minus, &created);
        else
            split_general(kernel_, piece, h, eq, table, signs, ctx->words, points_.local(), plus, minus,
                          &created);
        // For the volume identity vol(P) = vol(plus) + vol(minus) over the vertex weights:
        // plus has P's vertices with h >= 0 and the new ones, minus those with h <= 0 and the new ones.
        Num w_positive(1), w_negative(1), w_zero(1), w_new(1);
        for (std::size_t v = 0; v < piece.verts.size(); ++v)
            multiply(signs[v] > 0 ? w_positive : (signs[v] < 0 ? w_negative : w_zero),
                     K::weight(*piece.verts[v]));
        for (const Point* p : created) multiply(w_new, K::weight(*p));
        plus.pattern = piece.pattern;
        plus.pattern[offset + j] = 1;
        minus.pattern = std::move(piece.pattern);
        minus.pattern[offset + j] = -1;
        if (ctx->accumulate) {
            plus.acc = piece.acc;
            accumulate(plus.acc, *ctx, j, 1);
            minus.acc = std::move(piece.acc);
            accumulate(minus.acc, *ctx, j, -1);
        }
        plus.path = piece.path;
        plus.path.push(false);
        minus.path = std::move(piece.path);
        minus.path.push(true);
        piece = Piece<K>{};
        cutting.erase(cutting.begin());
        control_.live.fetch_add(1, std::memory_order_relaxed);
        SubtreeVolume above, below;
        if (parallel_ && (cutting.size() >= 4 || layer + 1 < layers_.size())) {
            tbb::parallel_invoke([&] { above = run_piece(std::move(plus), ctx, cutting); },
                                 [&] { below = run_piece(std::move(minus), ctx, cutting); });
        } else {
            above = run_piece(std::move(plus), ctx, cutting);
            below = run_piece(std::move(minus), ctx, cutting);
        }
        control_.live.fetch_sub(1, std::memory_order_relaxed);
        return join(above, below, w_positive, w_negative, w_zero, w_new);
    }

    /// The volume of a piece from those of its two parts (proofs/regions.md, "Volumes"): with W+,
    /// W-, W0 and Wn the weight products of the piece's vertices with h > 0, h < 0, h = 0 and of
    /// the new vertices, N = (N+ W- + N- W+) / Wn, an exact division whenever the parts tile the
    /// piece (checked: a remainder means they do not, an internal error).
    SubtreeVolume join(const SubtreeVolume& above, const SubtreeVolume& below, const Num& w_positive,
                       const Num& w_negative, const Num& w_zero, const Num& w_new) const {
        SubtreeVolume out;
        if (above.complete && below.complete) {
            Num n{};
            set_product(n, above.numerator, w_negative);
            add_product(n, below.numerator, w_positive);
            const bool tiles = K::divide_if_exact(n, w_new);
            RELUX_ASSERT(tiles);  // a remainder would mean the parts do not tile the piece
            out.complete = true;
            out.numerator = std::move(n);
            return out;
        }
        Num shared = w_zero;
        multiply(shared, w_new);
        Num w_above = shared, w_below = std::move(shared);
        multiply(w_above, w_positive);
        multiply(w_below, w_negative);
        out.found = value_of(above, w_above) + value_of(below, w_below);
        return out;
    }

    /// Converts a finished cell into a Region (exact numbers for the exact kernel).
    SubtreeVolume emit(Piece<K>&& piece, const Map& map) {
        const std::size_t index = control_.emitted.fetch_add(1);
        if (control_.max_regions && index >= control_.max_regions) {
            control_.request_stop(RunControl::Reason::max_regions);
            control_.add_pending(layers_.size() - 1);
            return {};
        }
        SubtreeVolume volume;
        volume.complete = true;
        EmittedRegion e;
        Region& r = e.region;
        for (std::size_t l = 0; l < layers_.size(); ++l) {
            std::vector<NeuronState> states;
            if (layers_[l].has_pattern)
                for (std::size_t j = 0; j < layers_[l].rows; ++j)
                    states.push_back(static_cast<NeuronState>(piece.pattern[offset_[l] + j]));
            r.pattern.push_back(std::move(states));
        }
        e.wild.resize(piece.facets.size());
        r.facets.reserve(piece.facets.size());
        for (std::size_t k = 0; k < piece.facets.size(); ++k) {
            const FacetRecord<K>& f = piece.facets[k];
            Halfspace hs;
            hs.source = f.eq->source;
            Small<std::uint32_t>& wild = e.wild[k];
            hs.normal = f.eq->normal;
            hs.offset = f.eq->offset;
            if (f.orient < 0) {
                for (Rational& c : hs.normal) c = -c;
                hs.offset = -hs.offset;
            }
            if (hs.source.kind == FacetSource::Kind::neuron) {
                wild.push_back(static_cast<std::uint32_t>(offset_[hs.source.layer] + hs.source.index));
                for (std::uint32_t m : f.mask) wild.push_back(m);
            }
            r.facets.push_back(std::move(hs));
        }
        r.vertices.reserve(piece.verts.size());
        for (const Point* p : piece.verts) r.vertices.push_back(p->exact);
        r.owned_vertices = owned_vertices(piece, r);
        const std::size_t n = piece.verts.size();
        r.volume = piece_volume(kernel_, piece, n ? piece.tight.size() / n : 0, &volume.numerator);
        const std::size_t outputs = map.rows.size();
        r.affine.A = Matrix(outputs, d_);
        r.affine.b.assign(outputs, Rational(0));
        for (std::size_t i = 0; i < outputs; ++i) {
            if (!map.live[i]) continue;
            for (std::size_t t = 0; t < d_; ++t) r.affine.A(i, t) = K::ratio(map.rows[i][t], output_scale_);
            r.affine.b[i] = K::ratio(map.rows[i][d_], output_scale_);
        }
        if (!keep_) {
            if (sink_) {
                std::lock_guard lock(sink_mutex_);
                sink_(r);
            }
        } else {
            e.flat = std::move(piece.pattern);
            e.path = std::move(piece.path);
            out_.local().push_back(std::move(e));
        }
        const std::size_t kept = control_.kept.fetch_add(1) + 1;
        if (control_.max_regions && kept >= control_.max_regions)
            control_.request_stop(RunControl::Reason::max_regions);
        if ((index & 63) == 0) control_.maybe_report();
        return volume;
    }

    /// The vertices the region owns, by owned_vertex_count's rule (proofs/regions.md, "Counting
    /// vertices"), with the facets through a vertex read from the piece's incidences (2-D: the two
    /// edges at it; else its tight bits) instead of evaluated: r.facets[k] is piece.facets[k],
    /// oriented inward.
    std::size_t owned_vertices(const Piece<K>& piece, const Region& r) const {
        const std::size_t n = piece.verts.size();
        const std::size_t words = d_ == 2 || n == 0 ? 0 : piece.tight.size() / n;
        std::size_t owned = 0;
        for (std::size_t v = 0; v < n; ++v) {
            auto leaves_inward = [&](std::size_t f) {  // facet f passes through v
                return step_enters(r.facets[f].normal, r.vertices[v], box_);
            };
            bool owns = true;
            if (d_ == 2) {
                owns = leaves_inward(v == 0 ? n - 1 : v - 1) && leaves_inward(v);
            } else {
                for (std::size_t f = 0; f < piece.facets.size() && owns; ++f)
                    if (test_bit(&piece.tight[v * words], piece.facets[f].table)) owns = leaves_inward(f);
            }
            owned += owns;
        }
        return owned;
    }

    /// Truncates this thread's arenas back to their sizes at construction when destroyed.
    struct ArenaMark {
        std::deque<Point>& points;
        std::deque<FacetEquation<K>>& equations;
        std::size_t point_size, equation_size;
        ArenaMark(std::deque<Point>& p, std::deque<FacetEquation<K>>& e)
            : points(p), equations(e), point_size(p.size()), equation_size(e.size()) {}
        ~ArenaMark() {
            while (points.size() > point_size) points.pop_back();
            while (equations.size() > equation_size) equations.pop_back();
        }
        ArenaMark(const ArenaMark&) = delete;
        ArenaMark& operator=(const ArenaMark&) = delete;
    };

public:
    /// After run(): the exact sum of the volumes of every region emitted (the box's volume
    /// when the run was complete; proofs/regions.md, "Volumes").
    const Rational& volume() const { return volume_; }

private:
    const Box& box_;
    RunControl& control_;
    std::size_t d_;
    bool keep_ = true;
    std::function<void(const Region&)> sink_;
    std::mutex sink_mutex_;
    Rational volume_;
    K kernel_;
    std::vector<LayerNums<Num>> layers_;
    Num output_scale_{};
    std::vector<std::size_t> offset_;
    std::size_t pattern_size_ = 0;
    bool parallel_ = true;
    std::vector<std::vector<Num>> next_active_;  ///< per layer l: W_{l+1} * active factor of l, column-major
    std::vector<std::vector<Num>>
        next_inactive_;  ///< per layer l: W_{l+1} * inactive factor of l, column-major
    std::vector<FacetEquation<K>> box_equations_;
    tbb::enumerable_thread_specific<std::deque<Point>> points_;
    tbb::enumerable_thread_specific<std::deque<FacetEquation<K>>> equations_;
    tbb::enumerable_thread_specific<std::vector<EmittedRegion>> out_;
    tbb::enumerable_thread_specific<std::vector<signed char>> signs_;  ///< scratch: vertex signs
};

}  // namespace relux::regions_detail
