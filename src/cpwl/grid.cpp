#include "relux/cpwl/grid.hpp"

#include "relux/cpwl/circuit.hpp"
#include "relux/error.hpp"

#include <algorithm>
#include <map>
#include <numeric>

// The identity behind the arora form (a Freudenthal hat as a signed sum of translates of
// max(0, y_1, ..., y_d)) and its proof: proofs/mesh.md.

namespace relux {

std::string_view to_string(GridForm form) {
    switch (form) {
        case GridForm::arora: return "arora";
        case GridForm::hat: return "hat";
        case GridForm::lattice: return "lattice";
    }
    return "?";
}

namespace {

/// All multi-indices in {lo..hi}^d, first axis fastest.
std::vector<std::vector<long>> multi_indices(std::size_t d, long lo, long hi) {
    std::vector<std::vector<long>> out;
    std::vector<long> idx(d, lo);
    while (true) {
        out.push_back(idx);
        std::size_t a = 0;
        while (a < d && idx[a] == hi) idx[a++] = lo;
        if (a == d) break;
        ++idx[a];
    }
    return out;
}

std::size_t flat_index(const std::vector<long>& idx, std::size_t n) {
    std::size_t f = 0;
    for (std::size_t a = idx.size(); a-- > 0;) f = f * (n + 1) + static_cast<std::size_t>(idx[a]);
    return f;
}

/// Coefficients c_w of hat(y) = sum_w c_w max(0, y_1 - w_1, ..., y_d - w_d):
/// (-1)^d prod_i (1 - T_{e_i}) (1 - T_{-1}) applied to M (proofs/mesh.md).
std::map<std::vector<long>, long> hat_coefficients(std::size_t d) {
    std::map<std::vector<long>, long> c;
    for (const auto& s : multi_indices(d, 0, 1)) {
        const long ones = std::accumulate(s.begin(), s.end(), 0L);
        const long sign = ((static_cast<long>(d) + ones) % 2 == 0) ? 1 : -1;
        c[s] += sign;
        std::vector<long> shifted = s;
        for (long& x : shifted) x -= 1;
        c[shifted] -= sign;
    }
    for (auto it = c.begin(); it != c.end();) it = it->second == 0 ? c.erase(it) : std::next(it);
    return c;
}

/// The scaled coordinates y_i = (x_i - lo_i) / h_i as circuit values.
std::vector<CircuitValue> grid_coordinates(const ReluCircuit& c, const Grid& g) {
    std::vector<CircuitValue> y;
    for (std::size_t i = 0; i < g.dim(); ++i) {
        const Rational h = (g.box.hi[i] - g.box.lo[i]) / Rational(static_cast<long>(g.n));
        Vector a(g.dim());
        a[i] = Rational(1) / h;
        y.push_back(c.affine(a, -g.box.lo[i] / h));
    }
    return y;
}

/// max(0, y_1 - u_1, ..., y_d - u_d)
CircuitValue corner_max(ReluCircuit& c, const std::vector<CircuitValue>& y, const std::vector<long>& u) {
    std::vector<CircuitValue> vals{ReluCircuit::constant(0)};
    for (std::size_t i = 0; i < y.size(); ++i) vals.push_back(y[i] - ReluCircuit::constant(Rational(u[i])));
    return c.max_of(vals);
}

CircuitValue arora_value(ReluCircuit& c, const Grid& g, std::size_t& terms) {
    const std::size_t d = g.dim();
    const auto y = grid_coordinates(c, g);
    const auto coeff = hat_coefficients(d);
    const long n = static_cast<long>(g.n);
    std::vector<std::pair<Rational, CircuitValue>> sum;
    for (const auto& u : multi_indices(d, -1, n + 1)) {
        Rational alpha;  // sum over hats f_v c_{u - v}
        for (const auto& [w, cw] : coeff) {
            std::vector<long> v(d);
            bool inside = true;
            for (std::size_t i = 0; i < d; ++i) {
                v[i] = u[i] - w[i];
                inside = inside && v[i] >= 0 && v[i] <= n;
            }
            if (inside) alpha += Rational(cw) * g.values[flat_index(v, g.n)];
        }
        if (alpha.is_zero()) continue;
        sum.emplace_back(alpha, corner_max(c, y, u));
        ++terms;
    }
    return linear_sum(sum);
}

CircuitValue hat_value(ReluCircuit& c, const Grid& g, std::size_t& terms) {
    const std::size_t d = g.dim();
    const auto y = grid_coordinates(c, g);
    std::vector<std::pair<Rational, CircuitValue>> sum;
    for (const auto& v : multi_indices(d, 0, static_cast<long>(g.n))) {
        const Rational& f = g.values[flat_index(v, g.n)];
        if (f.is_zero()) continue;
        std::vector<CircuitValue> z{ReluCircuit::constant(0)};
        for (std::size_t i = 0; i < d; ++i) z.push_back(y[i] - ReluCircuit::constant(Rational(v[i])));
        const CircuitValue hat = c.relu(ReluCircuit::constant(1) - c.max_of(z) + c.min_of(z));
        sum.emplace_back(f, hat);
        ++terms;
    }
    return linear_sum(sum);
}

}  // namespace

Vector Grid::point(const std::vector<std::size_t>& idx) const {
    Vector x(dim());
    for (std::size_t i = 0; i < dim(); ++i)
        x[i] = box.lo[i] + (box.hi[i] - box.lo[i]) * Rational(static_cast<unsigned long>(idx[i])) /
                               Rational(static_cast<unsigned long>(n));
    return x;
}

Grid sample_grid(const Box& box, std::size_t n, const std::function<Rational(const Vector&)>& f) {
    if (n == 0) throw InvalidArgument("--n must be at least 1 (cells per axis)");
    if (box.dim() == 0) throw InvalidArgument("the grid box has no axes");
    Grid g{box, n, {}};
    for (const auto& idx : multi_indices(box.dim(), 0, static_cast<long>(n))) {
        std::vector<std::size_t> u(idx.begin(), idx.end());
        g.values.push_back(f(g.point(u)));
    }
    return g;
}

Mesh grid_mesh(const Grid& g) {
    const std::size_t d = g.dim();
    Mesh m;
    m.dim = d;
    for (const auto& idx : multi_indices(d, 0, static_cast<long>(g.n))) {
        m.vertices.push_back(g.point(std::vector<std::size_t>(idx.begin(), idx.end())));
    }
    m.values = g.values;
    std::vector<std::size_t> perm(d);
    for (const auto& cell : multi_indices(d, 0, static_cast<long>(g.n) - 1)) {
        std::iota(perm.begin(), perm.end(), 0);
        do {
            std::vector<long> v = cell;
            std::vector<std::size_t> simplex{flat_index(v, g.n)};
            for (std::size_t a : perm) {
                ++v[a];
                simplex.push_back(flat_index(v, g.n));
            }
            m.simplices.push_back(std::move(simplex));
        } while (std::next_permutation(perm.begin(), perm.end()));
    }
    return m;
}

MeshConstruction construct_grid_network(const Grid& g, GridForm form) {
    if (form == GridForm::lattice) return construct_mesh_network(grid_mesh(g), MeshForm::lattice);
    ReluCircuit c(g.dim());
    MeshConstruction out;
    const CircuitValue v =
        form == GridForm::arora ? arora_value(c, g, out.terms) : hat_value(c, g, out.terms);
    out.net = c.compile({v});
    out.size = network_size(out.net);
    const std::size_t d = g.dim();
    out.theory_hidden_layers = ceil_log2(d + 1) + (form == GridForm::hat ? 1 : 0);
    out.theory = form == GridForm::arora ? "ceil(log2(d+1)) (Arora, Basu, Mianjy & Mukherjee 2018)"
                                         : "ceil(log2(d+1)) + 1 (hat functions)";
    return out;
}

NetworkSize grid_network_size(const Grid& g, GridForm form) {
    if (form == GridForm::lattice) throw InvalidArgument("grid_network_size: only the arora and hat forms");
    ReluCircuit c(g.dim());
    std::size_t terms = 0;
    const CircuitValue v = form == GridForm::arora ? arora_value(c, g, terms) : hat_value(c, g, terms);
    const auto widths = c.layer_widths({v});
    NetworkSize s;
    s.hidden_layers = widths.size();
    s.depth = widths.size() + 1;
    for (std::size_t w : widths) {
        s.neurons += w;
        s.width = std::max(s.width, w);
    }
    return s;
}

}  // namespace relux
