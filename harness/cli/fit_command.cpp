// `scalebench fit FILE.csv`: speedup, efficiency and model fits for timings from any program.
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/analysis/scaling.hpp"
#include "harness/cli/commands.hpp"
#include "harness/core/csv.hpp"
#include "harness/core/error.hpp"
#include "harness/core/table.hpp"
#include "harness/machine/threads_spec.hpp"

namespace sb::cli {
namespace {

struct FitFlags {
  std::string file;
  std::string format = "md";
};

// Columns threads, seconds and optionally process (which run of the program took the row, so that
// intervals count runs, not rows); one row a repetition.
std::map<int, ProcessSamples> read_timings(const std::string& path) {
  const CsvFile csv = read_csv(path);
  for (const char* column : {"threads", "seconds"}) {
    if (!csv.has_column(column)) config_error("{} has no column '{}'", path, column);
  }
  if (csv.rows.empty()) config_error("{} has no timings", path);
  const bool has_process = csv.has_column("process");
  std::map<int, ProcessSamples> samples;
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
    const double process = has_process ? csv_number(csv, r, "process") : 0;
    if (!(process >= 0 && process < 1e6 && process == std::floor(process))) {
      config_error("{}: row {} process {} is not a whole number in [0, 1000000)", path, r + 1,
                   process);
    }
    samples[static_cast<int>(threads)][static_cast<int>(process)].push_back(seconds);
  }
  return samples;
}

}  // namespace

void add_fit_command(CLI::App& app, int&) {
  auto flags = std::make_shared<FitFlags>();
  auto* fit = app.add_subcommand("fit", "speedup and Amdahl/USL fits for your own timings");
  fit->add_option("file", flags->file,
                  "CSV with columns threads,seconds[,process] (one row a repetition)")
      ->required();
  fit->add_option("--format", flags->format, "json or md");
  fit->final_callback([flags] {
    const Format format = parse_format(flags->format);
    if (format == Format::csv) config_error("fit prints json or md, not csv");
    const ScalingAnalysis analysis = analyse_scaling(read_timings(flags->file));
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
