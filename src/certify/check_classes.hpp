#pragma once
// Verification of one cell of a class-indicator certificate (private to src/certify; used by
// check_certificate, see proofs/softmax-classes.md, "Certificates").

#include "expression_node.hpp"
#include "relux/certify/certificate.hpp"
#include "relux/certify/expression.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace relux::detail {

/// Checks the class claim and the bound of cells of a class-indicator certificate: the integrand
/// is sum_i |softmax_i(z(x)) - 1[x in C_i]| with z the cell's logit map.
class ClassCellChecker {
public:
    /// Finds the comparisons whose difference is affine once, for all cells.
    ClassCellChecker(std::vector<Predicate> classes, std::size_t dim);

    /// Empty when the cell's listed classes and bound hold: every class not listed is false on the
    /// cell up to a null set; a class listed alone holds there up to a null set, and the bound
    /// contains the integral of 2 (1 - softmax_c) (checked as a target with the 1-D or 2-D target
    /// cell checker); with several classes listed, the bound contains the range bound
    /// vol [sum_listed min(s_i, 1 - s_i) + sum_other s_i, sum_listed max(s_i, 1 - s_i) + sum_other s_i]
    /// over the ranges of the softmax values on the cell. Otherwise the reason.
    std::string check(const CertificateCell& cell);

private:
    /// yes / no: class k holds / fails at almost every point of the cell (`box` its bounding box);
    /// unknown otherwise.
    Truth truth(std::size_t k, const std::vector<Vector>& vertices, const std::vector<Interval>& box,
                long prec) const;
    /// "2 - 2/(1 + exp(z_1 - z_c) + ...)" for the cell's logit map, as an expression (cached).
    const Expr& integrand(std::size_t c, const AffineMap& logits);
    std::string check_mixed(const CertificateCell& cell, const std::vector<bool>& listed, long prec) const;

    std::vector<Predicate> classes_;
    std::size_t dim_;
    /// Per class and comparison, the difference as an affine form when it is one.
    std::vector<std::vector<std::optional<AffineForm>>> affine_;
    std::map<std::string, Expr> integrands_;
};

}  // namespace relux::detail
