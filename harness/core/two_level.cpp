#include "harness/core/two_level.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cassert>
#include <iterator>
#include <cmath>
#include <limits>
#include <numeric>

namespace sb {
namespace {

double mean_of(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double variance_of(const std::vector<double>& values) {
  if (values.size() < 2) return 0;
  const double mean = mean_of(values);
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  return squares / static_cast<double>(values.size() - 1);
}

std::vector<double> logs(const std::vector<double>& seconds) {
  std::vector<double> out;
  for (double s : seconds) out.push_back(std::log(s));
  return out;
}

Interval interval_of(double log_mean, double log_se, double dof, double confidence) {
  if (dof <= 0 || !std::isfinite(log_se)) {
    const double estimate = std::exp(log_mean);
    return {estimate, 0, std::numeric_limits<double>::infinity(), confidence};
  }
  const double half = t_critical(dof, confidence) * log_se;
  return {std::exp(log_mean), std::exp(log_mean - half), std::exp(log_mean + half), confidence};
}

}  // namespace

double t_critical(double dof, double confidence) {
  const double upper = 1 - (1 - confidence) / 2;
  if (!std::isfinite(dof)) return boost::math::quantile(boost::math::normal(), upper);
  return boost::math::quantile(boost::math::students_t(dof), upper);
}

double t_p_value(double t, double dof) {
  if (dof <= 0 || !std::isfinite(t)) return std::isfinite(t) ? 1.0 : 0.0;
  return 2 * boost::math::cdf(boost::math::complement(boost::math::students_t(dof), std::fabs(t)));
}

namespace {

// The variance of the median of n normal values over the variance of their mean: 1 for n <= 2
// (the median is then the mean), pi/2 for large n.
double median_variance_factor(std::size_t n) {
  static constexpr double kSmall[] = {1.0,   1.0,   1.0,   1.349, 1.193, 1.434,
                                      1.286, 1.465, 1.333, 1.485, 1.373};
  return n < std::size(kSmall) ? kSmall[n] : M_PI / 2;
}

// Mean, standard error and degrees of freedom of per-process values (process index -> value),
// the spread taken from the processes numbered below `first_stage` when that is more than 1
// and they are not all of them: Stein's first stage is fixed by process number, never by which
// processes a later judgement kept.
struct Spread {
  double mean = 0, se = 0, dof = 0, variance = 0;
  bool first_stage = false;
};
Spread spread_of(const std::map<int, double>& by_process, int first_stage) {
  Spread s;
  std::vector<double> values, first;
  for (const auto& [process, value] : by_process) {
    values.push_back(value);
    if (process < first_stage) first.push_back(value);
  }
  const double k = static_cast<double>(values.size());
  s.first_stage = first_stage > 1 && first.size() >= 2 && first.size() < values.size();
  s.mean = mean_of(values);
  s.variance = variance_of(values);
  if (s.first_stage) {
    s.se = std::sqrt(variance_of(first) / k);
    s.dof = static_cast<double>(first.size()) - 1;
  } else {
    s.se = std::sqrt(s.variance / k);
    s.dof = k - 1;
  }
  return s;
}

LevelEstimate single_process(LevelEstimate e, std::optional<double> within_variance) {
  if (within_variance) {
    // One process: its repetitions alone, the median's standard error from their spread. Says
    // nothing of the next process.
    e.log_se = std::sqrt(median_variance_factor(e.samples) * *within_variance / e.samples);
    e.dof = e.samples - 1;
  } else {
    e.log_se = std::numeric_limits<double>::infinity();
  }
  return e;
}

}  // namespace

LevelEstimate estimate_level(const ProcessSamples& samples, double confidence, int first_stage) {
  LevelEstimate e;
  std::map<int, double> summaries;
  double within_squares = 0, within_dof = 0, per_process = 0;
  std::vector<double> all_logs;
  for (const auto& [process, seconds] : samples) {
    if (seconds.empty()) continue;
    const std::vector<double> l = logs(seconds);
    summaries[process] = std::log(median(seconds));
    const double m = mean_of(l);
    for (double x : l) within_squares += (x - m) * (x - m);
    within_dof += static_cast<double>(l.size() - 1);
    per_process += static_cast<double>(l.size());
    all_logs.insert(all_logs.end(), l.begin(), l.end());
  }
  assert(!summaries.empty());
  e.processes = static_cast<int>(summaries.size());
  e.samples = static_cast<int>(all_logs.size());
  per_process /= e.processes;
  const std::optional<double> within_variance =
      within_dof > 0 ? std::optional(within_squares / within_dof) : std::nullopt;
  if (within_variance) e.within_cv = std::sqrt(*within_variance);
  e.log_mean = spread_of(summaries, 0).mean;
  if (e.processes >= 2) {
    e.process_level = true;
    const Spread spread = spread_of(summaries, first_stage);
    e.log_se = spread.se;
    e.dof = spread.dof;
    e.first_stage_spread = spread.first_stage;
    // The spread of process summaries holds the repetition noise too (a median's variance, from
    // the repetitions' spread): what is left is the process offsets'.
    const double repetition_part =
        within_variance ? median_variance_factor(static_cast<std::size_t>(std::lround(per_process))) *
                              *within_variance / per_process
                        : 0;
    e.between_cv = std::sqrt(std::max(0.0, spread.variance - repetition_part));
  } else {
    e = single_process(e, within_variance);
  }
  e.interval = interval_of(e.log_mean, e.log_se, e.dof, confidence);
  return e;
}

bool within_precision(const LevelEstimate& e, double precision) {
  return e.process_level && (e.interval.high - e.interval.low) / 2 <= precision * e.interval.estimate;
}

Interval RatioEstimate::at(double confidence) const {
  return interval_of(log_ratio, log_se, dof, confidence);
}

double RatioEstimate::estimate() const { return std::exp(log_ratio); }

RatioEstimate ratio_unpaired(const LevelEstimate& numerator, const LevelEstimate& denominator) {
  RatioEstimate r;
  r.log_ratio = numerator.log_mean - denominator.log_mean;
  const double vn = numerator.log_se * numerator.log_se;
  const double vd = denominator.log_se * denominator.log_se;
  r.log_se = std::sqrt(vn + vd);
  r.process_level = numerator.process_level && denominator.process_level;
  // Welch-Satterthwaite; a side without degrees of freedom leaves none.
  if (numerator.dof <= 0 || denominator.dof <= 0) {
    r.dof = 0;
  } else if (numerator.first_stage_spread || denominator.first_stage_spread) {
    r.dof = std::min(numerator.dof, denominator.dof);
  } else if (vn + vd == 0) {
    r.dof = numerator.dof + denominator.dof;
  } else {
    r.dof = (vn + vd) * (vn + vd) /
            (vn * vn / numerator.dof + vd * vd / denominator.dof);
  }
  return r;
}

std::map<int, double> log_median_differences(const ProcessSamples& numerator,
                                             const ProcessSamples& denominator) {
  std::map<int, double> differences;
  for (const auto& [process, seconds] : numerator) {
    const auto other = denominator.find(process);
    if (seconds.empty() || other == denominator.end() || other->second.empty()) continue;
    differences[process] = std::log(median(seconds)) - std::log(median(other->second));
  }
  return differences;
}

RatioEstimate ratio_paired(const ProcessSamples& numerator, const ProcessSamples& denominator,
                           int first_stage) {
  const std::map<int, double> differences = log_median_differences(numerator, denominator);
  if (differences.size() < 2) {
    return ratio_unpaired(estimate_level(numerator, 0.95, first_stage),
                          estimate_level(denominator, 0.95, first_stage));
  }
  RatioEstimate r;
  r.paired = r.process_level = true;
  const Spread spread = spread_of(differences, first_stage);
  r.log_ratio = spread.mean;
  r.log_se = spread.se;
  r.dof = spread.dof;
  return r;
}

}  // namespace sb
