#include "harness/claims/claims.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "harness/core/stats.hpp"

namespace sb {
namespace {

// 1, 2, 4, ... up to and including the claimed count: the thread ladder a claim spans.
std::vector<int> ladder(int threads) {
  std::vector<int> steps;
  for (int p = 1; p < threads; p *= 2) steps.push_back(p);
  steps.push_back(threads);
  return steps;
}

double clamp01(double x) { return std::isfinite(x) ? std::clamp(x, 0.0, 1.0) : 0.0; }

// The highest speedup at p the fitted models allow (their parameters' optimistic ends).
std::optional<double> model_bound(const ScalingAnalysis& scaling, double p) {
  std::optional<double> bound;
  // Without an interval (no residual degrees of freedom) the estimate itself is the bound.
  auto low_end = [](const Parameter* p) { return std::isfinite(p->low) ? p->low : p->value; };
  if (const Parameter* s = scaling.amdahl.find("serial_fraction")) {
    const double optimistic = std::clamp(low_end(s), 0.0, 1.0);
    bound = 1.0 / (optimistic + (1.0 - optimistic) / p);
  }
  if (scaling.usl.fitted) {
    const double sigma = std::max(0.0, low_end(scaling.usl.find("sigma")));
    const double kappa = std::max(0.0, low_end(scaling.usl.find("kappa")));
    const double usl = p / (1.0 + sigma * (p - 1.0) + kappa * p * (p - 1.0));
    bound = bound ? std::max(*bound, usl) : usl;
  }
  return bound;
}

}  // namespace

ClaimAssessment assess_claim(const ClaimEvidence& claim, const Analysis& analysis,
                             int allowed_cores) {
  ClaimAssessment a;
  const SeriesAnalysis* series = nullptr;
  for (const SeriesAnalysis& s : analysis.series) {
    if (s.name() == claim.series) series = &s;
  }
  if (series != nullptr && series->weak_scaling) {
    a.verdict = "not testable here";
    a.detail = fmt::format(
        "series {} is weak scaling (size grows with threads); a speedup claim "
        "needs fixed-size measurements",
        claim.series);
    return a;
  }
  if (series == nullptr || series->scaling.by_threads.empty() ||
      !series->scaling.baseline_note.empty()) {
    a.verdict = "not testable here";
    a.detail = fmt::format("series {} has no fit-eligible measurements with a 1-thread baseline",
                           claim.series);
    return a;
  }
  const double claimed_efficiency = claim.claimed_efficiency();
  const double claimed_speedup = claimed_efficiency * claim.threads;

  // Coverage: measured rungs of the claim's ladder (eligible points are on real cores).
  const std::vector<int> rungs = ladder(claim.threads);
  int measured = 0;
  const ThreadStats* at_claim = nullptr;
  const ThreadStats* largest = nullptr;
  for (const ThreadStats& t : series->scaling.by_threads) {
    if (std::find(rungs.begin(), rungs.end(), t.threads) != rungs.end()) ++measured;
    if (t.threads == claim.threads) at_claim = &t;
    if (t.threads <= claim.threads) largest = &t;
  }
  a.coverage = static_cast<double>(measured) / rungs.size();

  // Agreement: the lower efficiency bound where the claim was measured, else at the largest
  // measured count below it (the claim's efficiency carried down).
  const ThreadStats* compared = at_claim ? at_claim : largest;
  if (compared != nullptr) a.agreement = clamp01(compared->efficiency.low / claimed_efficiency);

  // Model consistency: the claim against the most optimistic fitted bound at the claimed count.
  const std::optional<double> bound = model_bound(series->scaling, claim.threads);
  a.model_consistency = bound ? clamp01(*bound / claimed_speedup) : 0.0;

  // Measurement quality: verified, placement proven, low spread, enough repetitions.
  double verified = 0, placed = 0, repetitions = 0;
  std::vector<double> spreads;
  for (const MeasuredPoint& p : series->points) {
    verified += p.verified();
    placed += p.placement_ok().value_or(false);
    // Intervals count processes: five or more a point earn the full score.
    repetitions += std::min(1.0, static_cast<double>(p.processes.size()) / 5.0);
  }
  for (const ThreadStats& t : series->scaling.by_threads) spreads.push_back(t.cv);
  const double n = static_cast<double>(series->points.size());
  // 10% variation scores 0; a single sample shows no spread and earns nothing (clamp01(NaN) = 0).
  const double spread = clamp01(1.0 - median(spreads) / 0.10);
  a.measurement_quality = (verified / n + placed / n + spread + repetitions / n) / 4.0;

  a.benchmark_support =
      a.coverage * (0.4 * a.agreement + 0.3 * a.model_consistency + 0.3 * a.measurement_quality);

  if (claim.threads > allowed_cores || at_claim == nullptr) {
    a.verdict = "not testable here";
    a.detail = fmt::format("claims {} threads; this machine measured up to {} on {} cores",
                           claim.threads, largest ? largest->threads : 0, allowed_cores);
  } else if (!at_claim->process_level() ||
             (series->scaling.by_threads.front().threads == 1 &&
              !series->scaling.by_threads.front().process_level())) {
    a.verdict = "not testable here";
    a.detail = fmt::format(
        "the speedup at {} threads comes from one process a point: its interval says nothing of "
        "a rerun",
        claim.threads);
  } else if (at_claim->speedup.low >= claimed_speedup) {
    a.verdict = "supported";
    a.detail = fmt::format(
        "speedup at {} threads is {:.2f} (95% CI {:.2f} to {:.2f}), at least the "
        "claimed {:.2f}",
        claim.threads, at_claim->speedup.estimate, at_claim->speedup.low, at_claim->speedup.high,
        claimed_speedup);
  } else if (at_claim->speedup.high >= claimed_speedup) {
    a.verdict = "not testable here";
    a.detail = fmt::format(
        "cannot tell at this sample size: the speedup at {} threads is {:.2f} (95% CI {:.2f} to "
        "{:.2f}), which reaches across the claimed {:.2f}",
        claim.threads, at_claim->speedup.estimate, at_claim->speedup.low, at_claim->speedup.high,
        claimed_speedup);
  } else {
    a.verdict = "not supported";
    a.detail = fmt::format(
        "speedup at {} threads is {:.2f} (95% CI {:.2f} to {:.2f}), the claim "
        "needs {:.2f}",
        claim.threads, at_claim->speedup.estimate, at_claim->speedup.low, at_claim->speedup.high,
        claimed_speedup);
  }
  return a;
}

}  // namespace sb
