// A sweep's plan: its options resolved, once, into every point it measures, grouped into the units
// that run in one worker process (one backend and thread count), and the rounds those groups run
// in. Execution and resume consume the plan; neither consults the kernel registry again.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/machine/pin_plan.hpp"
#include "harness/results/workload.hpp"
#include "harness/runtime/backend.hpp"
#include "harness/runtime/schedule.hpp"
#include "harness/sweep/group.hpp"

namespace sb {

struct SweepOptions {
  std::vector<std::string> kernels;
  std::vector<Backend> backends;
  std::vector<int> threads;
  // Distributed kernels: each rank count with each count of threads per rank, launched by
  // mpirun (on the hosts of `hostfile`, or this one).
  std::vector<int> ranks;
  std::vector<int> threads_per_rank{1};
  std::string hostfile;
  // `scalebench netcal`'s fit (netcal-fit.json) and where it came from, recorded for the
  // communication-aware model; null when none was given.
  nlohmann::json netcal;
  PinPolicy pin = PinPolicy::compact;
  std::size_t size = 0;  // 0: each kernel's default, or its quick size under `quick`
  bool quick = false;
  bool weak = false;              // weak scaling: each point runs size x threads
  std::string inject_fault;       // tests: a kernel whose output is damaged before verification
  double max_cv = kDefaultMaxCv;  // points whose repetitions vary more are flagged high_cv
  int repetitions = 10;           // within each process
  // Two-level repetition: each group runs in this many independent processes, in rounds
  // (`processes` is the minimum when a precision target is set).
  int processes = 1;
  double precision = 0;  // > 0: add rounds until every eligible point's 95% half-width is within it
  double budget_s = 0;   // > 0: start no group that would end past this many seconds
  double min_time_s = kDefaultMinTimeS;
  std::map<std::string, std::map<std::string, double>> params;  // kernel -> name -> value
  ScheduleMatrix schedules;  // the omp and tbb variants of schedulable kernels
  std::uint64_t seed = 42;
  std::filesystem::path out_dir;
  bool force = false;  // replace a sweep out_dir already holds (its report and plots too)
};

// The options as results.json records them (manifest.sweep), resolved: defaults filled in.
nlohmann::json describe_options(const SweepOptions& options);

// How the groups are repeated: each round runs every group once, each in a fresh process (its
// points' process index is the round's), in the planned order or shuffled with (seed, round).
// "fixed": max_rounds rounds. "precision": after min_rounds, a group whose eligible points all have
// 95% intervals within `precision` (relative half-width) runs no more; rounds stop when none is
// left or at max_rounds. Either way no group starts once the budget would be passed, and a group
// with a contended point is measured once more in a round of its own before the sweep ends.
struct RoundTemplate {
  int min_rounds = 1;
  int max_rounds = 1;
  bool shuffle = true;
  std::uint64_t seed = 0;
  std::string stopping_rule = "fixed";
  double precision = 0;
  double budget_s = 0;
  bool remeasure_contended = true;
};

// The defaults of two-level repetition (the run command's): repetitions a process, processes a
// group under --quick, and the precision target and budget of a sweep that asks for neither.
inline constexpr int kDefaultRepetitions = 3;
inline constexpr int kQuickRepetitions = 2;
inline constexpr int kQuickProcesses = 3;
inline constexpr double kDefaultPrecision = 0.02;
inline constexpr double kDefaultBudgetS = 480;

// Processes a precision target may add at most.
inline constexpr int kMaxProcesses = 100;
// The fewest processes a precision target stops at: fewer give intervals too wide to reach any
// useful target, and stopping on one lucky draw of three biases the intervals narrow.
inline constexpr int kMinProcessesForPrecision = 4;

struct Plan {
  std::vector<GroupSpec> groups;  // in planned order; the sequential reference first
  RoundTemplate rounds;
  std::map<std::string, WorkloadTraits> workloads;  // every planned kernel's, for results.json
  std::map<std::string, std::string> backends;      // what runs each planned backend, likewise
  // The order of the groups in round `round` (0-based): indices into `groups`.
  std::vector<std::size_t> round_order(int round) const;
};

void to_json(nlohmann::json& j, const Plan& plan);
void from_json(const nlohmann::json& j, Plan& plan);

// The rounds of `processes` processes a group, or with a precision target (> 0) at least that many
// (and kMinProcessesForPrecision) until the target or kMaxProcesses.
RoundTemplate make_rounds(int processes, double precision, double budget_s, std::uint64_t seed);

// The plan of a sweep. The sequential reference runs once, at one thread. Throws ConfigError for
// sizes that cannot fit in memory, bad kernel parameters or a selection with nothing to run.
Plan plan_sweep(const SweepOptions& options);

// The options a sweep in `dir` recorded (manifest.sweep), for resuming it. Throws ConfigError
// naming the file when they are missing or out of range.
SweepOptions options_from_manifest(const nlohmann::json& sweep, const std::filesystem::path& dir);

}  // namespace sb
