// Two runs, point by point: is B faster or slower than A beyond noise? For the same sweep on two
// machines, two compilers or two commits.
#pragma once

#include <string>
#include <vector>

#include "harness/results.hpp"
#include "harness/stats.hpp"
#include "harness/table.hpp"

namespace sb {

struct PointDifference {
  std::string series, workload;  // kernel/backend/variant; kernel with parameters and size
  int threads = 0;
  double median_a_s = 0, median_b_s = 0;
  Interval ratio;      // median B / median A, bootstrap interval
  double p_value = 1;  // Mann-Whitney, Holm-adjusted over every matched point
  bool differs = false;
};

struct RunComparison {
  std::vector<PointDifference> points;  // matched points usable in both runs
  int only_in_a = 0, only_in_b = 0;
  int unusable = 0;  // matched, but failed, unverified, misplaced or oversubscribed in either run
};

// Matches points by kernel, backend, variant, threads, pin, size, parameters and scaling mode.
RunComparison compare_runs(const Results& a, const Results& b);

Table comparison_table(const RunComparison& comparison);
// "3 of 40 matched points differ significantly ..." with the unmatched counts.
std::string comparison_summary(const RunComparison& comparison);

}  // namespace sb
