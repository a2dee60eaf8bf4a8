#pragma once
// Uniform grids on a box, triangulated by Kuhn/Freudenthal (d! simplices per cell), and networks
// equal to the grid's piecewise-linear interpolant on the box. Proofs: proofs/mesh.md.

#include "relux/cpwl/mesh.hpp"
#include "relux/cpwl/mesh_network.hpp"
#include "relux/geometry/box.hpp"

#include <cstddef>
#include <functional>
#include <string_view>

namespace relux {

/// Values at the (n + 1)^d vertices of a uniform grid with n cells per axis on `box`. Vertex
/// (i_1, ..., i_d) has coordinates lo + i (hi - lo) / n and index i_1 + (n+1) i_2 + ...
struct Grid {
    Box box;
    std::size_t n = 1;
    Vector values;

    std::size_t dim() const { return box.dim(); }
    /// Coordinates of the vertex with multi-index idx.
    Vector point(const std::vector<std::size_t>& idx) const;
};

/// Sample f at every grid vertex. The values are used as given (exact); rounding of
/// transcendental targets is the caller's business (relux construct grid: proofs/mesh.md).
/// Throws InvalidArgument for n == 0.
Grid sample_grid(const Box& box, std::size_t n, const std::function<Rational(const Vector&)>& f);

/// The Kuhn triangulation of the grid: in each cell, one simplex per permutation pi of the axes,
/// with vertices c, c + e_pi(1), c + e_pi(1) + e_pi(2), ..., c + (1, ..., 1).
Mesh grid_mesh(const Grid& grid);

enum class GridForm {
    arora,   ///< signed sum of max(0, y_1 - u_1, ..., y_d - u_d): ceil(log2(d+1)) hidden layers
    hat,     ///< sum of f(v) relu(1 - max(0, y - v) + min(0, y - v)): ceil(log2(d+1)) + 1
    lattice  ///< the lattice form of grid_mesh (small grids only)
};

std::string_view to_string(GridForm form);

/// A network equal to the grid interpolant on the box (exact; y = (x - lo) / h in grid units).
MeshConstruction construct_grid_network(const Grid& grid, GridForm form);

/// Size of construct_grid_network(grid, form) for the arora and hat forms, computed without
/// building the dense weight matrices (for grids too large to store). Equal to
/// network_size(construct_grid_network(...).net) except nonzero_weights, which is left 0.
NetworkSize grid_network_size(const Grid& grid, GridForm form);

}  // namespace relux
