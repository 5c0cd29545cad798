// The report's first screen: whether the sweep is valid evidence (the gate, criterion by
// criterion), how its numbers were made (processes, variance components) and, for a
// precision-stopped sweep, which points reached the target.
#pragma once

#include <string>

#include "harness/analysis/sweep_analysis.hpp"
#include "harness/analysis/validity.hpp"

namespace sb {

std::string evidence_summary(const Analysis& analysis, const Results& results,
                             const Validity& validity);

}  // namespace sb
