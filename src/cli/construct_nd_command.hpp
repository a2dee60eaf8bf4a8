#pragma once
// `relux construct mesh | grid | max | min`: n-D exact constructions (src/cli/construct_nd_command.cpp).

#include <CLI/CLI.hpp>

namespace relux::cli {

/// Registers the subcommands mesh, grid, max and min on the `construct` subcommand.
void add_construct_nd_subcommands(CLI::App& construct);

}  // namespace relux::cli
