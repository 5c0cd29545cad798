// Scale claims checked against measurements: benchmark_support computed from a sweep instead of
// self-reported, and a verdict. docs/scoring.md has the formula and its properties.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/analysis/comm_model.hpp"
#include "harness/analysis/sweep_analysis.hpp"

namespace sb {

// The optional evidence columns of a claims file.
struct ClaimEvidence {
  std::string series;                // evidence_series: "kernel/backend/variant"
  int threads = 0;                   // claimed_threads
  std::optional<double> speedup;     // claimed_speedup at claimed_threads
  std::optional<double> efficiency;  // claimed_efficiency at claimed_threads
  double claimed_efficiency() const { return efficiency ? *efficiency : *speedup / threads; }
};

struct ClaimAssessment {
  double coverage = 0;           // share of the claim's thread ladder measured on real cores
  double agreement = 0;          // lower speedup bound against the claim
  double model_consistency = 0;  // claim within the fitted Amdahl or USL bound
  double measurement_quality = 0;
  double benchmark_support = 0;  // coverage * (0.4 agreement + 0.3 consistency + 0.3 quality)
  std::string verdict;           // "supported", "not supported" or "not testable here"
  std::string detail;            // one sentence: what was compared
  // A distributed series (backend mpi), at the claimed worker count where an eligible point was
  // measured, else at the largest one: (comm + sync) / (compute + comm + sync), each the median
  // over processes of the phase's slowest rank a run. nullopt otherwise.
  std::optional<double> communication_share;
  // The communication-aware model at the claimed rank count, where it was fitted, and each term's
  // share of its estimate: "8 ranks, predicted 1.21 [1.05, 1.40] ms: compute 70.0%, comm 20.0%,
  // sync 10.0%" ("modelled" at a measured rank count). Empty otherwise.
  std::string model_terms;
};

// `allowed_cores`: the cores of the measuring machine (claims beyond it are not testable here).
// `comm_models`: predict_communication of the same results; a claim on a distributed series
// cites the model's prediction at its rank count in `detail` and `model_terms`.
ClaimAssessment assess_claim(const ClaimEvidence& claim, const Analysis& analysis,
                             int allowed_cores, const std::vector<CommModel>& comm_models = {});

}  // namespace sb
