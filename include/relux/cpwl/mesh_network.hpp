#pragma once
// Networks equal to the piecewise-linear interpolant of a simplicial mesh (on the mesh's domain),
// in several forms, with their sizes next to the theory. Proofs: proofs/maxmin.md, proofs/mesh.md.

#include "relux/cpwl/compose.hpp"
#include "relux/cpwl/mesh.hpp"
#include "relux/net/network.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace relux {

enum class MeshForm {
    lattice,  ///< max over sets of min over affine pieces (proofs/maxmin.md)
    hat       ///< sum of f(v) max(0, min_T lambda_{T,v}) over vertices (He, Li, Xu & Zheng 2018)
};

std::string_view to_string(MeshForm form);

/// A constructed network with its size and the size the theory promises for that form.
struct MeshConstruction {
    Network net;
    NetworkSize size;
    std::size_t theory_hidden_layers = 0;  ///< the hidden layers the form's formula gives
    std::string theory;                    ///< that formula, in words
    std::size_t terms = 0;                 ///< lattice: sets; hat: vertices with f(v) != 0
};

/// A network equal to the mesh's interpolant on the mesh's domain (outside it: some continuous
/// extension). Exact. Throws InvalidArgument (naming the vertex or facet) when the form's
/// preconditions fail: both forms need a convex domain; hat needs every vertex star to be convex
/// (no star vertex beyond a facet opposite the star's center).
MeshConstruction construct_mesh_network(const Mesh& mesh, MeshForm form);

}  // namespace relux
