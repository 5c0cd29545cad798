// Estimates from timings repeated at two levels: several independent processes, several
// repetitions inside each (Kalibera and Jones). A fresh process shifts every repetition it takes by
// a shared offset, so the process, not the repetition, is the unit an interval counts: each
// process is summarised by the median of its repetitions, summaries are compared on the log scale
// (timing noise is multiplicative), and intervals are Student t with K-1 degrees of freedom.
// docs/models.md states the design.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "harness/core/stats.hpp"

namespace sb {

// One point's samples by process index: process -> seconds of its repetitions.
using ProcessSamples = std::map<int, std::vector<double>>;

struct LevelEstimate {
  Interval interval;    // estimate: geometric mean of the per-process medians
  int processes = 0;    // K
  int samples = 0;      // repetitions over all processes
  double log_mean = 0;  // mean of log(per-process median)
  double log_se = 0;    // its standard error
  double dof = 0;       // K - 1, or n - 1 within a single process, or first_stage - 1
  bool first_stage_spread = false;  // the spread came from a precision rule's first stage
  // Both variance components, as relative standard deviations (log scale): the spread of
  // repetitions inside a process, and the spread of process offsets beyond what that explains.
  std::optional<double> within_cv, between_cv;
  // False with a single process: the interval then covers repetition noise only, not the
  // process-to-process offsets a rerun brings.
  bool process_level = false;
};

// Needs at least one sample. With one process its repetitions set the interval (flagged by
// process_level = false).
//
// `first_stage` > 1: the number of processes came from a precision rule (Stein's two-stage
// procedure). Its first `first_stage` processes (lowest indices) set the variance and the degrees
// of freedom; the mean takes every process. A sequential rule that judged the running variance
// would stop when that variance happened to be small, and give intervals too narrow.
LevelEstimate estimate_level(const ProcessSamples& samples, double confidence = 0.95,
                             int first_stage = 0);

// Whether the estimate's 95% interval is within `precision` of it (relative half-width), at the
// process level: the precision rule's test (a single process never passes).
bool within_precision(const LevelEstimate& estimate, double precision);

// The log of a ratio with its standard error and degrees of freedom: intervals at any confidence.
struct RatioEstimate {
  double log_ratio = 0, log_se = 0, dof = 0;
  bool paired = false;
  bool process_level = false;  // false when either side had a single process
  Interval at(double confidence) const;
  double estimate() const;
};

// numerator / denominator from independent processes (Welch, Satterthwaite's degrees of freedom;
// Hsu's smaller one, the fewer of the two sides', when a side's spread is a first stage's, whose
// standard error is nearly fixed by the stopping rule and so no longer chi-square).
RatioEstimate ratio_unpaired(const LevelEstimate& numerator, const LevelEstimate& denominator);

// log(median) of numerator minus that of denominator, for each process that measured both: the
// per-process ratios a paired comparison is made of.
std::map<int, double> log_median_differences(const ProcessSamples& numerator,
                                             const ProcessSamples& denominator);

// numerator / denominator measured in the same processes: the per-process log ratios cancel the
// shared offset. Unpaired when fewer than 2 processes measured both. `first_stage` as above.
RatioEstimate ratio_paired(const ProcessSamples& numerator, const ProcessSamples& denominator,
                           int first_stage = 0);

// Two-sided Student t quantile: t such that P(|T| <= t) = confidence. Normal for infinite dof.
double t_critical(double dof, double confidence);

// Two-sided p-value of t with `dof` degrees of freedom.
double t_p_value(double t, double dof);

}  // namespace sb
