#pragma once
// Verification of one cell of a 1-D target certificate with fresh Arb evaluations (private to
// src/certify; used by check_certificate, see proofs/certificate-target.md).

#include "relux/certify/certificate.hpp"
#include "relux/certify/expression.hpp"

#include <string>

namespace relux::detail {

/// Empty when the claimed bound of the 1-D cell [lo, hi] holds for |N - f| with N(x) = map on the
/// cell (kind l1: the integral, kind linf: the max), verified with its own rigorous Arb evaluation
/// of the target; otherwise a reason ("claimed upper 1/3 is below the enclosure [..]").
std::string check_target_cell(const Expr& target, CertificateKind kind, const Rational& lo, const Rational& hi,
                              const AffineMap& map, int sign, const Interval& claimed);

}  // namespace relux::detail
