// The `relux` command-line tool: builds the CLI11 app from the subcommands in commands.hpp and
// maps every outcome to an exit code, here and nowhere else:
//   0 ok, 1 a false property or failed check, 2 bad input or usage, 3 an internal error.

#include "commands.hpp"

#include "relux/error.hpp"

#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace relux::cli {

namespace {

constexpr int exit_ok = 0;
constexpr int exit_property_false = 1;
constexpr int exit_bad_input = 2;
constexpr int exit_internal_error = 3;
constexpr int exit_unfinished = 4;

/// The visible subcommands of `app` (those with a description).
std::vector<CLI::App*> visible_subcommands(CLI::App& app) {
    return app.get_subcommands([](CLI::App* sub) { return !sub->get_group().empty(); });
}

/// Names of the visible subcommands, "a, b, c".
std::string command_list(CLI::App& app) {
    std::string out;
    for (CLI::App* sub : visible_subcommands(app)) out += (out.empty() ? "" : ", ") + sub->get_name();
    return out;
}

/// Full name of the deepest subcommand that was given on the command line ("relux construct cpwl1d").
std::string parsed_command_path(CLI::App& app) {
    std::string path = app.get_name();
    CLI::App* current = &app;
    while (true) {
        const auto given = current->get_subcommands();
        if (given.empty()) return path;
        current = given.front();
        path += " " + current->get_name();
    }
}

/// The subcommand of `app` called `name`, or nullptr.
CLI::App* find_subcommand(CLI::App& app, const std::string& name) {
    const auto found = app.get_subcommands([&name](CLI::App* sub) { return sub->check_name(name); });
    return found.empty() ? nullptr : found.front();
}

/// Throws InvalidArgument for an unknown command word given after `parent` ("relux construct").
[[noreturn]] void unknown_command(const std::string& word, const std::string& parent, CLI::App& app) {
    const bool top = parent.find(' ') == std::string::npos;
    throw InvalidArgument("unknown command \"" + word + "\"" + (top ? "" : " for '" + parent + "'") +
                          "; expected one of: " + command_list(app) + " (see 'relux help" +
                          (top ? "" : parent.substr(parent.find(' '))) + "')");
}

/// Throws InvalidArgument naming an unknown command word ("relux foo", "relux construct foo")
/// before CLI11 reports it less clearly. Commands that have subcommands take no positionals, so
/// every word up to the first option must name a subcommand.
void check_command_names(CLI::App& app, int argc, char** argv) {
    CLI::App* current = &app;
    std::string name = app.get_name();
    for (int i = 1; i < argc; ++i) {
        const std::string word = argv[i];
        if (word.empty() || word[0] == '-' || visible_subcommands(*current).empty()) return;
        CLI::App* next = find_subcommand(*current, word);
        if (next == nullptr) unknown_command(word, name, *current);
        name += " " + word;
        current = next;
    }
}

}  // namespace

void add_help_command(CLI::App& app) {
    auto words = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd =
        app.add_subcommand("help", "Show the help of relux or of one command, e.g. 'relux help eval'");
    cmd->add_option("COMMAND", *words, "A command, e.g. eval or construct cpwl1d");
    cmd->callback([words, &app] {
        CLI::App* current = &app;
        std::string name = app.get_name();
        for (const std::string& w : *words) {
            CLI::App* next = find_subcommand(*current, w);
            if (next == nullptr || next->get_group().empty()) unknown_command(w, name, *current);
            name += " " + w;
            current = next;
        }
        // Not current->help(): on the top-level app that would describe the `help` command itself.
        std::cout << current->get_formatter()->make_help(current, name, CLI::AppFormatMode::Normal);
    });
}

}  // namespace relux::cli

int main(int argc, char** argv) {
    using namespace relux::cli;
    CLI::App app{
        "relux: ReLU networks in exact rational arithmetic. Every number it prints is exact or a\n"
        "rigorous enclosure [lower, upper].",
        "relux"};
    app.set_version_flag("--version", std::string("relux ") + RELUX_VERSION, "Print the version and exit");
    app.require_subcommand(1);
    app.footer(
        "Exit codes: 0 ok, 1 a property is false or a check failed, 2 bad input or usage, 3 internal error,\n"
        "4 a limit or budget stopped the run before the claim was complete (what it printed still holds).\n"
        "Run 'relux help COMMAND' for the options of a command.");
    add_eval_command(app);
    add_construct_command(app);
    add_regions_command(app);
    add_distance_commands(app);
    add_equal_command(app);
    add_check_command(app);
    add_theorem_command(app);
    add_expand_command(app);
    add_table_command(app);
    add_plot_command(app);
    add_help_command(app);

    if (argc < 2) {
        std::cerr << app.help();
        return exit_bad_input;
    }
    try {
        check_command_names(app, argc, argv);
        app.parse(argc, argv);
        return exit_ok;
    } catch (const CLI::Success& e) {  // --help, --version
        return app.exit(e, std::cout, std::cerr);
    } catch (const CLI::ParseError& e) {
        std::cerr << "relux: error: " << e.what() << "\n"
                  << "Run '" << parsed_command_path(app) << " --help' for usage.\n";
        return exit_bad_input;
    } catch (const relux::Error& e) {
        std::cerr << "relux: error: " << e.what() << "\n";
        return exit_bad_input;
    } catch (const PropertyFalse& e) {
        std::cerr << "relux: " << e.what() << "\n";
        return exit_property_false;
    } catch (const Unfinished& e) {
        std::cerr << "relux: " << e.what() << "\n";
        return exit_unfinished;
    } catch (const std::exception& e) {
        std::cerr << "relux: internal error: " << e.what() << "\n"
                  << "This is a bug in relux; please report it with the command line that caused it.\n";
        return exit_internal_error;
    }
}
