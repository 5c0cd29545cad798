// report.md: what a reviewer attaches to a scale-claim review. The first screen is the summary
// (summary_markdown.hpp); the details follow: how the numbers were made, machine and settings,
// one section a kernel (tables, fits, COST, plots), findings besides time, scheduling, claims,
// and the limits of the evidence.
#pragma once

#include <string>

#include "harness/report/report_inputs.hpp"

namespace sb {

std::string report_markdown(const ReportInputs& inputs);

}  // namespace sb
