#include "harness/claims/audit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "harness/core/csv.hpp"
#include "harness/core/error.hpp"
#include "harness/results/workload.hpp"

namespace sb {

double scale_claim_quality(const ScaleCase& c) {
  double weighted = 0;
  for (std::size_t d = 0; d < kAuditDimensions; ++d)
    weighted += kQualityWeights[d] * c.dimensions[d];
  return std::clamp(100.0 * weighted, 0.0, 100.0);
}

double scale_claim_risk(const ScaleCase& c) {
  double weakness = 0;
  for (double value : c.dimensions) weakness += 1.0 - value;
  return std::clamp(100.0 * weakness / kAuditDimensions, 0.0, 100.0);
}

std::string diagnose(double quality, double risk) {
  if (quality >= 84 && risk <= 20) return "strong parallel and distributed scale discipline";
  if (quality >= 70 && risk <= 35) {
    return "usable scale claim with benchmark or resilience review needs";
  }
  if (risk >= 55) return "high risk; scale claim may ignore overhead, failure, or governance";
  return "partial scale discipline; strengthen communication, partitioning, fault tolerance, and "
         "benchmarks";
}

namespace {

ClaimEvidence read_evidence(const CsvFile& csv, std::size_t r) {
  ClaimEvidence evidence;
  evidence.series = csv.field(r, "evidence_series");
  const std::string exec_prefix = std::string(kExecKernel) + "/";
  if (evidence.series.rfind(exec_prefix, 0) == 0 &&
      std::count(evidence.series.begin(), evidence.series.end(), '/') == 1) {
    evidence.series =
        exec_prefix + kCommandBackend + "/" + evidence.series.substr(exec_prefix.size());
  }
  if (std::count(evidence.series.begin(), evidence.series.end(), '/') != 2) {
    config_error("{}: row {} evidence_series '{}' is not kernel/backend/variant (or exec/LABEL)",
                 csv.path.string(), r + 1, evidence.series);
  }
  const double threads = csv_number(csv, r, "claimed_threads");
  if (!(threads >= 1 && threads <= 1024 && threads == std::floor(threads))) {
    config_error("{}: row {} claimed_threads {} is not a whole number in [1, 1024]",
                 csv.path.string(), r + 1, threads);
  }
  evidence.threads = static_cast<int>(threads);
  for (const char* column : {"claimed_speedup", "claimed_efficiency"}) {
    if (!csv.has_column(column) || csv.field(r, column).empty()) continue;
    const double value = csv_number(csv, r, column);
    if (!(value > 0 && std::isfinite(value))) {
      config_error("{}: row {} {} must be positive", csv.path.string(), r + 1, column);
    }
    (std::string(column) == "claimed_speedup" ? evidence.speedup : evidence.efficiency) = value;
  }
  if (!evidence.speedup && !evidence.efficiency) {
    config_error(
        "{}: row {} has evidence_series but neither claimed_speedup nor "
        "claimed_efficiency",
        csv.path.string(), r + 1);
  }
  return evidence;
}

}  // namespace

std::vector<ScaleCase> read_cases(const std::filesystem::path& path) {
  const CsvFile csv = read_csv(path);
  for (const char* column : {"case_name", "system_context", "scale_claim"}) {
    if (!csv.has_column(column)) config_error("{} has no column '{}'", path.string(), column);
  }
  for (std::string_view name : kDimensionNames) {
    if (!csv.has_column(std::string(name))) {
      config_error("{} has no column '{}'", path.string(), name);
    }
  }
  if (csv.rows.empty()) config_error("{} has no cases", path.string());
  std::vector<ScaleCase> cases;
  for (std::size_t r = 0; r < csv.rows.size(); ++r) {
    ScaleCase c;
    c.case_name = csv.field(r, "case_name");
    c.system_context = csv.field(r, "system_context");
    c.scale_claim = csv.field(r, "scale_claim");
    if (csv.has_column("evidence_series") && !csv.field(r, "evidence_series").empty()) {
      c.evidence = read_evidence(csv, r);
    }
    for (std::size_t d = 0; d < kAuditDimensions; ++d) {
      const std::string column(kDimensionNames[d]);
      const double value = csv_number(csv, r, column);
      if (!(value >= 0 && value <= 1)) {
        config_error("{}: row {} column '{}' is {}, outside [0, 1]", path.string(), r + 1, column,
                     value);
      }
      c.dimensions[d] = value;
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

namespace {

// The claim's assessment, its verdict withheld when the sweep is not valid evidence.
ClaimAssessment assess_in_context(const ClaimEvidence& claim, const EvidenceContext& evidence) {
  ClaimAssessment a =
      assess_claim(claim, evidence.analysis, evidence.allowed_cores, evidence.comm_models);
  if (!evidence.invalid_reasons.empty()) {
    a.verdict = "not testable here: the sweep is not valid evidence";
    a.detail =
        fmt::format("{} (measured: {})", fmt::join(evidence.invalid_reasons, "; "), a.detail);
  }
  return a;
}

}  // namespace

Table audit_table(const std::vector<ScaleCase>& cases, const EvidenceContext* evidence) {
  Table table;
  table.columns = {{"case_name"}, {"system_context"}, {"scale_claim"}};
  for (std::string_view name : kDimensionNames) table.columns.push_back({std::string(name)});
  table.columns.insert(table.columns.end(),
                       {{"scale_claim_quality", 3}, {"scale_claim_risk", 3}, {"diagnostic"}});
  if (evidence != nullptr) {
    table.columns.insert(table.columns.end(), {{"benchmark_support_measured", 3},
                                               {"coverage", 3},
                                               {"agreement", 3},
                                               {"model_consistency", 3},
                                               {"measurement_quality", 3},
                                               {"scale_claim_quality_measured", 3},
                                               {"verdict"},
                                               {"evidence_detail"},
                                               {"communication_share", 3},
                                               {"model_terms"}});
  }
  for (const ScaleCase& c : cases) {
    std::vector<Cell> row = {c.case_name, c.system_context, c.scale_claim};
    for (double value : c.dimensions) row.emplace_back(value);
    const double quality = scale_claim_quality(c), risk = scale_claim_risk(c);
    row.insert(row.end(), {quality, risk, diagnose(quality, risk)});
    if (evidence != nullptr && c.evidence) {
      const ClaimAssessment a = assess_in_context(*c.evidence, *evidence);
      ScaleCase measured = c;
      measured.dimensions[kBenchmarkSupport] = a.benchmark_support;
      row.insert(row.end(),
                 {a.benchmark_support, a.coverage, a.agreement, a.model_consistency,
                  a.measurement_quality, scale_claim_quality(measured), a.verdict, a.detail,
                  a.communication_share ? Cell(*a.communication_share) : Cell(std::string()),
                  a.model_terms});
    } else if (evidence != nullptr) {
      row.insert(row.end(), {std::string(), std::string(), std::string(), std::string(),
                             std::string(), std::string(), std::string("no evidence columns"),
                             std::string(), std::string(), std::string()});
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::string claims_markdown(const std::vector<ScaleCase>& cases, const EvidenceContext& evidence) {
  Table table{{{"case"},
               {"claim"},
               {"evidence"},
               {"verdict"},
               {"benchmark_support (self-reported)", 2},
               {"benchmark_support (measured)", 3},
               {"what was compared"}},
              {}};
  for (const ScaleCase& c : cases) {
    if (!c.evidence) {
      table.rows.push_back({c.case_name, c.scale_claim, std::string("none"),
                            std::string("no evidence columns"), c.dimensions[kBenchmarkSupport],
                            std::string(), std::string()});
      continue;
    }
    const ClaimAssessment a = assess_in_context(*c.evidence, evidence);
    table.rows.push_back({c.case_name, c.scale_claim,
                          fmt::format("{} at {} threads", c.evidence->series, c.evidence->threads),
                          a.verdict, c.dimensions[kBenchmarkSupport], a.benchmark_support,
                          a.detail});
  }
  return "## Scale claims\n\nMeasured benchmark_support = coverage x (0.4 agreement + 0.3 model "
         "consistency + 0.3 measurement quality); docs/scoring.md.\n\n" +
         to_markdown(table) + "\n";
}

std::string claims_summary_markdown(const std::vector<ScaleCase>& cases,
                                    const EvidenceContext& evidence) {
  Table table{
      {{"claim"}, {"case"}, {"evidence"}, {"verdict"}, {"benchmark_support", 3}, {"because"}}, {}};
  for (const ScaleCase& c : cases) {
    if (!c.evidence) {
      table.rows.push_back({c.scale_claim, c.case_name, std::string("none"),
                            std::string("no evidence columns"), std::string(), std::string()});
      continue;
    }
    const ClaimAssessment a = assess_in_context(*c.evidence, evidence);
    table.rows.push_back(
        {c.scale_claim, c.case_name,
         fmt::format("{} at {} threads", c.evidence->series, c.evidence->threads), a.verdict,
         a.benchmark_support,
         // An invalid sweep's reasons are the gate's table, just above.
         evidence.invalid_reasons.empty() ? a.detail : std::string("the validity gate")});
  }
  return to_markdown(table);
}

Table audit_summary(const std::vector<ScaleCase>& cases) {
  std::vector<double> quality, risk;
  for (const ScaleCase& c : cases) {
    quality.push_back(scale_claim_quality(c));
    risk.push_back(scale_claim_risk(c));
  }
  auto mean = [](const std::vector<double>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  };
  // max_element keeps the first of equals, as Python's max() does.
  const auto best = std::max_element(quality.begin(), quality.end()) - quality.begin();
  const auto riskiest = std::max_element(risk.begin(), risk.end()) - risk.begin();
  return Table{{{"case_count"},
                {"average_scale_claim_quality", 3},
                {"average_scale_claim_risk", 3},
                {"highest_quality_case"},
                {"highest_risk_case"},
                {"interpretation"}},
               {{static_cast<long long>(cases.size()), mean(quality), mean(risk),
                 cases[best].case_name, cases[riskiest].case_name,
                 std::string("Parallel and distributed scale quality depends on decomposability, "
                             "partitioning, communication overhead, synchronization, load "
                             "balance, locality, fault tolerance, consistency, benchmarks, cost, "
                             "governance, and communication.")}}};
}

}  // namespace sb
