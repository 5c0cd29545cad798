// A group: the points that run in one worker process (one backend, one thread count), each
// planned in full before anything is measured.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/machine/pin_plan.hpp"
#include "harness/results/results.hpp"
#include "harness/results/stability.hpp"
#include "harness/runtime/backend.hpp"

namespace sb {

// Seconds a sample lasts at least (Google Benchmark's min_time), by default and under --quick.
inline constexpr double kDefaultMinTimeS = 0.1;
inline constexpr double kQuickMinTimeS = 0.05;

// The ranges a sweep's flags, its recorded options and its recorded plan are all held to.
inline constexpr int kMaxRepetitions = 1000;
inline constexpr double kMaxMinTimeS = 60;
inline constexpr double kMaxMaxCv = 10;
constexpr bool valid_repetitions(int r) { return r >= 1 && r <= kMaxRepetitions; }
constexpr bool valid_min_time_s(double s) { return s > 0 && s <= kMaxMinTimeS; }
constexpr bool valid_max_cv(double cv) { return cv > 0 && cv < kMaxMaxCv; }

struct GroupSpec {
  // Which executor measures the points ("kernel": a registered kernel in the worker process;
  // "mpi": a distributed kernel in scalebench-rank under mpirun, `ranks` ranks).
  std::string executor = "kernel";
  Backend backend = Backend::seq;
  int threads = 1;  // every worker: ranks x threads per rank for "mpi"
  int ranks = 1;
  std::string hostfile;  // "mpi": mpirun's --hostfile (empty: every rank on this host)
  PinPolicy pin = PinPolicy::compact;
  // Each point as planned: identity, size, parameters, traits and flags; nothing measured.
  std::vector<Point> points;
  // The command every point runs (CommandSpec, executor "command"); null for kernels.
  nlohmann::json command;
  // Its processes are MPI ranks started by mpirun: distributed kernels, or exec --ranks.
  bool under_mpi() const {
    return executor == "mpi" || (command.is_object() && command.value("mpi", false));
  }
  std::string inject_fault;       // tests: damage this kernel's output before each verification
  double max_cv = kDefaultMaxCv;  // above: flagged high_cv
  double max_other_busy_cpus = kBusyCpus;  // above: flagged contended (others ran on our PUs)
  int repetitions = 10;
  double min_time_s = kDefaultMinTimeS;
  std::uint64_t seed = 0;
  // Set for each run of the group, not planned: which of its points' processes this run is (its
  // round: every round runs a group in a fresh process), and what the progress line needs.
  int process = 0;
  int round = 0;
  int progress_offset = 0;  // points finished before this group, for the progress line
  int progress_total = 0;
  double progress_started_s = 0;  // when the sweep started (seconds since the epoch; 0: unknown)
  double progress_budget_s = 0;   // the sweep's time budget (0: none)
};

void to_json(nlohmann::json& j, const GroupSpec& spec);
void from_json(const nlohmann::json& j, GroupSpec& spec);

}  // namespace sb
