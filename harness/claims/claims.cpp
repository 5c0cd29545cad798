#include "harness/claims/claims.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "harness/core/number_format.hpp"
#include "harness/core/stats.hpp"
#include "harness/results/measured_point.hpp"
#include "harness/results/workload.hpp"

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

// The scores and verdict against `series` (null: the claim's series was not measured).
ClaimAssessment assess_series(const ClaimEvidence& claim, const SeriesAnalysis* series,
                              int allowed_cores) {
  ClaimAssessment a;
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
  // Models are fitted in ranks for a distributed series of several threads a rank.
  const std::optional<double> bound = model_bound(
      series->scaling, static_cast<double>(claim.threads) / series->scaling.workers_per_unit);
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
             (series->scaling.by_threads.front().threads == series->scaling.workers_per_unit &&
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

std::string percent_text(double share) { return fmt::format("{:.1f}%", 100 * share); }

// "1 rank", "8 ranks", "8 ranks of 4 threads"
std::string ranks_text(int ranks, int threads_per_rank) {
  std::string text = fmt::format("{} rank{}", ranks, ranks == 1 ? "" : "s");
  if (threads_per_rank > 1) text += fmt::format(" of {} threads", threads_per_rank);
  return text;
}

// The measured communication share of a distributed series, at the claimed worker count where an
// eligible point recorded its phases, else at the largest such point; sets
// `a.communication_share`. Empty when no eligible point recorded them.
std::string communication_evidence(const SeriesAnalysis& series, int claimed_threads,
                                   ClaimAssessment& a) {
  const MeasuredPoint* chosen = nullptr;
  for (const MeasuredPoint& m : series.points) {  // ascending threads
    if (!m.fit_exclusions().empty() || !median_measure(m, "compute_s_max")) continue;
    if (chosen == nullptr || chosen->point().threads != claimed_threads) chosen = &m;
  }
  if (chosen == nullptr) return {};
  // Each phase: the median over processes of its slowest rank a run; one not recorded took none.
  const double compute = *median_measure(*chosen, "compute_s_max");
  const double comm = median_measure(*chosen, "comm_s_max").value_or(0.0);
  const double sync = median_measure(*chosen, "sync_s_max").value_or(0.0);
  const double total = compute + comm + sync;
  a.communication_share = (comm + sync) / total;
  const Point& p = chosen->point();
  std::string text = fmt::format(
      "at {} communication and synchronisation took {} of a run (comm {}, sync {}; each phase's "
      "slowest rank)",
      ranks_text(p.ranks, p.threads_per_rank()), percent_text(*a.communication_share),
      percent_text(comm / total), percent_text(sync / total));
  if (const std::optional<double> balance = median_measure(*chosen, "load_balance")) {
    text += fmt::format(", load balance {:.3f}", *balance);
  }
  return text;
}

// The communication-aware model's prediction at the claimed rank count, each term's share of it;
// sets `a.model_terms`. Empty when the series has no model.
std::string model_evidence(const SeriesAnalysis& series, int claimed_threads,
                           const std::vector<CommModel>& models, ClaimAssessment& a) {
  const int per_rank = std::max(1, series.threads_per_rank);
  // The series' own model: two runs of one kernel (other parameters, pin or size) have two.
  const SeriesKey key = series_key(series.points.front().point());
  const auto model =
      std::find_if(models.begin(), models.end(), [&](const CommModel& m) { return m.key == key; });
  if (model == models.end()) return {};
  if (!model->fitted) return fmt::format("no communication-aware model: {}", model->refusal);
  const int ranks = claimed_threads / per_rank;
  const RankPrediction* at = nullptr;
  int largest_measured = 0;
  std::vector<int> predicted_ranks;
  for (const RankPrediction& r : model->predictions) {
    predicted_ranks.push_back(r.ranks);
    if (!r.beyond_measured) largest_measured = std::max(largest_measured, r.ranks);
    if (r.ranks == ranks && claimed_threads % per_rank == 0) at = &r;
  }
  if (at == nullptr || !(at->predicted_s.estimate > 0)) {
    return fmt::format("the communication-aware model predicts only at {} ranks",
                       fmt::join(predicted_ranks, ", "));
  }
  std::vector<std::string> shares;
  for (const ModelTerm& t : at->terms) {
    shares.push_back(fmt::format("{} {}", t.name,
                                 percent_text(t.predicted_s.estimate / at->predicted_s.estimate)));
  }
  std::string measured = "not measured";
  if (at->beyond_measured) {
    measured = fmt::format("a prediction, beyond the measured {}", largest_measured);
  } else if (at->measured_s && at->measured_over_predicted) {
    const Interval& r = *at->measured_over_predicted;
    measured = fmt::format("measured {}, measured / predicted {:.3f} [{:.3f}, {:.3f}]",
                           time_text(at->measured_s->interval.estimate), r.estimate, r.low, r.high);
  }
  a.model_terms = fmt::format("{}, {} {}: {}", ranks_text(ranks, per_rank),
                              at->beyond_measured ? "predicted" : "modelled",
                              time_interval_text(at->predicted_s), fmt::join(shares, ", "));
  return fmt::format("the communication-aware model predicts {} a run at {} ({}): {}",
                     time_interval_text(at->predicted_s), ranks_text(ranks, per_rank), measured,
                     fmt::join(shares, ", "));
}

}  // namespace

ClaimAssessment assess_claim(const ClaimEvidence& claim, const Analysis& analysis,
                             int allowed_cores, const std::vector<CommModel>& comm_models) {
  const SeriesAnalysis* series = nullptr;
  for (const SeriesAnalysis& s : analysis.series) {
    if (s.name() == claim.series) series = &s;
  }
  ClaimAssessment a = assess_series(claim, series, allowed_cores);
  // A distributed series: what communication cost where it was measured, and what the model says
  // it costs at the claimed rank count (a prediction beyond the measured ranks: the verdict
  // stands).
  if (series != nullptr && series->threads_per_rank > 0) {
    const std::string measured = communication_evidence(*series, claim.threads, a);
    if (!measured.empty()) a.detail += "; " + measured;
    const std::string modelled = model_evidence(*series, claim.threads, comm_models, a);
    if (!modelled.empty()) a.detail += "; " + modelled;
  }
  return a;
}

}  // namespace sb
