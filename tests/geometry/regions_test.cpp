#define BOOST_TEST_MODULE regions
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "relux/error.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/net/evaluate.hpp"
#include "test_util.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <set>

using namespace relux;

namespace {

Rational q(long n, long d = 1) { return Rational(Integer(n), Integer(d)); }

Layer make_layer(const std::vector<std::vector<Rational>>& w, const std::vector<Rational>& b,
                 Activation act = Activation::relu, Rational slope = 0, bool residual = false) {
    Layer l;
    l.weights = Matrix(w.size(), w.front().size());
    for (std::size_t i = 0; i < w.size(); ++i)
        for (std::size_t j = 0; j < w[i].size(); ++j) l.weights(i, j) = w[i][j];
    l.bias = b;
    l.activation = act;
    l.slope = slope;
    l.residual = residual;
    return l;
}

Network make_net(std::size_t input_dim, std::vector<Layer> layers) {
    Network n;
    n.input_dim = input_dim;
    n.layers = std::move(layers);
    n.validate();
    return n;
}

Box cube(std::size_t d, const Rational& lo, const Rational& hi) {
    Box b;
    b.lo.assign(d, lo);
    b.hi.assign(d, hi);
    return b;
}

Rational dot(const Vector& a, const Vector& b) {
    Rational s;
    for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

/// Pre-activations of layer `layer` at x, evaluated by the network itself (independent of the engine).
Vector pre_activations(const Network& net, std::size_t layer, const Vector& x) {
    const Vector y = evaluate_layers(net, x)[layer];
    const Layer& l = net.layers[layer];
    Vector z = multiply(l.weights, y);
    for (std::size_t i = 0; i < z.size(); ++i) z[i] += l.bias[i];
    return z;
}

/// Checks every claim of a complete result that can be checked region by region.
void check_regions(const Network& net, const Box& box, const RegionResult& result) {
    BOOST_TEST(!result.partial);
    BOOST_TEST(result.volume == box.volume());
    Rational sum;
    std::set<std::string> patterns;
    const std::size_t d = box.dim();
    for (const Region& r : result.regions) {
        sum += r.volume;
        BOOST_TEST(r.volume > 0);
        BOOST_TEST(patterns.insert(to_string(r.pattern)).second);
        BOOST_TEST(r.vertices.size() >= d + 1);
        BOOST_TEST(std::set<Vector>(r.vertices.begin(), r.vertices.end()).size() == r.vertices.size());
        for (const Vector& v : r.vertices) {
            BOOST_TEST(box.contains(v));
            for (const Halfspace& h : r.facets) BOOST_TEST(dot(h.normal, v) + h.offset >= 0);
        }
        Vector centre(d);
        for (const Vector& v : r.vertices)
            for (std::size_t i = 0; i < d; ++i)
                centre[i] += v[i] / Rational(static_cast<long>(r.vertices.size()));
        for (const Halfspace& h : r.facets) {
            // A neuron facet's equation is the neuron's pre-activation, oriented into the region.
            if (h.source.kind == FacetSource::Kind::neuron) {
                const Rational pre = pre_activations(net, h.source.layer, centre)[h.source.index];
                const bool active = r.pattern[h.source.layer][h.source.index] == NeuronState::positive;
                BOOST_TEST(dot(h.normal, centre) + h.offset == (active ? pre : -pre));
            }
            std::size_t tight = 0;
            for (const Vector& v : r.vertices)
                if (dot(h.normal, v) + h.offset == 0) {
                    ++tight;
                    if (h.source.kind == FacetSource::Kind::neuron)
                        BOOST_TEST(pre_activations(net, h.source.layer, v)[h.source.index] == 0);
                }
            BOOST_TEST(tight >= d);
        }
        BOOST_TEST((r.affine == affine_map_for_pattern(net, r.pattern)));
    }
    BOOST_TEST(sum == box.volume());
}

/// Random rational points: their strict pattern names a region that contains them and whose map
/// gives the network's value.
void check_samples(const Network& net, const Box& box, const RegionResult& result, std::mt19937_64& rng,
                   int count) {
    std::map<std::string, const Region*> by_pattern;
    for (const Region& r : result.regions) by_pattern[to_string(r.pattern)] = &r;
    std::uniform_int_distribution<long> frac(0, 1000003);
    int found = 0;
    for (int k = 0; k < count; ++k) {
        Vector x;
        for (std::size_t i = 0; i < box.dim(); ++i)
            x.push_back(box.lo[i] + (box.hi[i] - box.lo[i]) * q(frac(rng), 1000003));
        const std::string p = to_string(activation_pattern(net, x));
        auto it = by_pattern.find(p);
        if (it == by_pattern.end()) {
            BOOST_TEST(p.find('0') != std::string::npos, "no region for the strict pattern " << p);
            continue;
        }
        ++found;
        for (const Halfspace& h : it->second->facets) BOOST_TEST(dot(h.normal, x) + h.offset >= 0);
        BOOST_TEST(it->second->affine.apply(x) == evaluate(net, x));
    }
    BOOST_TEST(found > count / 2);
}

long binomial(long n, long k) {
    long r = 1;
    for (long i = 1; i <= k; ++i) r = r * (n - k + i) / i;
    return r;
}

/// n hyperplanes tangent to the moment curve in R^d: sum_i t^(i-1) x_i + t^d = 0, t distinct.
/// Any d of them meet in one point (the polynomial with those roots), no d + 1 do, no two are
/// parallel: general position. Returns the network and a box containing every vertex inside.
std::pair<Network, Box> moment_arrangement(std::size_t d, long n) {
    std::vector<std::vector<Rational>> w;
    std::vector<Rational> b;
    long top = 0;
    for (long j = 0; j < n; ++j) {
        const long t = j - n / 2;
        top = std::max(top, std::abs(t));
        std::vector<Rational> row;
        Rational power(1);
        for (std::size_t i = 0; i < d; ++i) {
            row.push_back(power);
            power *= t;
        }
        w.push_back(row);
        b.push_back(power);
    }
    Rational bound(1);
    for (std::size_t i = 0; i < d; ++i) bound *= 1 + top;
    bound = 2 * bound + 1;
    std::vector<std::vector<Rational>> out(1, std::vector<Rational>(n, Rational(1)));
    return {make_net(d, {make_layer(w, b), make_layer(out, {0}, Activation::identity)}),
            cube(d, -bound, bound)};
}

/// The tent map t(x) = 2 relu(x) - 4 relu(x - 1/2) composed `depth` times.
Network sawtooth(int depth) {
    std::vector<Layer> layers{make_layer({{1}, {1}}, {0, q(-1, 2)})};
    for (int k = 1; k < depth; ++k) layers.push_back(make_layer({{2, -4}, {2, -4}}, {0, q(-1, 2)}));
    layers.push_back(make_layer({{2, -4}}, {0}, Activation::identity));
    return make_net(1, layers);
}

Network random_network(std::mt19937_64& rng, std::size_t d, const std::vector<std::size_t>& widths,
                       bool fancy) {
    std::vector<Layer> layers;
    std::size_t in = d;
    std::uniform_int_distribution<int> coin(0, 5);
    for (std::size_t li = 0; li <= widths.size(); ++li) {
        const std::size_t out = li < widths.size() ? widths[li] : 1;
        std::vector<std::vector<Rational>> w(out, std::vector<Rational>(in));
        std::vector<Rational> b(out);
        for (auto& row : w)
            for (Rational& x : row) x = coin(rng) == 0 ? Rational(0) : test::random_rational(rng, 6, 4);
        for (Rational& x : b) x = test::random_rational(rng, 6, 4);
        Activation act = li < widths.size() ? Activation::relu : Activation::identity;
        Rational slope = 0;
        bool residual = false;
        if (fancy && li < widths.size() && li % 2 == 1) {
            act = Activation::leaky_relu;
            slope = q(1, 1 + coin(rng));
            residual = out == in;
        }
        layers.push_back(make_layer(w, b, act, slope, residual));
        in = out;
    }
    return make_net(d, layers);
}

RegionResult run(const Network& net, const Box& box, bool linear = false) {
    RegionOptions o;
    o.linear = linear;
    return enumerate_regions(net, box, o);
}

std::vector<Rational> slopes_1d(const RegionResult& r) {
    std::vector<Rational> s;
    for (const Region& g : r.regions) s.push_back(g.affine.A(0, 0));
    return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(one_layer_in_general_position_meets_zaslavskys_count) {
    const std::vector<std::pair<std::size_t, long>> cases{{1, 7}, {2, 10}, {2, 4}, {3, 8},
                                                          {3, 5}, {4, 6},  {4, 4}};
    for (const auto& [d, n] : cases) {
        BOOST_TEST_CONTEXT("d = " << d << ", n = " << n) {
            const auto [net, box] = moment_arrangement(d, n);
            long expected = 0;
            for (long i = 0; i <= static_cast<long>(d); ++i) expected += binomial(n, i);
            const RegionResult r = run(net, box);
            BOOST_TEST(r.regions.size() == static_cast<std::size_t>(expected));
            check_regions(net, box, r);
        }
    }
    BOOST_TEST(binomial(10, 2) + 10 + 1 == 56);
}

BOOST_AUTO_TEST_CASE(sawtooth_has_two_to_the_depth_linear_regions) {
    for (int depth = 1; depth <= 12; ++depth) {
        BOOST_TEST_CONTEXT("depth " << depth) {
            const Network net = sawtooth(depth);
            const Box box = cube(1, 0, 1);
            const RegionResult r = run(net, box, true);
            BOOST_TEST(r.linear_regions == (std::size_t(1) << depth));
            BOOST_TEST(r.regions.size() >= r.linear_regions);
            const Rational slope(Integer(1) << depth);
            for (const Rational& s : slopes_1d(r)) BOOST_TEST((s == slope || s == -slope));
            if (depth <= 6) check_regions(net, box, r);
            BOOST_TEST(r.volume == 1);
        }
    }
}

BOOST_AUTO_TEST_CASE(lines_through_one_point_give_two_regions_each) {
    // x = 0, y = 0, y = x, y = -x through the origin: 8 triangles of area 1/2 in [-1, 1]^2.
    const Network net = make_net(2, {make_layer({{1, 0}, {0, 1}, {1, -1}, {1, 1}}, {0, 0, 0, 0}),
                                     make_layer({{1, 1, 1, 1}}, {0}, Activation::identity)});
    const Box box = cube(2, -1, 1);
    const RegionResult r = run(net, box);
    BOOST_TEST(r.regions.size() == 8u);
    for (const Region& g : r.regions) {
        BOOST_TEST(g.volume == q(1, 2));
        BOOST_TEST(g.vertices.size() == 3u);
    }
    check_regions(net, box, r);
    // n lines through (1/3, 1/5) with slopes 0, 1, ..., n-1 (plus one vertical line): 2n regions.
    for (long n = 2; n <= 9; ++n) {
        std::vector<std::vector<Rational>> w{{1, 0}};
        std::vector<Rational> b{q(-1, 3)};
        for (long k = 0; k + 1 < n; ++k) {
            w.push_back({k, -1});
            b.push_back(q(1, 5) - k * q(1, 3));
        }
        const Network fan = make_net(
            2, {make_layer(w, b), make_layer({std::vector<Rational>(n, 1)}, {0}, Activation::identity)});
        const Box big = cube(2, -40, 40);
        const RegionResult f = run(fan, big);
        BOOST_TEST(f.regions.size() == static_cast<std::size_t>(2 * n));
        check_regions(fan, big, f);
    }
}

BOOST_AUTO_TEST_CASE(coinciding_proportional_dead_and_always_active_neurons) {
    const Box box = cube(2, -1, 1);
    // The axes alone: 4 squares of area 1.
    const Network base =
        make_net(2, {make_layer({{1, 0}, {0, 1}}, {0, 0}), make_layer({{1, 1}}, {0}, Activation::identity)});
    const RegionResult r0 = run(base, box, true);
    BOOST_TEST(r0.regions.size() == 4u);
    for (const Region& g : r0.regions) BOOST_TEST(g.volume == 1);
    // Add a duplicate of x, a 2x scaled copy, a negated copy of y, a dead neuron (x - 5), an
    // always-active one (y + 5), an identically zero one, and x = -1 along a box face.
    const Network degenerate =
        make_net(2, {make_layer({{1, 0}, {0, 1}, {1, 0}, {2, 0}, {0, -3}, {1, 0}, {0, 1}, {0, 0}, {1, 0}},
                                {0, 0, 0, 0, 0, -5, 5, 0, 1}),
                     make_layer({{1, 1, 1, 1, 1, 1, 1, 1, 1}}, {0}, Activation::identity)});
    const RegionResult r = run(degenerate, box, true);
    BOOST_TEST(r.regions.size() == 4u);
    check_regions(degenerate, box, r);
    for (const Region& g : r.regions) {
        BOOST_TEST(g.volume == 1);
        BOOST_TEST(g.facets.size() == 4u);
        BOOST_TEST(g.vertices.size() == 4u);
        const auto& s = g.pattern[0];
        BOOST_TEST((s[2] == s[0] && s[3] == s[0] && s[4] != s[1]));
        BOOST_TEST((s[5] == NeuronState::negative && s[6] == NeuronState::positive));
        BOOST_TEST((s[7] == NeuronState::zero));
        BOOST_TEST((s[8] == NeuronState::positive));
        std::size_t box_faces = 0;
        for (const Halfspace& h : g.facets) box_faces += h.source.kind != FacetSource::Kind::neuron;
        BOOST_TEST(box_faces == 2u);
    }
    // f = relu(x) + relu(y) + relu(x) + relu(2x) + relu(-3y) + (y + 5) + relu(x + 1) is linear on
    // each quadrant, with four different maps: four linear regions.
    BOOST_TEST(r.linear_regions == 4u);
    // The neuron along the box face x = -1 never creates a facet: the box face is tagged instead.
    for (const Region& g : r.regions)
        for (const Halfspace& h : g.facets)
            if (h.source.kind == FacetSource::Kind::neuron) BOOST_TEST(h.source.index != 8u);
}

BOOST_AUTO_TEST_CASE(redundant_breakpoints_in_one_dimension) {
    // relu(x - 1) - relu(x - 1) + relu(x - 2) on [0, 3] is relu(x - 2): breakpoints 1 and 2 give
    // 3 activation regions, the function has 2 pieces.
    const Network net = make_net(
        1, {make_layer({{1}, {1}, {1}}, {-1, -1, -2}), make_layer({{1, -1, 1}}, {0}, Activation::identity)});
    const Box box = cube(1, 0, 3);
    const RegionResult r = run(net, box, true);
    BOOST_TEST(r.regions.size() == 3u);
    BOOST_TEST(r.linear_regions == 2u);
    check_regions(net, box, r);
    std::vector<Rational> lengths;
    for (const Region& g : r.regions) lengths.push_back(g.volume);
    std::sort(lengths.begin(), lengths.end());
    BOOST_TEST((lengths == std::vector<Rational>{1, 1, 1}));
    // relu(x - 1) - relu(1 - x) = x - 1: one hyperplane from two opposite neurons, two activation
    // regions, one linear region.
    const Network line =
        make_net(1, {make_layer({{1}, {-1}}, {-1, 1}), make_layer({{1, -1}}, {0}, Activation::identity)});
    const RegionResult l = run(line, box, true);
    BOOST_TEST(l.regions.size() == 2u);
    BOOST_TEST(l.linear_regions == 1u);
    check_regions(line, box, l);
    // Collinear pieces through a second layer: relu(relu(x) - 1) + relu(1 - relu(x)) on [-2, 3] is
    // 1 on [-2, 0], 1 - x on [0, 1], x - 1 on [1, 3]: 3 activation regions and 3 linear regions,
    // while relu(x) + relu(-x) - |x| = 0 is one linear region.
    const Network two = make_net(1, {make_layer({{1}}, {0}), make_layer({{1}, {-1}}, {-1, 1}),
                                     make_layer({{1, 1}}, {0}, Activation::identity)});
    const Box wide = cube(1, -2, 3);
    const RegionResult t = run(two, wide, true);
    BOOST_TEST(t.regions.size() == 3u);
    BOOST_TEST(t.linear_regions == 3u);
    check_regions(two, wide, t);
    const Network zero = make_net(1, {make_layer({{1}, {-1}, {1}, {-1}}, {0, 0, 0, 0}),
                                      make_layer({{1, 1, -1, -1}}, {0}, Activation::identity)});
    const RegionResult z = run(zero, wide, true);
    BOOST_TEST(z.regions.size() == 2u);
    BOOST_TEST(z.linear_regions == 1u);
}

namespace {

/// Independent 2-D adjacency: regions share a segment of positive length on a common line.
bool share_edge_2d(const Region& a, const Region& b) {
    for (const Halfspace& f : a.facets) {
        for (const Halfspace& g : b.facets) {
            // Opposite orientation, same line: g = -lambda f with lambda > 0.
            const Rational lambda =
                !f.normal[0].is_zero() ? -g.normal[0] / f.normal[0] : -g.normal[1] / f.normal[1];
            if (lambda <= 0) continue;
            if (g.normal[0] != -lambda * f.normal[0] || g.normal[1] != -lambda * f.normal[1] ||
                g.offset != -lambda * f.offset)
                continue;
            // Project the tight vertices onto the line direction.
            const Vector dir{-f.normal[1], f.normal[0]};
            auto span = [&](const Region& r, const Halfspace& h) {
                std::vector<Rational> t;
                for (const Vector& v : r.vertices)
                    if (dot(h.normal, v) + h.offset == 0) t.push_back(dot(dir, v));
                return std::pair{*std::min_element(t.begin(), t.end()),
                                 *std::max_element(t.begin(), t.end())};
            };
            const auto [a0, a1] = span(a, f);
            const auto [b0, b1] = span(b, g);
            if (min(a1, b1) > max(a0, b0)) return true;
        }
    }
    return false;
}

std::size_t find_root(std::vector<std::size_t>& p, std::size_t x) {
    while (p[x] != x) x = p[x] = p[p[x]];
    return x;
}

}  // namespace

BOOST_DATA_TEST_CASE(random_networks_in_two_dimensions, boost::unit_test::data::xrange(6), k) {
    const std::uint64_t seed = test::seed(1000 + k);
    BOOST_TEST_CONTEXT("seed " << seed) {
        std::mt19937_64 rng(seed);
        const Network net = random_network(
            rng, 2, k < 3 ? std::vector<std::size_t>{6, 5} : std::vector<std::size_t>{5, 5, 4}, k % 2 == 1);
        const Box box{{q(-2), q(-3, 2)}, {q(2), q(5, 3)}};
        const RegionResult r = run(net, box, true);
        check_regions(net, box, r);
        check_samples(net, box, r, rng, test::scaled(200));
        // Linear regions against an independent union-find over shared edges with equal maps.
        const std::size_t n = r.regions.size();
        std::vector<std::size_t> parent(n);
        std::iota(parent.begin(), parent.end(), 0);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j)
                if (r.regions[i].affine == r.regions[j].affine && share_edge_2d(r.regions[i], r.regions[j]))
                    parent[find_root(parent, i)] = find_root(parent, j);
        std::map<std::size_t, std::size_t> ours_to_theirs;
        std::set<std::size_t> roots;
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t root = find_root(parent, i);
            roots.insert(root);
            auto [it, fresh] = ours_to_theirs.emplace(r.regions[i].linear_region, root);
            BOOST_TEST(it->second == root);
        }
        BOOST_TEST(r.linear_regions == roots.size());
        BOOST_TEST(ours_to_theirs.size() == roots.size());
    }
}

BOOST_DATA_TEST_CASE(random_networks_in_three_and_four_dimensions, boost::unit_test::data::xrange(4), k) {
    const std::uint64_t seed = test::seed(2000 + k);
    BOOST_TEST_CONTEXT("seed " << seed) {
        std::mt19937_64 rng(seed);
        const std::size_t d = k < 3 ? 3 : 4;
        const Network net = random_network(
            rng, d, k == 0 ? std::vector<std::size_t>{4, 3} : std::vector<std::size_t>{3, 3, 3}, k == 2);
        const Box box = cube(d, q(-3, 2), 1);
        const RegionResult r = run(net, box, true);
        check_regions(net, box, r);
        check_samples(net, box, r, rng, test::scaled(150));
        // Across the middle of each neuron facet lies exactly one region; it joins this region's
        // linear region exactly when the maps agree.
        std::map<std::string, const Region*> by_pattern;
        for (const Region& g : r.regions) by_pattern[to_string(g.pattern)] = &g;
        for (const Region& g : r.regions)
            for (const Halfspace& h : g.facets) {
                if (h.source.kind != FacetSource::Kind::neuron) continue;
                Vector c(d);
                std::size_t tight = 0;
                for (const Vector& v : g.vertices)
                    if (dot(h.normal, v) + h.offset == 0) {
                        for (std::size_t i = 0; i < d; ++i) c[i] += v[i];
                        ++tight;
                    }
                for (Rational& x : c) x /= Rational(static_cast<long>(tight));
                for (std::size_t i = 0; i < d; ++i) c[i] -= h.normal[i] * q(1, 1000000000);
                const std::string p = to_string(activation_pattern(net, c));
                auto it = by_pattern.find(p);
                BOOST_TEST_REQUIRE((it != by_pattern.end()), "no region across a facet at pattern " << p);
                BOOST_TEST(
                    ((it->second->linear_region == g.linear_region) == (it->second->affine == g.affine)));
            }
    }
}

BOOST_AUTO_TEST_CASE(owned_vertices_count_the_distinct_vertices) {
    // Summed over the regions, owned_vertex_count equals the number of distinct vertices (a set of
    // all the regions' vertices), in 1-D to 4-D, for random and degenerate networks; the count the
    // enumeration finds from its incidences (Region::owned_vertices) agrees region by region.
    for (std::size_t d = 1; d <= 4; ++d)
        for (int k = 0; k < 3; ++k) {
            const std::uint64_t seed = test::seed(3000 + 10 * d + k);
            BOOST_TEST_CONTEXT("seed " << seed << " d " << d) {
                std::mt19937_64 rng(seed);
                const std::vector<std::size_t> widths = d == 4   ? std::vector<std::size_t>{4, 2}
                                                        : d == 3 ? std::vector<std::size_t>{4, 3}
                                                                 : std::vector<std::size_t>{6, 5};
                const Network net = random_network(rng, d, widths, k == 1);
                const Box box = cube(d, q(-3, 2), 1);
                const RegionResult r = run(net, box, false);
                std::set<Vector> distinct;
                std::size_t owned = 0, found = 0;
                for (const Region& g : r.regions) {
                    distinct.insert(g.vertices.begin(), g.vertices.end());
                    owned += owned_vertex_count(g, box);
                    found += g.owned_vertices;
                    BOOST_TEST(g.owned_vertices == owned_vertex_count(g, box));
                }
                BOOST_TEST(owned == distinct.size());
                BOOST_TEST(found == distinct.size());
            }
        }
    // Lines through one point and a neuron along a box face: 4 squares with 9 distinct vertices.
    const Network axes = make_net(2, {make_layer({{1, 0}, {0, 1}, {1, 0}, {1, 0}}, {0, 0, 0, 1}),
                                      make_layer({{1, 1, 1, 1}}, {0}, Activation::identity)});
    const Box box = cube(2, -1, 1);
    const RegionResult r = run(axes, box, false);
    std::size_t owned = 0, found = 0;
    for (const Region& g : r.regions) {
        owned += owned_vertex_count(g, box);
        found += g.owned_vertices;
    }
    BOOST_TEST(owned == 9u);
    BOOST_TEST(found == 9u);
    // Planes through one point in 3-D, one along a box face, one repeated: the same agreement.
    const Network planes = make_net(
        3,
        {make_layer({{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}, {1, 0, 0}, {0, 0, 1}}, {0, 0, 0, 0, 0, -1}),
         make_layer({{1, 1, 1, 1, 1, 1}}, {0}, Activation::identity)});
    const Box cube3 = cube(3, -1, 1);
    const RegionResult p = run(planes, cube3, false);
    std::set<Vector> corners;
    std::size_t owned3 = 0;
    for (const Region& g : p.regions) {
        corners.insert(g.vertices.begin(), g.vertices.end());
        owned3 += g.owned_vertices;
        BOOST_TEST(g.owned_vertices == owned_vertex_count(g, cube3));
    }
    BOOST_TEST(owned3 == corners.size());
}

BOOST_AUTO_TEST_CASE(leaky_and_residual_layers) {
    std::mt19937_64 rng(test::seed(77));
    const Network net =
        make_net(2, {make_layer({{1, 2}, {-1, 1}}, {q(1, 3), 0}, Activation::leaky_relu, q(1, 10)),
                     make_layer({{1, -1}, {q(1, 2), 1}}, {0, q(-1, 4)}, Activation::relu, 0, true),
                     make_layer({{1, 1}, {2, -1}}, {0, 0}, Activation::identity),
                     make_layer({{1, -3}, {2, 1}}, {q(1, 7), 0}, Activation::leaky_relu, q(-1, 2)),
                     make_layer({{1, 1}}, {0}, Activation::identity)});
    const Box box = cube(2, -2, 2);
    const RegionResult r = run(net, box, true);
    check_regions(net, box, r);
    check_samples(net, box, r, rng, test::scaled(300));
    BOOST_TEST(r.linear_regions <= r.regions.size());
}

BOOST_AUTO_TEST_CASE(float_filter_and_thread_count_do_not_change_the_result) {
    std::mt19937_64 rng(test::seed(99));
    const Network net = random_network(rng, 2, {8, 8, 6}, false);
    const Box box = cube(2, -2, 2);
    RegionOptions a;
    a.linear = true;
    RegionOptions b = a;
    b.float_filter = false;
    b.threads = 1;
    const RegionResult ra = enumerate_regions(net, box, a);
    const RegionResult rb = enumerate_regions(net, box, b);
    BOOST_TEST_REQUIRE(ra.regions.size() == rb.regions.size());
    BOOST_TEST(ra.linear_regions == rb.linear_regions);
    for (std::size_t i = 0; i < ra.regions.size(); ++i) {
        const Region& x = ra.regions[i];
        const Region& y = rb.regions[i];
        BOOST_TEST((x.pattern == y.pattern && x.vertices == y.vertices && x.volume == y.volume &&
                    x.affine == y.affine && x.linear_region == y.linear_region &&
                    x.facets.size() == y.facets.size()));
    }
    // The float-only run follows the same algorithm; in general position it finds the same count.
    const auto [moment, mbox] = moment_arrangement(2, 10);
    RegionOptions f;
    f.exact = false;
    BOOST_TEST(enumerate_regions(moment, mbox, f).regions.size() == 56u);
}

BOOST_AUTO_TEST_CASE(streaming_gives_the_same_regions_without_storing_them) {
    std::mt19937_64 rng(test::seed(123));
    for (std::size_t d : {2u, 3u}) {
        const Network net = random_network(
            rng, d, d == 2 ? std::vector<std::size_t>{8, 8, 6} : std::vector<std::size_t>{5, 5, 4}, false);
        const Box box = cube(d, -2, 2);
        const RegionResult stored = enumerate_regions(net, box);
        for (int threads : {1, 2}) {
            RegionOptions o;
            o.keep_regions = false;
            o.threads = threads;
            std::set<std::string> patterns;
            Rational volumes;
            o.on_region = [&](const Region& r) {
                patterns.insert(to_string(r.pattern));
                volumes += r.volume;
            };
            const RegionResult streamed = enumerate_regions(net, box, o);
            BOOST_TEST(streamed.regions.empty());
            BOOST_TEST(streamed.count == stored.regions.size());
            BOOST_TEST(stored.count == stored.regions.size());
            BOOST_TEST(patterns.size() == stored.regions.size());
            BOOST_TEST(streamed.volume == box.volume());
            BOOST_TEST(volumes == box.volume());
            std::set<std::string> expected;
            for (const Region& r : stored.regions) expected.insert(to_string(r.pattern));
            BOOST_TEST((patterns == expected));
        }
    }
    RegionOptions bad;
    bad.keep_regions = false;
    bad.linear = true;
    std::mt19937_64 rng2(1);
    BOOST_CHECK_THROW(enumerate_regions(random_network(rng2, 2, {3}, false), cube(2, -1, 1), bad),
                      InvalidArgument);
}

BOOST_AUTO_TEST_CASE(limits_give_a_partial_result_with_a_reason) {
    std::mt19937_64 rng(test::seed(5));
    const Network net = random_network(rng, 2, {8, 8}, false);
    const Box box = cube(2, -2, 2);
    const std::size_t all = run(net, box).regions.size();
    BOOST_TEST_REQUIRE(all > 20u);
    RegionOptions o;
    o.max_regions = 10;
    std::size_t calls = 0;
    o.progress = [&](std::size_t, std::size_t) { ++calls; };
    const RegionResult r = enumerate_regions(net, box, o);
    BOOST_TEST(r.partial);
    BOOST_TEST(r.regions.size() == 10u);
    BOOST_TEST(r.volume < box.volume());
    BOOST_TEST(r.stop_reason.find("stopped by --max-regions 10 after 10 regions, at layer") == 0u,
               r.stop_reason);
    BOOST_TEST(calls >= 1u);
    o.max_regions = all;  // exactly enough: the run completes
    const RegionResult whole = enumerate_regions(net, box, o);
    BOOST_TEST(!whole.partial);
    BOOST_TEST(whole.volume == box.volume());
    RegionOptions t;
    t.time_limit_seconds = 1e-9;
    const RegionResult timed = enumerate_regions(net, box, t);
    BOOST_TEST(timed.partial);
    BOOST_TEST(timed.stop_reason.find("stopped by --time-limit") == 0u, timed.stop_reason);
}

BOOST_AUTO_TEST_CASE(a_partial_volume_is_the_sum_of_the_regions_found) {
    // The engine sums volumes along the splitting tree: whole subtrees by their integer numerators,
    // cut subtrees by the regions they emitted. Every cut must still give the exact sum.
    std::mt19937_64 rng(test::seed(77));
    for (std::size_t d : {2u, 3u}) {
        const Network net = random_network(
            rng, d, d == 2 ? std::vector<std::size_t>{6, 6} : std::vector<std::size_t>{4, 4}, false);
        const Box box = cube(d, -2, 2);
        const std::size_t all = run(net, box).regions.size();
        BOOST_TEST_REQUIRE(all > 8u);
        for (std::size_t limit : {std::size_t(1), std::size_t(2), all / 3, all / 2, all - 1}) {
            for (int threads : {1, 2}) {
                RegionOptions o;
                o.max_regions = limit;
                o.threads = threads;
                const RegionResult kept = enumerate_regions(net, box, o);
                Rational sum;
                for (const Region& r : kept.regions) sum += r.volume;
                BOOST_TEST(kept.partial);
                BOOST_TEST(kept.volume == sum, "d " << d << " limit " << limit);
                BOOST_TEST(kept.volume < box.volume());
                o.keep_regions = false;
                Rational streamed_sum;
                o.on_region = [&](const Region& r) { streamed_sum += r.volume; };
                const RegionResult streamed = enumerate_regions(net, box, o);
                BOOST_TEST(streamed.volume == streamed_sum, "d " << d << " limit " << limit);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_arguments_are_reported) {
    const Network net =
        make_net(2, {make_layer({{1, 0}}, {0}), make_layer({{1}}, {0}, Activation::identity)});
    try {
        (void)enumerate_regions(net, cube(3, 0, 1));
        BOOST_ERROR("no error");
    } catch (const InvalidArgument& e) {
        BOOST_TEST(std::string(e.what()) == "box has 3 axes; expected 2 (one per network input)");
    }
    Network square = net;
    square.layers[0].activation = Activation::square;
    try {
        (void)enumerate_regions(square, cube(2, 0, 1));
        BOOST_ERROR("no error");
    } catch (const InvalidArgument& e) {
        BOOST_TEST(std::string(e.what()).find("layers[0] has a square activation") == 0u);
    }
    Network soft = net;
    soft.output = OutputKind::softmax;
    BOOST_CHECK_THROW((void)enumerate_regions(soft, cube(2, 0, 1)), InvalidArgument);
    Box flat = cube(2, 0, 1);
    flat.hi[1] = 0;
    try {
        (void)enumerate_regions(net, flat);
        BOOST_ERROR("no error");
    } catch (const InvalidArgument& e) {
        BOOST_TEST(std::string(e.what()).find("box axis 2: lower bound 0 is not below upper bound 0") == 0u);
    }
}

BOOST_AUTO_TEST_CASE(networks_without_hidden_states_and_with_a_relu_output) {
    // Identity layers only: one region, the whole box, with the composed map.
    const Network linear = make_net(2, {make_layer({{1, 2}, {3, -1}}, {q(1, 2), 0}, Activation::identity),
                                        make_layer({{1, 1}}, {-1}, Activation::identity)});
    const Box box = cube(2, -1, 2);
    const RegionResult r = run(linear, box, true);
    BOOST_TEST_REQUIRE(r.regions.size() == 1u);
    BOOST_TEST(r.linear_regions == 1u);
    BOOST_TEST(r.regions[0].volume == 9);
    BOOST_TEST(r.regions[0].vertices.size() == 4u);
    BOOST_TEST((r.regions[0].affine == affine_map_at(linear, Vector{0, 0})));
    // A relu output layer has states too: relu(relu(x) - relu(y) - 1/2) on [-1, 1]^2.
    const Network out =
        make_net(2, {make_layer({{1, 0}, {0, 1}}, {0, 0}), make_layer({{1, -1}}, {q(-1, 2)})});
    const Box sq = cube(2, -1, 1);
    const RegionResult o = run(out, sq, true);
    check_regions(out, sq, o);
    std::mt19937_64 rng(test::seed(3));
    check_samples(out, sq, o, rng, 100);
    // Quadrants x < 0 (2 regions, output 0), x > 0, y < 0 (split at x = 1/2), x > 0, y > 0
    // (split at x - y = 1/2): 6 activation regions; the output is 0 on the union of the four
    // zero regions, which is connected, and positive on two others of different maps.
    BOOST_TEST(o.regions.size() == 6u);
    BOOST_TEST(o.linear_regions == 3u);
}
