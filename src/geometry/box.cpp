#include "relux/geometry/box.hpp"

#include "relux/error.hpp"

namespace relux {

Rational Box::volume() const {
    Rational v(1);
    for (std::size_t i = 0; i < dim(); ++i) v *= hi[i] - lo[i];
    return v;
}

bool Box::contains(const Vector& x) const {
    if (x.size() != dim()) return false;
    for (std::size_t i = 0; i < dim(); ++i)
        if (x[i] < lo[i] || x[i] > hi[i]) return false;
    return true;
}

std::string Box::str() const {
    std::string s;
    for (std::size_t i = 0; i < dim(); ++i) {
        if (i) s += ',';
        s += lo[i].str();
        s += ':';
        s += hi[i].str();
    }
    return s;
}

Box Box::parse(std::string_view text, std::size_t expected_dim) {
    Box box;
    std::size_t axis = 0;
    std::string_view rest = text;
    while (true) {
        ++axis;
        const auto comma = rest.find(',');
        const std::string_view part = rest.substr(0, comma);
        const auto colon = part.find(':');
        const std::string where = "box '" + std::string(text) + "', axis " + std::to_string(axis);
        if (colon == std::string_view::npos)
            throw ParseError(where + ": '" + std::string(part) +
                             "' has no ':'; expected lo:hi such as -1:1/2");
        Rational lo, hi;
        try {
            lo = Rational::parse(part.substr(0, colon));
            hi = Rational::parse(part.substr(colon + 1));
        } catch (const ParseError& e) {
            throw ParseError(where + ": " + e.what());
        }
        if (!(lo < hi))
            throw InvalidArgument(where + ": lower bound " + lo.str() + " is not below upper bound " +
                                  hi.str() + "; a box needs positive width on every axis");
        box.lo.push_back(std::move(lo));
        box.hi.push_back(std::move(hi));
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    if (expected_dim != 0 && box.dim() != expected_dim)
        throw InvalidArgument("box '" + std::string(text) + "' has " + std::to_string(box.dim()) +
                              " axes; expected " + std::to_string(expected_dim) + " (one per network input)");
    return box;
}

}  // namespace relux
