// Thread lists as users write them: "1,2", "1:8", "1,2,4:8".
#pragma once

#include <string_view>
#include <vector>

#include "harness/machine/topology.hpp"

namespace sb {

inline constexpr int kMaxThreads = 1024;

// Sorted ascending. Throws ConfigError on zero, negatives, non-numbers, reversed ranges,
// duplicates and counts above kMaxThreads.
std::vector<int> parse_thread_list(std::string_view text);

// 1 to the number of cores this process may use, capped by its CPU quota.
std::vector<int> default_thread_list(const Topology& topology);

}  // namespace sb
