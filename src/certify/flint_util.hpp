#pragma once
// RAII and conversions between relux numbers and FLINT/Arb types (private to src/certify).

#include "relux/number/ball.hpp"

#include <flint/fmpq.h>
#include <flint/fmpq_poly.h>
#include <flint/fmpz.h>

namespace relux::detail {

/// RAII fmpq holding a copy of a Rational.
struct Fmpq {
    fmpq_t q;
    Fmpq() { fmpq_init(q); }
    explicit Fmpq(const Rational& x) {
        fmpq_init(q);
        fmpz_set_mpz(fmpq_numref(q), mpq_numref(x.mpq()));
        fmpz_set_mpz(fmpq_denref(q), mpq_denref(x.mpq()));
    }
    ~Fmpq() { fmpq_clear(q); }
    Fmpq(const Fmpq&) = delete;
    Fmpq& operator=(const Fmpq&) = delete;
    Rational value() const {
        Integer n, d;
        fmpz_get_mpz(n.backend().data(), fmpq_numref(q));
        fmpz_get_mpz(d.backend().data(), fmpq_denref(q));
        return Rational(n, d);
    }
};

/// RAII fmpq_poly.
struct QPoly {
    fmpq_poly_t p;
    QPoly() { fmpq_poly_init(p); }
    /// sum coeffs[k] x^k.
    explicit QPoly(const Vector& coeffs) {
        fmpq_poly_init(p);
        for (std::size_t k = 0; k < coeffs.size(); ++k) {
            Fmpq c(coeffs[k]);
            fmpq_poly_set_coeff_fmpq(p, static_cast<slong>(k), c.q);
        }
    }
    ~QPoly() { fmpq_poly_clear(p); }
    QPoly(const QPoly&) = delete;
    QPoly& operator=(const QPoly&) = delete;

    Rational operator()(const Rational& x) const {
        Fmpq a(x), r;
        fmpq_poly_evaluate_fmpq(r.q, p, a.q);
        return r.value();
    }
};

}  // namespace relux::detail
