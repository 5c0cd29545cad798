#include "harness/sweep/rounds.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include "harness/core/system.hpp"
#include "harness/core/two_level.hpp"
#include "harness/results/measured_point.hpp"
#include "harness/results/point_key.hpp"
#include "harness/sweep/stop.hpp"
#include "harness/sweep/worker_process.hpp"

namespace sb {
namespace {

// What the rounds have left to do: which points each group still owes in which round.
// How often, at most, results.json is rewritten while a worker runs.
constexpr double kLiveWriteIntervalS = 5;

class RoundState {
 public:
  RoundState(const Plan& plan, const Results& results, const std::set<std::string>& done)
      : plan_(plan), results_(results), done_(done), started_s_(unix_seconds()) {}

  // The group's points that process `round` has not measured yet.
  GroupSpec owed(std::size_t g, int round) const {
    GroupSpec spec = plan_.groups[g];
    std::erase_if(spec.points, [&](Point p) {
      p.process = round;
      return done_.count(measurement_key(p)) > 0;
    });
    spec.process = spec.round = round;
    return spec;
  }

  // Whether every eligible point of group g has reached the precision target, its interval made
  // as the analysis will make it (quiet processes, the rule's first stage).
  bool settled(std::size_t g) const {
    std::map<std::string, const MeasuredPoint*> by_key;
    const std::vector<MeasuredPoint> measured = measured_points(results_);
    for (const MeasuredPoint& m : measured) by_key[point_key(m.point())] = &m;
    for (const Point& planned : plan_.groups[g].points) {
      const auto found = by_key.find(point_key(planned));
      if (found == by_key.end()) return false;
      const MeasuredPoint& m = *found->second;
      if (m.fit_exclusions().empty() && !within_precision(m.level(), plan_.rounds.precision))
        return false;
    }
    return true;
  }

  // Whether any process of group g's points was contended: the group is measured once more.
  bool contended(std::size_t g) const {
    for (const Point& planned : plan_.groups[g].points) {
      for (const Point& p : results_.points) {
        if (point_key(p) == point_key(planned) &&
            std::count(p.stability_flags.begin(), p.stability_flags.end(), "contended")) {
          return true;
        }
      }
    }
    return false;
  }

  // No group starts that would, by its last duration, end past the budget.
  bool over_budget(std::size_t g) const {
    if (plan_.rounds.budget_s <= 0) return false;
    const auto last = last_duration_s_.find(g);
    const double expected = last == last_duration_s_.end() ? 0 : last->second;
    return elapsed_s() + expected > plan_.rounds.budget_s;
  }

  double elapsed_s() const { return unix_seconds() - started_s_; }
  double started_s() const { return started_s_; }
  std::map<std::size_t, double> last_duration_s_;
  int points_run = 0;

