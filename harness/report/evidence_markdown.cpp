#include "harness/report/evidence_markdown.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "harness/report/program_markdown.hpp"

namespace sb {
namespace {

// A precision-stopped sweep: which points reached the target, and which the budget or the
// process limit cut short.
std::string precision_paragraph(const Analysis& analysis, const Results& results) {
  const double target = precision_target(results);
  if (target <= 0) return {};
  std::vector<std::string> short_of;
  int reached = 0;
  for (const SeriesAnalysis& s : analysis.series) {
    for (const ThreadStats& t : s.scaling.by_threads) {
      if (within_precision(t.level, target)) {
        ++reached;
      } else {
        short_of.push_back(fmt::format("{} at {} ({} processes, +-{:.1f}%)", s.label(), t.threads,
                                       t.level.processes,
                                       50 * (t.seconds.high - t.seconds.low) / t.seconds.estimate));
      }
    }
  }
  const nlohmann::json& m = results.manifest;
  std::string out = fmt::format(
      "Precision target: every eligible point's 95% half-width within {:.3g}% of its estimate. "
      "{} of {} points reached it",
      100 * target, reached, reached + static_cast<int>(short_of.size()));
  if (short_of.empty()) return out + ".\n\n";
  // The first screen names a few; the tables give every point's processes and interval.
  constexpr std::size_t kNamed = 8;
  const std::size_t named = std::min(short_of.size(), kNamed);
  return out +
         fmt::format(" in {} rounds{}; {} did not: {}{}.\n\n", m.value("rounds_run", 0),
                     m.value("budget_spent", false) ? ", when the budget ran out" : "",
                     short_of.size(),
                     fmt::join(short_of.begin(), short_of.begin() + static_cast<long>(named), "; "),
                     short_of.size() > named
                         ? fmt::format("; and {} more (see the tables)", short_of.size() - named)
                         : "");
}

// How the numbers were made: processes a point, and which variance dominates.
std::string design_section(const Analysis& analysis, const Results& results) {
  std::set<int> processes;
  int single = 0, points = 0, between_dominates = 0, both_known = 0;
  for (const SeriesAnalysis& s : analysis.series) {
    for (const ThreadStats& t : s.scaling.by_threads) {
      ++points;
      processes.insert(t.level.processes);
      single += !t.process_level();
      if (t.level.within_cv && t.level.between_cv) {
        ++both_known;
        between_dominates += *t.level.between_cv > *t.level.within_cv;
      }
    }
  }
  const std::string count = processes.empty() ? std::string("no")
                            : processes.size() == 1
                                ? std::to_string(*processes.begin())
                                : fmt::format("{} to {}", *processes.begin(), *processes.rbegin());
  std::string out =
      measured_a_program(results)
          ? fmt::format(
                "Each point was run {} time(s), every run a fresh process of the program "
                "started inside its planned PUs (a run is both the process and the "
                "repetition). ",
                count)
          : fmt::format(
                "Each point was measured in {} independent worker process(es), several "
                "repetitions in each. ",
                count);
  out +=
      "Times are the geometric mean of the per-process medians with a 95% Student t "
      "interval on K-1 degrees of freedom (the process is the unit; under a precision target, "
      "the spread and degrees of freedom of its first processes, Stein's correction); speedups "
      "T_1/T_p come from "
      "independent processes (Welch t on the log scale); fits take one summary a thread count, "
      "weighted by its process-level error, and use only verified, correctly placed, not "
      "oversubscribed points. ";
  if (both_known > 0) {
    out += fmt::format(
        "The spread between processes exceeds the spread between repetitions at {} of {} points "
        "(both are in the tables as `within` and `between`, relative standard deviations). ",
        between_dominates, both_known);
  }
  if (single > 0) {
    out += fmt::format(
        "**{} of {} points ran in a single process: their intervals cover repetition noise "
        "only, not the offset a new process brings, and no comparison decides on them.** ",
        single, points);
  }
  return out + "Formulas: docs/models.md.\n\n";
}

// One note for every model the thread counts cannot identify, instead of one a table row.
std::string unidentified_note(const Analysis& analysis) {
  int unidentified = 0;
  for (const SeriesAnalysis& s : analysis.series) {
    if (s.backend != "seq" && !s.weak_scaling && !s.scaling.by_threads.empty() &&
        !s.scaling.usl.fitted) {
      ++unidentified;
    }
  }
  if (unidentified == 0) return {};
  return fmt::format(
      "A dash (—) in a fits table: not identifiable. The USL and Amdahl's speedup limit need at "
      "least 3 distinct eligible thread counts; {} series have fewer, so no USL, limit or peak is "
      "given for them, and Amdahl is the preferred model only because it is the only one the "
      "thread counts identify.\n\n",
      unidentified);
}

}  // namespace

std::string method_markdown(const Analysis& analysis, const Results& results) {
  return "## How the numbers were made\n\n" + design_section(analysis, results) +
         "Each kernel's table has one row a series: its 1-thread time T1, and at its most "
         "eligible threads p the time Tp, the variance components (within a process / between "
         "processes), speedup T1/Tp and efficiency with 95% intervals, and Karp-Flatt; then the "
         "fits and COST. Every thread count is in speedup.csv and the plots; every flagged point "
         "in flagged.csv.\n\n" +
         precision_paragraph(analysis, results) + unidentified_note(analysis);
}

}  // namespace sb
