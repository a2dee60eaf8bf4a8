#include "region_linear.hpp"

#include "relux/error.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>

namespace relux::regions_detail {

namespace {

constexpr signed char kWild = 2;

/// The facet's neighbour key: the region's pattern with every neuron that vanishes on the facet's
/// hyperplane (the facet's mask and the identically zero neurons) replaced by a wildcard. The
/// region across the facet has the same key, and no other region does.
void facet_key(const EmittedRegion& r, std::size_t facet, std::vector<signed char>& key) {
    key = r.flat;
    for (signed char& s : key)
        if (s == 0) s = kWild;
    for (std::uint32_t n : r.wild[facet]) key[n] = kWild;
}

/// FNV-1a over the key's bytes.
std::uint64_t hash_bytes(const std::vector<signed char>& key) {
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
    for (signed char c : key) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

/// Disjoint sets over region indices; the smallest index is the root.
struct UnionFind {
    std::vector<std::size_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    std::size_t find(std::size_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }
    void unite(std::size_t a, std::size_t b) {
        a = find(a);
        b = find(b);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
};

}  // namespace

std::size_t merge_linear_regions(std::vector<EmittedRegion>& regions, bool exact) {
    struct Entry {
        std::uint64_t hash;
        std::uint32_t region;
        std::uint32_t facet;
    };
    std::vector<Entry> entries;
    std::vector<signed char> key, other;
    for (std::size_t r = 0; r < regions.size(); ++r)
        for (std::size_t f = 0; f < regions[r].wild.size(); ++f) {
            if (regions[r].wild[f].empty()) continue;  // a box facet: nothing beyond it
            facet_key(regions[r], f, key);
            entries.push_back(
                {hash_bytes(key), static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(f)});
        }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.hash != b.hash ? a.hash < b.hash : a.region < b.region;
    });
    UnionFind uf(regions.size());
    for (std::size_t i = 0; i < entries.size();) {
        std::size_t end = i + 1;
        while (end < entries.size() && entries[end].hash == entries[i].hash) ++end;
        // Group the run by exact key (a hash collision may join unrelated keys).
        std::vector<char> done(end - i, 0);
        for (std::size_t a = i; a < end; ++a) {
            if (done[a - i]) continue;
            facet_key(regions[entries[a].region], entries[a].facet, key);
            std::vector<std::size_t> group{a};
            for (std::size_t b = a + 1; b < end; ++b) {
                if (done[b - i]) continue;
                facet_key(regions[entries[b].region], entries[b].facet, other);
                if (other == key) {
                    group.push_back(b);
                    done[b - i] = 1;
                }
            }
            if (exact) RELUX_ASSERT(group.size() <= 2);
            for (std::size_t x = 1; x < group.size(); ++x) {
                const Region& p = regions[entries[group[0]].region].region;
                const Region& q = regions[entries[group[x]].region].region;
                if (exact) RELUX_ASSERT(entries[group[0]].region != entries[group[x]].region);
                if (p.affine == q.affine) uf.unite(entries[group[0]].region, entries[group[x]].region);
            }
        }
        i = end;
    }
    std::vector<std::size_t> index(regions.size(), SIZE_MAX);
    std::size_t count = 0;
    for (std::size_t r = 0; r < regions.size(); ++r) {
        const std::size_t root = uf.find(r);
        if (index[root] == SIZE_MAX) index[root] = count++;
        regions[r].region.linear_region = index[root];
    }
    return count;
}

}  // namespace relux::regions_detail
