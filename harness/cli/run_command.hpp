// `scalebench run`: a sweep from flags (or `--resume DIR`), then its report.
#pragma once

#include <CLI/CLI.hpp>

namespace sb::cli {

// Registers `run`. Its callback sweeps and writes the report, and sets `exit_status`: 0, or 130
// when interrupted (every finished point kept; the message says how to resume).
void add_run_command(CLI::App& app, int& exit_status);

}  // namespace sb::cli
