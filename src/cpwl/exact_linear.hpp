#pragma once
// Internal: small dense exact linear algebra for the mesh code (Gaussian elimination).

#include "relux/number/matrix.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace relux::detail {

/// Determinant of the square matrix m (rows of equal length), exact.
Rational determinant(std::vector<Vector> m);

/// The solution of m x = rhs for a square nonsingular m, or nullopt when m is singular.
std::optional<Vector> solve(std::vector<Vector> m, Vector rhs);

/// A nonzero vector orthogonal to the d - 1 given vectors in R^d (generalized cross product by
/// cofactors); the zero vector when they are linearly dependent.
Vector normal_vector(const std::vector<Vector>& vectors);

/// u . v
Rational dot(const Vector& u, const Vector& v);
/// u - v
Vector difference(const Vector& u, const Vector& v);

}  // namespace relux::detail
