// From results.json to evidence: every series (kernel, backend, variant, pin, size) analysed
// across thread counts, with COST against the kernel's best sequential variant.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "harness/analysis/scaling.hpp"
#include "harness/results/measured_point.hpp"
#include "harness/results/results.hpp"

namespace sb {

struct ExcludedPoint {
  int threads = 0;
  std::vector<std::string> reasons;
};

// A bandwidth point against the ceiling (triad) at the same thread count.
struct Ceiling {
  int threads = 0;
  double gb_per_second = 0;
  double ceiling_gb_per_second = 0;
  double fraction = 0;
  std::string label;  // "memory-bound" (within 20% of the ceiling) or "overhead-bound"
};

struct SeriesAnalysis {
  std::string kernel, backend, variant, pin;
  std::size_t size = 0;  // the 1-thread size for weak-scaling series
  bool weak_scaling = false;
  std::vector<MeasuredPoint> points;    // every point of the series, ascending threads
  std::vector<ExcludedPoint> excluded;  // shown, but kept out of speedups and fits
  ScalingAnalysis scaling;              // fit-eligible points only
  // Fewest threads at which the series beats the kernel's best sequential median beyond noise
  // (the upper end of its process-level interval is below the lower end of the sequential one):
  // McSherry et al.'s COST. nullopt: never within the measured thread counts.
  std::optional<int> cost_threads;
  std::vector<Ceiling> ceilings;  // bandwidth kernels, where triad was measured
  // A distributed series' (ranks x threads_per_rank workers); 0 otherwise.
  int threads_per_rank = 0;
  // kernel/backend/variant; a distributed series of several threads a rank ends "@Nt" (halo at 2
  // threads a rank: halo/mpi/halo@2t), so each (ranks, threads per rank) curve has its own name.
  std::string name() const {
    const std::string base = kernel + "/" + backend + "/" + variant;
    return threads_per_rank > 1 ? base + "@" + std::to_string(threads_per_rank) + "t" : base;
  }
  std::string label() const {
    std::string text = name();
    if (threads_per_rank > 0)
      text += " (ranks x " + std::to_string(threads_per_rank) +
              (threads_per_rank == 1 ? " thread)" : " threads)");
    return weak_scaling ? text + " (weak)" : text;
  }
};

struct Analysis {
  std::vector<SeriesAnalysis> series;
  std::map<std::string, double> best_sequential_seconds;  // kernel -> best seq median
  std::map<std::string, Interval> best_sequential_interval;
  std::map<std::string, std::string> best_sequential_variant;
  // The measured workloads whose bandwidth is the ceiling (bandwidth_ceiling trait): triad.
  std::vector<std::string> bandwidth_ceilings;
};

Analysis analyse(const Results& results);
nlohmann::json to_json(const Analysis& analysis, const Results& results);
// One row per series and thread count: the file `speedup.csv`.
Table speedup_rows(const Analysis& analysis);
// One row a point any process flagged or a reason keeps out of fits: the file `flagged.csv`.
Table flagged_rows(const Results& results);
}  // namespace sb
