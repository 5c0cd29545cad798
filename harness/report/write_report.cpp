#include "harness/report/write_report.hpp"

#include "harness/analysis/comm_model.hpp"
#include "harness/analysis/schedule_comparison.hpp"
#include "harness/analysis/sweep_analysis.hpp"
#include "harness/analysis/validity.hpp"
#include "harness/claims/audit.hpp"
#include "harness/core/atomic_file.hpp"
#include "harness/report/markdown.hpp"
#include "harness/report/plots.hpp"

namespace sb {

Validity write_analysis(const std::filesystem::path& dir, const std::filesystem::path& claims) {
  const Results results = read_results(dir / "results.json");
  const std::vector<ScaleCase> cases =
      claims.empty() ? std::vector<ScaleCase>{} : read_cases(claims);
  const Analysis analysis = analyse(results);
  const SchedulingAnalysis scheduling = analyse_scheduling(results);
  const Validity validity = judge_validity(results, analysis);
  nlohmann::json json = to_json(analysis, results);
  json["validity"] = to_json(validity);
  json["scheduling"] = to_json(scheduling);
  ReportInputs inputs{analysis, results, validity, scheduling, {}, {}, {}};
  if (!claims.empty()) {
    const EvidenceContext context{analysis, usable_cores(results.manifest), validity.reasons(),
                                  predict_communication(results)};
    json["claims"] = to_json(audit_table(cases, &context));
    inputs.claims_summary = claims_summary_markdown(cases, context);
    inputs.claims_details = claims_markdown(cases, context);
  }
  write_file_atomically(dir / "analysis.json", json.dump(1) + "\n");
  write_file_atomically(dir / "speedup.csv", to_csv(speedup_rows(analysis)));
  write_file_atomically(dir / "scheduling.csv", to_csv(scheduling_rows(scheduling)));
  write_file_atomically(dir / "flagged.csv", to_csv(flagged_rows(results)));
  inputs.plots = draw_plots(dir);
  write_file_atomically(dir / "report.md", report_markdown(inputs));
  return validity;
}

}  // namespace sb
