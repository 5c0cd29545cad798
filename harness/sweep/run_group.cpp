#include "harness/sweep/run_group.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "harness/core/stats.hpp"
#include "harness/sweep/progress.hpp"
#include "harness/sweep/stop.hpp"

namespace sb {
namespace {

struct PointState {
  Point point;
  int repetitions_done = 0;
  bool any_failure = false;
  bool started = false;
  double timed_seconds = 0;
  long involuntary_switches = 0;
  double other_busy_seconds = 0;
};

// Spread, robust outliers and preemption, flagged against the group's thresholds.
void assess_stability(PointState& state, const GroupSpec& spec) {
  Point& point = state.point;
  const double cv = coefficient_of_variation(point.seconds);
  point.cv = std::isfinite(cv) ? std::optional<double>(cv) : std::nullopt;
  const double center = median(point.seconds);
  std::vector<double> deviations;
  for (double s : point.seconds) deviations.push_back(std::fabs(s - center));
  const double scaled_mad = 1.4826 * median(deviations);
  point.outliers = 0;
  for (double d : deviations) point.outliers += scaled_mad > 0 && d > 3 * scaled_mad;
  point.preemptions_per_second =
      state.timed_seconds > 0 ? state.involuntary_switches / state.timed_seconds : 0.0;
  point.other_busy_cpus =
      state.timed_seconds > 0 ? std::max(0.0, state.other_busy_seconds / state.timed_seconds) : 0.0;
  point.stability_flags.clear();
  if (point.cv && *point.cv > spec.max_cv) point.stability_flags.push_back("high_cv");
  if (point.other_busy_cpus > spec.max_other_busy_cpus)
    point.stability_flags.push_back("contended");
}

// The verdict and the proof of placement, once all of a point's repetitions are done. Proof needs
// evidence: worker 0 (the calling thread) must have been seen, and every worker seen must have run
// only on its PU. A worker never seen is not misplaced, but the point did not run on all its
// threads: it is counted as idle, and that too keeps it out of fits.
void finalize(PointState& state, const PlacementReport& report) {
  Point& point = state.point;
  point.verified = !state.any_failure && point.error.empty() && !point.seconds.empty();
  point.placement = report.workers;
  point.idle_workers = 0;
  bool placed = !point.placement.empty() && !point.placement[0].observed_pus.empty();
  for (WorkerPlacement& worker : point.placement) {
    std::sort(worker.observed_pus.begin(), worker.observed_pus.end());
    point.idle_workers += worker.observed_pus.empty();
    for (int pu : worker.observed_pus) placed = placed && pu == worker.requested_pu;
  }
  if (report.pinned) point.placement_ok = placed && report.bind_failures == 0;
  if (report.judged_by_executor) {
    point.placement_ok = report.placed;
    point.idle_workers = report.idle_workers;
    point.extra_threads = report.extra_threads;
    point.placement_note = report.note;
  }
  point.oversubscribed = report.oversubscribed;
  point.uses_smt_siblings = report.uses_smt_siblings;
}

void measure_one(PointState& state, std::size_t index, const GroupSpec& spec, Executor& executor) {
  try {
    executor.prepare(index);
    const Repetition repetition = executor.measure(index);
    state.timed_seconds += repetition.timed_seconds;
    state.involuntary_switches += repetition.involuntary_switches;
    state.other_busy_seconds += repetition.other_busy_seconds;
    if (repetition.runs > 0) {
      state.point.seconds.push_back(repetition.seconds_per_run);
      state.point.iterations.push_back(repetition.runs);
    }
    state.point.fault_injected = spec.inject_fault == state.point.kernel;
    const Verdict verdict = executor.verify(index);
    // The first failure explains the point; a later pass must not overwrite it. Its measures
    // (the racy counter's lost_update_fraction) come from the same verdict, so text and number
    // agree.
    if (!state.any_failure) {
      state.point.verification = verdict.detail;
      for (const auto& [name, value] : verdict.measures) state.point.measures[name] = value;
    }
    // A failed verification keeps its time: the point is marked unverified instead and never
    // enters a fit.
    if (!verdict.ok) state.any_failure = true;
  } catch (const std::exception& e) {
    state.any_failure = true;
    state.point.error = e.what();
  }
}

}  // namespace

std::vector<Point> run_group(const GroupSpec& spec, Executor& executor, const PointSink& sink) {
  Progress progress(spec.progress_offset, spec.progress_total, spec.progress_started_s,
                    spec.progress_budget_s);
  std::vector<PointState> states(spec.points.size());
  for (std::size_t i = 0; i < states.size(); ++i) {
    states[i].point = spec.points[i];
    states[i].point.process = spec.process;
    states[i].point.round = spec.round;
  }
  std::vector<Point> finished;
  // Each process interleaves in an order of its own (process 0 keeps the seed's).
  std::mt19937_64 engine(spec.seed +
                         0x9e3779b97f4a7c15ull * static_cast<std::uint64_t>(spec.process));

  // One workload at a time, its variants' repetitions shuffled together: drift (thermal, another
  // tenant) then spreads over every variant instead of favouring whichever ran first, and the
  // executor creates the workload's data once for all of them.
  for (std::size_t first = 0; first < states.size();) {
    std::size_t last = first;
    while (last < states.size() && states[last].point.kernel == states[first].point.kernel) ++last;
    std::vector<std::size_t> order;
    for (std::size_t i = first; i < last; ++i) order.insert(order.end(), spec.repetitions, i);
    std::shuffle(order.begin(), order.end(), engine);
    for (std::size_t index : order) {
      if (stop_requested()) return finished;
      PointState& state = states[index];
      if (!state.started) {
        state.started = true;
        progress.point_started(state.point);
      }
      measure_one(state, index, spec, executor);
      // A repetition a stop cut short (a command killed mid-run) is not a result.
      if (stop_requested()) return finished;
      if (++state.repetitions_done < spec.repetitions) continue;
      finalize(state, executor.placement(index));
      assess_stability(state, spec);
      progress.point_done(state.point);
      if (sink) sink(state.point);
      finished.push_back(state.point);
    }
    first = last;
  }
  return finished;
}

}  // namespace sb
