// A kernel's section of the report: one row a series (its 1-thread time, and time, speedup,
// efficiency and Karp-Flatt at its largest eligible thread count, with the fits and COST), its
// bandwidth against the triad ceiling, and its plots. Every thread count is in speedup.csv.
#pragma once

#include <string>
#include <vector>

#include "harness/analysis/sweep_analysis.hpp"

namespace sb {

// The kernels of the analysis, each once, in the order their series first appear: the order of
// the report's kernel sections and of its headline table.
std::vector<std::string> kernels_in_order(const Analysis& analysis);

std::string kernel_markdown(const Analysis& analysis, const std::string& kernel,
                            const std::vector<std::string>& plots);

}  // namespace sb
