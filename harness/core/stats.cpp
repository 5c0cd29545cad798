#include "harness/core/stats.hpp"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace sb {

void to_json(nlohmann::json& j, const Interval& i) {
  j = {{"estimate", i.estimate}, {"low", i.low}, {"high", i.high}, {"confidence", i.confidence}};
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  const std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  if (values.size() % 2 == 1) return values[mid];
  const double upper = values[mid];
  return (*std::max_element(values.begin(), values.begin() + mid) + upper) / 2;
}

Interval median_interval(std::vector<double> values, double confidence) {
  Interval interval;
  if (values.empty()) return interval;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  interval.estimate = median(values);
  // [x_(k), x_(n-1-k)] (0-based) misses the median when at most k samples fall below it (or
  // above it): coverage is 1 - 2 P(B <= k) for B ~ Binomial(n, 1/2). Take the largest k (the
  // narrowest interval) that still reaches the confidence; k = 0 when none does.
  const boost::math::binomial_distribution<double> below(static_cast<double>(n), 0.5);
  auto coverage_of = [&](std::size_t k) {
    return 1.0 - 2.0 * boost::math::cdf(below, static_cast<double>(k));
  };
  std::size_t k = 0;
  for (std::size_t next = 1; 2 * next + 1 < n && coverage_of(next) >= confidence; ++next) k = next;
  const double coverage = coverage_of(k);
  interval.low = values[k];
  interval.high = values[n - 1 - k];
  interval.confidence = std::max(0.0, coverage);
  return interval;
}

Interval bootstrap_medians(const std::vector<double>& a, const std::vector<double>& b,
                           const std::function<double(double, double)>& statistic,
                           double confidence, int resamples, std::uint64_t seed) {
  Interval interval;
  if (a.empty() || b.empty()) return interval;
  interval.estimate = statistic(median(a), median(b));
  std::mt19937_64 generator(seed);
  auto resample_median = [&](const std::vector<double>& samples) {
    std::uniform_int_distribution<std::size_t> pick(0, samples.size() - 1);
    std::vector<double> drawn(samples.size());
    for (double& value : drawn) value = samples[pick(generator)];
    return median(std::move(drawn));
  };
  std::vector<double> draws(static_cast<std::size_t>(resamples));
  for (double& draw : draws) draw = statistic(resample_median(a), resample_median(b));
  std::sort(draws.begin(), draws.end());
  const double tail = (1.0 - confidence) / 2.0;
  auto quantile = [&](double q) {
    const double position = q * static_cast<double>(draws.size() - 1);
    const std::size_t below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, draws.size() - 1);
    return draws[below] + (position - static_cast<double>(below)) * (draws[above] - draws[below]);
  };
  interval.low = quantile(tail);
  interval.high = quantile(1.0 - tail);
  interval.confidence = confidence;
  return interval;
}

Interval ratio_of_medians_interval(const std::vector<double>& numerator,
                                   const std::vector<double>& denominator, double confidence,
                                   int resamples, std::uint64_t seed) {
  return bootstrap_medians(
      numerator, denominator, [](double n, double d) { return n / d; }, confidence, resamples,
      seed);
}

double coefficient_of_variation(const std::vector<double>& values) {
  if (values.size() < 2) return std::numeric_limits<double>::quiet_NaN();
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / values.size();
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1)) / mean;
}

}  // namespace sb
