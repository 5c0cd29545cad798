#include "harness/analysis/hockney.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace sb {
namespace {

struct Line {
  double alpha = 0, beta = 0;
  double relative_sse = 0;
};

// Least squares on the relative scale (each time weighted by 1/time): times span four orders of
// magnitude between 1 byte and megabytes, and an unweighted fit would let the largest sizes
// decide the latency.
Line fit_line(const std::vector<double>& bytes, const std::vector<double>& seconds,
              std::size_t first, std::size_t last) {
  const auto n = static_cast<Eigen::Index>(last - first);
  Eigen::MatrixXd design(n, 2);
  Eigen::VectorXd observed(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double weight = 1.0 / seconds[first + static_cast<std::size_t>(i)];
    design(i, 0) = weight;
    design(i, 1) = bytes[first + static_cast<std::size_t>(i)] * weight;
    observed(i) = 1.0;
  }
  const Eigen::Vector2d coefficients = design.colPivHouseholderQr().solve(observed);
  Line line{coefficients(0), coefficients(1), 0};
  for (std::size_t i = first; i < last; ++i) {
    const double relative = (seconds[i] - line.alpha - line.beta * bytes[i]) / seconds[i];
    line.relative_sse += relative * relative;
  }
  return line;
}

double aic(double sse, std::size_t samples, int parameters) {
  const double n = static_cast<double>(samples);
  return n * std::log(std::max(sse, 1e-300) / n) + 2.0 * parameters;
}

Interval t_interval(const std::vector<double>& values, double confidence) {
  double mean = 0;
  for (const double v : values) mean += v;
  mean /= static_cast<double>(values.size());
  double variance = 0;
  for (const double v : values) variance += (v - mean) * (v - mean);
  const double k = static_cast<double>(values.size());
  // One launch: no interval at all (launch-to-launch spread unknown), bounds unbounded.
  if (values.size() < 2) {
    const double infinity = std::numeric_limits<double>::infinity();
    return {mean, -infinity, infinity, 0};
  }
  const double half = t_critical(k - 1, confidence) * std::sqrt(variance / (k - 1) / k);
  return {mean, mean - half, mean + half, confidence};
}

bool usable(const NetcalLaunch& launch) {
  if (!launch.error.empty() || launch.pingpong.empty()) return false;
  if (!launch.barrier.verified || !launch.allreduce.verified) return false;
  return std::all_of(launch.pingpong.begin(), launch.pingpong.end(),
                     [](const PingPongSamples& s) { return s.verified && !s.one_way_s.empty(); });
}

}  // namespace

double hockney_time_s(const HockneyFit& fit, std::size_t bytes) {
  if (fit.segments.empty()) return 0;
  const bool upper = fit.switch_bytes && bytes >= *fit.switch_bytes && fit.segments.size() > 1;
  const HockneySegment& segment = upper ? fit.segments[1] : fit.segments[0];
  return segment.alpha_s.estimate + segment.beta_s_per_byte.estimate * static_cast<double>(bytes);
}

