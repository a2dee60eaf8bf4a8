#pragma once
// Verification of one cell of a 1-D target certificate with fresh Arb evaluations (private to
// src/certify; used by check_certificate, see proofs/certificate-target.md).

#include "relux/certify/certificate.hpp"
#include "relux/certify/expression.hpp"

#include <string>
#include <vector>

namespace relux::detail {

/// Bits of working precision for checking a claimed interval: enough that rounding stays far below
/// its width (128 to 8192).
long check_precision(const Interval& claimed);

/// Empty when the claimed bound of the triangle conv(vertices) (3 points, non-degenerate) holds for
/// |N - f| with N = map (kind l1: the integral over the triangle, kind linf: the max), verified by
/// its own refinement with fresh Arb evaluations (proofs/certificate-target.md, "2-D cells").
std::string check_target_cell_2d(const Expr& target, CertificateKind kind,
                                 const std::vector<Vector>& vertices, const AffineMap& map,
                                 const Interval& claimed);

/// Empty when no two of the triangles (3 points each, non-degenerate, inside the 2-D box) have
/// overlapping interiors, decided exactly; otherwise "cells i and j overlap ...".
std::string check_triangle_tiling(const std::vector<std::vector<Vector>>& triangles, const Box& box);

/// Empty when the claimed bound of the 1-D cell [lo, hi] holds for |N - f| with N(x) = map on the
/// cell (kind l1: the integral, kind linf: the max), verified with its own rigorous Arb evaluation
/// of the target; otherwise a reason ("claimed upper 1/3 is below the enclosure [..]").
std::string check_target_cell(const Expr& target, CertificateKind kind, const Rational& lo,
                              const Rational& hi, const AffineMap& map, int sign, const Interval& claimed);

}  // namespace relux::detail
