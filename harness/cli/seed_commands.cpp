#include "harness/cli/seed_commands.hpp"

#include <fmt/format.h>

#include <memory>
#include <string>

#include "harness/analysis/sweep_analysis.hpp"
#include "harness/claims/article_tables.hpp"
#include "harness/claims/audit.hpp"
#include "harness/machine/threads_spec.hpp"

namespace sb::cli {
namespace {

struct TableOptions {
  double serial_fraction = 0.10;
  std::string processors = "1,2,4,8,16,32,64";
  double service_rate = 100.0;
  std::string workers = "1,2,4,8,16,32";
  double overhead = 0.05;
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
    context.emplace(EvidenceContext{*analysis, usable_cores(results->manifest)});
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

void add_seed_commands(CLI::App& app) {
  auto options = std::make_shared<TableOptions>();

  auto* tables = app.add_subcommand("tables", "the seed's Amdahl and capacity tables");
  tables->require_subcommand(1);
  auto* amdahl = tables->add_subcommand("amdahl", "Amdahl speedup bound and efficiency");
  amdahl->add_option("--serial-fraction", options->serial_fraction, "serial fraction s in [0, 1]");
  amdahl->add_option("--processors", options->processors, "e.g. 1,2,4,8 or 1:16");
  amdahl->add_option("--format", options->format, "json, csv or md");
  amdahl->final_callback([options] {
    const Format format = parse_format(options->format);
    fmt::print(
        "{}", render(amdahl_table(options->serial_fraction, parse_thread_list(options->processors)),
                     format));
  });
  auto* capacity = tables->add_subcommand("capacity", "ideal, overhead and effective capacity");
  capacity->add_option("--service-rate", options->service_rate, "service rate per worker");
  capacity->add_option("--workers", options->workers, "e.g. 1,2,4,8,16,32");
  capacity->add_option("--overhead", options->overhead, "overhead rate per extra worker");
  capacity->add_option("--format", options->format, "json, csv or md");
  capacity->final_callback([options] {
    const Format format = parse_format(options->format);
    fmt::print("{}", render(capacity_table(options->service_rate,
                                           parse_thread_list(options->workers), options->overhead),
                            format));
  });

  auto* audit = app.add_subcommand("audit", "audit scale claims with the seed's formulas");
  audit->add_option("--cases", options->cases, "claims CSV (see docs/examples/seed_cases.csv)")
      ->required();
  audit->add_option("--evidence", options->evidence,
                    "a sweep directory: compute benchmark_support from its results.json");
  audit->add_option("--format", options->format, "json, csv or md");
  audit->final_callback([options] {
    const Format format = parse_format(options->format);
    print_audit(read_cases(options->cases), options->evidence, format);
  });
}

}  // namespace sb::cli
