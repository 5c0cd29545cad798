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
  PinPolicy pin = PinPolicy::compact;
  std::size_t size = 0;  // 0: each kernel's default, or its quick size under `quick`
  bool quick = false;
  bool weak = false;              // weak scaling: each point runs size x threads
  std::string inject_fault;       // tests: a kernel whose output is damaged before verification
  double max_cv = kDefaultMaxCv;  // points whose repetitions vary more are flagged high_cv
  int repetitions = 10;
  double min_time_s = kDefaultMinTimeS;
  std::map<std::string, std::map<std::string, double>> params;  // kernel -> name -> value
  ScheduleMatrix schedules;  // the omp and tbb variants of schedulable kernels
  std::uint64_t seed = 42;
  std::filesystem::path out_dir;
  bool force = false;  // replace a sweep out_dir already holds (its report and plots too)
};

// The options as results.json records them (manifest.sweep), resolved: defaults filled in.
nlohmann::json describe_options(const SweepOptions& options);

// How the groups are repeated: each round runs every group once, each in a fresh process, in the
// planned order or shuffled with (seed, round). Rounds stop after `max_rounds`, or earlier once
// `min_rounds` are done and the stopping rule holds. Today's rule is "fixed": one round.
struct RoundTemplate {
  int min_rounds = 1;
  int max_rounds = 1;
  bool shuffle = false;
  std::uint64_t seed = 0;
  std::string stopping_rule = "fixed";
};

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

// The plan of a sweep. The sequential reference runs once, at one thread. Throws ConfigError for
// sizes that cannot fit in memory, bad kernel parameters or a selection with nothing to run.
Plan plan_sweep(const SweepOptions& options);

// The options a sweep in `dir` recorded (manifest.sweep), for resuming it. Throws ConfigError
// naming the file when they are missing or out of range.
SweepOptions options_from_manifest(const nlohmann::json& sweep, const std::filesystem::path& dir);

// Numbers the groups' points consecutively for the progress line; returns how many there are.
int number_for_progress(std::vector<GroupSpec>& groups);

}  // namespace sb
