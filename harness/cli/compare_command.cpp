// `scalebench compare A B`: two runs point by point, ratio and significance.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string>

#include "harness/analysis/compare.hpp"
#include "harness/cli/commands.hpp"
#include "harness/core/error.hpp"
#include "harness/core/table.hpp"
#include "harness/results/results.hpp"

namespace sb::cli {
namespace {

struct CompareFlags {
  std::string dir_a, dir_b;
  std::string format = "md";
  double margin = 0.02;
};

}  // namespace

void add_compare_command(CLI::App& app, int&) {
  auto flags = std::make_shared<CompareFlags>();
  auto* compare = app.add_subcommand("compare", "two runs point by point: ratio and significance");
  compare->add_option("dir_a", flags->dir_a, "the first run's directory (A)")->required();
  compare->add_option("dir_b", flags->dir_b, "the second run's directory (B)")->required();
  compare->add_option("--format", flags->format, "md (default), csv or json");
  compare->add_option("--margin", flags->margin,
                      "smallest relative change called a difference (default 0.02)");
  compare->final_callback([flags] {
    if (!(flags->margin >= 0 && flags->margin < 1)) {
      config_error("--margin {} is outside [0, 1)", flags->margin);
    }
    const Format format = parse_format(flags->format);
    const Results a = read_results(std::filesystem::path(flags->dir_a) / "results.json");
    const Results b = read_results(std::filesystem::path(flags->dir_b) / "results.json");
    const RunComparison comparison = compare_runs(a, b, flags->margin);
    if (comparison.points.empty()) {
      config_error(
          "{} and {} have no usable point in common (same kernels, variants, threads, "
          "sizes and parameters)",
          flags->dir_a, flags->dir_b);
    }
    const Table table = comparison_table(comparison);
    if (format == Format::md) {
      fmt::print("{}\n\nB/A is median B over median A with a 95% bootstrap interval.\n\n{}",
                 comparison_summary(comparison, flags->margin), to_markdown(table));
    } else {
      fmt::print("{}", render(table, format));
    }
  });
}

}  // namespace sb::cli
