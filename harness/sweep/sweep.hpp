// A sweep: every requested kernel, backend and thread count, each group of points measured in a
// worker process of its own, merged into DIR/results.json (rewritten atomically after each group).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/machine/pin_plan.hpp"
#include "harness/results/output_lock.hpp"
#include "harness/results/results.hpp"
#include "harness/runtime/backend.hpp"
#include "harness/runtime/schedule.hpp"
#include "harness/sweep/group_runner.hpp"
#include "harness/sweep/plan.hpp"

namespace sb {

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
// The same for a plan already made, its options as manifest.sweep records them, each group run
// by `runner` (run_sweep runs each in a worker process; tests run a fake executor in-process).
// `before_rounds`, when given, runs under the lock once the directory is ready, and may complete
// the plan and the manifest (exec's warm-ups, reference run and program identity).
using BeforeRounds = std::function<void(Plan& plan, Results& results)>;
SweepOutcome run_plan(Plan plan, const nlohmann::json& options, const std::filesystem::path& dir,
                      bool force, GroupRunner& runner, const BeforeRounds& before_rounds = {});

// Completes an interrupted or killed sweep in `dir` with the options it started with, without
// re-running a finished point (failed points are run again). `required` holds sweep options the
// caller asked for again (manifest.sweep keys, resolved values): each must equal the recorded one,
// or the resume is refused naming the differences.
// The plan it runs is the one results.json recorded.
SweepOutcome resume_sweep(const std::filesystem::path& dir,
                          const nlohmann::json& required = nlohmann::json::object());
SweepOutcome resume_sweep(const std::filesystem::path& dir, const nlohmann::json& required,
                          GroupRunner& runner);

}  // namespace sb
