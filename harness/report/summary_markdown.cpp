#include "harness/report/summary_markdown.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "harness/core/number_format.hpp"
#include "harness/report/kernel_markdown.hpp"
#include "harness/report/machine_markdown.hpp"
#include "harness/report/program_markdown.hpp"

namespace sb {
namespace {

// The title carries the verdict; the gate's table gives its reasons.
std::string verdict_section(const Validity& validity) {
  std::string out;
  if (validity.valid()) {
    out = "# scalebench report: valid evidence\n\n";
  } else {
    std::vector<std::string> failed;
    for (const GateCriterion& c : validity.criteria) {
      if (!c.passed) failed.push_back(c.name);
    }
    out = fmt::format(
        "# scalebench report: not valid evidence (failed: {})\n\nEverything measured is kept "
        "as a record, but no claim is decided on it (\"not testable here\").\n\n",
        fmt::join(failed, ", "));
  }
  out += "| validity gate | result | measured |\n|---|---|---|\n";
  for (const GateCriterion& c : validity.criteria) {
    // A criterion with nothing to judge passes, but says so rather than "passed".
    out += fmt::format("| {} | {} | {} |\n", c.name,
                       !c.passed  ? "**failed**"
                       : c.judged ? "passed"
                                  : "not judged",
                       c.detail);
  }
  return out + "\n";
}

// What was swept, in one paragraph: the factors a reader needs before any number.
std::string sweep_line(const Analysis& analysis, const Results& results) {
  const nlohmann::json& m = results.manifest;
  const nlohmann::json sweep = m.value("sweep", nlohmann::json::object());
  std::set<int> processes;
  std::set<std::string> kernels;
  for (const SeriesAnalysis& s : analysis.series) {
    kernels.insert(s.kernel);
    for (const ThreadStats& t : s.scaling.by_threads) processes.insert(t.level.processes);
  }
  const std::string process_text =
      processes.empty() ? std::string("no eligible points")
      : processes.size() == 1
          ? fmt::format("{} process(es)", *processes.begin())
          : fmt::format("{} to {} processes", *processes.begin(), *processes.rbegin());
  const auto list = [](const nlohmann::json& values) {
    std::vector<std::string> text;
    for (const nlohmann::json& v : values) text.push_back(v.dump());
    return fmt::format("{}", fmt::join(text, ", "));
  };
  std::string threads_text = "threads " + list(sweep.value("threads", nlohmann::json::array()));
  // Over MPI ranks: exec --ranks' threads are a rank's; run's distributed kernels have their own.
  const nlohmann::json ranks = sweep.value("ranks", nlohmann::json::array());
  if (!ranks.empty()) {
    const std::string per_rank =
        list(sweep.contains("threads_per_rank") ? sweep.at("threads_per_rank")
                                                : sweep.value("threads", nlohmann::json::array()));
    const std::string rank_text =
        fmt::format("ranks {} x threads a rank {}", list(ranks), per_rank);
    const bool only_ranks =
        measured_a_program(results) ||
        std::all_of(analysis.series.begin(), analysis.series.end(),
                    [](const SeriesAnalysis& s) { return s.threads_per_rank > 0; });
    threads_text = only_ranks
                       ? rank_text
                       : fmt::format("{} (distributed kernels: {})", threads_text, rank_text);
  }
  if (measured_a_program(results)) {
    return fmt::format(
        "**Sweep.** {}; {} pinned {}; each point {} run(s), every run a fresh process, "
        "in shuffled rounds; {}. Every factor: the settings table under Details.\n\n",
        program_line(results), threads_text, sweep.value("pin", std::string("?")),
        processes.empty()       ? std::string("no eligible")
        : processes.size() == 1 ? std::to_string(*processes.begin())
                                : fmt::format("{} to {}", *processes.begin(), *processes.rbegin()),
        build_and_time_text(results));
  }
  return fmt::format(
      "**Sweep.** {} kernels ({}); {} pinned {}; each point in {} of {} repetitions; {}. "
      "Every factor: the settings table under Details.\n\n",
      kernels.size(), fmt::join(kernels, ", "), threads_text, sweep.value("pin", std::string("?")),
      process_text, sweep.value("repetitions", 0), build_and_time_text(results));
}

// Per kernel: at the largest thread count any of its series measured eligibly (verified,
// placed, not oversubscribed), the series whose time has the lowest 95% upper bound, with speedup
// and efficiency intervals.
std::string headline_section(const Analysis& analysis, bool program) {
  std::string out =
      program ? "### The program at its most eligible thread count: speedup T1/Tp against its "
                "own run told 1 thread, on one PU\n"
              : "### Each kernel at its most eligible threads: the series whose time has the "
                "lowest 95% upper bound, speedup T1/Tp against its own 1-thread run (a series over "
                "MPI ranks: its 1-rank run, threads then ranks x threads a rank)\n";
  out +=
      "| kernel | series | threads | time | speedup | efficiency |\n"
      "|---|---|---:|---|---|---|\n";
  for (const std::string& kernel : kernels_in_order(analysis)) {
    const SeriesAnalysis* best = nullptr;
    const ThreadStats* at = nullptr;
    std::string no_baseline;
    for (const SeriesAnalysis& s : analysis.series) {
      if (s.kernel != kernel || s.backend == "seq") continue;
      if (!s.scaling.baseline_note.empty()) {
        no_baseline = s.scaling.baseline_note;
        continue;
      }
      for (const ThreadStats& t : s.scaling.by_threads) {
        // Its own baseline is no result: speedup 1 by definition.
        if (t.threads == s.scaling.workers_per_unit) continue;
        const bool more = at == nullptr || t.threads > at->threads;
        // By the upper bound: a noisy point does not win the headline by luck.
        const bool faster =
            at != nullptr && t.threads == at->threads && t.seconds.high < at->seconds.high;
        if (more || faster) best = &s, at = &t;
      }
    }
    if (best == nullptr) {
      out += fmt::format("| {} | {} | | | | |\n", kernel,
                         no_baseline.empty() ? std::string("no eligible parallel point")
                                             : "no speedup: " + no_baseline);
      continue;
    }
    std::string note;
    if (!at->process_level()) note = " (one process: no comparison decides on it)";
    if (best->weak_scaling) note += " (weak scaling: scaled speedup)";
    const int per_rank = best->threads_per_rank;
    out += fmt::format("| {} | {}{} | {} | {} | {} | {} |\n", kernel,
                       per_rank > 0 ? best->label() : best->name(), note,
                       per_rank > 0 ? fmt::format("{} x {}", at->threads / per_rank, per_rank)
                                    : std::to_string(at->threads),
                       time_interval_text(at->seconds), interval_text(at->speedup),
                       interval_text(at->efficiency));
  }
  return out + "\n";
}

std::string finding_text(const Decision& d) {
  switch (d.finding) {
    case Finding::real_difference:
      return "really slower";
    case Finding::within_margin:
      return "within the 2% margin";
    case Finding::cannot_tell:
      break;
  }
  return "cannot tell";
}

// Per workload at the most threads compared: the fastest, and how far the runner-up is from it.
std::string schedules_section(const SchedulingAnalysis& scheduling) {
  std::map<std::string, const ScheduleComparison*> last;
  std::vector<std::string> order;
  for (const ScheduleComparison& c : scheduling.comparisons) {
    if (!last.count(c.workload)) order.push_back(c.workload);
    const ScheduleComparison*& slot = last[c.workload];
    if (slot == nullptr || c.threads > slot->threads) slot = &c;
  }
  if (order.empty()) return {};
  std::string out =
      "### Best schedule of each workload at its most threads: runner-up / fastest with its "
      "interval widened for the workload's other schedules; best OpenMP / best oneTBB, one planned "
      "comparison, with its 95% interval\n"
      "| workload | threads | fastest | runner-up / fastest | best OpenMP / best oneTBB |\n"
      "|---|---:|---|---|---|\n";
  for (const std::string& workload : order) {
    const ScheduleComparison& c = *last.at(workload);
    const ScheduleEntry& best = c.entries.front();
    if (!best.eligible) {
      out += fmt::format("| {} | {} | none eligible | | |\n", workload, c.threads);
      continue;
    }
    std::string runner_up = "no other schedule";
    if (c.entries.size() > 1 && c.entries[1].vs_best) {
      const Decision& d = *c.entries[1].vs_best;
      runner_up = fmt::format("`{}` {}: {}", c.entries[1].name(), interval_text(d.interval),
                              finding_text(d));
    }
    std::string runtimes;
    if (c.omp_over_tbb) {
      const Decision& d = *c.omp_over_tbb;
      runtimes = fmt::format("{}: {}", interval_text(d.interval),
                             d.finding == Finding::real_difference
                                 ? (d.interval.estimate < 1 ? "OpenMP faster" : "oneTBB faster")
                                 : finding_text(d));
    }
    out += fmt::format("| {} | {} | `{}` {} | {} | {} |\n", workload, c.threads, best.name(),
                       time_interval_text(best.median_s), runner_up, runtimes);
  }
  return out + "\n";
}

}  // namespace

std::string summary_markdown(const ReportInputs& in) {
  std::string out = verdict_section(in.validity);
  out += machine_line(in.results) + " " + sweep_line(in.analysis, in.results);
  if (!in.results.complete) out += "**The sweep did not finish: this report covers what did.**\n\n";
  if (!in.claims_summary.empty()) out += "### Claims\n" + in.claims_summary + "\n";
  out += headline_section(in.analysis, measured_a_program(in.results)) +
         schedules_section(in.scheduling);
  return out;
}

}  // namespace sb
