#include "harness/report/kernel_markdown.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "harness/core/number_format.hpp"

namespace sb {
namespace {

std::string percent(const std::optional<double>& cv) {
  return cv ? fmt::format("{:.1f}%", 100 * *cv) : std::string("n/a");
}

// The fitted model's columns: Amdahl's serial fraction and limit (or Gustafson's for weak
// scaling), the USL, and COST. A dash: not identifiable (the report says why once).
std::string fit_columns(const Analysis& analysis, const SeriesAnalysis& s) {
  if (s.weak_scaling) {
    const ModelFit& g = s.scaling.gustafson;
    const Parameter* gs = g.find("serial_fraction");
    return fmt::format("Gustafson {} | | | n/a (weak scaling)",
                       gs ? interval_text({gs->value, gs->low, gs->high, 0.95}, "{:.4f}")
                          : "not fitted: " + g.refusal);
  }
  std::string amdahl = s.scaling.amdahl.fitted ? "" : "not fitted: " + s.scaling.amdahl.refusal;
  std::string limit = "—";
  if (const Parameter* p = s.scaling.amdahl.find("serial_fraction")) {
    amdahl = std::isnan(p->low) ? fmt::format("{:.4f} (no interval)", p->value)
                                : interval_text({p->value, p->low, p->high, 0.95}, "{:.4f}");
    if (p->value > 1) amdahl += " (> 1: slower with more threads, contention)";
    if (p->value < 0) amdahl += " (< 0: superlinear, outside Amdahl's domain)";
    if (const Parameter* l = s.scaling.amdahl.find("speedup_limit")) {
      limit = std::isnan(l->low) ? fmt::format("{:.2f} (no interval)", l->value)
                                 : interval_text({l->value, l->low, l->high, 0.95}, "{:.2f}");
    }
  }
  const std::string usl =
      s.scaling.usl.fitted
          ? fmt::format("sigma {:.4g}, kappa {:.4g} ({})", s.scaling.usl.find("sigma")->value,
                        s.scaling.usl.find("kappa")->value, s.scaling.preferred)
          : "—";
  const std::string cost = s.cost_threads ? fmt::format("{} threads", *s.cost_threads)
                           : analysis.best_sequential_seconds.count(s.kernel)
                               ? std::string("not shown in the measured range")
                               : std::string("n/a: no sequential baseline");
  return fmt::format("{} | {} | {} | {}", amdahl, limit, usl, cost);
}

std::string series_row(const Analysis& analysis, const SeriesAnalysis& s) {
  const std::vector<ThreadStats>& rows = s.scaling.by_threads;
  const ThreadStats& one = rows.front();
  const ThreadStats& most = rows.back();
  const bool has_speedup = s.scaling.baseline_note.empty() && most.threads > one.threads;
  // T1: one thread, or a distributed series' one rank (of its threads per rank).
  const std::string t1 = one.threads == s.scaling.workers_per_unit ? time_interval_text(one.seconds)
                                                                   : std::string("not measured");
  if (s.backend == "seq") {
    return fmt::format(
        "| {} | {} | {} | | | {} | | | | | | | |\n", s.label(), one.level.processes, t1,
        fmt::format("{} / {}", percent(one.level.within_cv), percent(one.level.between_cv)));
  }
  return fmt::format("| {} | {} | {} | {} | {} | {} / {} | {} | {} | {} | {} |\n", s.label(),
                     most.level.processes, t1, most.threads, time_interval_text(most.seconds),
                     percent(most.level.within_cv), percent(most.level.between_cv),
                     has_speedup ? interval_text(most.speedup, "{:.2f}") : std::string("n/a"),
                     has_speedup ? interval_text(most.efficiency, "{:.2f}") : std::string("n/a"),
                     most.karp_flatt ? fmt::format("{:.3f}", *most.karp_flatt) : std::string(),
                     fit_columns(analysis, s));
}

std::string ceiling_table(const Analysis& analysis, const std::string& kernel) {
  std::string out;
  for (const SeriesAnalysis& s : analysis.series) {
    if (s.kernel != kernel || s.ceilings.empty()) continue;
    const Ceiling& c = s.ceilings.back();  // at the most threads: where a ceiling binds
    out += fmt::format("| {} | {} | {:.1f} | {:.1f} | {:.2f} | {} |\n", s.name(), c.threads,
                       c.gb_per_second, c.ceiling_gb_per_second, c.fraction, c.label);
  }
  if (out.empty()) return out;
  const std::string ceilings = fmt::format("{}", fmt::join(analysis.bandwidth_ceilings, " and "));
  return fmt::format(
      "\nAgainst the {0} ceiling, at each series' most threads (every thread count: "
      "analysis.json). Memory-bound: within 20% of what {0} draws at the same thread count, so "
      "more threads help only as far as bandwidth grows; overhead-bound: further below, so "
      "something other than memory limits it.\n\n| series | threads | GB/s | {0} GB/s | "
      "fraction | reading |\n|---|---:|---:|---:|---:|---|\n{1}",
      ceilings, out);
}

}  // namespace

std::vector<std::string> kernels_in_order(const Analysis& analysis) {
  std::vector<std::string> kernels;
  for (const SeriesAnalysis& s : analysis.series) {
    if (std::find(kernels.begin(), kernels.end(), s.kernel) == kernels.end()) {
      kernels.push_back(s.kernel);
    }
  }
  return kernels;
}

std::string kernel_markdown(const Analysis& analysis, const std::string& kernel,
                            const std::vector<std::string>& plots) {
  std::string out = fmt::format("## {}\n\n", kernel);
  const auto best = analysis.best_sequential_seconds.find(kernel);
  if (best != analysis.best_sequential_seconds.end()) {
    out += fmt::format(
        "Best sequential variant: `{}`, {:.3f} ms; COST compares every series with it.\n\n",
        analysis.best_sequential_variant.at(kernel), best->second * 1e3);
  }
  out +=
      "| series | processes | T1 | p | Tp | within / between | speedup | efficiency | "
      "Karp-Flatt | Amdahl serial fraction | speedup limit | USL | COST |\n"
      "|---|---:|---|---:|---|---|---|---|---:|---|---|---|---|\n";
  for (const SeriesAnalysis& s : analysis.series) {
    if (s.kernel != kernel) continue;
    if (!s.scaling.by_threads.empty()) out += series_row(analysis, s);
    // One row a series and set of reasons, not one a thread count.
    std::map<std::string, std::vector<int>> excluded;
    for (const ExcludedPoint& e : s.excluded) {
      excluded[fmt::format("{}", fmt::join(e.reasons, ", "))].push_back(e.threads);
    }
    for (const auto& [reasons, threads] : excluded) {
      out += fmt::format("| {} | | excluded at {} thread(s): {} | | | | | | | | | | |\n", s.label(),
                         fmt::join(threads, ", "), reasons);
    }
  }
  out += ceiling_table(analysis, kernel) + "\n";
  for (const std::string& plot : plots) {
    if (plot.find("-" + kernel + ".png") != std::string::npos) {
      out += fmt::format("![{}]({})\n\n", plot, plot);
    }
  }
  return out;
}

}  // namespace sb
