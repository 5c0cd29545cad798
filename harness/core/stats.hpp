// Robust summaries of repeated timings: medians with distribution-free intervals, and bootstrap
// intervals for ratios of medians (speedups).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

namespace sb {

struct Interval {
  double estimate = 0;
  double low = 0;
  double high = 0;
  double confidence = 0;  // achieved coverage (order-statistic intervals are discrete)
};

// {"estimate", "low", "high", "confidence"}
void to_json(nlohmann::json& j, const Interval& interval);

double median(std::vector<double> values);

// Order-statistic interval for the median: the narrowest symmetric pair of ranks whose binomial
// coverage reaches `confidence`. With fewer than 6 samples a 95% interval cannot exist; the
// widest one (min, max) is returned with the coverage it does achieve.
Interval median_interval(std::vector<double> values, double confidence = 0.95);

// Percentile bootstrap for statistic(median(a), median(b)), resampling both sample sets with a
// fixed seed (deterministic).
Interval bootstrap_medians(const std::vector<double>& a, const std::vector<double>& b,
                           const std::function<double(double, double)>& statistic,
                           double confidence = 0.95, int resamples = 2000, std::uint64_t seed = 1);

// Percentile bootstrap for median(numerator) / median(denominator), resampling both sample sets
// with a fixed seed (deterministic). Used for speedup T_1 / T_p.
Interval ratio_of_medians_interval(const std::vector<double>& numerator,
                                   const std::vector<double>& denominator, double confidence = 0.95,
                                   int resamples = 2000, std::uint64_t seed = 1);

// Coefficient of variation (standard deviation / mean) of the samples; NaN for fewer than 2.
double coefficient_of_variation(const std::vector<double>& values);

}  // namespace sb
