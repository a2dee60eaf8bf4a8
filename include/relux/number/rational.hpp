#pragma once
// Exact rational numbers over GMP (through Boost.Multiprecision).

#include <boost/multiprecision/gmp.hpp>

#include <compare>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

namespace relux {

using Integer = boost::multiprecision::number<boost::multiprecision::gmp_int, boost::multiprecision::et_off>;

/// An exact rational number, always in canonical form (coprime, positive denominator).
/// There is no implicit conversion from double: use Rational::from_double.
class Rational {
public:
    using Value =
        boost::multiprecision::number<boost::multiprecision::gmp_rational, boost::multiprecision::et_off>;

    Rational() = default;
    Rational(int n) : value_(n) {}            // NOLINT: integers convert exactly and implicitly
    Rational(long n) : value_(n) {}           // NOLINT
    Rational(long long n) : value_(n) {}      // NOLINT
    Rational(unsigned long n) : value_(n) {}  // NOLINT
    /// num/den; throws InvalidArgument when den == 0.
    Rational(const Integer& num, const Integer& den);
    explicit Rational(const Integer& n) : value_(n) {}
    explicit Rational(const Value& v) : value_(v) {}
    Rational(double) = delete;
    Rational(float) = delete;

    /// Exact value of text: an integer "-3", a fraction "7/12" or a decimal with optional
    /// exponent "0.125", "-2.5e-3". "0.1" is exactly 1/10. Throws ParseError naming the text
    /// and what was expected for anything else ("1/0", "1.2.3", "", "nan", "inf").
    static Rational parse(std::string_view text);
    /// The exact dyadic rational a finite double denotes (0.1 -> 3602879701896397/2^55).
    /// Throws InvalidArgument for NaN and infinities.
    static Rational from_double(double x);

    /// Canonical text: "3", "-7/12". parse(str()) == *this.
    std::string str() const;
    /// Nearest double (for filters and drawing only; never for a claimed result).
    double to_double() const;

    int sign() const { return value_.sign(); }
    bool is_zero() const { return value_.is_zero(); }
    bool is_integer() const;
    Integer numerator() const;
    Integer denominator() const;

    const Value& value() const { return value_; }
    /// Underlying GMP object, for interfacing with C libraries (Arb).
    const __mpq_struct* mpq() const { return value_.backend().data(); }

    Rational& operator+=(const Rational& o) {
        value_ += o.value_;
        return *this;
    }
    Rational& operator-=(const Rational& o) {
        value_ -= o.value_;
        return *this;
    }
    Rational& operator*=(const Rational& o) {
        value_ *= o.value_;
        return *this;
    }
    /// Throws InvalidArgument on division by zero.
    Rational& operator/=(const Rational& o);

    friend Rational operator+(Rational a, const Rational& b) { return a += b; }
    friend Rational operator-(Rational a, const Rational& b) { return a -= b; }
    friend Rational operator*(Rational a, const Rational& b) { return a *= b; }
    friend Rational operator/(Rational a, const Rational& b) { return a /= b; }
    friend Rational operator-(const Rational& a) { return Rational(Value(-a.value_)); }

    friend bool operator==(const Rational& a, const Rational& b) { return a.value_ == b.value_; }
    friend std::strong_ordering operator<=>(const Rational& a, const Rational& b);

private:
    Value value_;
};

Rational abs(const Rational& x);
Rational min(const Rational& a, const Rational& b);
Rational max(const Rational& a, const Rational& b);
std::ostream& operator<<(std::ostream& os, const Rational& x);

/// Fused a += b * c without temporaries (hot loops in evaluation and geometry).
void add_product(Rational& a, const Rational& b, const Rational& c);

}  // namespace relux

template <>
struct std::hash<relux::Rational> {
    std::size_t operator()(const relux::Rational& x) const noexcept;
};
