#include "relux/cpwl/mesh_network.hpp"

#include "relux/cpwl/circuit.hpp"
#include "relux/cpwl/maxmin.hpp"
#include "relux/error.hpp"

#include <algorithm>
#include <map>

namespace relux {

std::string_view to_string(MeshForm form) { return form == MeshForm::lattice ? "lattice" : "hat"; }

namespace {

MeshConstruction lattice_network(const Mesh& mesh) {
    const LatticeForm lf = lattice_form(mesh);
    ReluCircuit c(mesh.dim);
    std::vector<CircuitValue> pieces;
    for (const AffinePiece& p : lf.pieces) pieces.push_back(c.affine(p.gradient, p.offset));
    std::vector<CircuitValue> mins;
    for (const auto& set : lf.sets) {
        std::vector<CircuitValue> members;
        for (std::size_t j : set) members.push_back(pieces[j]);
        mins.push_back(c.min_of(members));
    }
    MeshConstruction out;
    out.net = c.compile({c.max_of(mins)});
    out.size = network_size(out.net);
    out.terms = lf.sets.size();
    out.theory_hidden_layers = ceil_log2(lf.max_set_size()) + ceil_log2(lf.sets.size());
    out.theory = "ceil(log2 max|S_i|) + ceil(log2 #sets) = ceil(log2 " + std::to_string(lf.max_set_size()) +
                 ") + ceil(log2 " + std::to_string(lf.sets.size()) + ")";
    return out;
}

MeshConstruction hat_network(const Mesh& mesh) {
    if (auto why = mesh.nonconvex_reason())
        throw InvalidArgument("the hat form needs a convex domain, but " + *why);
    const std::size_t d = mesh.dim;
    std::map<std::size_t, std::vector<std::size_t>> star;  // vertex -> simplices containing it
    for (std::size_t s = 0; s < mesh.simplices.size(); ++s)
        for (std::size_t v : mesh.simplices[s]) star[v].push_back(s);
    ReluCircuit c(d);
    std::vector<std::pair<Rational, CircuitValue>> sum;
    std::size_t largest = 1, terms = 0;
    for (const auto& [v, simplices] : star) {
        // lambda_{T,v}: the barycentric coordinate of v in T, an affine function of x
        std::vector<std::pair<Vector, Rational>> lambdas;
        for (std::size_t s : simplices) {
            const std::size_t k = static_cast<std::size_t>(
                std::find(mesh.simplices[s].begin(), mesh.simplices[s].end(), v) - mesh.simplices[s].begin());
            // lambda_k(x) = value of the piece interpolating e_k on T
            Mesh unit;
            unit.dim = d;
            for (std::size_t i = 0; i <= d; ++i) {
                unit.vertices.push_back(mesh.vertices[mesh.simplices[s][i]]);
                unit.values.push_back(i == k ? Rational(1) : Rational(0));
            }
            unit.simplices.push_back({});
            for (std::size_t i = 0; i <= d; ++i) unit.simplices[0].push_back(i);
            const AffinePiece p = unit.piece(0);
            // convex star: no vertex of the star beyond the facet of s opposite v
            for (std::size_t t : simplices)
                for (std::size_t u : mesh.simplices[t])
                    if (p(mesh.vertices[u]).sign() < 0)
                        throw InvalidArgument(
                            "the hat form needs convex vertex stars, but the star of vertex " +
                            std::to_string(v) + " is not convex: vertex " + std::to_string(u) +
                            " lies beyond the facet of simplex " + std::to_string(s) + " opposite vertex " +
                            std::to_string(v) + " (use --form lattice)");
            lambdas.emplace_back(p.gradient, p.offset);
        }
        largest = std::max(largest, lambdas.size());
        if (mesh.values[v].is_zero()) continue;
        std::vector<CircuitValue> vals;
        for (const auto& [g, b] : lambdas) vals.push_back(c.affine(g, b));
        sum.emplace_back(mesh.values[v], c.relu(c.min_of(vals)));
        ++terms;
    }
    MeshConstruction out;
    out.net = c.compile({linear_sum(sum)});
    out.size = network_size(out.net);
    out.terms = terms;
    out.theory_hidden_layers = ceil_log2(largest) + 1;
    out.theory = "ceil(log2 largest star) + 1 = ceil(log2 " + std::to_string(largest) + ") + 1";
    return out;
}

}  // namespace

MeshConstruction construct_mesh_network(const Mesh& mesh, MeshForm form) {
    return form == MeshForm::lattice ? lattice_network(mesh) : hat_network(mesh);
}

}  // namespace relux
