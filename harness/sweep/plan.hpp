// A sweep's plan: its options resolved into the worker groups it runs (one backend and thread count
// a group, each group in a process of its own), before anything is measured.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/machine/pin_plan.hpp"
#include "harness/runtime/backend.hpp"
#include "harness/runtime/schedule.hpp"
#include "harness/sweep/worker.hpp"

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

// The worker groups a sweep runs, in order. The sequential reference runs once, at one thread.
// Throws ConfigError for sizes that cannot fit in memory or bad kernel parameters.
std::vector<GroupSpec> plan_groups(const SweepOptions& options);

// The options a sweep in `dir` recorded (manifest.sweep), for resuming it. Throws ConfigError
// naming the file when they are missing or out of range.
SweepOptions options_from_manifest(const nlohmann::json& sweep, const std::filesystem::path& dir);

// Numbers the groups' points consecutively for the progress line; returns how many there are.
int number_for_progress(std::vector<GroupSpec>& groups);

}  // namespace sb
