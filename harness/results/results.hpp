// The results contract (docs/results-format.md): what a sweep measured, point by point.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/results/workload.hpp"

namespace sb {

inline constexpr const char* kResultsSchema = "scalebench/2";

struct WorkerPlacement {
  int worker = 0;
  int requested_pu = -1;          // -1: unpinned
  std::vector<int> observed_pus;  // every PU the worker was seen on during the timed runs
  // A command's threads (exec), watched from outside: which thread, and the share of sampling
  // windows in which it used at least half a CPU.
  std::string name;
  std::optional<double> busy_share;
  // A distributed kernel's workers: the rank (worker is then the thread within it) and its host.
  std::optional<int> rank;
  std::string host;
};

struct Point {
  std::string kernel, backend, variant;
  // Every worker of the point: for a distributed kernel, ranks x threads per rank.
  int threads = 1;
  int ranks = 1;  // MPI ranks (backend "mpi", or exec --ranks); 1 otherwise
  // Ran as MPI ranks started by mpirun (a distributed kernel, or exec --ranks): its curve is over
  // ranks at one count of threads per rank. results.json then has "ranks", even when 1.
  bool under_mpi = false;
  int threads_per_rank() const { return threads / ranks; }
  std::string pin;
  std::size_t size = 0;
  std::map<std::string, double> params;
  bool oversubscribed = false;           // more threads than allowed PUs
  bool uses_smt_siblings = false;        // more threads than allowed cores
  bool teaching_only = false;            // wrong by design (racy): never fitted
  bool weak_scaling = false;             // size was multiplied by threads (Gustafson's setting)
  std::vector<double> seconds;           // wall time of one kernel run, one entry a repetition
  std::vector<std::int64_t> iterations;  // kernel runs averaged into each entry of `seconds`
  bool verified = false;
  std::string verification;                // what was checked, or why it failed
  std::map<std::string, double> measures;  // kernel-specific findings, e.g. lost_updates
  std::optional<double> bytes_per_run;
  std::optional<double> flops_per_run;
  // Chunks one run hands out, where the schedule makes the count exact (OpenMP static,c and
  // dynamic,c): the scheduling analysis divides overhead by it.
  std::optional<double> chunks_per_run;
  std::vector<WorkerPlacement> placement;
  std::optional<bool> placement_ok;  // absent when unpinned
  int idle_workers = 0;        // workers never seen running: the point did not use all its threads
  int extra_threads = 0;       // threads busy beyond those asked for (a command ignoring the count)
  std::string placement_note;  // what the proof of placement found, where an executor says (exec)
  std::string error;           // a run that failed outright (crash, exception)
  bool fault_injected = false;  // --inject-fault damaged its output on purpose
  // Stability: flagged, not excluded (the report says so).
  std::optional<double> cv;           // coefficient of variation of `seconds` (null below 2)
  int outliers = 0;                   // samples beyond 3 scaled MADs of the median
  double preemptions_per_second = 0;  // involuntary context switches of the worker process
  double other_busy_cpus = 0;  // CPUs' worth of time others used on this point's PUs while timed
  std::vector<std::string> stability_flags;  // "high_cv", "contended"
  // Two-level repetition: which of the point's worker processes took these samples (0-based), and
  // in which round of the sweep. Absent in older files: one process, round 0.
  int process = 0;
  int round = 0;

  // Why this point must stay out of fits by default; empty when it may enter them.
  std::vector<std::string> fit_exclusions() const;
  std::string series() const { return kernel + "/" + backend + "/" + variant; }
};

struct Results {
  std::string schema = kResultsSchema;  // as read; files are always written in kResultsSchema
  nlohmann::json manifest = nlohmann::json::object();
  std::map<std::string, WorkloadTraits> workloads;  // every measured kernel's traits
  // A kernel's recorded traits; none (all false) for one the results do not describe.
  const WorkloadTraits& traits(const std::string& kernel) const;
  // What runs each backend, for people: "omp" -> "OpenMP". Files written before it was recorded
  // read as seq, omp and tbb's names of the time.
  std::map<std::string, std::string> backends{
      {"seq", "sequential"}, {"omp", "OpenMP"}, {"tbb", "oneTBB"}};
  // The name backends records, or the backend's own when it records none.
  std::string runtime_of(const std::string& backend) const;
  // The sweep's plan as it ran (sweep/plan.hpp), read back by a resume; null in older files.
  nlohmann::json plan;
  std::vector<Point> points;
  bool complete = false;  // false while a sweep is running or after it was interrupted
};

// How many processes of each group a precision-stopped sweep ran as its first stage (its plan's
// min_rounds, when the stopping rule is "precision"), which set every interval's variance; 0 for
// any other sweep (core/two_level.hpp).
int precision_first_stage(const Results& results);

// The precision target of a precision-stopped sweep (plan.rounds.precision), or 0.
double precision_target(const Results& results);

// The cores a sweep's threads could run on at once: the manifest's allowed cores, capped by its
// CPU quota (0 when the manifest does not say).
int usable_cores(const nlohmann::json& manifest);

void to_json(nlohmann::json& j, const WorkerPlacement& p);
void from_json(const nlohmann::json& j, WorkerPlacement& p);
void to_json(nlohmann::json& j, const Point& p);
void from_json(const nlohmann::json& j, Point& p);
nlohmann::json to_json(const Results& results);

// Writes DIR/results.json atomically.
void write_results(const std::filesystem::path& dir, const Results& results);
// Reads scalebench/2, and scalebench/1 with its kernels' traits at that version. Throws
// ConfigError naming the problem: missing file, malformed JSON, unknown schema, bad field, a point
// whose kernel has no traits.
Results read_results(const std::filesystem::path& file);

// Throws ConfigError, naming DIR/results.json, unless `dir` is a directory (before it is locked).
void require_results_directory(const std::filesystem::path& dir);

}  // namespace sb
