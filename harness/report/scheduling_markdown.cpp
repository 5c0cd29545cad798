// The report's scheduling section: which schedule wins on each workload, in words and tables.
#include "harness/report/scheduling_markdown.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "harness/analysis/schedule_comparison.hpp"

namespace sb {
namespace {

std::string entry_name(const ScheduleEntry& e) {
  return fmt::format("{} `{}`", e.runtime, e.variant);
}

// The plain-words reading of one thread count: the winner, how the static schedules fare, which
// others are within the margin or cannot be told apart, and the best of each runtime against the
// other. Every comparison is decided by the one rule (analysis/decision_rule.hpp).
std::string reading(const ScheduleComparison& c) {
  const ScheduleEntry& best = c.entries.front();
  if (!best.eligible) {
    return fmt::format(
        "At {} thread{}, no schedule is eligible to be the fastest (each left workers "
        "idle or was kept out of fits).",
        c.threads, c.threads == 1 ? "" : "s");
  }
  std::string out =
      fmt::format("At {} thread{}, the fastest estimate is {} ({:.3f} ms, {} process{}).",
                  c.threads, c.threads == 1 ? "" : "s", entry_name(best),
                  best.median_s.estimate * 1e3, best.processes, best.processes == 1 ? "" : "es");
  for (std::size_t i = 1; i < c.entries.size(); ++i) {
    const ScheduleEntry& e = c.entries[i];
    if (e.variant != "static" || !e.vs_best) continue;  // the default a reader would otherwise pick
    out += fmt::format(" Plain {} against it: {}.", entry_name(e),
                       e.vs_best->sentence("faster", "slower"));
  }
  std::vector<std::string> within, untold;
  for (std::size_t i = 1; i < c.entries.size(); ++i) {
    const ScheduleEntry& e = c.entries[i];
    if (!e.vs_best) continue;
    if (e.vs_best->finding == Finding::within_margin)
      within.push_back(fmt::format("`{}`", e.name()));
    if (e.vs_best->finding == Finding::cannot_tell) untold.push_back(fmt::format("`{}`", e.name()));
  }
  if (!within.empty()) {
    out += fmt::format(" Within the noise margin of it: {}.", fmt::join(within, ", "));
  }
  if (!untold.empty()) {
    out += fmt::format(" Cannot tell from it at this sample size: {} of {} others ({}).",
                       untold.size(), c.entries.size() - 1, fmt::join(untold, ", "));
  }
  if (within.empty() && untold.empty() && c.entries.size() > 1) {
    out += " Every other schedule is really slower.";
  }
  if (c.omp_over_tbb) {
    out += fmt::format(" Best OpenMP (`{}`) over best oneTBB (`{}`), separate processes: {}.",
                       c.entries[*c.best_omp].variant, c.entries[*c.best_tbb].variant,
                       c.omp_over_tbb->sentence("OpenMP faster", "OpenMP slower"));
  }
  return out;
}

std::string workload_table(const std::vector<const ScheduleComparison*>& by_threads) {
  std::vector<std::string> names;  // in the order of the last thread count's ranking
  for (const ScheduleEntry& e : by_threads.back()->entries) names.push_back(e.name());
  std::string out = "| schedule |";
  std::string rule = "|---|";
  for (const ScheduleComparison* c : by_threads) {
    out += fmt::format(" {} thread{}: ms | x fastest |", c->threads, c->threads == 1 ? "" : "s");
    rule += "---:|---|";
  }
  out += "\n" + rule + "\n";
  for (const std::string& name : names) {
    out += fmt::format("| `{}` |", name);
    for (const ScheduleComparison* c : by_threads) {
      const auto e = std::find_if(c->entries.begin(), c->entries.end(),
                                  [&](const ScheduleEntry& x) { return x.name() == name; });
      if (e == c->entries.end()) {
        out += " | |";
        continue;
      }
      std::string mark =
          e == c->entries.begin() && e->eligible ? std::string("**fastest**")
          : !e->vs_best
              ? std::string("not eligible")
              : fmt::format("{:.2f} [{:.2f}, {:.2f}] {}", e->vs_best->interval.estimate,
                            e->vs_best->interval.low, e->vs_best->interval.high,
                            e->slower_than_best                             ? "slower"
                            : e->vs_best->finding == Finding::within_margin ? "within margin"
                                                                            : "cannot tell");
      if (e->idle_workers > 0) mark += fmt::format(" ({} idle)", e->idle_workers);
      if (!e->stability_flags.empty())
        mark += fmt::format(" ({})", fmt::join(e->stability_flags, ", "));
      out += fmt::format(" {:.3f} | {} |", e->median_s.estimate * 1e3, mark);
    }
    out += "\n";
  }
  return out;
}

std::string overhead_table(const SchedulingAnalysis& analysis) {
  if (analysis.overheads.empty()) return {};
  std::string out =
      "### Fork-join and scheduling overhead (EPCC-style, fork_join kernel)\n\n"
      "An empty loop's parallel run minus the sequential reference divided by the threads: what "
      "the runtime costs a run, before any imbalance. Per chunk: what a chunk adds to plain "
      "static's "
      "fork and join, for OpenMP static,c and dynamic,c with at least 4 chunks a thread (where "
      "the count is exact).\n\n"
      "| schedule | threads | overhead us (95% CI) | per chunk ns |\n|---|---:|---|---:|\n";
  for (const OverheadFigure& f : analysis.overheads) {
    out += fmt::format("| `{}:{}` | {} | {:.2f} ({:.2f} to {:.2f}) | {} |\n", f.backend, f.variant,
                       f.threads, f.overhead_s.estimate * 1e6, f.overhead_s.low * 1e6,
                       f.overhead_s.high * 1e6,
                       f.per_chunk_s ? fmt::format("{:.1f}", *f.per_chunk_s * 1e9) : "");
  }
  return out + "\n";
}

}  // namespace

std::string scheduling_markdown(const SchedulingAnalysis& analysis,
                                const std::vector<std::string>& plots) {
  if (analysis.comparisons.empty()) return {};
  std::string out =
      "## Scheduling: OpenMP schedules against oneTBB partitioners\n\n"
      "Every parallel variant of a workload, ranked by its estimate (the geometric mean of its "
      "per-process medians) at each thread count; a point kept out of fits (idle workers "
      "included) is listed but never the fastest. Each is compared with the fastest by one rule: "
      "a real difference when the ratio's 95% interval, widened for the workload's other "
      "schedules (Bonferroni), lies beyond the 2% noise margin and neither side is flagged "
      "(contended in every process, or "
      "kept out of fits); "
      "within the margin when it lies inside; otherwise cannot tell at this sample size. The "
      "schedules of one runtime ran in the same processes, so their ratios are paired (per-process "
      "ratios, which cancel the process's offset); OpenMP against oneTBB ran in separate "
      "processes and is unpaired. Rank-test p-values (Wilcoxon signed-rank, or Mann-Whitney, on "
      "per-process medians, Holm-adjusted) stand beside each, with the smallest p the test could "
      "reach. How to read it: docs/scheduling.md.\n\n";
  int contended = 0, high_cv = 0, compared = 0;
  for (const ScheduleComparison& c : analysis.comparisons) {
    for (const ScheduleEntry& e : c.entries) {
      ++compared;
      const auto has = [&](const char* flag) {
        return std::find(e.stability_flags.begin(), e.stability_flags.end(), flag) !=
               e.stability_flags.end();
      };
      contended += has("contended");
      high_cv += has("high_cv");
    }
  }
  // Only contention decides (a static schedule cannot move work off a core another process
  // shares, so it exaggerates what dynamic scheduling buys); high_cv is a process's few
  // repetitions varying, a spread the process-level interval already holds.
  if (contended > 0) {
    out += fmt::format(
        "**{} of the {} compared points were contended in a process they use** (marked in the "
        "tables); one contended in every process decides nothing. Rerun on a quiet machine "
        "before relying on them.\n\n",
        contended, compared);
  }
  if (high_cv > 0) {
    out += fmt::format(
        "{} of the {} compared points are marked high_cv: a process's repetitions varied more "
        "than `--max-cv`; the interval over processes already holds that spread.\n\n",
        high_cv, compared);
  }
  std::map<std::string, std::vector<const ScheduleComparison*>> workloads;
  std::vector<std::string> order;
  for (const ScheduleComparison& c : analysis.comparisons) {
    if (!workloads.count(c.workload)) order.push_back(c.workload);
    workloads[c.workload].push_back(&c);
  }
  for (const std::string& workload : order) {
    const auto& by_threads = workloads[workload];
    out += fmt::format("### {}\n\n", workload);
    // In words at the most threads only; the table has every thread count.
    out += reading(*by_threads.back()) + "\n\n";
    out += workload_table(by_threads) + "\n";
    const std::string heat_map =
        fmt::format("plots/schedules-{}-heatmap.png", by_threads.front()->kernel);
    if (std::find(plots.begin(), plots.end(), heat_map) != plots.end()) {
      out += fmt::format("![{} schedules]({})\n\n", workload, heat_map);
    }
  }
  return out + overhead_table(analysis);
}

}  // namespace sb
