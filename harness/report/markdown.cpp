// report.md: what a reviewer attaches to a scale-claim review.
#include "harness/report/markdown.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "harness/analysis/sweep_analysis.hpp"
#include "harness/report/evidence_markdown.hpp"
#include "harness/core/stats.hpp"
#include "harness/results/measured_point.hpp"
#include "harness/results/stability.hpp"

namespace sb {
namespace {

std::string value_or(const nlohmann::json& j, const char* key, const std::string& fallback = "?") {
  if (!j.is_object() || !j.contains(key) || j.at(key).is_null()) return fallback;
  return j.at(key).is_string() ? j.at(key).get<std::string>() : j.at(key).dump();
}

std::string machine_section(const Results& results) {
  const nlohmann::json& m = results.manifest;
  std::string out = "## Machine\n\n";
  out += fmt::format("- host `{}`, CPU {}\n", value_or(m, "host"), value_or(m, "cpu_model"));
  if (m.contains("topology")) {
    out += fmt::format("- topology: {}\n", value_or(m.at("topology"), "summary"));
  }
  if (m.contains("compiler")) {
    out += fmt::format("- compiler {} (`{}`), build {}\n", value_or(m.at("compiler"), "id"),
                       value_or(m, "cxx_flags"), value_or(m, "build_type"));
  }
  if (m.contains("libraries")) {
    std::vector<std::string> libraries;
    for (const auto& [name, version] : m.at("libraries").items()) {
      libraries.push_back(fmt::format(
          "{} {}", name, version.is_string() ? version.get<std::string>() : version.dump()));
    }
    out += fmt::format("- libraries: {}\n", fmt::join(libraries, "; "));
  }
  if (m.contains("environment") && !m.at("environment").empty()) {
    out += fmt::format("- runtime environment: `{}`\n", m.at("environment").dump());
  }
  if (m.contains("git") && m.at("git").is_object()) {
    out += fmt::format("- built from commit `{}`{}\n", value_or(m.at("git"), "commit"),
                       m.at("git").value("dirty", false) ? " (with uncommitted changes)" : "");
  } else if (m.contains("git")) {
    out += "- built from: unknown (not built from a git checkout)\n";
  }
  out += fmt::format("- measured {} to {}; sweep `{}`\n\n", value_or(m, "start_time"),
                     value_or(m, "end_time"), m.contains("sweep") ? m.at("sweep").dump() : "?");
  if (!results.complete) out += "**The sweep did not finish: this report covers what did.**\n\n";
  return out;
}

std::string kernel_section(const Analysis& analysis, const std::string& kernel,
                           const std::vector<std::string>& plots) {
  std::string out = fmt::format("## {}\n\n", kernel);
  const auto best = analysis.best_sequential_seconds.find(kernel);
  if (best != analysis.best_sequential_seconds.end()) {
    out += fmt::format(
        "Best sequential variant: `{}`, {:.3f} ms. COST compares every "
        "series with it.\n\n",
        analysis.best_sequential_variant.at(kernel), best->second * 1e3);
  }
  out +=
      "| series | threads | processes | ms (95% CI) | within / between | speedup (95% CI; scaled "
      "for weak) | efficiency | Karp-Flatt | GB/s |\n|---|---:|---:|---|---|---|---:|---:|---:|\n";
  for (const SeriesAnalysis& s : analysis.series) {
    if (s.kernel != kernel) continue;
    for (const ThreadStats& t : s.scaling.by_threads) {
      std::string bandwidth;
      for (const MeasuredPoint& m : s.points) {
        const Point& p = m.point();
        if (p.threads == t.threads && p.bytes_per_run) {
          bandwidth = fmt::format("{:.1f}", *p.bytes_per_run / t.seconds.estimate / 1e9);
        }
      }
      const bool has_speedup = s.scaling.baseline_note.empty();
      const auto percent = [](const std::optional<double>& cv) {
        return cv ? fmt::format("{:.1f}%", 100 * *cv) : std::string("n/a");
      };
      out += fmt::format(
          "| {} | {} | {} | {:.3f} ({:.3f} to {}) | {} / {} | {} | {} | {} | {} |\n", s.label(),
          t.threads, t.level.processes, t.seconds.estimate * 1e3, t.seconds.low * 1e3,
          std::isfinite(t.seconds.high) ? fmt::format("{:.3f}", t.seconds.high * 1e3)
                                        : std::string("unbounded"),
          percent(t.level.within_cv), percent(t.level.between_cv),
          has_speedup ? fmt::format("{:.2f} ({:.2f} to {:.2f})", t.speedup.estimate, t.speedup.low,
                                    t.speedup.high)
                      : "n/a",
          has_speedup ? fmt::format("{:.2f}", t.efficiency.estimate) : "n/a",
          t.karp_flatt ? fmt::format("{:.3f}", *t.karp_flatt) : "", bandwidth);
    }
    for (const ExcludedPoint& e : s.excluded) {
      out += fmt::format("| {} | {} | | excluded: {} | | | | | |\n", s.label(), e.threads,
                         fmt::join(e.reasons, ", "));
    }
  }
  bool any_ceiling = false;
  for (const SeriesAnalysis& s : analysis.series) {
    if (s.kernel != kernel || s.ceilings.empty()) continue;
    if (!any_ceiling) {
      out += fmt::format(
          "\n### Against the {0} ceiling\n\n| series | threads | GB/s | {0} GB/s | "
          "fraction | reading |\n|---|---:|---:|---:|---:|---|\n",
          fmt::join(analysis.bandwidth_ceilings, " and "));
      any_ceiling = true;
    }
    for (const Ceiling& c : s.ceilings) {
      out += fmt::format("| {} | {} | {:.1f} | {:.1f} | {:.2f} | {} |\n", s.name(), c.threads,
                         c.gb_per_second, c.ceiling_gb_per_second, c.fraction, c.label);
    }
  }
  if (any_ceiling) {
    out += fmt::format(
        "\nMemory-bound: within 20% of what {} draws at the same thread count, so more threads "
        "help only as far as bandwidth grows. Overhead-bound: further below, so something other "
        "than memory (scheduling, combining, a serial part) limits it.\n",
        fmt::join(analysis.bandwidth_ceilings, " and "));
  }
  out +=
      "\n### Fits and COST\n\n| series | Amdahl serial fraction (95% CI) | speedup limit | "
      "USL | preferred | COST |\n|---|---|---:|---|---|---|\n";
  for (const SeriesAnalysis& s : analysis.series) {
    if (s.kernel != kernel || s.backend == "seq" || s.scaling.by_threads.empty()) continue;
    // Full refusals and notes are in analysis.json; the table keeps them short.
    std::string amdahl = s.scaling.amdahl.fitted ? "" : "not fitted: " + s.scaling.amdahl.refusal;
    std::string limit;
    std::string usl =
        s.scaling.usl.fitted ? "" : "not identifiable from fewer than 3 thread counts";
    if (const Parameter* p = s.scaling.amdahl.find("serial_fraction")) {
      amdahl = std::isnan(p->low)
                   ? fmt::format("{:.4f} (no interval: as many coefficients as samples)", p->value)
                   : fmt::format("{:.4f} ({:.4f} to {:.4f})", p->value, p->low, p->high);
      const Parameter* l = s.scaling.amdahl.find("speedup_limit");
      limit = l == nullptr ? "n/a: needs 3 thread counts"
              : std::isnan(l->low)
                  ? fmt::format("{:.2f} (no interval)", l->value)
                  : fmt::format("{:.2f} ({:.2f} to {})", l->value, l->low,
                                std::isfinite(l->high) ? fmt::format("{:.2f}", l->high)
                                                       : std::string("unbounded"));
      if (p->value > 1) amdahl += "; slower with more threads: contention, not a serial fraction";
      if (p->value < 0) amdahl += "; superlinear: outside Amdahl's domain";
    }
    if (s.scaling.usl.fitted) {
      usl = fmt::format("sigma {:.4g}, kappa {:.4g}", s.scaling.usl.find("sigma")->value,
                        s.scaling.usl.find("kappa")->value);
    }
    if (s.weak_scaling) {
      const ModelFit& g = s.scaling.gustafson;
      const Parameter* gs = g.find("serial_fraction");
      out += fmt::format("| {} | Gustafson (weak scaling): {} | | n/a | gustafson | n/a |\n",
                         s.label(),
                         gs ? fmt::format("{:.4f} ({:.4f} to {:.4f})", gs->value, gs->low, gs->high)
                            : "not fitted: " + g.refusal);
      continue;
    }
    const std::string cost = s.cost_threads ? fmt::format("{} threads", *s.cost_threads)
                             : analysis.best_sequential_seconds.count(s.kernel)
                                 ? std::string("never (in the measured range)")
                                 : std::string("n/a: no sequential baseline");
    const std::string preferred =
        s.scaling.usl.fitted ? s.scaling.preferred : "amdahl (only one identifiable)";
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", s.name(), amdahl, limit, usl, preferred,
                       cost);
  }
  out += "\n";
  for (const std::string& plot : plots) {
    if (plot.find("-" + kernel + ".png") != std::string::npos) {
      out += fmt::format("![{}]({})\n\n", plot, plot);
    }
  }
  return out;
}

std::string limits_section(const Results& results, const Plots& plots) {
  std::set<int> threads;
  int oversubscribed = 0, unverified = 0, teaching = 0, mismatched = 0;
  for (const Point& p : results.points) {
    threads.insert(p.threads);
    oversubscribed += p.oversubscribed;
    unverified += !p.verified && !p.teaching_only;
    teaching += p.teaching_only;
    mismatched += p.placement_ok == false;
  }
  const nlohmann::json& topology = results.manifest.value("topology", nlohmann::json::object());
  std::string out = "## Limits of this evidence\n\n";
  const nlohmann::json& quota = results.manifest.value("cpu_quota", nlohmann::json());
  out += fmt::format(
      "- Thread counts measured: {}. This machine allows {} cores and {} PUs{}: "
      "claims about more threads are not testable here.\n",
      fmt::join(threads, ", "), value_or(topology, "cores"), value_or(topology, "pus"),
      quota.is_object() ? fmt::format(", and a CPU quota of {} CPUs", value_or(quota, "cpus"))
                        : "");
  out += fmt::format(
      "- {} oversubscribed, {} unverified, {} teaching-only and {} misplaced points "
      "are shown but kept out of speedups and fits.\n",
      oversubscribed, unverified, teaching, mismatched);
  for (const Point& p : results.points) {
    if (p.verified || p.teaching_only) continue;
    out += fmt::format("- **Failed verification{}:** {} at {} threads: {}\n",
                       p.fault_injected ? " (fault injected on purpose)" : "", p.series(),
                       p.threads, p.error.empty() ? p.verification : p.error);
  }
  std::vector<std::string> unstable;
  int left_out = 0;
  for (const MeasuredPoint& m : measured_points(results)) {
    left_out += m.contended_processes_left_out();
    const std::vector<std::string> flags = m.stability_flags();
    if (flags.empty() || m.point().teaching_only) continue;
    unstable.push_back(fmt::format("{} at {} threads ({})", m.point().series(),
                                   m.point().threads, fmt::join(flags, ", ")));
  }
  if (!unstable.empty()) {
    out += fmt::format(
        "- **{} points flagged in a process they use** (high_cv: that process's few repetitions "
        "varied more than --max-cv; contended: every process was): {}.\n",
        unstable.size(), fmt::join(unstable, "; "));
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
      "other machines, builds or inputs.\n";
  if (!plots.problem.empty()) out += fmt::format("- Plots were not drawn: {}.\n", plots.problem);
  return out;
}

}  // namespace

std::string report_markdown(const Analysis& analysis, const Results& results,
                            const Validity& validity, const Plots& plots,
                            const std::string& sections) {
  std::string out = "# scalebench report\n\n";
  out += evidence_summary(analysis, results, validity);
  out += machine_section(results);
  std::vector<std::string> kernels;
  for (const SeriesAnalysis& s : analysis.series) {
    if (std::find(kernels.begin(), kernels.end(), s.kernel) == kernels.end())
      kernels.push_back(s.kernel);
  }
  for (const std::string& kernel : kernels) out += kernel_section(analysis, kernel, plots.files);
  out += sections;
  out += limits_section(results, plots);
  return out;
}

}  // namespace sb
