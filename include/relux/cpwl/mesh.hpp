#pragma once
// Simplicial meshes in R^d with rational vertices and values, and their piecewise-linear
// interpolant. File format (relux-mesh, version 1) and the validity checks: proofs/mesh.md.

#include "relux/number/matrix.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relux {

/// The affine function x -> gradient . x + offset.
struct AffinePiece {
    Vector gradient;
    Rational offset;
    Rational operator()(const Vector& x) const;
    friend bool operator==(const AffinePiece&, const AffinePiece&) = default;
};

/// A simplicial mesh: vertices with exact coordinates and values, and simplices given by d + 1
/// vertex indices. The interpolant is affine on each simplex and equal to the given values at
/// the vertices; its domain is the union of the simplices. Simplices and vertices are numbered
/// from 0 in messages.
struct Mesh {
    std::size_t dim = 0;
    std::vector<Vector> vertices;
    Vector values;
    std::vector<std::vector<std::size_t>> simplices;

    /// Throws InvalidArgument naming the first offending simplex (or vertex) unless: dim >= 1;
    /// every vertex has dim coordinates and a value; at least one simplex; every simplex lists
    /// dim + 1 distinct valid vertex indices and has nonzero volume; a facet belongs to at most
    /// two simplices, and two simplices sharing a facet lie on opposite sides of it; no two
    /// simplices overlap (exact separating-axis test); no boundary facet meets another simplex's
    /// boundary facet in a (dim-1)-dimensional set without coinciding with it (hanging nodes).
    void validate() const;

    /// The affine piece of the interpolant on simplex s (exact). Precondition: s is valid.
    AffinePiece piece(std::size_t s) const;
    /// Barycentric coordinates of x with respect to simplex s (they sum to 1).
    Vector barycentric(std::size_t s, const Vector& x) const;
    /// Index of a simplex containing x (the first one in order), or nullopt outside the domain.
    std::optional<std::size_t> locate(const Vector& x) const;
    /// The interpolant at x, exactly; nullopt outside the domain. Throws InvalidArgument when
    /// x.size() != dim.
    std::optional<Rational> evaluate(const Vector& x) const;

    /// Why the domain (the union of the simplices) is not convex, or nullopt when it is.
    /// Exact: every mesh vertex must lie on the inner side of every boundary facet's hyperplane.
    /// Precondition: validate() passed.
    std::optional<std::string> nonconvex_reason() const;

    /// Facets with only one simplex, as (simplex, index in the simplex of the opposite vertex).
    std::vector<std::pair<std::size_t, std::size_t>> boundary_facets() const;
};

/// Parse relux-mesh JSON text; `source` names the file in messages. Throws ParseError naming
/// the JSON path for syntax and type errors, InvalidArgument (from validate()) for a mesh that
/// is not a proper triangulation.
Mesh parse_mesh_json(std::string_view text, const std::string& source);

/// Read and validate a mesh file ("-" reads standard input).
Mesh read_mesh(const std::filesystem::path& path);

/// Canonical relux-mesh JSON text (numbers as canonical exact strings).
std::string write_mesh_json(const Mesh& mesh);

}  // namespace relux
