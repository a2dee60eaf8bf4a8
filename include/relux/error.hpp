#pragma once
// The one family of exceptions that relux throws for bad input.

#include <stdexcept>
#include <string>

namespace relux {

/// Base of every error caused by input (a file, an argument, a value). The message names
/// the source, the place in it and what was expected. Bugs use RELUX_ASSERT instead.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Text that does not have the expected syntax (a number, a JSON file, an NNet file).
class ParseError : public Error {
public:
    using Error::Error;
};

/// A network whose parts do not fit together (widths, activations, empty network).
class InvalidNetwork : public Error {
public:
    using Error::Error;
};

/// An argument with the right syntax but a meaning that cannot be used (a box of zero
/// width, decreasing breakpoints, mismatched dimensions).
class InvalidArgument : public Error {
public:
    using Error::Error;
};

/// Internal invariant violated: a bug in relux, never a user error.
class InternalError : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

[[noreturn]] void assertion_failed(const char* expr, const char* file, int line);

}  // namespace relux

#define RELUX_ASSERT(cond) \
    ((cond) ? static_cast<void>(0) : ::relux::assertion_failed(#cond, __FILE__, __LINE__))
