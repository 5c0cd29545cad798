// What `exec` runs at each point: the user's command and how each run is verified. Recorded in
// every group of the plan, so a resume runs exactly what the sweep started with.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/results/workload.hpp"

namespace sb {

struct CommandSpec {
  std::string label;
  std::vector<std::string> argv;  // with placeholders; under --shell {"sh", "-c", TEXT}
  std::string executable;         // argv[0] resolved to a path before the sweep
  bool shell = false;
  std::string prepare, check;    // shell commands with placeholders; empty: none
  bool same_output = false;      // every run's stdout must hash to the 1-thread run's
  std::string reference_sha256;  // that hash, from the untimed reference run
  std::string time_from;         // a regex whose first group is the program's own time
  std::size_t weak_base = 0;     // > 0: weak scaling, {size} = weak_base x threads
  double timeout_s = 0;
  std::string working_directory;  // where the sweep started: relative paths mean the same on resume
  // exec --ranks: every run is an mpirun launch of the program, one process a rank, each bound by
  // scalebench-rank to its slice of the planned PUs; `hostfile` is mpirun's (empty: this host).
  bool mpi = false;
  std::string hostfile;
  // Keeps the program's stdout in a file: --same-output, --time-from or a {stdout} in --check.
  bool keeps_stdout() const;
};

void to_json(nlohmann::json& j, const CommandSpec& spec);
void from_json(const nlohmann::json& j, CommandSpec& spec);

// The time a run reported, found by `pattern` (its last match in `text`): the first group is a
// number, an optional second group its unit (ns, us, ms, s, min; seconds when absent). nullopt
// when nothing matches or the number does not parse.
std::optional<double> reported_seconds(const std::string& pattern, const std::string& text);

// Throws ConfigError when `pattern` is not a valid regex or has no capture group.
void check_time_pattern(const std::string& pattern);

}  // namespace sb
