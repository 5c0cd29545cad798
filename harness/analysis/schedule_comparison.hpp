// Which schedule wins, and by how much beyond noise: every parallel variant of a workload ranked
// at each thread count, tested against the fastest, plus the EPCC-style overhead of an empty loop.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "harness/analysis/decision_rule.hpp"
#include "harness/core/stats.hpp"
#include "harness/core/table.hpp"
#include "harness/results/results.hpp"

namespace sb {

struct ScheduleEntry {
  std::string backend, variant;
  std::string runtime;     // what runs the backend, for people (results.backends)
  Interval median_s;  // process-level interval
  int processes = 0;
  // Against the fastest (absent for the fastest itself): paired when both ran in the same
  // processes (one runtime), widened for the other entries of the group (Bonferroni).
  std::optional<Decision> vs_best;
  bool slower_than_best = false;  // vs_best found a real difference
  bool eligible = true;  // may be the fastest: nothing (idle workers included) keeps it out of fits
  // Time lost against perfect division of the sequential reference: median - T_seq / threads.
  std::optional<double> excess_s;
  int idle_workers = 0;  // workers that never got an iteration (coarse chunks on small loops)
  std::vector<std::string> stability_flags;  // high_cv, contended: ranked, but read with care
  std::string name() const { return backend + ":" + variant; }
};

struct ScheduleComparison {
  std::string kernel;
  std::string workload;  // kernel with its parameters: "skewed_map (skew=linear, work=64)"
  std::size_t size = 0;
  int threads = 0;
  std::vector<ScheduleEntry> entries;  // the fastest eligible first, then by estimate
  std::optional<std::size_t> best_omp, best_tbb;  // indices into entries (eligible ones only)
  // The best OpenMP choice against the best oneTBB choice (a single planned comparison, unpaired:
  // different processes).
  std::optional<Decision> omp_over_tbb;
};

// EPCC's "test minus reference" on fork_join: a parallel run's median minus the sequential
// reference's median divided by the threads.
struct OverheadFigure {
  std::string backend, variant;
  int threads = 0;
  Interval overhead_s;  // process-level interval (Welch t)
  // OpenMP static,c and dynamic,c with at least 4 chunks a thread: (overhead - plain static's
  // overhead) / chunks a run, the cost of handing out one chunk.
  std::optional<double> per_chunk_s;
};

struct SchedulingAnalysis {
  std::vector<ScheduleComparison> comparisons;  // by workload, then threads
  std::vector<OverheadFigure> overheads;
};

// Compares the verified, fit-eligible omp and tbb points of every schedulable kernel's workload
// with at least two of them at a thread count (points left idle by coarse chunks are listed too,
// marked, and never the fastest).
SchedulingAnalysis analyse_scheduling(const Results& results);

nlohmann::json to_json(const SchedulingAnalysis& analysis);
// One row a schedule, workload and thread count: the file `scheduling.csv`.
Table scheduling_rows(const SchedulingAnalysis& analysis);
}  // namespace sb
