// `scalebench analyze`: every file of a sweep's analysis, written from its results.json alone.
#pragma once

#include <filesystem>

#include "harness/analysis/validity.hpp"

namespace sb {

// Writes DIR/analysis.json, DIR/speedup.csv, DIR/scheduling.csv, DIR/flagged.csv, the plots
// (DIR/plots/, by scripts/plot.py with Debian's matplotlib, when it is installed) and
// DIR/report.md, each atomically, from DIR/results.json. With a claims file, every claim is audited
// against the sweep and the report gets their verdicts. Throws ConfigError, before writing
// anything, on a missing or malformed results or claims file. Returns the sweep's validity
// (analysis/validity.hpp), which the report states at its top.
Validity write_analysis(const std::filesystem::path& dir, const std::filesystem::path& claims = {});

}  // namespace sb
