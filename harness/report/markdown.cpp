// report.md: what a reviewer attaches to a scale-claim review.
#include "harness/report/markdown.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "harness/analysis/sweep_analysis.hpp"
#include "harness/core/stats.hpp"
#include "harness/core/table.hpp"
#include "harness/report/evidence_markdown.hpp"
#include "harness/report/kernel_markdown.hpp"
#include "harness/report/machine_markdown.hpp"
#include "harness/report/mpi_markdown.hpp"
#include "harness/report/program_markdown.hpp"
#include "harness/report/scheduling_markdown.hpp"
#include "harness/report/summary_markdown.hpp"
#include "harness/results/measured_point.hpp"
#include "harness/results/stability.hpp"

namespace sb {
namespace {

// More processes than this and a measure's values are summarised (exec: one process a run).
constexpr std::size_t kListedProcesses = 8;

// Numbers a kernel reports besides time (the racy counter's lost updates), process by process,
// beside the verification text of the same verdict: the two say the same thing.
std::string findings_section(const Results& results) {
  // Per kernel and measure, the rows of its points; a measure with one value throughout (a
  // workload's steps a run) collapses to one row.
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> rows;
  std::map<std::pair<std::string, std::string>, std::set<double>> values_seen;
  for (const MeasuredPoint& m : measured_points(results)) {
    for (const auto& [name, value] : m.point().measures) {
      if (m.point().backend == kMpiBackend && shown_with_distributed_kernels(name)) continue;
      const auto shown = [&](double v) {
        return name.find("fraction") != std::string::npos ? fmt::format("{:.1f}%", 100 * v)
                                                          : fmt::format("{:.4g}", v);
      };
      std::vector<double> numbers;
      std::vector<std::string> values;
      for (const Point* p : m.processes) {
        const auto found = p->measures.find(name);
        if (found == p->measures.end()) continue;
        values_seen[{m.point().kernel, name}].insert(found->second);
        numbers.push_back(found->second);
        values.push_back(shown(found->second));
      }
      // A hundred runs of a program are summarised; a few processes are listed.
      std::string each = fmt::format("{}", fmt::join(values, ", "));
      if (numbers.size() > kListedProcesses) {
        std::sort(numbers.begin(), numbers.end());
        each = fmt::format("median {} (from {} to {}) over {}", shown(median(numbers)),
                           shown(numbers.front()), shown(numbers.back()), numbers.size());
      }
      rows[{m.point().kernel, name}].push_back(
          fmt::format("| {} | {} | `{}` | {} | {} |\n", m.point().series(), m.point().threads, name,
                      each, markdown_cell(m.point().verification)));
    }
  }
  std::string out;
  for (const auto& [key, lines] : rows) {
    const std::set<double>& seen = values_seen[key];
    if (seen.size() == 1 && lines.size() > 1) {
      out += fmt::format("| {} (all {} points) | | `{}` | {:.4g} | the same in every process |\n",
                         key.first, lines.size(), key.second, *seen.begin());
      continue;
    }
    for (const std::string& line : lines) out += line;
  }
  if (out.empty()) return out;
  const std::string what =
      measured_a_program(results)
          ? "What scalebench measured of each run besides its time: the program's user and system "
            "CPU time, peak memory and context switches (rusage), and what sampling its threads "
            "found. The last column is the first run's verification.\n\n"
          : "What a kernel counted while it ran, in each process (the racy counter's "
            "`lost_update_fraction`: the share of increments its unsynchronised read-modify-write "
            "lost). The last column is the first process's verification, from the same "
            "verdict.\n\n";
  return "## Findings besides time\n\n" + what +
         "| series | threads | measure | each process | first process's verification |\n"
         "|---|---:|---|---|---|\n" +
         out + "\n";
}

std::string limits_section(const Results& results, const Plots& plots) {
  std::set<int> threads;
  int oversubscribed = 0, unverified = 0, teaching = 0, mismatched = 0, left_out = 0;
  std::map<std::string, int> flagged;
  std::vector<std::string> failed;
  for (const MeasuredPoint& m : measured_points(results)) {
    const Point& p = m.point();
    threads.insert(p.threads);
    oversubscribed += p.oversubscribed;
    teaching += p.teaching_only;
    mismatched += m.placement_ok() == false;
    left_out += m.contended_processes_left_out();
    if (!m.verified() && !p.teaching_only) {
      ++unverified;
      const auto bad = std::find_if(m.processes.begin(), m.processes.end(),
                                    [](const Point* q) { return !q->verified; });
      failed.push_back(fmt::format("{}{} at {} threads: {}", p.series(),
                                   p.fault_injected ? " (fault injected)" : "", p.threads,
                                   (*bad)->error.empty() ? (*bad)->verification : (*bad)->error));
    }
    if (p.teaching_only) continue;
    for (const std::string& flag : m.stability_flags()) ++flagged[flag];
  }
  const nlohmann::json& topology = results.manifest.value("topology", nlohmann::json::object());
  std::string out = "## Limits of this evidence\n\n";
  const nlohmann::json& quota = results.manifest.value("cpu_quota", nlohmann::json());
  out += fmt::format(
      "- Thread counts measured: {}. This machine allows {} cores and {} PUs{}: "
      "claims about more threads are not testable here.\n",
      fmt::join(threads, ", "), topology.value("cores", 0), topology.value("pus", 0),
      quota.is_object() ? fmt::format(", and a CPU quota of {} CPUs", quota.value("cpus", 0.0))
                        : "");
  out += fmt::format(
      "- {} oversubscribed, {} unverified, {} teaching-only and {} misplaced points "
      "are shown but kept out of speedups and fits.\n",
      oversubscribed, unverified, teaching, mismatched);
  // The first failures name the problem; flagged.csv lists every flagged point.
  constexpr std::size_t kNamed = 5;
  for (std::size_t i = 0; i < std::min(failed.size(), kNamed); ++i) {
    out += fmt::format("- **Failed verification:** {}\n", failed[i]);
  }
  if (failed.size() > kNamed) {
    out += fmt::format("- ... and {} more failed verifications (flagged.csv)\n",
                       failed.size() - kNamed);
  }
  if (!flagged.empty()) {
    std::vector<std::string> counts;
    for (const auto& [flag, count] : flagged) counts.push_back(fmt::format("{} {}", count, flag));
    out += fmt::format(
        "- Flagged in a process they use: {} (high_cv: that process's few repetitions varied more "
        "than --max-cv, a spread the process-level interval already holds; contended: other "
        "processes ran on its cores). Every flagged point, with its flags: `flagged.csv`.\n",
        fmt::join(counts, ", "));
  }
  if (left_out > 0) {
    out += fmt::format(
        "- {} contended process measurements were kept in results.json but left out of their "
        "points' estimates (each point kept its quiet processes).\n",
        left_out);
  }
  const nlohmann::json load = results.manifest.value("machine_load", nlohmann::json::object());
  for (const char* when : {"before", "after"}) {
    if (load.contains(when) && load[when].value("other_busy_cpus", 0.0) > kBusyCpus) {
      out += fmt::format(
          "- **The machine was busy {} the sweep:** other processes used {:.2f} "
          "CPUs (load average {:.2f}).\n",
          when, load[when].value("other_busy_cpus", 0.0),
          load[when].value("load_average_1min", 0.0));
    }
  }
  if (topology.value("numa_nodes", 1) <= 1) {
    out += "- One NUMA node: remote-memory effects were not measured.\n";
  }
  if (topology.value("packages", 1) <= 1)
    out += "- One package: cross-socket effects were not measured.\n";
  out += "- Wall time only: no hardware performance counters, energy or frequency were recorded.\n";
  out +=
      "- Speedup is relative to each series' own 1-thread run; COST compares with the best "
      "sequential variant of the kernel.\n";
  out +=
      "- Intervals cover the variation between processes and repetitions on this machine, not "
      "other machines, builds or inputs, nor an offset all processes of one invocation share "
      "(across invocations, a median's 95% interval held another invocation's estimate 84% of "
      "the time where about 89% is expected: results/coverage-2core).\n";
  if (!plots.problem.empty()) out += fmt::format("- Plots were not drawn: {}.\n", plots.problem);
  return out;
}

}  // namespace

std::string report_markdown(const ReportInputs& in) {
  std::string out = summary_markdown(in);
  out += "---\n\n# Details\n\n";
  out += method_markdown(in.analysis, in.results) + machine_markdown(in.results);
  out += program_markdown(in.results);
  out += mpi_markdown(in.results);
  for (const std::string& kernel : kernels_in_order(in.analysis)) {
    out += kernel_markdown(in.analysis, kernel, in.plots.files);
  }
  out += findings_section(in.results);
  out += scheduling_markdown(in.scheduling, in.plots.files);
  out += in.claims_details;
  out += limits_section(in.results, in.plots);
  return out;
}

}  // namespace sb