 private:
  const Plan& plan_;
  const Results& results_;
  const std::set<std::string>& done_;
  double started_s_;
};

// Runs group g as process `round`, adding its points to `results` and rewriting DIR/results.json
// as each arrives.
void run_one(const Plan& plan, std::size_t g, int round, int total,
             const std::filesystem::path& dir, Results& results, GroupRunner& runner,
             RoundState& state, std::set<std::string>& done) {
  GroupSpec group = state.owed(g, round);
  if (group.points.empty()) return;
  group.progress_offset = state.points_run;
  group.progress_total = std::max(total, state.points_run + static_cast<int>(group.points.size()));
  group.progress_started_s = state.started_s();
  group.progress_budget_s = plan.rounds.budget_s;
  for (Point& p : group.points) p.process = p.round = round;
  const int index = round * static_cast<int>(plan.groups.size()) + static_cast<int>(g);
  const double start = unix_seconds();
  const std::vector<Point> before = results.points;
  // The parent shares the measured PUs (a 2-thread point on 2 cores): rewriting a large
  // results.json at every point it sees costs enough CPU to flag 2-thread points contended late
  // in a sweep. The worker's fsync'ed checkpoint already keeps each point, so the live copy is
  // refreshed at most every few seconds; the group's end always writes it.
  double last_write_s = 0;
  WorkerOutcome outcome = runner.run(group, dir, index, [&](const std::vector<Point>& so_far) {
    if (unix_seconds() - last_write_s < kLiveWriteIntervalS) return;
    last_write_s = unix_seconds();
    results.points = before;
    results.points.insert(results.points.end(), so_far.begin(), so_far.end());
    results.manifest["end_time"] = utc_now();
    write_results(dir, results);
  });
  std::vector<Point> points = std::move(outcome.points);
  // A worker that ended while a stop was requested was interrupted, not failed: its unfinished
  // points stay unmeasured and a resume runs them.
  if (!outcome.succeeded() && !stop_requested()) {
    // The worker died: its unfinished points are recorded as failed, never silently dropped.
    for (const Point& planned : group.points) {
      const bool finished = std::any_of(points.begin(), points.end(), [&](const Point& p) {
        return point_key(p) == point_key(planned);
      });
      if (finished) continue;
      points.push_back(planned);
      points.back().error = outcome.failure();
    }
  }
  for (const Point& p : points) done.insert(measurement_key(p));
  state.points_run += static_cast<int>(points.size());
  state.last_duration_s_[g] = unix_seconds() - start;
  results.points = before;
  results.points.insert(results.points.end(), points.begin(), points.end());
  results.manifest["end_time"] = utc_now();
  write_results(dir, results);
  std::filesystem::remove(checkpoint_path(dir, index));
}

}  // namespace

// Runs the plan's rounds (those done before a resume are skipped point by point), then measures
// once more each group with a contended point.
bool execute_plan(const Plan& plan, const std::filesystem::path& dir, Results& results,
                  GroupRunner& runner, std::set<std::string> done) {
  RoundState state(plan, results, done);
  const RoundTemplate& rounds = plan.rounds;
  const bool precision = rounds.stopping_rule == "precision";
  std::set<std::size_t> active;
  for (std::size_t g = 0; g < plan.groups.size(); ++g) active.insert(g);
  // Points planned from `round` on: every round up to min_rounds (max_rounds when fixed), and
  // beyond that one more round of the groups still active.
  auto total_from = [&](int round) {
    int total = state.points_run;
    const int last = precision ? std::max(rounds.min_rounds, round + 1) : rounds.max_rounds;
    for (int r = round; r < last; ++r) {
      for (std::size_t g : active) total += static_cast<int>(state.owed(g, r).points.size());
    }
    return total;
  };
  int round = 0;
  bool budget_spent = false;
  for (; round < rounds.max_rounds && !active.empty() && !budget_spent; ++round) {
    if (precision && round >= rounds.min_rounds) {
      std::erase_if(active, [&](std::size_t g) { return state.settled(g); });
      if (active.empty()) break;
    }
    const int total = total_from(round);
    for (std::size_t g : plan.round_order(round)) {
      if (stop_requested()) return false;
      if (!active.count(g)) continue;
      if (state.over_budget(g)) {
        budget_spent = true;
        continue;
      }
      run_one(plan, g, round, total, dir, results, runner, state, done);
    }
  }
  results.manifest["rounds_run"] = round;
  results.manifest["budget_spent"] = budget_spent;
  if (!rounds.remeasure_contended || stop_requested()) return !stop_requested();
  // Contended groups get one more process, in a round of their own, before the gate is judged.
  std::vector<std::size_t> contended;
  for (std::size_t g : plan.round_order(round)) {
    if (state.contended(g) && !state.over_budget(g)) contended.push_back(g);
  }
  int total = state.points_run;
  for (std::size_t g : contended) total += static_cast<int>(state.owed(g, round).points.size());
  for (std::size_t g : contended) {
    if (stop_requested()) return false;
    run_one(plan, g, round, total, dir, results, runner, state, done);
  }
  results.manifest["remeasured_groups"] = contended.size();
  return !stop_requested();
}

}  // namespace sb
