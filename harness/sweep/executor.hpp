// The seam between the sweep, which decides what runs, in which order and what counts as a
// result, and whatever measures a point: a registered kernel timed by Google Benchmark in this
// process (kernel_executor), and in tests a fake with scripted timings. run_group() drives it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/kernel/kernel.hpp"
#include "harness/results/results.hpp"

namespace sb {

// One timed repetition of a point.
struct Repetition {
  double seconds_per_run = 0;  // wall time of one run, averaged over `runs`
  std::int64_t runs = 0;
  // Contention evidence, over every timed loop the repetition took (estimation included).
  double timed_seconds = 0;
  long involuntary_switches = 0;  // of the whole measuring process
  double other_busy_seconds = 0;  // busy time on the point's PUs that this process did not spend
};

// Where a point's workers were asked to run and were seen running, over all its repetitions.
struct PlacementReport {
  std::vector<WorkerPlacement> workers;  // one a worker; worker 0 is the calling thread
  bool pinned = true;                    // false: nothing was requested, so nothing to prove
  int bind_failures = 0;                 // bindings the OS refused
  // Judged by the measuring process on the machine as it is then (a resume may run elsewhere).
  bool oversubscribed = false;     // more threads than allowed PUs or the CPU quota
  bool uses_smt_siblings = false;  // more threads than allowed cores
  // Executors that judge placement themselves (a command's threads are watched from outside, not
  // bound one to a PU) set these; otherwise each worker's PUs are held against its requested one.
  bool judged_by_executor = false;
  std::optional<bool> placed;  // unset: not judged (unpinned, or the run was too short)
  int idle_workers = 0;        // threads asked for that did no work
  int extra_threads = 0;       // threads busy beyond those asked for
  std::string note;            // what was found, for the report
};

class Executor {
 public:
  virtual ~Executor() = default;
  // Readies point `index` of the group (its data, untimed) before each of its repetitions.
  virtual void prepare(std::size_t index) = 0;
  // Times one repetition of point `index`. Throws (std::exception) when the run fails.
  virtual Repetition measure(std::size_t index) = 0;
  // Checks the output of the repetition just measured (untimed).
  virtual Verdict verify(std::size_t index) = 0;
  virtual PlacementReport placement(std::size_t index) const = 0;
};

}  // namespace sb