HockneyFit fit_hockney(const NetcalResults& results, double confidence) {
  HockneyFit fit;
  fit.confidence = confidence;
  std::vector<const NetcalLaunch*> launches;
  for (const NetcalLaunch& launch : results.launches) {
    if (usable(launch) &&
        (launches.empty() || launch.pingpong.size() == launches.front()->pingpong.size())) {
      launches.push_back(&launch);
    } else {
      fit.excluded_launches.push_back(launch.launch);
    }
  }
  fit.launches_used = static_cast<int>(launches.size());
  if (launches.empty()) {
    fit.refusal = "no launch completed verified";
    return fit;
  }

  // Sizes: per launch the median of its repetitions; pooled, their geometric mean.
  const std::size_t sizes = launches.front()->pingpong.size();
  std::vector<double> bytes(sizes);
  std::vector<std::vector<double>> per_launch(launches.size(), std::vector<double>(sizes));
  std::vector<double> pooled(sizes);
  for (std::size_t s = 0; s < sizes; ++s) {
    bytes[s] = static_cast<double>(launches.front()->pingpong[s].bytes);
    ProcessSamples samples;
    for (std::size_t l = 0; l < launches.size(); ++l) {
      const PingPongSamples& size = launches[l]->pingpong[s];
      per_launch[l][s] = median(size.one_way_s);
      samples[static_cast<int>(l)] = size.one_way_s;
    }
    MessageTime time;
    time.bytes = launches.front()->pingpong[s].bytes;
    time.one_way_s = estimate_level(samples, confidence);
    pooled[s] = time.one_way_s.interval.estimate;
    fit.sizes.push_back(time);
  }
  ProcessSamples barrier, allreduce;
  for (std::size_t l = 0; l < launches.size(); ++l) {
    barrier[static_cast<int>(l)] = launches[l]->barrier.seconds_per_call;
    allreduce[static_cast<int>(l)] = launches[l]->allreduce.seconds_per_call;
  }
  fit.barrier_s = estimate_level(barrier, confidence);
  fit.allreduce_s = estimate_level(allreduce, confidence);
  if (sizes < 3) {
    fit.refusal = "fewer than 3 message sizes";
    return fit;
  }

  // The switch: the split (at least 3 sizes a side) whose two lines beat one line by AIC and
  // leave at most a quarter of its squared misfit. Searching every split for the best one would
  // find some gain in noise alone (AIC's penalty counts the split once, not the choice among
  // the 18 splits of 23 sizes); a real protocol switch leaves one line misfit by tens of percent,
  // noise by a few.
  constexpr std::size_t kMinSide = 3;
  constexpr double kMisfitLeft = 0.25;
  std::size_t split = sizes;  // sizes: no switch
  const double one_line_sse = fit_line(bytes, pooled, 0, sizes).relative_sse;
  double best = aic(one_line_sse, sizes, 2);
  for (std::size_t k = kMinSide; k + kMinSide <= sizes; ++k) {
    const double sse =
        fit_line(bytes, pooled, 0, k).relative_sse + fit_line(bytes, pooled, k, sizes).relative_sse;
    const double score = aic(sse, sizes, 5);  // two lines and the switch
    if (score < best && sse <= kMisfitLeft * one_line_sse) {
      best = score;
      split = k;
    }
  }
  if (split < sizes) fit.switch_bytes = static_cast<std::size_t>(bytes[split]);

  std::vector<std::pair<std::size_t, std::size_t>> ranges = {{0, split}};
  if (split < sizes) ranges.push_back({split, sizes});
  for (const auto& [first, last] : ranges) {
    std::vector<double> alphas, betas;
    for (const std::vector<double>& launch : per_launch) {
      const Line line = fit_line(bytes, launch, first, last);
      alphas.push_back(line.alpha);
      betas.push_back(line.beta);
    }
    HockneySegment segment;
    segment.from_bytes = static_cast<std::size_t>(bytes[first]);
    segment.to_bytes = static_cast<std::size_t>(bytes[last - 1]);
    segment.alpha_s = t_interval(alphas, confidence);
    segment.beta_s_per_byte = t_interval(betas, confidence);
    const Interval& beta = segment.beta_s_per_byte;
    const double infinity = std::numeric_limits<double>::infinity();
    segment.bandwidth_bytes_per_s = {beta.estimate > 0 ? 1.0 / beta.estimate : infinity,
                                     beta.high > 0 ? 1.0 / beta.high : infinity,
                                     beta.low > 0 ? 1.0 / beta.low : infinity, beta.confidence};
    fit.segments.push_back(segment);
  }
  for (MessageTime& time : fit.sizes) {
    time.model_s = hockney_time_s(fit, time.bytes);
    const double observed = time.one_way_s.interval.estimate;
    const double misfit = std::abs(observed - time.model_s) / observed;
    HockneySegment& segment =
        fit.switch_bytes && time.bytes >= *fit.switch_bytes ? fit.segments.back() : fit.segments[0];
    segment.worst_relative_residual = std::max(segment.worst_relative_residual, misfit);
    fit.worst_relative_residual = std::max(fit.worst_relative_residual, misfit);
  }
  fit.fitted = true;
  return fit;
}

nlohmann::json to_json(const HockneyFit& fit) {
  nlohmann::json segments = nlohmann::json::array(), sizes = nlohmann::json::array();
  for (const HockneySegment& s : fit.segments) {
    segments.push_back({{"from_bytes", s.from_bytes},
                        {"to_bytes", s.to_bytes},
                        {"alpha_s", s.alpha_s},
                        {"beta_s_per_byte", s.beta_s_per_byte},
                        {"bandwidth_bytes_per_s", s.bandwidth_bytes_per_s},
                        {"worst_relative_residual", s.worst_relative_residual}});
  }
  for (const MessageTime& t : fit.sizes) {
    sizes.push_back({{"bytes", t.bytes},
                     {"one_way_s", t.one_way_s.interval},
                     {"model_s", fit.fitted ? nlohmann::json(t.model_s) : nlohmann::json()}});
  }
  return {{"fitted", fit.fitted},
          {"refusal", fit.refusal},
          {"confidence", fit.confidence},
          {"launches_used", fit.launches_used},
          {"excluded_launches", fit.excluded_launches},
          {"switch_bytes", fit.switch_bytes ? nlohmann::json(*fit.switch_bytes) : nlohmann::json()},
          {"segments", segments},
          {"sizes", sizes},
          {"barrier_s", fit.barrier_s.interval},
          {"allreduce_s", fit.allreduce_s.interval}};
}

}  // namespace sb
