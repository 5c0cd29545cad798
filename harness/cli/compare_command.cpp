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
  double margin = kDefaultMargin;
  bool fail_if_slower = false;
  std::string measure;
};

}  // namespace

void add_compare_command(CLI::App& app, int& exit_status) {
  auto flags = std::make_shared<CompareFlags>();
  auto* compare = app.add_subcommand("compare", "two runs point by point: ratio and significance");
  compare->add_option("dir_a", flags->dir_a, "the first run's directory (A)")->required();
  compare->add_option("dir_b", flags->dir_b, "the second run's directory (B)")->required();
  compare->add_option("--format", flags->format, "md (default), csv or json");
  compare->add_option("--margin", flags->margin,
                      "smallest relative change called a difference (default 0.02)");
  compare->add_option("--measure", flags->measure,
                      "compare this measure of each point (e.g. load_balance) instead of its time; "
                      "points match without their parameters");
  compare->add_flag("--fail-if-slower", flags->fail_if_slower,
                    "exit with status 3 when B is really slower than A at any point (for CI)");
  compare->final_callback([flags, compare, &exit_status] {
    if (!(flags->margin >= 0 && flags->margin < 1)) {
      config_error("--margin {} is outside [0, 1)", flags->margin);
    }
    const Format format = parse_format(flags->format);
    const Results a = read_results(std::filesystem::path(flags->dir_a) / "results.json");
    const Results b = read_results(std::filesystem::path(flags->dir_b) / "results.json");
    if (compare->count("--measure") && flags->measure.empty()) {
      config_error("--measure names no measure");
    }
    if (flags->fail_if_slower && !flags->measure.empty()) {
      config_error("--fail-if-slower compares times; it does not apply with --measure");
    }
    const RunComparison comparison = compare_runs(a, b, flags->margin, flags->measure);
    if (comparison.points.empty()) {
      config_error(
          "{} and {} have no usable point in common (same kernels, variants, threads, "
          "sizes and parameters{})",
          flags->dir_a, flags->dir_b,
          flags->measure.empty() ? "" : fmt::format(", with measure {}", flags->measure));
    }
    const Table table = comparison_table(comparison);
    if (format == Format::md) {
      fmt::print(
          "{}\n\nB/A is B's estimate over A's (geometric means of per-process {}), with an "
          "interval from the spread between processes (Welch t on the log scale).\n\n{}",
          comparison_summary(comparison, flags->margin),
          flags->measure.empty() ? "medians" : "values of " + flags->measure, to_markdown(table));
    } else {
      fmt::print("{}", render(table, format));
    }
    const int slower = really_slower(comparison);
    if (flags->fail_if_slower && slower > 0) {
      fmt::print(stderr, "scalebench: B is really slower than A at {} point(s)\n", slower);
      exit_status = 3;
    }
  });
}

}  // namespace sb::cli
