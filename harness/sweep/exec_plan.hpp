// The plan of an `exec` sweep: one group a thread count (a ranks and threads per rank pair under
// --ranks), each one point run by the user's command,
// every process of it one run (process = repetition), the groups interleaved in shuffled rounds;
// and the untimed runs before the rounds (warm-ups, and the reference --same-output compares to).
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/machine/pin_plan.hpp"
#include "harness/sweep/command_spec.hpp"
#include "harness/sweep/plan.hpp"
#include "harness/sweep/program_launcher.hpp"

namespace sb {

struct ExecOptions {
  CommandSpec command;
  std::vector<int> threads;  // under --ranks: threads per rank
  std::vector<int> ranks;    // exec --ranks: each run an mpirun launch (command.mpi); empty: none
  PinPolicy pin = PinPolicy::compact;
  int processes = 1;     // runs a thread count (the minimum under a precision target)
  double precision = 0;  // > 0: add rounds until every point's 95% half-width is within it
  double budget_s = 0;
  int warmup = 0;               // untimed runs at each thread count before the rounds
  std::string program_version;  // a shell command whose output names the program's version
  double max_cv = kDefaultMaxCv;
  std::uint64_t seed = 42;
  std::filesystem::path out_dir;
  bool force = false;
};

// The options as results.json records them (manifest.sweep).
nlohmann::json describe_exec_options(const ExecOptions& options);

Plan plan_exec(const ExecOptions& options);

// The untimed runs before the rounds: `warmup` runs at each thread count, then under --same-output
// one run at 1 thread whose stdout hash is recorded in every group. Throws ConfigError when the
// reference run fails (nothing could be verified against it), Interrupted when a stop is asked
// for.
void run_untimed(Plan& plan, const ExecOptions& options, ProgramLauncher& launcher,
                 const std::filesystem::path& scratch);

// What identifies the program (manifest.program): command, resolved executable, its size and
// SHA-256, --program-version's output, and the environment set and inherited.
nlohmann::json describe_program(const ExecOptions& options, ProgramLauncher& launcher,
                                const std::filesystem::path& scratch);

}  // namespace sb
