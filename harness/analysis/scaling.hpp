// Speedup, efficiency and the Karp-Flatt serial fraction of one series (one kernel, backend and
// variant across thread counts), with intervals, plus its model fits.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "harness/analysis/models.hpp"
#include "harness/core/stats.hpp"
#include "harness/core/table.hpp"
#include "harness/core/two_level.hpp"

namespace sb {

struct ThreadStats {
  int threads = 1;
  int samples = 0;
  LevelEstimate level;               // processes, both variance components, the log-scale summary
  Interval seconds;                  // level.interval: the process-level 95% interval
  Interval speedup;                  // T_1 / T_p from independent processes (Welch t on logs)
  Interval efficiency;               // S_p / p
  std::optional<double> karp_flatt;  // e_p = (1/S_p - 1/p) / (1 - 1/p), for p > 1
  double cv = 0;                     // coefficient of variation of the samples
  bool process_level() const { return level.process_level; }
};

struct ScalingAnalysis {
  std::vector<ThreadStats> by_threads;  // ascending; speedups need a 1-thread baseline
  std::string baseline_note;            // set when there is no 1-thread point
  bool weak_scaling = false;
  // Workers a unit of scale: 1 (threads), or a distributed series' threads per rank, whose
  // speedups are over its 1-rank point and whose models are fitted in ranks.
  int workers_per_unit = 1;
  ModelFit amdahl, usl, gustafson;
  std::string preferred;
};

// `samples`: every repetition's time by thread count and process. Fits take one summary a thread
// count, weighted by its process-level uncertainty. For weak scaling (size grows with p) speedup
// is the scaled speedup p T_1 / T_p, efficiency T_1 / T_p, and only Gustafson is fitted.
// `first_stage`: as for estimate_level (a precision-stopped sweep's). `workers_per_unit`: see
// ScalingAnalysis; `samples` are keyed by workers (threads) either way.
ScalingAnalysis analyse_scaling(const std::map<int, ProcessSamples>& samples,
                                bool weak_scaling = false, int first_stage = 0,
                                int workers_per_unit = 1);

nlohmann::json to_json(const ModelFit& fit);
nlohmann::json to_json(const ScalingAnalysis& analysis);
Table speedup_table(const ScalingAnalysis& analysis);
// Parameters of every fitted model, or the refusal, as one table.
Table fit_table(const ScalingAnalysis& analysis);

}  // namespace sb
