// `scalebench tables` and `scalebench audit`: the seed article's tables and scale-claim audit.
#pragma once

#include <CLI/CLI.hpp>

namespace sb::cli {

// Adds the subcommands to `app`; each prints its result when parsed and selected.
void add_seed_commands(CLI::App& app);

}  // namespace sb::cli
