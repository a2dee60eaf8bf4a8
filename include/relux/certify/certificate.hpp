#pragma once
// Certificates: everything needed to re-check a claimed distance or equality between a network and
// a reference network or a target, cell by cell (docs/certificate-format.md, proofs/certificate-*.md).
// The producers (l1_cpwl, linf_cpwl, equal_networks, l1_1d/linf_1d with cells) fill a Certificate;
// check_certificate re-verifies it without calling the region enumeration code.

#include "relux/geometry/box.hpp"
#include "relux/geometry/regions.hpp"
#include "relux/geometry/slice.hpp"
#include "relux/net/evaluate.hpp"
#include "relux/net/network.hpp"
#include "relux/number/ball.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relux {

/// What a certificate claims.
enum class CertificateKind {
    l1,    ///< integral over the box of |d| lies in `value`
    linf,  ///< sup over the box of |d| lies in `value`; the witness attains value.lower
    equal  ///< d == 0 on the box (tolerance empty), or sup |d| <= tolerance
};

/// "l1", "linf", "equal".
std::string_view to_string(CertificateKind kind);

/// FacetSource::layer of a facet on which the difference d vanishes (a cell split by the sign of
/// d): FacetSource{Kind::neuron, sign_facet_layer, 0}, written "sign" in certificate files.
inline constexpr std::size_t sign_facet_layer = static_cast<std::size_t>(-1);

/// FacetSource::layer of a facet that only cuts a region into pieces (an edge of a simplex of a
/// target certificate's refinement): FacetSource{Kind::neuron, split_facet_layer, 0}, written "split".
inline constexpr std::size_t split_facet_layer = static_cast<std::size_t>(-2);

/// "box lower I", "box upper I", "neuron L.I", "sign" or "split", as certificate files write it.
std::string facet_source_text(const FacetSource& source);

/// One cell: a full-dimensional convex polytope inside the box (inside slice.box for a slice),
/// on which every network has one activation pattern and the difference d has one sign.
struct CertificateCell {
    std::vector<Vector> vertices;           ///< exact vertices (the cell is their convex hull)
    std::vector<Halfspace> facets;          ///< irredundant H-representation of the cell
    std::vector<std::string> patterns;      ///< per network (network, then reference), the pattern
                                            ///< string (to_string(ActivationPattern)) at an interior
                                            ///< point: '0' only for a neuron whose pre-activation is
                                            ///< identically zero on the cell
    int sign = 0;                           ///< sign of d on the cell: +1, -1, or 0 when d is
                                            ///< identically zero (reference) / not constant (target)
    AffineMap map;                          ///< reference: d = network - reference on the cell;
                                            ///< target: the network's map on the cell
    Interval bound;                         ///< the cell's part: l1: integral of |d| over the cell;
                                            ///< linf / equal: max of |d| over the cell
    std::vector<std::size_t> classes = {};  ///< class certificates: the classes (0-based) that may
                                            ///< hold on the cell; one: it holds on the whole cell
                                            ///< (up to a null set) and no other does
};

/// A claim and its evidence. d(x) = network(x) - reference(x) (or - target(x)), over the box, or
/// over slice->box with x = slice->point(t) when a slice is given (cells then live in t-space).
struct Certificate {
    CertificateKind kind = CertificateKind::l1;
    Network network;
    std::optional<Network> reference;  ///< exactly one of reference, target and classes is set
    std::string target;                ///< the target expression text (empty otherwise)
    std::string classes;               ///< class indicators: "C1; C2; ..." as --classes takes
                                       ///< them; d = sum_i |softmax_i(network) - 1[x in C_i]|
    Box box;                           ///< the domain (for a slice: equal to slice->box)
    std::optional<Slice> slice;
    Interval value;                     ///< l1 / linf: the claimed interval (lower == upper
                                        ///< when exact); equal: [0, max over cells of |d|]
    bool exact = false;                 ///< value.lower == value.upper is the exact value
    std::optional<Rational> tolerance;  ///< equal: the E of --tolerance
    std::optional<Vector> witness;      ///< linf: a point where |d| >= value.lower
    std::vector<CertificateCell> cells;
};

/// The certificate as relux-certificate v1 JSON text (docs/certificate-format.md), exact numbers
/// as strings; parse_certificate_json(write_certificate_json(c)) == c field by field.
std::string write_certificate_json(const Certificate& cert);

/// Parse relux-certificate v1 JSON. `source` names the file in messages. Throws ParseError /
/// InvalidArgument naming source, JSON path and what was expected; nothing is half-loaded.
Certificate parse_certificate_json(std::string_view text, const std::string& source);

/// The outcome of re-checking a certificate.
struct CheckResult {
    bool holds = false;
    std::string failure;    ///< the first failing item, e.g. "cell 17: vertex 2 violates facet 3"
    std::size_t cells = 0;  ///< cells verified
    std::string summary;    ///< what was verified, one line ("l1 in [1/24, 1/24]: 12 cells tile
                            ///< the box, maps and bounds verified")
};

/// Re-verify a certificate with its own small exact code (no region enumeration): the cells tile
/// the box (each inside the box, distinct activation patterns so interiors are disjoint, exact
/// volumes summing to the box's), each cell's patterns and map are the networks' on it (exact
/// evaluation), each cell bound holds (exactly for references, fresh Arb evaluation for targets),
/// and the claimed total is implied by the cells. Never throws for a false claim (holds = false);
/// throws InvalidArgument for a certificate that does not make sense (sizes do not fit).
CheckResult check_certificate(const Certificate& cert);

}  // namespace relux
