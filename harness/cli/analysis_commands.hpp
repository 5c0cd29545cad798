// `scalebench fit`: speedup, efficiency and model fits for timings from any program.
#pragma once

#include <CLI/CLI.hpp>

namespace sb::cli {

void add_analysis_commands(CLI::App& app);

}  // namespace sb::cli
