// A sweep: every requested kernel, backend and thread count, each group of points measured in a
// worker process of its own, merged into DIR/results.json (rewritten atomically after each group).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/backend.hpp"
#include "harness/output_lock.hpp"
#include "harness/pin_policy.hpp"
#include "harness/results.hpp"
#include "harness/schedule.hpp"
#include "harness/worker.hpp"

namespace sb {

struct SweepOptions {
  std::vector<std::string> kernels;
  std::vector<Backend> backends;
  std::vector<int> threads;
  PinPolicy pin = PinPolicy::compact;
  std::size_t size = 0;  // 0: each kernel's default, or its quick size under `quick`
  bool quick = false;
  bool weak = false;  // weak scaling: each point runs size x threads
  std::string inject_fault;  // tests: a kernel whose output is damaged before verification
  double max_cv = 0.05;      // points whose repetitions vary more are flagged high_cv
  int repetitions = 10;
  double min_time_s = 0.2;
  std::map<std::string, std::map<std::string, double>> params;  // kernel -> name -> value
  ScheduleMatrix schedules;  // the omp and tbb variants of schedulable kernels
  std::uint64_t seed = 42;
  std::filesystem::path out_dir;
  bool force = false;  // replace a sweep out_dir already holds (its report and plots too)
};

// The options as results.json records them (manifest.sweep), resolved: defaults filled in.
nlohmann::json describe_options(const SweepOptions& options);

// The worker groups a sweep runs, in order. The sequential reference runs once, at one thread.
// Throws ConfigError for sizes that cannot fit in memory or bad kernel parameters.
std::vector<GroupSpec> plan_groups(const SweepOptions& options);

struct SweepOutcome {
  Results results;
  bool interrupted = false;  // stopped by SIGINT or SIGTERM: `run --resume DIR` completes it
  // The output directory stays locked until the outcome is gone, so the caller's analysis of it
  // runs under the same lock as the measurement.
  std::optional<OutputLock> lock;
};

// Runs the sweep into options.out_dir; results.json always holds every finished point. Refuses
// (ConfigError) a directory another process is writing, and one that already holds a sweep
// unless options.force.
SweepOutcome run_sweep(const SweepOptions& options);

// Completes an interrupted or killed sweep in `dir` with the options it started with, without
// re-running a finished point (failed points are run again). `required` holds sweep options the
// caller asked for again (manifest.sweep keys, resolved values): each must equal the recorded one,
// or the resume is refused naming the differences.
SweepOutcome resume_sweep(const std::filesystem::path& dir,
                          const nlohmann::json& required = nlohmann::json::object());

}  // namespace sb
