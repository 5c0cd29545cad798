#include "harness/audit.hpp"

#include <algorithm>
#include <numeric>

#include "harness/csv.hpp"
#include "harness/error.hpp"

namespace sb {

double scale_claim_quality(const ScaleCase& c) {
  double weighted = 0;
  for (std::size_t d = 0; d < kAuditDimensions; ++d) weighted += kQualityWeights[d] * c.dimensions[d];
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

Table audit_table(const std::vector<ScaleCase>& cases) {
  Table table;
  table.columns = {{"case_name"}, {"system_context"}, {"scale_claim"}};
  for (std::string_view name : kDimensionNames) table.columns.push_back({std::string(name)});
  table.columns.insert(table.columns.end(),
                       {{"scale_claim_quality", 3}, {"scale_claim_risk", 3}, {"diagnostic"}});
  for (const ScaleCase& c : cases) {
    std::vector<Cell> row = {c.case_name, c.system_context, c.scale_claim};
    for (double value : c.dimensions) row.emplace_back(value);
    const double quality = scale_claim_quality(c), risk = scale_claim_risk(c);
    row.insert(row.end(), {quality, risk, diagnose(quality, risk)});
    table.rows.push_back(std::move(row));
  }
  return table;
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
