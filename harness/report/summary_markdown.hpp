// The report's first screen, for a reviewer who reads nothing else: the validity verdict and its
// reasons, machine and load, what was swept, the claims' verdicts, each kernel's headline speedup
// and efficiency with intervals, and the best schedule of each workload with its margin.
#pragma once

#include <string>

#include "harness/report/report_inputs.hpp"

namespace sb {

std::string summary_markdown(const ReportInputs& inputs);

}  // namespace sb
