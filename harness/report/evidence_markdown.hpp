// How a report's numbers were made: processes a point, which variance dominates, the precision
// target and which points reached it, and the models the thread counts cannot identify.
#pragma once

#include <string>

#include "harness/analysis/sweep_analysis.hpp"

namespace sb {

std::string method_markdown(const Analysis& analysis, const Results& results);

}  // namespace sb
