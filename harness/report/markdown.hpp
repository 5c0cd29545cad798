// The report a reviewer reads: machine, one section a kernel, fits, COST, limits.
#pragma once

#include <string>

#include "harness/analysis/sweep_analysis.hpp"
#include "harness/analysis/validity.hpp"
#include "harness/report/plots.hpp"

namespace sb {

// Markdown for a reviewer: machine, one section a kernel, fits, COST, limits.
// `plots` are the images (relative to the report) to show, or why there are none;
// `sections` (scheduling, claims) are inserted before the limits.
std::string report_markdown(const Analysis& analysis, const Results& results,
                            const Validity& validity, const Plots& plots,
                            const std::string& sections = {});

}  // namespace sb
