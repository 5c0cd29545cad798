#include "harness/sweep/sweep.hpp"

#include <unistd.h>

#include <algorithm>
#include <functional>
#include <set>
#include <tuple>

#include "harness/core/atomic_file.hpp"
#include "harness/core/error.hpp"
#include "harness/core/system.hpp"
#include "harness/machine/machine_load.hpp"
#include "harness/results/point_key.hpp"
#include "harness/sweep/manifest.hpp"
#include "harness/sweep/mpi_launch.hpp"
#include "harness/sweep/program_identity.hpp"
#include "harness/sweep/rounds.hpp"
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
  for (const char* derived : {"results.json", "report.md", "analysis.json", "speedup.csv",
                              "scheduling.csv", "flagged.csv"}) {
    fs::remove(dir / derived, ignored);
  }
  for (const auto& entry : fs::directory_iterator(dir / "plots", ignored)) {
    // Each plot and the JSON that says what it draws.
    const fs::path extension = entry.path().extension();
    if (extension == ".png" || extension == ".json") fs::remove(entry.path(), ignored);
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

// An exec sweep resumes only with the program it started with: the same bytes at the same path.
void refuse_another_program(const nlohmann::json& manifest, const std::filesystem::path& dir) {
  if (!manifest.contains("program") || !manifest.at("program").is_object()) return;
  const nlohmann::json& program = manifest.at("program");
  const std::string executable = program.value("executable", std::string());
  const std::string recorded = program.value("sha256", std::string());
  std::string now;
  try {
    now = sha256_of_file(executable);
  } catch (const ConfigError&) {
    config_error("--resume {}: the program it measured, {}, cannot be read now", dir.string(),
                 executable);
  }
  if (now != recorded) {
    config_error(
        "--resume {}: {} has changed since the sweep started (SHA-256 {} then, {} now); start a "
        "new sweep",
        dir.string(), executable, recorded.substr(0, 12), now.substr(0, 12));
  }
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
  collect_hosts(dir, results.manifest);
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

SweepOutcome run_plan(Plan plan, const nlohmann::json& options, const std::filesystem::path& dir,
                      bool force, GroupRunner& runner, const BeforeRounds& before_rounds) {
  const Topology topology = Topology::load_for_this_process();
  ensure_writable_directory(dir);
  SweepOutcome outcome;
  outcome.lock.emplace(OutputLock::acquire(dir, "run"));
  clear_for_new_sweep(dir, force);
  Results& results = outcome.results;
  results.manifest = collect_manifest(topology);
  results.manifest["sweep"] = options;
  results.manifest["start_time"] = utc_now();
  const bool distributed = std::any_of(plan.groups.begin(), plan.groups.end(),
                                       [](const GroupSpec& g) { return g.under_mpi(); });
  if (distributed) results.manifest["mpi"] = mpi_manifest(mpi_launcher());
  install_stop_handlers();  // before_rounds may run programs: Ctrl-C must stop them cleanly
  if (before_rounds) before_rounds(plan, results);
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
  refuse_another_program(results.manifest, dir);
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
