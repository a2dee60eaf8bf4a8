#pragma once
// Lattice (max-min) representations f = max_i min_{j in S_i} l_j of a mesh interpolant
// (Tarela & Martinez 1999; Ovchinnikov 2002; Xu et al. 2016). Theory, and a counterexample to
// the simplex-based index sets: proofs/maxmin.md.

#include "relux/cpwl/mesh.hpp"

#include <cstddef>
#include <vector>

namespace relux {

/// max over sets of min over pieces[j], j in the set. Invariant: every set is non-empty and
/// sorted; set members index `pieces`.
struct LatticeForm {
    std::vector<AffinePiece> pieces;             ///< distinct affine pieces of the interpolant
    std::vector<std::vector<std::size_t>> sets;  ///< the index sets S_i

    /// Exact value max_i min_{j in S_i} pieces[j](x).
    Rational operator()(const Vector& x) const;
    /// The largest |S_i|.
    std::size_t max_set_size() const;
};

/// The lattice form that equals the interpolant on the mesh's domain: one set
/// S(y) = { j : l_j(y) >= f(y) } for a point y in each cell of the arrangement of the
/// hyperplanes l_j = l_k inside each simplex k (only inclusion-minimal sets are kept). Exact
/// (cells are found with CGAL's exact LP solver). Throws InvalidArgument when the domain is not
/// convex (the theorem needs segments inside the domain). Cost grows like (number of pieces)^(d+1)
/// per simplex: meant for small meshes.
LatticeForm lattice_form(const Mesh& mesh);

/// The index sets S_k = { j : l_j >= l_k on simplex k } (one per simplex, checked at its
/// vertices). Always >= the interpolant on the domain, but NOT always equal to it: see the
/// counterexample in proofs/maxmin.md. Kept for that comparison.
LatticeForm lattice_form_by_simplex(const Mesh& mesh);

}  // namespace relux
