// `scalebench audit`: scale claims audited with the seed's formulas, optionally against a sweep.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/analysis/comm_model.hpp"
#include "harness/analysis/sweep_analysis.hpp"
#include "harness/claims/audit.hpp"
#include "harness/cli/commands.hpp"
#include "harness/core/table.hpp"
#include "harness/results/results.hpp"

namespace sb::cli {
namespace {

struct AuditFlags {
  std::string cases;
  std::string evidence;
  std::string format = "md";
};

void print_audit(const std::vector<ScaleCase>& cases, const std::string& evidence_dir,
                 Format format) {
  std::optional<Results> results;
  std::optional<Analysis> analysis;
  std::optional<EvidenceContext> context;
  if (!evidence_dir.empty()) {
    results = read_results(std::filesystem::path(evidence_dir) / "results.json");
    analysis = analyse(*results);
    context.emplace(EvidenceContext{
        *analysis, usable_cores(results->manifest), {}, predict_communication(*results)});
  }
  const Table rows = audit_table(cases, context ? &*context : nullptr);
  const Table summary = audit_summary(cases);
  switch (format) {
    case Format::json:
      fmt::print(
          "{}\n",
          nlohmann::json{{"cases", to_json(rows)}, {"summary", to_json(summary)[0]}}.dump(2));
      break;
    case Format::csv:
      fmt::print("{}\n{}", to_csv(rows), to_csv(summary));
      break;
    case Format::md:
      fmt::print("{}\n{}", to_markdown(rows), to_markdown(summary));
      break;
  }
}

}  // namespace

void add_audit_command(CLI::App& app, int&) {
  auto flags = std::make_shared<AuditFlags>();
  auto* audit = app.add_subcommand("audit", "audit scale claims with the seed's formulas");
  audit->add_option("--cases", flags->cases, "claims CSV (see docs/examples/seed_cases.csv)")
      ->required();
  audit->add_option("--evidence", flags->evidence,
                    "a sweep directory: compute benchmark_support from its results.json");
  audit->add_option("--format", flags->format, "json, csv or md");
  audit->final_callback([flags] {
    const Format format = parse_format(flags->format);
    print_audit(read_cases(flags->cases), flags->evidence, format);
  });
}

}  // namespace sb::cli
