#include "harness/analysis/schedule_comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "harness/analysis/significance.hpp"
#include "harness/results/measured_point.hpp"
#include "harness/results/point_key.hpp"

namespace sb {
namespace {

// A parallel point of a schedulable kernel that is fit-eligible, or kept out only because coarse
// chunks left workers idle: that is what the schedule does on this loop, so it is listed too.
bool comparable(const Results& results, const MeasuredPoint& m) {
  if (m.point().backend == "seq" || !results.traits(m.point().kernel).schedulable) return false;
  for (const std::string& reason : m.fit_exclusions()) {
    if (reason != "idle_workers") return false;
  }
  return true;
}

// The sequential reference of a workload: its fastest verified seq variant.
std::optional<LevelEstimate> sequential_reference(const std::vector<MeasuredPoint>& measured,
                                                  const WorkloadKey& key) {
  std::optional<LevelEstimate> best;
  for (const MeasuredPoint& m : measured) {
    if (m.point().backend != "seq" || !m.fit_exclusions().empty()) continue;
    if (workload_key(m.point()) != key || m.samples().empty()) continue;
    const LevelEstimate e = m.level();
    if (!best || e.interval.estimate < best->interval.estimate) best = e;
  }
  return best;
}

std::string describe_workload(const Results& results, const Point& p) {
  const std::string params = describe_params(results.traits(p.kernel), p.params);
  return params.empty() ? p.kernel : fmt::format("{} ({})", p.kernel, params);
}

// T_par - T_seq / threads, with a Welch interval on the linear scale (delta method from each
// side's log-scale standard error).
Interval overhead(const LevelEstimate& parallel, const LevelEstimate& reference, double threads) {
  const double a = parallel.interval.estimate, b = reference.interval.estimate / threads;
  const double va = std::pow(a * parallel.log_se, 2), vb = std::pow(b * reference.log_se, 2);
  // Satterthwaite, or Hsu's smaller side when a precision rule's first stage set a spread (as
  // ratio_unpaired does).
  const bool first_stage = parallel.first_stage_spread || reference.first_stage_spread;
  const double dof = parallel.dof <= 0 || reference.dof <= 0 || va + vb <= 0 ? 0
                     : first_stage ? std::min(parallel.dof, reference.dof)
                                   : (va + vb) * (va + vb) /
                                         (va * va / parallel.dof + vb * vb / reference.dof);
  if (dof <= 0) return {a - b, -INFINITY, INFINITY, 0.95};
  const double half = t_critical(dof, 0.95) * std::sqrt(va + vb);
  return {a - b, a - b - half, a - b + half, 0.95};
}

struct Candidate {
  const MeasuredPoint* point;
  ProcessSamples samples;
  LevelEstimate level;
};

ScheduleComparison compare_group(const Results& results, const std::vector<MeasuredPoint*>& points,
                                 const std::optional<LevelEstimate>& reference) {
  std::vector<Candidate> candidates;
  for (const MeasuredPoint* m : points) {
    candidates.push_back({m, m->samples(), m->level()});
  }
  // The fastest eligible first: a point kept out of fits is never crowned.
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    const bool ea = a.point->fit_exclusions().empty(), eb = b.point->fit_exclusions().empty();
    if (ea != eb) return ea;
    return a.level.interval.estimate < b.level.interval.estimate;
  });
  ScheduleComparison c;
  const Point& first = candidates.front().point->point();
  c.kernel = first.kernel;
  c.workload = describe_workload(results, first);
  c.size = first.size;
  c.threads = first.threads;
  const Candidate& best = candidates.front();
  const bool any_eligible = best.point->fit_exclusions().empty();
  std::vector<Decision*> family;
  for (const Candidate& candidate : candidates) {
    const Point& p = candidate.point->point();
    ScheduleEntry e;
    e.backend = p.backend;
    e.runtime = results.runtime_of(p.backend);
    e.variant = p.variant;
    e.median_s = candidate.level.interval;
    e.processes = candidate.level.processes;
    e.idle_workers = candidate.point->idle_workers();
    e.stability_flags = candidate.point->stability_flags();
    e.eligible = candidate.point->fit_exclusions().empty();
    if (reference) e.excess_s = e.median_s.estimate - reference->interval.estimate / p.threads;
    if (&candidate != &best && any_eligible) {
      std::vector<std::string> flags = candidate.point->decision_flags();
      if (!e.eligible) flags.push_back("idle_workers");
      // The schedules of one runtime ran in the same processes: their ratio is paired.
      e.vs_best = decide({&candidate.samples, flags, candidate.point->first_stage},
                         {&best.samples, best.point->decision_flags(), best.point->first_stage},
                         p.backend == best.point->point().backend,
                         static_cast<int>(candidates.size()) - 1);
    }
    c.entries.push_back(std::move(e));
  }
  for (ScheduleEntry& e : c.entries) {
    if (e.vs_best) family.push_back(&*e.vs_best);
  }
  adjust_family(family);
  for (ScheduleEntry& e : c.entries) {
    e.slower_than_best = e.vs_best && e.vs_best->finding == Finding::real_difference &&
                         e.vs_best->interval.estimate > 1;
  }
  for (std::size_t i = 0; i < c.entries.size(); ++i) {
    if (!c.entries[i].eligible) continue;
    if (c.entries[i].backend == "omp" && !c.best_omp) c.best_omp = i;
    if (c.entries[i].backend == "tbb" && !c.best_tbb) c.best_tbb = i;
  }
  if (c.best_omp && c.best_tbb) {
    const Candidate& omp = candidates[*c.best_omp];
    const Candidate& tbb = candidates[*c.best_tbb];
    c.omp_over_tbb = decide({&omp.samples, omp.point->decision_flags(), omp.point->first_stage},
                            {&tbb.samples, tbb.point->decision_flags(), tbb.point->first_stage},
                            false, 1);
  }
  return c;
}

}  // namespace

