// The validity gate: is a sweep valid evidence at all? Judged from results.json alone, criterion
// by criterion, so a report can say at its top why a sweep cannot support a verdict. A sweep that
// fails still keeps everything it measured; its claims become "not testable here".
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/analysis/sweep_analysis.hpp"
#include "harness/results/results.hpp"

namespace sb {

struct GateThresholds {
  // Eligible points still contended after their group was measured once more (contended in at
  // least two processes, or in its only one): at most this share.
  double max_contended_share = 0.10;
  // CPUs other processes kept busy just before and just after the sweep: at most this many.
  double max_busy_cpus = 0.5;
  // |fitted - configured| serial fraction of every parallel calibrate series: at most this, or
  // the configured value inside the fit's 95% interval.
  double calibration_tolerance = 0.10;
};

struct GateCriterion {
  std::string name;  // "contention", "load", "placement", "calibration"
  bool passed = true;
  std::string detail;  // what was measured against what threshold
  bool judged = true;  // false when there was nothing to judge (calibrate did not run): passes
};

struct Validity {
  std::vector<GateCriterion> criteria;
  bool valid() const;
  // "contention: 12 of 40 eligible points contended (more than 10%)", one a failed criterion.
  std::vector<std::string> reasons() const;
};

Validity judge_validity(const Results& results, const Analysis& analysis,
                        const GateThresholds& thresholds = {});

nlohmann::json to_json(const Validity& validity);

}  // namespace sb
