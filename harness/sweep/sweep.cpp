#include "harness/sweep/sweep.hpp"

#include <unistd.h>

#include <algorithm>
#include <functional>
#include <set>
#include <tuple>

#include "harness/core/atomic_file.hpp"
#include "harness/core/error.hpp"
#include "harness/core/system.hpp"
#include "harness/kernel/kernel.hpp"
#include "harness/machine/machine_load.hpp"
#include "harness/machine/pin_plan.hpp"
#include "harness/machine/threads_spec.hpp"
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

// Runs `groups` (those with points left), adding their points to `results` and rewriting
// DIR/results.json as each point arrives. Returns false when a stop was requested.
bool execute_groups(const std::vector<GroupSpec>& groups, const Topology& topology,
                    const std::filesystem::path& dir, Results& results) {
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (stop_requested()) return false;
    const GroupSpec& group = groups[g];
    const std::vector<Point> before = results.points;
    WorkerOutcome outcome =
        run_worker_process(group, dir, static_cast<int>(g), [&](const std::vector<Point>& so_far) {
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
      const PinPlan plan = plan_pinning(topology, group.threads, group.pin);
      for (const PointSpec& ps : group.points) {
        Point point = planned_point(group, ps, plan.oversubscribed, plan.uses_smt_siblings);
        const bool finished = std::any_of(points.begin(), points.end(), [&](const Point& p) {
          return point_key(p) == point_key(point);
        });
        if (finished) continue;
        point.error = outcome.failure();
        points.push_back(std::move(point));
      }
    }
    results.points = before;
    results.points.insert(results.points.end(), points.begin(), points.end());
    results.manifest["end_time"] = utc_now();
    write_results(dir, results);
    std::filesystem::remove(checkpoint_path(dir, static_cast<int>(g)));
  }
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

// A plan as something to compare: its groups and their points in a fixed order, progress
// numbers left out, and each kernel parameter left at its default written out.
std::vector<std::string> comparable(std::vector<GroupSpec> plan) {
  std::vector<std::string> groups;
  for (GroupSpec& g : plan) {
    g.progress_offset = g.progress_total = 0;
    for (const auto& [kernel, size] : g.sizes) {
      for (const KernelParam& param : find_kernel(kernel).params) {
        g.params[kernel].emplace(param.name, param.default_value);
      }
    }
    std::sort(g.points.begin(), g.points.end(), [](const PointSpec& a, const PointSpec& b) {
      return std::tie(a.kernel, a.variant) < std::tie(b.kernel, b.variant);
    });
    groups.push_back(nlohmann::json(g).dump());
  }
  std::sort(groups.begin(), groups.end());
  return groups;
}

// Options asked for again on a resume must be the ones the sweep was started with: the recorded
// options with the asked ones laid over them must plan the same points as `plan` (so an explicit
// default, a kernel's default size or parameter, or backends in another order all agree).
void refuse_differences(const nlohmann::json& recorded, const nlohmann::json& required,
                        const std::vector<GroupSpec>& plan, const std::filesystem::path& dir) {
  if (required.empty()) return;
  nlohmann::json asked = recorded;
  asked.merge_patch(required);  // objects (params) merge entry by entry; lists are replaced
  if (comparable(plan_groups(options_from_manifest(asked, dir))) == comparable(plan)) return;
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

// What the analysis will need to know of every planned kernel, written beside its points.
void record_workloads(const std::vector<GroupSpec>& groups, Results& results) {
  for (const GroupSpec& group : groups) {
    for (const PointSpec& ps : group.points) {
      if (!results.workloads.count(ps.kernel)) {
        results.workloads[ps.kernel] = workload_traits(find_kernel(ps.kernel));
      }
    }
  }
}

}  // namespace

SweepOutcome run_sweep(const SweepOptions& options) {
  const Topology topology = Topology::load_for_this_process();
  const std::vector<GroupSpec> groups = plan_groups(options);
  ensure_writable_directory(options.out_dir);

  SweepOutcome outcome;
  outcome.lock.emplace(OutputLock::acquire(options.out_dir, "run"));
  clear_for_new_sweep(options.out_dir, options.force);
  Results& results = outcome.results;
  results.manifest = collect_manifest(topology);
  results.manifest["sweep"] = describe_options(options);
  results.manifest["start_time"] = utc_now();
  record_workloads(groups, results);
  install_stop_handlers();
  record_load(results, "before");
  write_results(options.out_dir, results);
  outcome.lock->set_phase("measuring");
  results.complete = execute_groups(groups, topology, options.out_dir, results);
  record_load(results, "after");
  outcome.interrupted = !results.complete;
  write_results(options.out_dir, results);
  return outcome;
}

SweepOutcome resume_sweep(const std::filesystem::path& dir, const nlohmann::json& required) {
  SweepOutcome outcome;
  require_results_directory(dir);
  outcome.lock.emplace(OutputLock::acquire(dir, "run --resume"));
  Results& results = outcome.results;
  results = read_results(dir / "results.json");
  const nlohmann::json recorded = results.manifest.value("sweep", nlohmann::json());
  const SweepOptions options = options_from_manifest(recorded, dir);
  // Everything that can refuse the resume comes before a checkpoint is read and removed, so a
  // refused resume loses no measured point.
  const std::vector<GroupSpec> plan = plan_groups(options);
  refuse_differences(recorded, required, plan, dir);
  ensure_writable_directory(dir);

  // Points a killed sweep left in checkpoints but not yet in results.json.
  std::set<std::string> done;
  std::vector<Point> kept;
  for (const Point& p : results.points) {
    if (p.error.empty() && done.insert(point_key(p)).second) kept.push_back(p);
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!is_group_file(entry.path())) continue;
    if (entry.path().extension() == ".jsonl") {
      for (const Point& p : read_checkpoint(entry.path())) {
        if (p.error.empty() && done.insert(point_key(p)).second) kept.push_back(p);
      }
    }
    std::filesystem::remove(entry.path());
  }
  results.points = kept;
  record_workloads(plan, results);

  // The same plan, less what is done; progress counts only what is left.
  const Topology topology = Topology::load_for_this_process();
  std::vector<GroupSpec> groups;
  for (GroupSpec group : plan) {
    std::vector<PointSpec> remaining;
    for (const PointSpec& ps : group.points) {
      const Point planned = planned_point(group, ps, false, false);
      if (!done.count(point_key(planned))) remaining.push_back(ps);
    }
    group.points = remaining;
    if (!remaining.empty()) groups.push_back(std::move(group));
  }
  const int left = number_for_progress(groups);
  fmt::print(stderr, "resuming {}: {} points done, {} to run\n", dir.string(),
             results.points.size(), left);
  results.manifest["resumes"].push_back({{"time", utc_now()}, {"git", git_revision()}});
  outcome.lock->set_phase("measuring");
  install_stop_handlers();
  record_load(results, "before");
  results.complete = execute_groups(groups, topology, dir, results);
  record_load(results, "after");
  outcome.interrupted = !results.complete;
  write_results(dir, results);
  return outcome;
}

}  // namespace sb
