// The report's scheduling section: which schedule wins on each workload, in words and tables.
#include "harness/report/scheduling_markdown.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "harness/analysis/schedule_comparison.hpp"
#include "harness/analysis/significance.hpp"

namespace sb {
namespace {

std::string p_text(double p) { return p < 0.001 ? "p < 0.001" : fmt::format("p = {:.3f}", p); }

std::string ratio_text(const Interval& r) {
  return fmt::format("{:.2f}x [{:.2f}, {:.2f}]", r.estimate, r.low, r.high);
}

std::string entry_name(const ScheduleEntry& e) {
  return fmt::format("{} `{}`", e.runtime, e.variant);
}

// The plain-words reading of one thread count: the winner, how the static schedules fare, what
// is within noise, and the best of each runtime against the other.
std::string reading(const ScheduleComparison& c) {
  const ScheduleEntry& best = c.entries.front();
  std::string out =
      fmt::format("At {} thread{}, the fastest is {} ({:.3f} ms).", c.threads,
                  c.threads == 1 ? "" : "s", entry_name(best), best.median_s.estimate * 1e3);
  for (std::size_t i = 1; i < c.entries.size(); ++i) {
    const ScheduleEntry& e = c.entries[i];
    if (e.variant != "static") continue;  // the default a reader would otherwise pick
    out += e.slower_than_best
               ? fmt::format(" Plain {} is slower by {} ({}).", entry_name(e),
                             ratio_text(e.ratio_to_best), p_text(e.p_vs_best))
               : fmt::format(" Plain {} is within noise of it ({:.2f}x, {}).", entry_name(e),
                             e.ratio_to_best.estimate, p_text(e.p_vs_best));
  }
  std::vector<std::string> ties;
  for (std::size_t i = 1; i < c.entries.size(); ++i) {
    if (!c.entries[i].slower_than_best) ties.push_back(fmt::format("`{}`", c.entries[i].name()));
  }
  out += ties.empty() ? " Every other schedule is significantly slower."
                      : fmt::format(" Indistinguishable from it: {} of {} others ({}).",
                                    ties.size(), c.entries.size() - 1, fmt::join(ties, ", "));
  const ScheduleEntry& worst = c.entries.back();
  if (worst.slower_than_best) {
    out += fmt::format(" The slowest, `{}`, loses {:.2f}x.", worst.name(),
                       worst.ratio_to_best.estimate);
  }
  if (c.omp_over_tbb) {
    const bool differs = c.omp_vs_tbb_p < kSignificanceLevel;
    out += fmt::format(" Best OpenMP (`{}`) over best oneTBB (`{}`): {}, {} ({}).",
                       c.entries[*c.best_omp].variant, c.entries[*c.best_tbb].variant,
                       ratio_text(*c.omp_over_tbb), differs ? "a real difference" : "within noise",
                       p_text(c.omp_vs_tbb_p));
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
      std::string mark = e == c->entries.begin() ? "**fastest**"
                         : e->slower_than_best
                             ? fmt::format("{:.2f} [{:.2f}, {:.2f}]", e->ratio_to_best.estimate,
                                           e->ratio_to_best.low, e->ratio_to_best.high)
                             : fmt::format("{:.2f}, within noise", e->ratio_to_best.estimate);
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
      "Every parallel variant of a workload, ranked by median time at each thread count. Each is "
      "tested against the fastest with a two-sided Mann-Whitney U test, Holm-adjusted over the "
      "workload's schedules at that thread count; \"within noise\" means adjusted p >= 0.05. "
      "Ratios are medians over the fastest's, with 95% bootstrap intervals. Repetitions of a "
      "kernel's variants ran interleaved in random order within each runtime's process; the two "
      "runtimes ran in separate processes (so their threads never competed), which makes OpenMP "
      "against oneTBB a comparison between processes: a few percent can be the process (its "
      "pages, its start) rather than the runtime. How to read it: docs/scheduling.md.\n\n";
  int unstable = 0, compared = 0;
  for (const ScheduleComparison& c : analysis.comparisons) {
    for (const ScheduleEntry& e : c.entries) {
      ++compared;
      unstable += !e.stability_flags.empty();
    }
  }
  if (unstable > 0) {
    out += fmt::format(
        "**{} of the {} compared points are flagged unstable** (marked in the tables): their "
        "repetitions varied more than `--max-cv`, or other processes ran on their cores. A "
        "static schedule cannot move work away from a core another process shares, so such "
        "points exaggerate what dynamic scheduling buys. Rerun on a quiet machine before "
        "relying on them.\n\n",
        unstable, compared);
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
    for (auto c = by_threads.rbegin(); c != by_threads.rend(); ++c) out += reading(**c) + "\n\n";
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