SchedulingAnalysis analyse_scheduling(const Results& results) {
  std::vector<MeasuredPoint> measured = measured_points(results);
  std::map<WorkloadKey, std::map<int, std::vector<MeasuredPoint*>>> groups;
  for (MeasuredPoint& m : measured) {
    if (comparable(results, m)) groups[workload_key(m.point())][m.point().threads].push_back(&m);
  }
  SchedulingAnalysis analysis;
  for (const auto& [key, by_threads] : groups) {
    const std::optional<LevelEstimate> reference = sequential_reference(measured, key);
    for (const auto& [threads, points] : by_threads) {
      if (points.size() < 2) continue;
      analysis.comparisons.push_back(compare_group(results, points, reference));
      if (!results.traits(key.kernel).overhead_reference || !reference) continue;
      const double t = threads;
      const auto plain_static = std::find_if(points.begin(), points.end(), [](const MeasuredPoint* m) {
        return m->point().backend == "omp" && m->point().variant == "static";
      });
      // Plain static's fork and join, once for the group (NaN: not measured).
      const double static_overhead =
          plain_static == points.end()
              ? NAN
              : (*plain_static)->level().interval.estimate - reference->interval.estimate / t;
      for (const MeasuredPoint* m : points) {
        const Point& p = m->point();
        OverheadFigure f;
        f.backend = p.backend;
        f.variant = p.variant;
        f.threads = threads;
        f.overhead_s = overhead(m->level(), *reference, t);
        // What a chunk adds beyond the fork and join that plain static also pays; meaningful
        // only when there are chunks enough to share out.
        const std::optional<double> chunks = p.chunks_per_run;
        if (chunks && *chunks >= 4 * t && std::isfinite(static_overhead)) {
          f.per_chunk_s = (f.overhead_s.estimate - static_overhead) / *chunks;
        }
        analysis.overheads.push_back(std::move(f));
      }
    }
  }
  return analysis;
}

