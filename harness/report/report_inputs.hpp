// Everything a report is written from: the analyses of one results.json, and the claims section
// when claims were given. The report layer only formats these; it measures and decides nothing.
#pragma once

#include <string>

#include "harness/analysis/schedule_comparison.hpp"
#include "harness/analysis/sweep_analysis.hpp"
#include "harness/analysis/validity.hpp"
#include "harness/report/plots.hpp"

namespace sb {

struct ReportInputs {
  const Analysis& analysis;
  const Results& results;
  const Validity& validity;
  const SchedulingAnalysis& scheduling;
  Plots plots;
  std::string claims_summary;  // the first screen's claims table; empty without claims
  std::string claims_details;  // the full claims section, among the details
};

}  // namespace sb
