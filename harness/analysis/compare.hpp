// Two runs, point by point: is B faster or slower than A beyond noise? For the same sweep on two
// machines, two compilers or two commits.
#pragma once

#include <string>
#include <vector>

#include "harness/analysis/decision_rule.hpp"
#include "harness/core/stats.hpp"
#include "harness/core/table.hpp"
#include "harness/results/results.hpp"

namespace sb {

struct PointDifference {
  std::string series, workload;  // kernel/backend/variant; kernel with parameters and size
  int threads = 0;
  double median_a_s = 0, median_b_s = 0;
  int processes_a = 0, processes_b = 0;
  // B / A: two runs are independent processes (unpaired), the family is every matched point.
  Decision decision;
  bool differs() const { return decision.finding == Finding::real_difference; }
  bool slower() const { return differs() && decision.interval.estimate > 1; }
};

struct RunComparison {
  std::vector<PointDifference> points;  // matched points usable in both runs
  int only_in_a = 0, only_in_b = 0;
  int unusable = 0;  // matched, but failed, unverified, misplaced or oversubscribed in either run
  std::string measure;  // empty: time a run; else the measure compared (median_* hold it)
};

// Matches points by kernel, backend, variant, threads, pin, size, parameters and scaling mode,
// and decides each pair by the one rule (decision_rule.hpp): B really differs from A when the
// interval of B/A, widened for every matched point, lies beyond 1 +/- margin.
// With `measure` (e.g. load_balance), compares that measure's per-process values instead of the
// time, and matches points without their parameters: a measure is compared across settings (a
// skewed shuffle against a uniform one), and a sweep runs each kernel with one set of them. A
// point without the measure in either run is unusable.
RunComparison compare_runs(const Results& a, const Results& b, double margin = kDefaultMargin,
                           const std::string& measure = "");

Table comparison_table(const RunComparison& comparison);
// "3 of 40 matched points differ ..." with the unmatched counts; `margin` as compared with.
std::string comparison_summary(const RunComparison& comparison, double margin = kDefaultMargin);
// Points where B is really slower than A (for compare --fail-if-slower).
int really_slower(const RunComparison& comparison);

}  // namespace sb