nlohmann::json to_json(const SchedulingAnalysis& analysis) {
  nlohmann::json comparisons = nlohmann::json::array();
  for (const ScheduleComparison& c : analysis.comparisons) {
    nlohmann::json entries = nlohmann::json::array();
    for (const ScheduleEntry& e : c.entries) {
      entries.push_back(
          {{"backend", e.backend},
           {"variant", e.variant},
           {"median_seconds", nlohmann::json(e.median_s)},
           {"processes", e.processes},
           {"eligible", e.eligible},
           {"vs_best", e.vs_best ? to_json(*e.vs_best) : nlohmann::json()},
           {"slower_than_best", e.slower_than_best},
           {"excess_seconds", e.excess_s ? nlohmann::json(*e.excess_s) : nlohmann::json()},
           {"idle_workers", e.idle_workers},
           {"stability_flags", e.stability_flags}});
    }
    nlohmann::json j = {{"kernel", c.kernel},
                        {"workload", c.workload},
                        {"size", c.size},
                        {"threads", c.threads},
                        {"entries", entries}};
    if (c.best_omp) j["best_omp"] = c.entries[*c.best_omp].variant;
    if (c.best_tbb) j["best_tbb"] = c.entries[*c.best_tbb].variant;
    if (c.omp_over_tbb) j["omp_over_tbb"] = to_json(*c.omp_over_tbb);
    comparisons.push_back(std::move(j));
  }
  nlohmann::json overheads = nlohmann::json::array();
  for (const OverheadFigure& f : analysis.overheads) {
    overheads.push_back(
        {{"backend", f.backend},
         {"variant", f.variant},
         {"threads", f.threads},
         {"overhead_seconds", nlohmann::json(f.overhead_s)},
         {"per_chunk_seconds", f.per_chunk_s ? nlohmann::json(*f.per_chunk_s) : nlohmann::json()}});
  }
  return {{"comparisons", comparisons},
          {"overheads", overheads},
          {"margin", kDefaultMargin},
          {"rule",
           "a real difference when the ratio's interval, widened for the group's comparisons "
           "(Bonferroni), lies beyond 1 +/- margin and neither side is flagged; paired within a "
           "runtime, unpaired across runtimes; rank-test p-values beside it, Holm-adjusted"}};
}

Table scheduling_rows(const SchedulingAnalysis& analysis) {
  Table table{{{"workload"},
               {"threads"},
               {"rank"},
               {"backend"},
               {"variant"},
               {"median_seconds", 9},
               {"processes"},
               {"ratio_to_best", 4},
               {"ratio_low", 4},
               {"ratio_high", 4},
               {"paired"},
               {"p_vs_best_holm", 6},
               {"finding"},
               {"slower_than_best"},
               {"excess_seconds", 9}},
              {}};
  for (const ScheduleComparison& c : analysis.comparisons) {
    for (std::size_t i = 0; i < c.entries.size(); ++i) {
      const ScheduleEntry& e = c.entries[i];
      const Cell none = std::string();
      const std::optional<Decision>& d = e.vs_best;
      table.rows.push_back(
          {c.workload, static_cast<long long>(c.threads), static_cast<long long>(i + 1), e.backend,
           e.variant, e.median_s.estimate, static_cast<long long>(e.processes),
           d ? Cell(d->interval.estimate) : Cell(1.0), d ? Cell(d->interval.low) : none,
           d ? Cell(d->interval.high) : none,
           d ? Cell(std::string(d->ratio.paired ? "yes" : "no")) : none,
           d ? Cell(d->p_value) : none,
           d ? Cell(std::string(format_as(d->finding)))
             : Cell(std::string(e.eligible ? "fastest" : "not eligible")),
           std::string(e.slower_than_best ? "yes" : "no"),
           e.excess_s ? Cell(*e.excess_s) : none});
    }
  }
  return table;
}

}  // namespace sb
