#include "relux/error.hpp"

#include <string>

namespace relux {

void assertion_failed(const char* expr, const char* file, int line) {
    throw InternalError(std::string("relux internal error: assertion '") + expr + "' failed at " +
                        file + ":" + std::to_string(line));
}

}  // namespace relux
