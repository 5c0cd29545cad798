// How `exec` runs one repetition of a user's program: a small interface (hyperfine's executor
// seam) so the command executor is tested with a scripted launcher as well as with real programs.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "harness/machine/thread_activity.hpp"

namespace sb {

struct LaunchRequest {
  std::string executable;                // a path (resolved before the sweep; never searched again)
  std::vector<std::string> argv;         // argv[0] included
  std::vector<std::string> environment;  // NAME=VALUE, the whole environment of the program
  std::vector<int> cpus;                 // its CPU affinity (OS indices); empty: inherit ours
  int planned_threads = 1;               // what its activity is judged against
  std::filesystem::path working_directory;  // empty: ours
  std::filesystem::path stdout_file;        // empty: /dev/null
  std::filesystem::path stderr_file;        // empty: /dev/null
  double timeout_s = 0;  // > 0: killed, with everything it started, after this long
  // An MPI job (exec --ranks): the program each rank starts as (scalebench-rank), not sampled
  // until it has bound itself and become the program; every process's rank is read. Empty: none.
  std::string rank_launcher;
};

struct LaunchResult {
  std::string start_error;  // set when the program never ran (exec failed): nothing else is
  int wait_status = 0;      // as from wait4
  bool timed_out = false;
  bool interrupted = false;         // a stop was requested and the run was killed
  double wall_s = 0;                // start to exit
  double user_s = 0, system_s = 0;  // of the program and every child it waited for
  long max_rss_kb = 0;
  long voluntary_switches = 0, involuntary_switches = 0;
  double other_busy_s = 0;   // busy time on its CPUs that neither it nor we spent
  double sampler_cpu_s = 0;  // what watching it cost us (on a PU outside the plan when one is free)
  ActivitySummary activity;
  bool succeeded() const;       // ran and exited with status 0
  std::string failure() const;  // "exited with status 1", "killed by signal 9 (Killed)", ...
};

class ProgramLauncher {
 public:
  virtual ~ProgramLauncher() = default;
  virtual LaunchResult launch(const LaunchRequest& request) = 0;
};

// Forks and executes the program in a process group of its own, its affinity set before exec,
// sampling its threads (and those of every process it starts) while it runs.
std::unique_ptr<ProgramLauncher> make_process_launcher();

// Sampling period of the process launcher: one window of the thread activity.
inline constexpr double kSampleIntervalS = 0.025;

}  // namespace sb
