#include "relux/cpwl/cpwl1d.hpp"

#include "relux/error.hpp"
#include "relux/net/json_io.hpp"

#include <gmp.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>

// The minimal form and its optimality proof: proofs/cpwl1d.md.

namespace relux {

namespace {

std::string point_name(std::size_t i, const Rational& x) {
    return "point " + std::to_string(i + 1) + " (x = " + x.str() + ")";
}

/// Index of the first point whose x is not greater than its predecessor's, or x.size().
std::size_t first_out_of_order(const Vector& x) {
    for (std::size_t i = 1; i < x.size(); ++i)
        if (!(x[i - 1] < x[i])) return i;
    return x.size();
}

std::string out_of_order_message(const Vector& x, std::size_t i) {
    return point_name(i, x[i]) + ": x must be strictly greater than the previous x = " + x[i - 1].str();
}

std::string_view trim(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

/// Rational::parse with the ParseError message prefixed by where() (built only on error).
template <class Where>
Rational parse_number(std::string_view text, const Where& where) {
    try {
        return Rational::parse(text);
    } catch (const ParseError& e) {
        throw ParseError(where() + ": " + e.what());
    }
}

// ---------------------------------------------------------------------------------------------
// f in kink form: f(x) = q_0 + p_0 x + sum_j d_j relu(x - b_j), j = 1..k, where p_0..p_k are the
// slopes of the real pieces (collinear points merged), q_j their intercepts at x = 0,
// b_j the breakpoints and d_j = p_j - p_{j-1} != 0. Note d_j b_j = q_{j-1} - q_j.
// Indices below are 0-based: d[j] is the jump at b(j), between real pieces j and j + 1.
struct KinkForm {
    const Cpwl1d& f;
    std::vector<std::size_t> start;  ///< first point of each real piece
    Vector p;                        ///< k + 1 slopes
    Vector d;                        ///< k jumps
    std::size_t k() const { return d.size(); }
    const Rational& b(std::size_t j) const { return f.x[start[j + 1]]; }
    Rational q(std::size_t j) const { return f.y[start[j]] - p[j] * f.x[start[j]]; }
};

Vector slopes_of(const Cpwl1d& f) {
    Vector s;
    s.reserve(f.pieces());
    for (std::size_t i = 0; i < f.pieces(); ++i) s.push_back(f.slope(i));
    return s;
}

KinkForm kink_form(const Cpwl1d& f, Vector slopes) {
    KinkForm kf{f, {}, {}, {}};
    for (std::size_t i = 0; i < slopes.size(); ++i) {
        if (!kf.p.empty() && slopes[i] == kf.p.back()) continue;
        if (!kf.p.empty()) kf.d.push_back(slopes[i] - kf.p.back());
        kf.start.push_back(i);
        kf.p.push_back(std::move(slopes[i]));
    }
    return kf;
}

/// Left-facing flags (one per breakpoint) of a set L with p_0 + sum_{j in L} d_j = 0.
using LeftSet = std::vector<char>;

enum class SearchResult { found, none, unknown };

/// Open-addressing set of indices into a vector of rationals: first index of each value.
class FirstIndex {
public:
    FirstIndex(const Vector& values) : values_(values), slots_(capacity_for(values.size()), 0) {}
    /// The first inserted index whose value equals v, or npos.
    std::size_t find(const Rational& v) const {
        for (std::size_t s = slot(v);; s = (s + 1) & mask()) {
            if (slots_[s] == 0) return npos;
            if (values_[slots_[s] - 1] == v) return slots_[s] - 1;
        }
    }
    /// Inserts index i unless its value is already present.
    void insert(std::size_t i) {
        for (std::size_t s = slot(values_[i]);; s = (s + 1) & mask()) {
            if (slots_[s] == 0) {
                slots_[s] = i + 1;
                return;
            }
            if (values_[slots_[s] - 1] == values_[i]) return;
        }
    }
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

private:
    static std::size_t capacity_for(std::size_t n) {
        std::size_t c = 16;
        while (c < 2 * n) c *= 2;
        return c;
    }
    std::size_t mask() const { return slots_.size() - 1; }
    std::size_t slot(const Rational& v) const {
        return static_cast<std::size_t>((std::hash<Rational>{}(v)*0x9e3779b97f4a7c15ULL) >> 20) & mask();
    }
    const Vector& values_;
    std::vector<std::size_t> slots_;  ///< index + 1, 0 = empty
};

/// Intervals of breakpoints and their complements, O(k) expected: the breakpoints between real
/// pieces a < b sum to p_b - p_a. This includes L = {} (p_0 = 0), prefixes (a zero-slope piece)
/// and singletons.
std::optional<LeftSet> find_interval_set(const KinkForm& kf) {
    const std::size_t k = kf.k();
    LeftSet left(k, 0);
    if (kf.p[0].is_zero()) return left;
    // interval (a, b]: p_0 + p_b - p_a = 0; complement: p_k - p_b + p_a = 0.
    FirstIndex first_index(kf.p);
    for (std::size_t b = 0; b <= k; ++b) {
        for (const bool complement : {false, true}) {
            const std::size_t a = first_index.find(complement ? kf.p[b] - kf.p[k] : kf.p[b] + kf.p[0]);
            if (a == FirstIndex::npos) continue;
            for (std::size_t j = 0; j < k; ++j) {  // jumps a..b-1 lie between pieces a and b
                const bool inside = j >= a && j < b;
                left[j] = complement ? !inside : inside;
            }
            return left;
        }
        first_index.insert(b);
    }
    return std::nullopt;
}

// ---- meet in the middle over residues modulo a prime, each candidate checked exactly ----------

using u64 = std::uint64_t;

u64 mul_mod(u64 a, u64 b, u64 p) { return static_cast<u64>(static_cast<unsigned __int128>(a) * b % p); }

u64 pow_mod(u64 a, u64 e, u64 p) {
    u64 r = 1;
    for (; e; e >>= 1, a = mul_mod(a, a, p))
        if (e & 1) r = mul_mod(r, a, p);
    return r;
}

/// r mod p, or nullopt when p divides the denominator.
std::optional<u64> residue(const Rational& r, u64 p) {
    const u64 den = mpz_fdiv_ui(mpq_denref(r.mpq()), p);
    if (den == 0) return std::nullopt;
    const u64 num = mpz_fdiv_ui(mpq_numref(r.mpq()), p);
    return mul_mod(num, pow_mod(den, p - 2, p), p);
}

/// Subset sums modulo p of items[0..n), indexed by bit mask (n <= 20).
std::vector<u64> subset_residues(const std::vector<u64>& items, u64 p) {
    std::vector<u64> sums(std::size_t{1} << items.size(), 0);
    for (std::size_t mask = 1; mask < sums.size(); ++mask) {
        const int low = __builtin_ctzll(mask);
        const u64 s = sums[mask & (mask - 1)] + items[static_cast<std::size_t>(low)];
        sums[mask] = s >= p ? s - p : s;
    }
    return sums;
}

/// Exact search for L when k <= 40: every subset is represented by its residue, so an exact
/// solution cannot be missed, and a residue match is accepted only after an exact check.
SearchResult meet_in_the_middle(const KinkForm& kf, LeftSet& left) {
    const std::size_t k = kf.k();
    for (const u64 p :
         {u64{4611686018427387847ULL}, u64{4611686018427387817ULL}, u64{2305843009213693951ULL}}) {
        std::vector<u64> items;
        bool ok = true;
        for (const Rational& d : kf.d) {
            auto r = residue(d, p);
            if (!r) {
                ok = false;
                break;
            }
            items.push_back(*r);
        }
        const auto target = residue(-kf.p[0], p);
        if (!ok || !target) continue;
        const std::size_t h = k / 2;
        const std::vector<u64> low(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(h));
        const std::vector<u64> high(items.begin() + static_cast<std::ptrdiff_t>(h), items.end());
        const auto sorted_sums = [p](const std::vector<u64>& half) {
            const std::vector<u64> sums = subset_residues(half, p);
            std::vector<std::pair<u64, std::uint32_t>> sorted(sums.size());
            for (std::size_t m = 0; m < sums.size(); ++m)
                sorted[m] = {sums[m], static_cast<std::uint32_t>(m)};
            std::sort(sorted.begin(), sorted.end());
            return sorted;
        };
        const auto lows = sorted_sums(low), highs = sorted_sums(high);
        // As the high residue r grows, the needed low residue (target - r) mod p falls, within
        // r <= target and again within r > target: one downward sweep through `lows` each.
        std::size_t i = lows.size();
        for (std::size_t m = 0; m < highs.size(); ++m) {
            const u64 r = highs[m].first;
            if (m == 0 || (highs[m - 1].first <= *target && r > *target)) i = lows.size();
            const u64 need = r <= *target ? *target - r : *target + p - r;
            while (i > 0 && lows[i - 1].first > need) --i;
            for (std::size_t e = i; e > 0 && lows[e - 1].first == need; --e) {
                Rational sum = kf.p[0];
                for (std::size_t j = 0; j < k; ++j) {
                    left[j] = j < h ? (lows[e - 1].second >> j) & 1 : (highs[m].second >> (j - h)) & 1;
                    if (left[j]) sum += kf.d[j];
                }
                if (sum.is_zero()) return SearchResult::found;
            }
        }
        return SearchResult::none;
    }
    return SearchResult::unknown;  // every prime divides some denominator: practically never
}

// ---- integer methods after scaling by the common denominator --------------------------------

constexpr std::size_t max_scale_bits = 1024;
constexpr u64 max_dp_target = u64{1} << 22;
constexpr u64 max_dp_work = u64{1} << 27;  // words touched by the bitset dynamic programme

/// Bitset dynamic programme for sum_{j in S} w_j = target with positive w_j; parent[s] is the
/// item that first reached s, so reconstruction walks to strictly smaller items.
std::optional<std::vector<char>> subset_sum_dp(const std::vector<u64>& w, u64 target) {
    const std::size_t words = static_cast<std::size_t>(target / 64 + 1);
    std::vector<u64> bits(words, 0);
    std::vector<std::uint32_t> parent(static_cast<std::size_t>(target + 1), 0);
    bits[0] = 1;
    for (std::size_t i = 0; i < w.size() && !((bits[target / 64] >> (target % 64)) & 1); ++i) {
        if (w[i] > target) continue;
        const std::size_t word_shift = static_cast<std::size_t>(w[i] / 64);
        const unsigned bit_shift = static_cast<unsigned>(w[i] % 64);
        for (std::size_t j = words; j-- > word_shift;) {
            const std::size_t src = j - word_shift;
            u64 shifted = bits[src] << bit_shift;
            if (bit_shift && src > 0) shifted |= bits[src - 1] >> (64 - bit_shift);
            u64 fresh = shifted & ~bits[j];
            if (j == words - 1 && (target % 64) != 63) fresh &= (u64{2} << (target % 64)) - 1;
            bits[j] |= fresh;
            for (; fresh; fresh &= fresh - 1)
                parent[j * 64 + static_cast<std::size_t>(__builtin_ctzll(fresh))] =
                    static_cast<std::uint32_t>(i);
        }
    }
    if (!((bits[target / 64] >> (target % 64)) & 1)) return std::nullopt;
    std::vector<char> chosen(w.size(), 0);
    for (u64 s = target; s > 0; s -= w[parent[s]]) chosen[parent[s]] = 1;
    return chosen;
}

/// Decides L exactly through integers a_j = D d_j, T = -D p_0 (D the common denominator) when
/// D is small: a range or divisibility obstruction, or a bitset dynamic programme.
SearchResult integer_search(const KinkForm& kf, LeftSet& left) {
    Integer scale = 1;
    const auto absorb = [&scale](const Rational& r) {
        mpz_lcm(scale.backend().data(), scale.backend().data(), mpq_denref(r.mpq()));
        return mpz_sizeinbase(scale.backend().data(), 2) <= max_scale_bits;
    };
    if (!absorb(kf.p[0])) return SearchResult::unknown;
    for (const Rational& d : kf.d)
        if (!absorb(d)) return SearchResult::unknown;
    std::vector<Integer> a;
    a.reserve(kf.k());
    Integer positive = 0, negative = 0, g = 0;
    for (const Rational& d : kf.d) {
        a.push_back(d.numerator() * (scale / d.denominator()));
        (a.back() > 0 ? positive : negative) += a.back();
        mpz_gcd(g.backend().data(), g.backend().data(), a.back().backend().data());
    }
    const Integer target = -kf.p[0].numerator() * (scale / kf.p[0].denominator());
    if (target < negative || target > positive || target % g != 0) return SearchResult::none;
    // Flip negative items (x -> 1 - x) so all weights are positive, then divide by g.
    const Integer shifted = (target - negative) / g;
    const Integer range = (positive - negative) / g;
    const bool mirrored = shifted * 2 > range;  // search the smaller of the target and its complement
    const Integer goal = mirrored ? range - shifted : shifted;
    if (goal > Integer(max_dp_target)) return SearchResult::unknown;
    const u64 goal64 = goal.convert_to<u64>();
    if (goal64 / 64 * kf.k() > max_dp_work) return SearchResult::unknown;
    std::vector<u64> w;
    w.reserve(kf.k());
    for (const Integer& x : a) {
        const Integer m = abs(x) / g;
        w.push_back(m > Integer(goal64) ? goal64 + 1 : m.convert_to<u64>());
    }
    const auto chosen = subset_sum_dp(w, goal64);
    if (!chosen) return SearchResult::none;
    for (std::size_t j = 0; j < kf.k(); ++j) left[j] = ((*chosen)[j] != 0) != mirrored ? a[j] > 0 : a[j] < 0;
    return SearchResult::found;
}

// ---- networks -------------------------------------------------------------------------------

/// A relu layer of neurons coefficient * relu(direction * (x - kink)), direction +1 (faces
/// right) or -1 (faces left), followed by the identity output neuron.
class OneHiddenLayer {
public:
    explicit OneHiddenLayer(std::size_t capacity) {
        directions_.reserve(capacity);
        kinks_.reserve(capacity);
        coefficients_.reserve(capacity);
    }
    void add(int direction, const Rational& kink, Rational coefficient) {
        directions_.push_back(direction);
        kinks_.push_back(&kink);
        coefficients_.push_back(std::move(coefficient));
    }
    std::size_t size() const { return directions_.size(); }
    Network finish(Rational output_bias) {
        const std::size_t n = size();
        Layer hidden{Matrix(n, 1), Vector(n), Activation::relu, {}, false};
        Layer output{Matrix(1, n), Vector{std::move(output_bias)}, Activation::identity, {}, false};
        for (std::size_t i = 0; i < n; ++i) {
            hidden.weights(i, 0) = directions_[i];
            hidden.bias[i] = directions_[i] > 0 ? -*kinks_[i] : *kinks_[i];
            output.weights(0, i) = std::move(coefficients_[i]);
        }
        return Network{1, {std::move(hidden), std::move(output)}, OutputKind::identity};
    }

private:
    std::vector<int> directions_;
    std::vector<const Rational*> kinks_;
    Vector coefficients_;
};

/// The neurons of any one-hidden-layer network equal to f are at least this many.
std::size_t simple_lower_bound(const Vector& slopes) {
    std::size_t k = 0;
    for (std::size_t i = 1; i < slopes.size(); ++i) k += slopes[i] != slopes[i - 1];
    return k > 0 ? k : (slopes[0].is_zero() ? 0 : 2);
}

Cpwl1dConstruction construct_pairs(const Cpwl1d& f) {
    const std::size_t n = f.pieces();
    const Vector slopes = slopes_of(f);
    OneHiddenLayer layer(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        if (i == 0) layer.add(-1, f.x[0], -slopes[0]);  // extends the first piece to the left
        layer.add(+1, f.x[i], slopes[i]);
        if (i + 1 < n) layer.add(+1, f.x[i + 1], -slopes[i]);  // the last piece extends right
    }
    const std::size_t neurons = layer.size();
    const std::size_t bound = simple_lower_bound(slopes);
    return {layer.finish(f.y[0]), neurons, neurons == bound, bound};
}

Cpwl1dConstruction construct_minimal(const Cpwl1d& f) {
    const KinkForm kf = kink_form(f, slopes_of(f));
    const std::size_t k = kf.k();
    if (k == 0 && kf.p[0].is_zero()) {  // constant: no hidden neuron at all
        Layer only{Matrix(1, 1), Vector{f.y[0]}, Activation::identity, {}, false};
        return {Network{1, {std::move(only)}, OutputKind::identity}, 0, true, 0};
    }
    if (k == 0) {  // a x + c = a relu(x) - a relu(-x) + c; one neuron always has a kink
        const Rational zero = 0;
        OneHiddenLayer layer(2);
        layer.add(+1, zero, kf.p[0]);
        layer.add(-1, zero, -kf.p[0]);
        return {layer.finish(kf.q(0)), 2, true, 2};
    }

    LeftSet left(k, 0);
    SearchResult result = SearchResult::unknown;
    if (auto interval = find_interval_set(kf)) {
        left = std::move(*interval);
        result = SearchResult::found;
    }
    if (result == SearchResult::unknown) result = integer_search(kf, left);
    if (result == SearchResult::unknown && k <= 40) result = meet_in_the_middle(kf, left);

    OneHiddenLayer layer(k + 1);
    if (result == SearchResult::found) {
        // c = q_0 - sum_{j in L} d_j b_j and d_j b_j = q_{j-1} - q_j: one term per run of L.
        Rational bias = kf.q(0);
        for (std::size_t j = 0; j < k; ++j) {
            layer.add(left[j] ? -1 : +1, kf.b(j), kf.d[j]);
            if (left[j] && (j == 0 || !left[j - 1])) bias -= kf.q(j);
            if (left[j] && (j + 1 == k || !left[j + 1])) bias += kf.q(j + 1);
        }
        return {layer.finish(std::move(bias)), k, true, k};
    }
    // No L: a second, left-facing neuron at b_1 takes the slope p_0 on the left; its partner's
    // coefficient p_0 + d_1 = p_1 is nonzero because the interval search excluded L = {1}.
    RELUX_ASSERT(!kf.p[1].is_zero());
    layer.add(-1, kf.b(0), -kf.p[0]);
    layer.add(+1, kf.b(0), kf.p[1]);
    for (std::size_t j = 1; j < k; ++j) layer.add(+1, kf.b(j), kf.d[j]);
    const bool proven = result == SearchResult::none;
    return {layer.finish(f.y[kf.start[1]]), k + 1, proven, proven ? k + 1 : k};  // bias f(b_1)
}

}  // namespace

Cpwl1d::Cpwl1d(Vector xs, Vector ys) : x(std::move(xs)), y(std::move(ys)) {
    if (x.size() != y.size())
        throw InvalidArgument("got " + std::to_string(x.size()) + " x values but " +
                              std::to_string(y.size()) + " y values; expected one y per x");
    if (x.size() < 2) throw InvalidArgument("expected at least two points, got " + std::to_string(x.size()));
    if (const std::size_t i = first_out_of_order(x); i < x.size())
        throw InvalidArgument(out_of_order_message(x, i));
}

Rational Cpwl1d::operator()(const Rational& t) const {
    const auto after = std::upper_bound(x.begin() + 1, x.end() - 1, t);
    const std::size_t i = static_cast<std::size_t>(after - x.begin()) - 1;
    Rational v = t - x[i];
    v *= slope(i);
    return v += y[i];
}

Rational Cpwl1d::slope(std::size_t i) const {
    RELUX_ASSERT(i + 1 < x.size());
    // (y1 - y0) / (x1 - x0) with y = a/b, x = c/d: (a1 b0 - a0 b1) d0 d1 / ((c1 d0 - c0 d1) b0 b1),
    // reduced once instead of after each of three rational operations.
    Integer num, den, t;
    const auto part = [&t](Integer& out, const Rational& v0, const Rational& v1, const Rational& w0,
                           const Rational& w1) {  // (v1 - v0) times the denominators of w0 and w1
        const mpz_ptr o = out.backend().data();
        mpz_mul(o, mpq_numref(v1.mpq()), mpq_denref(v0.mpq()));
        mpz_mul(t.backend().data(), mpq_numref(v0.mpq()), mpq_denref(v1.mpq()));
        mpz_sub(o, o, t.backend().data());
        mpz_mul(o, o, mpq_denref(w0.mpq()));
        mpz_mul(o, o, mpq_denref(w1.mpq()));
    };
    part(num, y[i], y[i + 1], x[i], x[i + 1]);
    part(den, x[i], x[i + 1], y[i], y[i + 1]);
    return Rational(num, den);  // canonicalises; den > 0 as x is increasing
}

std::vector<std::size_t> Cpwl1d::breakpoints() const {
    std::vector<std::size_t> result;
    Rational previous = slope(0);
    for (std::size_t i = 1; i < pieces(); ++i) {
        Rational s = slope(i);
        if (s != previous) result.push_back(i);
        previous = std::move(s);
    }
    return result;
}

Cpwl1d Cpwl1d::parse_points(std::string_view text) {
    if (trim(text).empty())
        throw ParseError(
            "no points given; expected at least two points \"x:y\" separated by commas, e.g. \"0:0,1:1\"");
    Vector xs, ys;
    for (std::size_t index = 0;; ++index) {
        const std::size_t comma = text.find(',');
        const std::string_view item = trim(text.substr(0, comma));
        const auto where = [index, item] {
            return "point " + std::to_string(index + 1) + " ('" + std::string(item) + "')";
        };
        const std::size_t colon = item.find(':');
        if (colon == std::string_view::npos || item.find(':', colon + 1) != std::string_view::npos)
            throw ParseError(where() + ": expected \"x:y\", two exact numbers separated by ':' (e.g. 1/2:3)");
        xs.push_back(parse_number(trim(item.substr(0, colon)), where));
        ys.push_back(parse_number(trim(item.substr(colon + 1)), where));
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return Cpwl1d(std::move(xs), std::move(ys));
}

Cpwl1d Cpwl1d::read_points_file(const std::filesystem::path& path) {
    const std::string text = read_text_file(path);
    const std::string name = path.string();
    Vector xs, ys;
    std::vector<std::size_t> lines;
    std::size_t line_number = 0;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line = std::string_view(text).substr(start, end - start);
        start = end + 1;
        ++line_number;
        if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        std::vector<std::string_view> fields;
        for (line = trim(line); !line.empty(); line = trim(line)) {
            const std::size_t space = line.find_first_of(" \t\r");
            fields.push_back(line.substr(0, space));
            line = space == std::string_view::npos ? std::string_view() : line.substr(space);
        }
        if (fields.empty()) continue;
        const auto where = [&name, line_number] { return name + ":" + std::to_string(line_number); };
        if (fields.size() != 2)
            throw ParseError(where() + ": expected two numbers \"x y\", found " +
                             std::to_string(fields.size()) + " fields");
        xs.push_back(parse_number(fields[0], where));
        ys.push_back(parse_number(fields[1], where));
        lines.push_back(line_number);
    }
    if (xs.size() < 2)
        throw InvalidArgument(name + ": expected at least two points, found " + std::to_string(xs.size()));
    if (const std::size_t i = first_out_of_order(xs); i < xs.size())
        throw InvalidArgument(name + ":" + std::to_string(lines[i]) + ": " + out_of_order_message(xs, i));
    return Cpwl1d(std::move(xs), std::move(ys));
}

Cpwl1dConstruction construct_cpwl1d_detailed(const Cpwl1d& f, Cpwl1dForm form) {
    return form == Cpwl1dForm::pairs ? construct_pairs(f) : construct_minimal(f);
}

Network construct_cpwl1d(const Cpwl1d& f, Cpwl1dForm form) { return construct_cpwl1d_detailed(f, form).net; }

}  // namespace relux
