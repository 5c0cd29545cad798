// The report's section on schedules: which one wins, by how much, and what overhead costs.
#pragma once

#include <string>
#include <vector>

#include "harness/analysis/schedule_comparison.hpp"

namespace sb {

// The report's section: per workload a paragraph in plain words, its table and heat map, then
// the overhead table. Empty when nothing was compared.
std::string scheduling_markdown(const SchedulingAnalysis& analysis,
                                const std::vector<std::string>& plots);

}  // namespace sb
