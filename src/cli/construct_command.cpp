// `relux construct cpwl1d ...`: build a ReLU network that equals a CPWL function exactly.

#include "cli_util.hpp"
#include "commands.hpp"
#include "construct_nd_command.hpp"

#include "relux/cpwl/cpwl1d.hpp"
#include "relux/error.hpp"
#include "relux/net/json_io.hpp"

#include <iostream>
#include <memory>
#include <string>

namespace relux::cli {

namespace {

struct Cpwl1dOptions {
    std::string points;
    std::string points_file;
    std::string form = "minimal";
    std::string output;
};

std::string plural(std::size_t n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

/// Cpwl1d::parse_points, with errors naming the option and its text.
Cpwl1d parse_points_option(const std::string& text) {
    const std::string where = "--points \"" + text + "\": ";
    try {
        return Cpwl1d::parse_points(text);
    } catch (const ParseError& e) {
        throw ParseError(where + e.what());
    } catch (const InvalidArgument& e) {
        throw InvalidArgument(where + e.what());
    }
}

void run_cpwl1d(const Cpwl1dOptions& o) {
    const Cpwl1d f =
        o.points_file.empty() ? parse_points_option(o.points) : Cpwl1d::read_points_file(o.points_file);
    const Cpwl1dConstruction c =
        construct_cpwl1d_detailed(f, o.form == "pairs" ? Cpwl1dForm::pairs : Cpwl1dForm::minimal);
    write_output(write_network_json(c.net), o.output);
    std::cerr << "relux: built a network with " << plural(c.neurons, "hidden neuron") << " for "
              << plural(f.pieces(), "piece") << " (form " << o.form << ")"
              << (o.output.empty() || o.output == "-" ? "" : "; wrote " + o.output) << "\n";
}

void add_cpwl1d_command(CLI::App& construct) {
    auto options = std::make_shared<Cpwl1dOptions>();
    CLI::App* cmd = construct.add_subcommand(
        "cpwl1d", "A network equal to the 1-D piecewise-linear interpolant of points (x, y) on all of R");
    auto* points = cmd->add_option("--points", options->points,
                                   "Points \"x:y,x:y,...\" with exact numbers and strictly increasing x, "
                                   "e.g. \"0:0,1:2,2:1,4:3\"")
                       ->type_name("POINTS");
    auto* file = cmd->add_option("--points-file", options->points_file,
                                 "A text file with one \"x y\" pair a line ('#' starts a comment)")
                     ->type_name("FILE");
    points->excludes(file);
    cmd->add_option("--form", options->form,
                    "minimal: one hidden layer with the fewest neurons (default); "
                    "pairs: two neurons per piece (the textbook construction)")
        ->check(CLI::IsMember({"minimal", "pairs"}))
        ->type_name("FORM");
    cmd->add_option("-o,--output", options->output, "Write the network JSON to this file instead of stdout")
        ->type_name("FILE");
    cmd->footer(
        "The function is extended linearly beyond the first and last points. The network JSON goes to\n"
        "stdout (or -o FILE); a one-line summary goes to stderr.");
    cmd->callback([options, points, file] {
        if (points->count() + file->count() == 0) throw CLI::RequiredError("--points or --points-file");
        run_cpwl1d(*options);
    });
}

}  // namespace

void add_construct_command(CLI::App& app) {
    CLI::App* construct =
        app.add_subcommand("construct", "Build a ReLU network that computes a given function exactly");
    construct->require_subcommand(1);
    add_cpwl1d_command(*construct);
    add_construct_nd_subcommands(*construct);  // mesh, grid, max, min (src/cli/construct_nd_command.cpp)
}

}  // namespace relux::cli
