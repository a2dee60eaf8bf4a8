#include "relux/error.hpp"

#include <string>

namespace relux {

void assertion_failed(const char* expr, const char* file, int line) {
    std::string msg = "relux internal error: assertion '";
    msg += expr;
    msg += "' failed at ";
    msg += file;
    msg += ':';
    msg += std::to_string(line);
    throw InternalError(msg);
}

}  // namespace relux
