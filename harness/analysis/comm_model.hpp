// The seed's communication-aware model, T_p(n) = T_compute(n, p) + T_comm(n, p) + T_sync(p),
// used to predict a distributed kernel's time a run at p ranks from its 1-rank time and the
// network's calibration (`scalebench netcal`) alone:
//
//   T_p = T_1 / p  +  (its messages a run, each alpha + beta m)  +  c log2 p
//
// T_1 / p is the compute term (strong scaling: a n / p with a = T_1 / n); the messages are the
// kernel's own (its `communication` trait: halo_rows, allreduce, alltoall, shared_counter); alpha
// and beta come from netcal's Hockney fit for each message's size, and c from netcal's barrier
// latency (one barrier a run, as every distributed kernel does). Each input's uncertainty is drawn
// (seeded Monte Carlo: T_1 from its process-level t interval, netcal's terms from theirs over
// launches) and the prediction's 95% interval is the draws' 2.5th to 97.5th percentiles.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/stats.hpp"
#include "harness/core/two_level.hpp"
#include "harness/results/point_key.hpp"
#include "harness/results/results.hpp"

namespace sb {

struct ModelTerm {
  std::string name;                  // "compute", "comm", "sync"
  Interval predicted_s;              // a run
  std::optional<double> measured_s;  // the slowest rank's phase a run, where measured
};

struct RankPrediction {
  int ranks = 1;
  Interval predicted_s;                     // a run
  std::optional<LevelEstimate> measured_s;  // where this rank count was measured (eligible)
  std::vector<ModelTerm> terms;             // compute, comm, sync
  bool beyond_measured = false;             // past the largest measured rank count
  // Measured: whether the measurement lies inside the prediction's interval, and when not, the
  // term whose prediction is furthest from its measured phase.
  std::optional<bool> within;
  // Measured over predicted with a 95% interval from both uncertainties (the prediction's and the
  // measurement's own between processes), and whether it holds 1: a measurement can lie outside
  // the prediction's interval and still be consistent with it.
  std::optional<Interval> measured_over_predicted;
  std::optional<bool> consistent;
  std::string worst_term;
};

struct CommModel {
  std::string series;  // kernel/backend/variant
  SeriesKey key;       // the whole of it: pin, size, parameters, threads per rank
  int threads_per_rank = 1;
  std::string communication;
  bool fitted = false;
  std::string refusal;  // why not: no 1-rank point, no netcal fit, unknown pattern
  std::vector<RankPrediction> predictions;  // measured rank counts, then beyond them
};

// One model a distributed series of `results`, predicted at its measured rank counts and at
// powers of two beyond them up to `largest_ranks` and 8 times the largest measured. Refused (fitted
// false) without netcal's fit in the manifest (run --netcal) or without an eligible 1-rank point.
std::vector<CommModel> predict_communication(const Results& results, int largest_ranks = 64);

nlohmann::json to_json(const CommModel& model);

}  // namespace sb
