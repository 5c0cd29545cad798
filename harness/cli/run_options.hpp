// The run command's flags and how they resolve into sweep options: defaults (--quick, two-level
// repetition, the precision target and its budget), parsing, and the options a resume may repeat.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/sweep/plan.hpp"
#include "harness/sweep/sweep.hpp"

namespace sb::cli {

// The chunk and grain the default sweep runs; --full-matrix runs the schedule matrix's every size.
inline constexpr std::size_t kDefaultChunk = 256;

struct RunFlags {
  std::string kernels, backends, threads, pin = "compact", size, out_dir;
  std::string ranks, threads_per_rank, hostfile, netcal;
  std::string resume_dir, claims_file, inject_fault, serial_fraction, skew;
  std::string chunks, grains, schedules;
  std::vector<std::string> params;
  int repetitions = 0, processes = 0;
  std::string precision, budget;
  bool dry_run = false, require_valid = false;
  double min_time = 0, max_cv = kDefaultMaxCv;
  bool quick = false, no_analyze = false, weak = false, force = false, full_matrix = false;
  std::string seed;
};

// Two-level repetition's defaults, for run and exec: --quick runs 3 processes a group; otherwise,
// unless a fixed --processes is asked for, rounds are added until every eligible point's 95%
// interval is within 2% (at least kMinProcessesForPrecision processes), under a budget of 8 min.
struct Repeats {
  int processes = 1;
  double precision = 0;
  double budget_s = 0;
};
Repeats resolve_repeats(const RunFlags& flags, const CLI::App& command);

// The options a new sweep runs with. Throws ConfigError naming a bad flag.
SweepOptions sweep_options(const RunFlags& flags, const CLI::App& run);

// The sweep options given beside --resume, resolved as a new sweep would resolve them (so 1:2
// equals 1,2 and an explicit default equals an omitted one): each must match the recorded value.
nlohmann::json options_required_on_resume(const RunFlags& flags, const CLI::App& run);

// A list of counts as --threads takes them (1,2 or 1:8), its errors naming `flag`.
std::vector<int> parse_counts(const char* flag, const std::string& text);

// An mpirun hostfile that exists, as an absolute path (ranks may start elsewhere). Throws
// ConfigError otherwise.
std::string checked_hostfile(const std::string& path);

// "10m", "90s", "1h" or plain seconds, for --budget. Throws ConfigError otherwise.
double parse_duration_s(const std::string& flag, const std::string& text);

std::vector<std::string> split(const std::string& text, char separator);

// After a sweep (run or exec): the one-line summary, then unless --no-analyze the analysis and
// report. Returns the command's exit status: 130 when interrupted, 3 when --require-valid and the
// gate failed.
int finish_run(SweepOutcome outcome, const std::filesystem::path& dir, const RunFlags& flags);

}  // namespace sb::cli
