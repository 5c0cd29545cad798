// The seed article's scale-claim audit: twelve dimensions in [0, 1], a weighted quality score,
// a risk score (mean weakness) and a diagnosis from their thresholds.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "harness/claims/claims.hpp"
#include "harness/core/table.hpp"

namespace sb {

inline constexpr std::size_t kAuditDimensions = 12;

// In the seed's order, with the seed's quality weights (they sum to 1).
inline constexpr std::array<std::string_view, kAuditDimensions> kDimensionNames = {
    "decomposability",         "partitioning_clarity",  "communication_awareness",
    "synchronization_control", "load_balance_evidence", "data_locality_awareness",
    "fault_tolerance",         "consistency_clarity",   "benchmark_support",
    "cost_awareness",          "governance_readiness",  "communication_clarity"};
inline constexpr std::array<double, kAuditDimensions> kQualityWeights = {
    0.10, 0.09, 0.10, 0.08, 0.09, 0.08, 0.10, 0.08, 0.10, 0.07, 0.06, 0.05};
inline constexpr std::size_t kBenchmarkSupport = 8;  // index of benchmark_support

struct ScaleCase {
  std::string case_name;
  std::string system_context;
  std::string scale_claim;
  std::array<double, kAuditDimensions> dimensions{};
  std::optional<ClaimEvidence> evidence;  // from the optional evidence columns
};

// A sweep to check claims against.
struct EvidenceContext {
  const Analysis& analysis;
  int allowed_cores = 0;
  // Why the sweep failed the validity gate (analysis/validity.hpp); empty when it passed. A claim
  // is then never supported or refuted by it: "not testable here: <reasons>".
  std::vector<std::string> invalid_reasons;
  // predict_communication of the same results: a claim on a distributed series cites the model's
  // prediction at its rank count. Empty: none cited.
  std::vector<CommModel> comm_models;
};

double scale_claim_quality(const ScaleCase& scale_case);  // 0 to 100
double scale_claim_risk(const ScaleCase& scale_case);     // 0 to 100
std::string diagnose(double quality, double risk);

// Cases from a claims CSV with the columns case_name, system_context, scale_claim and the twelve
// dimensions, and optionally evidence_series, claimed_threads and claimed_speedup or
// claimed_efficiency (further columns are allowed). Throws ConfigError naming a missing column,
// a value outside [0, 1] or incomplete evidence.
std::vector<ScaleCase> read_cases(const std::filesystem::path& path);

// Every case's fields, scale_claim_quality, scale_claim_risk (3 places) and diagnostic. With
// evidence: the measured benchmark_support and its parts beside the self-reported value, the
// quality recomputed with it, the claim's verdict and, for a distributed series,
// communication_share (3 places) and model_terms (ClaimAssessment's).
Table audit_table(const std::vector<ScaleCase>& cases, const EvidenceContext* evidence = nullptr);
// The report's section: each claim, its verdict, and benchmark_support self-reported and measured.
std::string claims_markdown(const std::vector<ScaleCase>& cases, const EvidenceContext& evidence);
// The first screen's table: each claim, its evidence and verdict, one line each.
std::string claims_summary_markdown(const std::vector<ScaleCase>& cases,
                                    const EvidenceContext& evidence);

// case_count, average quality and risk (3 places), highest-quality and highest-risk case.
Table audit_summary(const std::vector<ScaleCase>& cases);

}  // namespace sb
