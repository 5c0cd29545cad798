#include "harness/sweep/sweep.hpp"

#include <unistd.h>

#include <algorithm>
#include <functional>
#include <set>
#include <tuple>

#include "harness/core/atomic_file.hpp"
#include "harness/core/error.hpp"
#include "harness/core/system.hpp"
#include "harness/core/two_level.hpp"
#include "harness/machine/machine_load.hpp"
#include "harness/results/measured_point.hpp"
#include "harness/results/point_key.hpp"
#include "harness/sweep/manifest.hpp"
#include "harness/sweep/stop.hpp"
#include "harness/sweep/worker_process.hpp"

namespace sb {
namespace {

// Records how busy the machine was (while we were idle) and warns when others were using it.
void record_load(Results& results, const char* when) {
  const MachineLoad load = measure_machine_load();
  results.manifest["machine_load"][when] = to_json(load);
  if (load.other_busy_cpus > kBusyCpus) {
    fmt::print(stderr,
               "scalebench: warning: other processes kept {:.2f} CPUs busy {} the sweep (load "
               "average {:.2f}); affected points are flagged unstable\n",
               load.other_busy_cpus, when, load.load_average_1min);
  }
}

// What the rounds have left to do: which points each group still owes in which round.
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
void run_one(const Plan& plan, std::size_t g, int round, int total, const std::filesystem::path& dir,
             Results& results, GroupRunner& runner, RoundState& state,
             std::set<std::string>& done) {
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
  WorkerOutcome outcome = runner.run(group, dir, index, [&](const std::vector<Point>& so_far) {
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

// Runs the plan's rounds (those done before a resume are skipped point by point), then measures
// once more each group with a contended point. Returns false when a stop was requested.
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

// Under the lock: a sweep already in `dir` is replaced only when forced, and then nothing of it
// (checkpoints, report, plots) survives to be mistaken for the new sweep's.
void clear_for_new_sweep(const std::filesystem::path& dir, bool force) {
  namespace fs = std::filesystem;
  const fs::path file = dir / "results.json";
  const bool previous = fs::exists(file);
  if (previous && !force) {
    Results old;
    try {
      old = read_results(file);
    } catch (const ConfigError& e) {
      config_error("{} already holds a results.json that cannot be read ({}); --force replaces it",
                   dir.string(), e.what());
    }
    if (old.complete) {
      config_error(
          "{} already holds a finished sweep ({} points); --force replaces it and its "
          "report, or choose another --out",
          dir.string(), old.points.size());
    }
    config_error(
        "{} holds an unfinished sweep ({} points); complete it with: scalebench run "
        "--resume {} (or replace it with --force)",
        dir.string(), old.points.size(), dir.string());
  }
  std::error_code ignored;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (is_group_file(entry.path())) fs::remove(entry.path(), ignored);
  }
  if (!previous) return;  // nothing of ours to replace: leave the directory's other files alone
  for (const char* derived :
       {"results.json", "report.md", "analysis.json", "speedup.csv", "scheduling.csv"}) {
    fs::remove(dir / derived, ignored);
  }
  for (const auto& entry : fs::directory_iterator(dir / "plots", ignored)) {
    if (entry.path().extension() == ".png") fs::remove(entry.path(), ignored);
  }
  fs::remove(dir / "plots", ignored);  // only when empty
}

// Groups as something to compare: their points in a fixed order, progress numbers and the
// machine's judgement (oversubscription, which the measuring process makes again) left out.
std::vector<std::string> comparable(std::vector<GroupSpec> groups) {
  std::vector<std::string> dumped;
  for (GroupSpec& g : groups) {
    g.progress_offset = g.progress_total = 0;
    for (Point& p : g.points) p.oversubscribed = p.uses_smt_siblings = false;
    std::sort(g.points.begin(), g.points.end(),
              [](const Point& a, const Point& b) { return point_key(a) < point_key(b); });
    dumped.push_back(nlohmann::json(g).dump());
  }
  std::sort(dumped.begin(), dumped.end());
  return dumped;
}

// Options asked for again on a resume must be the ones the sweep was started with: the recorded
// options with the asked ones laid over them must plan the same points as `plan` (so an explicit
// default, a kernel's default size or parameter, or backends in another order all agree).
void refuse_differences(const nlohmann::json& recorded, const nlohmann::json& required,
                        const Plan& plan, const std::filesystem::path& dir) {
  if (required.empty()) return;
  nlohmann::json asked = recorded;
  asked.merge_patch(required);  // objects (params) merge entry by entry; lists are replaced
  const Plan asked_plan = plan_sweep(options_from_manifest(asked, dir));
  if (comparable(asked_plan.groups) == comparable(plan.groups) &&
      nlohmann::json(asked_plan).at("rounds") == nlohmann::json(plan).at("rounds"))
    return;
  std::vector<std::string> differences;
  for (const auto& item : required.items()) {
    const std::string& key = item.key();
    const nlohmann::json was = recorded.value(key, nlohmann::json());
    if (asked.at(key) != was) {
      differences.push_back(
          fmt::format("{} {} (recorded {})", key, asked.at(key).dump(), was.dump()));
    }
  }
  config_error(
      "--resume {}: the sweep was started with other options: {}; drop them or start "
      "a new sweep",
      dir.string(), fmt::join(differences, "; "));
}

// The plan a sweep recorded; one from before plans were recorded is made again from its options.
Plan recorded_plan(const Results& results, const std::filesystem::path& dir) {
  if (results.plan.is_null()) {
    return plan_sweep(
        options_from_manifest(results.manifest.value("sweep", nlohmann::json()), dir));
  }
  try {
    return results.plan.get<Plan>();
  } catch (const std::exception& e) {
    config_error("{} cannot be resumed: its plan is damaged ({})", (dir / "results.json").string(),
                 e.what());
  }
}

SweepOutcome measure(const Plan& plan, const std::filesystem::path& dir, SweepOutcome outcome,
                     GroupRunner& runner) {
  Results& results = outcome.results;
  install_stop_handlers();
  record_load(results, "before");
  write_results(dir, results);
  outcome.lock->set_phase("measuring");
  std::set<std::string> done;
  for (const Point& p : results.points) done.insert(measurement_key(p));
  results.complete = execute_plan(plan, dir, results, runner, done);
  record_load(results, "after");
  outcome.interrupted = !results.complete;
  write_results(dir, results);
  return outcome;
}

}  // namespace

SweepOutcome run_sweep(const SweepOptions& options) {
  WorkerProcessRunner runner;
  return run_plan(plan_sweep(options), describe_options(options), options.out_dir, options.force,
                  runner);
}

SweepOutcome run_plan(const Plan& plan, const nlohmann::json& options,
                      const std::filesystem::path& dir, bool force, GroupRunner& runner) {
  const Topology topology = Topology::load_for_this_process();
  ensure_writable_directory(dir);
  SweepOutcome outcome;
  outcome.lock.emplace(OutputLock::acquire(dir, "run"));
  clear_for_new_sweep(dir, force);
  Results& results = outcome.results;
  results.manifest = collect_manifest(topology);
  results.manifest["sweep"] = options;
  results.manifest["start_time"] = utc_now();
  results.workloads = plan.workloads;
  results.backends = plan.backends;
  results.plan = plan;
  return measure(plan, dir, std::move(outcome), runner);
}

SweepOutcome resume_sweep(const std::filesystem::path& dir, const nlohmann::json& required) {
  WorkerProcessRunner runner;
  return resume_sweep(dir, required, runner);
}

SweepOutcome resume_sweep(const std::filesystem::path& dir, const nlohmann::json& required,
                          GroupRunner& runner) {
  SweepOutcome outcome;
  require_results_directory(dir);
  outcome.lock.emplace(OutputLock::acquire(dir, "run --resume"));
  Results& results = outcome.results;
  results = read_results(dir / "results.json");
  // Everything that can refuse the resume comes before a checkpoint is read and removed, so a
  // refused resume loses no measured point.
  const Plan plan = recorded_plan(results, dir);
  refuse_differences(results.manifest.value("sweep", nlohmann::json()), required, plan, dir);
  ensure_writable_directory(dir);

  // Points a killed sweep left in checkpoints but not yet in results.json; a failed point is
  // measured again.
  std::set<std::string> done;
  std::vector<Point> kept;
  for (const Point& p : results.points) {
    if (p.error.empty() && done.insert(measurement_key(p)).second) kept.push_back(p);
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!is_group_file(entry.path())) continue;
    if (entry.path().extension() == ".jsonl") {
      for (const Point& p : read_checkpoint(entry.path())) {
        if (p.error.empty() && done.insert(measurement_key(p)).second) kept.push_back(p);
      }
    }
    std::filesystem::remove(entry.path());
  }
  results.points = kept;
  results.plan = plan;
  fmt::print(stderr, "resuming {}: {} measurements done\n", dir.string(), results.points.size());
  results.manifest["resumes"].push_back({{"time", utc_now()}, {"git", git_revision()}});
  return measure(plan, dir, std::move(outcome), runner);
}

}  // namespace sb
