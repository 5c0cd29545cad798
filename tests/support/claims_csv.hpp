// A claims file (docs/scoring.md): the audit's columns and the evidence columns, then `rows`.
#pragma once

#include <string>
#include <vector>

namespace sb::test {

inline std::string claims_csv(const std::vector<std::string>& rows) {
  std::string text =
      "case_name,system_context,scale_claim,decomposability,partitioning_clarity,"
      "communication_awareness,synchronization_control,load_balance_evidence,"
      "data_locality_awareness,fault_tolerance,consistency_clarity,benchmark_support,"
      "cost_awareness,governance_readiness,communication_clarity,evidence_series,"
      "claimed_threads,claimed_speedup\n";
  for (const std::string& row : rows) text += row + "\n";
  return text;
}

}  // namespace sb::test
