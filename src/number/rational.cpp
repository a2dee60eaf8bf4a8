#include "relux/number/rational.hpp"

#include "relux/error.hpp"

#include <gmp.h>

#include <cctype>
#include <cmath>
#include <ostream>

namespace relux {

namespace {

[[noreturn]] void bad_number(std::string_view text, std::string_view why) {
    throw ParseError("invalid number '" + std::string(text) + "': " + std::string(why) +
                     "; expected an integer (-3), a fraction (7/12) or a decimal (0.125, -2.5e-3)");
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

Integer parse_integer_digits(std::string_view digits) {
    Integer n;
    mpz_set_str(n.backend().data(), std::string(digits).c_str(), 10);
    return n;
}

Integer pow10(unsigned long e) {
    Integer r;
    mpz_ui_pow_ui(r.backend().data(), 10, e);
    return r;
}

}  // namespace

Rational::Rational(const Integer& num, const Integer& den) {
    if (den == 0) throw InvalidArgument("rational with zero denominator");
    value_ = Value(num, den);
}

Rational Rational::parse(std::string_view text) {
    std::string_view s = text;
    if (s.empty()) bad_number(text, "empty text");
    bool negative = false;
    if (s.front() == '+' || s.front() == '-') {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    if (auto slash = s.find('/'); slash != std::string_view::npos) {
        std::string_view num = s.substr(0, slash), den = s.substr(slash + 1);
        if (!all_digits(num) || !all_digits(den))
            bad_number(text, "a fraction needs digits on both sides of '/'");
        Integer d = parse_integer_digits(den);
        if (d == 0) bad_number(text, "zero denominator");
        Rational r(parse_integer_digits(num), d);
        return negative ? -r : r;
    }
    // decimal: digits [. digits] [e|E [+-] digits]
    std::string_view mantissa = s, exponent;
    if (auto e = s.find_first_of("eE"); e != std::string_view::npos) {
        mantissa = s.substr(0, e);
        exponent = s.substr(e + 1);
        if (exponent.empty()) bad_number(text, "missing exponent digits after 'e'");
    }
    std::string_view int_part = mantissa, frac_part;
    if (auto dot = mantissa.find('.'); dot != std::string_view::npos) {
        int_part = mantissa.substr(0, dot);
        frac_part = mantissa.substr(dot + 1);
        if (frac_part.find('.') != std::string_view::npos) bad_number(text, "more than one '.'");
    }
    if (int_part.empty() && frac_part.empty()) bad_number(text, "no digits");
    if ((!int_part.empty() && !all_digits(int_part)) || (!frac_part.empty() && !all_digits(frac_part)))
        bad_number(text, "unexpected character");
    long long exp10 = 0;
    if (!exponent.empty()) {
        bool exp_negative = false;
        std::string_view ed = exponent;
        if (ed.front() == '+' || ed.front() == '-') {
            exp_negative = ed.front() == '-';
            ed.remove_prefix(1);
        }
        if (!all_digits(ed)) bad_number(text, "exponent must be an integer");
        if (ed.size() > 9) bad_number(text, "exponent too large");
        exp10 = std::stoll(std::string(ed));
        if (exp_negative) exp10 = -exp10;
    }
    std::string digits = std::string(int_part) + std::string(frac_part);
    exp10 -= static_cast<long long>(frac_part.size());
    if (exp10 > 100000 || exp10 < -100000) bad_number(text, "exponent too large");
    Integer n = parse_integer_digits(digits);
    Rational r = exp10 >= 0 ? Rational(n * pow10(static_cast<unsigned long>(exp10)))
                            : Rational(n, pow10(static_cast<unsigned long>(-exp10)));
    return negative ? -r : r;
}

Rational Rational::from_double(double x) {
    if (!std::isfinite(x)) throw InvalidArgument("cannot convert a non-finite double to a rational");
    Rational r;
    mpq_set_d(r.value_.backend().data(), x);  // exact: every finite double is a dyadic rational
    return r;
}

std::string Rational::str() const { return value_.str(); }

double Rational::to_double() const { return value_.convert_to<double>(); }

bool Rational::is_integer() const { return mpz_cmp_ui(mpq_denref(mpq()), 1) == 0; }

Integer Rational::numerator() const { return Integer(mpq_numref(mpq())); }

Integer Rational::denominator() const { return Integer(mpq_denref(mpq())); }

Rational& Rational::operator/=(const Rational& o) {
    if (o.is_zero()) throw InvalidArgument("division by zero");
    value_ /= o.value_;
    return *this;
}

std::strong_ordering operator<=>(const Rational& a, const Rational& b) {
    int c = mpq_cmp(a.mpq(), b.mpq());
    return c < 0 ? std::strong_ordering::less
                 : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

Rational abs(const Rational& x) { return x.sign() < 0 ? -x : x; }
Rational min(const Rational& a, const Rational& b) { return b < a ? b : a; }
Rational max(const Rational& a, const Rational& b) { return a < b ? b : a; }

std::ostream& operator<<(std::ostream& os, const Rational& x) { return os << x.str(); }

void add_product(Rational& a, const Rational& b, const Rational& c) {
    if (b.is_zero() || c.is_zero()) return;
    a += b * c;
}

}  // namespace relux

std::size_t std::hash<relux::Rational>::operator()(const relux::Rational& x) const noexcept {
    const __mpq_struct* q = x.mpq();
    std::size_t h = mpz_size(mpq_numref(q)) ? mpz_getlimbn(mpq_numref(q), 0) : 0;
    h ^= (mpz_getlimbn(mpq_denref(q), 0) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
    return x.sign() < 0 ? ~h : h;
}
