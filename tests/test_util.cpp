#include "test_util.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

namespace relux::test {

namespace {
std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
}  // namespace

bool tags_balanced(const std::string& svg) {
    std::vector<std::string> stack;
    const std::regex tag(R"(<(/?)([a-zA-Z]+)[^>]*?(/?)>)");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), tag); it != std::sregex_iterator(); ++it) {
        const auto& m = *it;
        if (m[3] == "/") continue;
        if (m[1] == "/") {
            if (stack.empty() || stack.back() != m[2]) return false;
            stack.pop_back();
        } else {
            stack.push_back(m[2]);
        }
    }
    return stack.empty();
}

CommandResult run_relux(const std::string& args, const std::string& stdin_text) {
    namespace fs = std::filesystem;
    static int counter = 0;
    const fs::path dir = fs::temp_directory_path() /
                         ("relux_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(dir);
    const fs::path in = dir / "in", out = dir / "out", err = dir / "err";
    std::ofstream(in) << stdin_text;
    const std::string cmd = std::string("'") + RELUX_CLI_PATH + "' " + args + " <'" + in.string() + "' >'" +
                            out.string() + "' 2>'" + err.string() + "'";
    const int status = std::system(cmd.c_str());
    CommandResult r{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
    fs::remove_all(dir);
    return r;
}

}  // namespace relux::test
