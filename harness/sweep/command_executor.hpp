// The executor for a user's command (`exec`): every repetition a fresh process, started inside the
// planned PUs with the OpenMP variables set, sampled from outside for proof of placement, timed
// start to exit (or by the time it reports), verified by exit status, --check or --same-output.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "harness/machine/pin_plan.hpp"
#include "harness/sweep/command_spec.hpp"
#include "harness/sweep/executor.hpp"
#include "harness/sweep/group.hpp"
#include "harness/sweep/program_launcher.hpp"

namespace sb {

// `scratch` prefixes the files a run's output goes to (scratch.stdout, scratch.stderr); the
// executor removes them when it is done.
std::unique_ptr<Executor> make_command_executor(const GroupSpec& spec,
                                                const std::filesystem::path& scratch,
                                                std::unique_ptr<ProgramLauncher> launcher);

// The request for one run of `command` at `threads` under `plan`: placeholders expanded, the
// affinity the plan's PUs, OMP_NUM_THREADS, and under a pinning policy OMP_PLACES (the PUs, in
// worker order) and OMP_PROC_BIND=close. Under MPI (command.mpi) `threads` is every rank's, and
// the request is mpirun's: each of `ranks` ranks runs with threads / ranks of them.
LaunchRequest command_request(const CommandSpec& command, int threads, const PinPlan& plan,
                              const std::filesystem::path& scratch, int ranks = 1);

// The variables exec sets for a run, NAME=VALUE.
std::vector<std::string> openmp_environment(int threads, const PinPlan& plan);

// The last `bytes` of a file, as they are.
std::string read_tail(const std::filesystem::path& file, std::size_t bytes);

// The last `bytes` of a file on one line, as valid UTF-8 ("\n" shown as " / ", "|" escaped): a
// failed run's stderr, for results.json and the report's tables.
std::string tail_of(const std::filesystem::path& file, std::size_t bytes = 400);

// Runs `text` through /bin/sh (untimed: --prepare, --check, --program-version) in the command's
// working directory and under its timeout, its stderr into scratch.stderr.
LaunchResult run_shell(ProgramLauncher& launcher, const std::string& text,
                       const std::filesystem::path& scratch, const CommandSpec& command,
                       const std::filesystem::path& stdout_file = {});

}  // namespace sb
