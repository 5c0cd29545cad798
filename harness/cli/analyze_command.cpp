// `scalebench analyze DIR`: every derived file (report, analysis, CSVs, plots) from results.json.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "harness/cli/commands.hpp"
#include "harness/core/error.hpp"
#include "harness/report/write_report.hpp"
#include "harness/results/output_lock.hpp"
#include "harness/results/results.hpp"

namespace sb::cli {
namespace {

struct AnalyzeFlags {
  std::string dir, claims;
};

}  // namespace

void add_analyze_command(CLI::App& app, int&) {
  auto flags = std::make_shared<AnalyzeFlags>();
  auto* analyze =
      app.add_subcommand("analyze", "write report.md, analysis.json, speedup.csv and plots");
  analyze->add_option("dir", flags->dir, "a directory holding results.json")->required();
  analyze->add_option("--claims", flags->claims, "a claims CSV to audit against this sweep");
  analyze->final_callback([flags, analyze] {
    // An empty value is a mistake, not a request for no audit.
    if (analyze->count("--claims") && flags->claims.empty()) {
      config_error("--claims names no file");
    }
    // A sweep measuring or analysing in DIR holds its lock: two writers would mix their files.
    require_results_directory(flags->dir);
    OutputLock lock = OutputLock::acquire(flags->dir, "analyze");
    lock.set_phase("analysing");
    write_analysis(flags->dir, flags->claims);
    fmt::print("wrote {0}/report.md, {0}/analysis.json, {0}/speedup.csv\n", flags->dir);
  });
}

}  // namespace sb::cli
