// Two runs, point by point: is B faster or slower than A beyond noise? For the same sweep on two
// machines, two compilers or two commits.
#pragma once

#include <string>
#include <vector>

#include "harness/core/stats.hpp"
#include "harness/core/table.hpp"
#include "harness/results/results.hpp"

namespace sb {

struct PointDifference {
  std::string series, workload;  // kernel/backend/variant; kernel with parameters and size
  int threads = 0;
  double median_a_s = 0, median_b_s = 0;
  Interval ratio;            // median B / median A, bootstrap interval
  double p_value = 1;        // Mann-Whitney, Holm-adjusted over every matched point
  bool significant = false;  // p_value < kSignificanceLevel
  bool differs = false;      // significant and the ratio is beyond the noise margin
};

struct RunComparison {
  std::vector<PointDifference> points;  // matched points usable in both runs
  int only_in_a = 0, only_in_b = 0;
  int unusable = 0;  // matched, but failed, unverified, misplaced or oversubscribed in either run
};

// Matches points by kernel, backend, variant, threads, pin, size, parameters and scaling mode.
// A matched pair `differs` when the shift is significant and its ratio is further than
// `margin` from 1 (0.02: 2%): with ten samples a side the test finds shifts far smaller than
// anything that survives a new process on the same machine.
RunComparison compare_runs(const Results& a, const Results& b, double margin = 0.02);

Table comparison_table(const RunComparison& comparison);
// "3 of 40 matched points differ ..." with the unmatched counts; `margin` as compared with.
std::string comparison_summary(const RunComparison& comparison, double margin = 0.02);

}  // namespace sb
