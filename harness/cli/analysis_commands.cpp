#include "harness/cli/analysis_commands.hpp"

#include <fmt/format.h>

#include <cmath>
#include <memory>

#include "harness/analysis/compare.hpp"
#include "harness/analysis/scaling.hpp"
#include "harness/analysis/sweep_analysis.hpp"
#include "harness/core/csv.hpp"
#include "harness/core/error.hpp"
#include "harness/machine/threads_spec.hpp"
#include "harness/report/write_report.hpp"
#include "harness/results/output_lock.hpp"

namespace sb::cli {
namespace {

struct FitOptions {
  std::string file;
  std::string format = "md";
  std::string dir;
  std::string claims;
  std::string dir_a, dir_b;
  double margin = 0.02;
};

// Columns threads, seconds; one row a repetition.
std::map<int, std::vector<double>> read_timings(const std::string& path) {
  const CsvFile csv = read_csv(path);
  for (const char* column : {"threads", "seconds"}) {
    if (!csv.has_column(column)) config_error("{} has no column '{}'", path, column);
  }
  if (csv.rows.empty()) config_error("{} has no timings", path);
  std::map<int, std::vector<double>> samples;
  for (std::size_t r = 0; r < csv.rows.size(); ++r) {
    const double threads = csv_number(csv, r, "threads");
    const double seconds = csv_number(csv, r, "seconds");
    if (!(threads >= 1 && threads <= kMaxThreads && threads == std::floor(threads))) {
      config_error("{}: row {} threads {} is not a whole number in [1, {}]", path, r + 1, threads,
                   kMaxThreads);
    }
    if (!(seconds >= 1e-9 && std::isfinite(seconds))) {
      config_error("{}: row {} seconds {} is not a time of at least a nanosecond", path, r + 1,
                   seconds);
    }
    samples[static_cast<int>(threads)].push_back(seconds);
  }
  return samples;
}

}  // namespace

void add_analysis_commands(CLI::App& app) {
  auto options = std::make_shared<FitOptions>();
  auto* analyze =
      app.add_subcommand("analyze", "write report.md, analysis.json, speedup.csv and plots");
  analyze->add_option("dir", options->dir, "a directory holding results.json")->required();
  analyze->add_option("--claims", options->claims, "a claims CSV to audit against this sweep");
  analyze->final_callback([options, analyze] {
    // An empty value is a mistake, not a request for no audit.
    if (analyze->count("--claims") && options->claims.empty()) {
      config_error("--claims names no file");
    }
    // A sweep measuring or analysing in DIR holds its lock: two writers would mix their files.
    require_results_directory(options->dir);
    OutputLock lock = OutputLock::acquire(options->dir, "analyze");
    lock.set_phase("analysing");
    write_analysis(options->dir, options->claims);
    fmt::print("wrote {0}/report.md, {0}/analysis.json, {0}/speedup.csv\n", options->dir);
  });

  auto* compare = app.add_subcommand("compare", "two runs point by point: ratio and significance");
  compare->add_option("dir_a", options->dir_a, "the first run's directory (A)")->required();
  compare->add_option("dir_b", options->dir_b, "the second run's directory (B)")->required();
  compare->add_option("--format", options->format, "md (default), csv or json");
  compare->add_option("--margin", options->margin,
                      "smallest relative change called a difference (default 0.02)");
  compare->final_callback([options] {
    if (!(options->margin >= 0 && options->margin < 1)) {
      config_error("--margin {} is outside [0, 1)", options->margin);
    }
    const Format format = parse_format(options->format);
    const Results a = read_results(std::filesystem::path(options->dir_a) / "results.json");
    const Results b = read_results(std::filesystem::path(options->dir_b) / "results.json");
    const RunComparison comparison = compare_runs(a, b, options->margin);
    if (comparison.points.empty()) {
      config_error(
          "{} and {} have no usable point in common (same kernels, variants, threads, "
          "sizes and parameters)",
          options->dir_a, options->dir_b);
    }
    const Table table = comparison_table(comparison);
    if (format == Format::md) {
      fmt::print("{}\n\nB/A is median B over median A with a 95% bootstrap interval.\n\n{}",
                 comparison_summary(comparison, options->margin), to_markdown(table));
    } else {
      fmt::print("{}", render(table, format));
    }
  });

  auto* fit = app.add_subcommand("fit", "speedup and Amdahl/USL fits for your own timings");
  fit->add_option("file", options->file, "CSV with columns threads,seconds (one row a repetition)")
      ->required();
  fit->add_option("--format", options->format, "json or md");
  fit->final_callback([options] {
    const Format format = parse_format(options->format);
    if (format == Format::csv) config_error("fit prints json or md, not csv");
    const ScalingAnalysis analysis = analyse_scaling(read_timings(options->file));
    if (format == Format::json) {
      fmt::print("{}\n", to_json(analysis).dump(2));
      return;
    }
    if (!analysis.baseline_note.empty()) fmt::print("{}\n\n", analysis.baseline_note);
    fmt::print("{}\n{}\npreferred model: {}\n", to_markdown(speedup_table(analysis)),
               to_markdown(fit_table(analysis)), analysis.preferred);
  });
}

}  // namespace sb::cli
