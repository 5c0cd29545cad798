#include "harness/analysis/schedule_comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "harness/analysis/significance.hpp"
#include "harness/results/point_key.hpp"

namespace sb {
namespace {

// A parallel point of a schedulable kernel that is fit-eligible, or kept out only because coarse
// chunks left workers idle: that is what the schedule does on this loop, so it is ranked too.
bool comparable(const Results& results, const Point& p) {
  if (p.backend == "seq" || !results.traits(p.kernel).schedulable) return false;
  for (const std::string& reason : p.fit_exclusions()) {
    if (reason != "idle_workers") return false;
  }
  return true;
}

// The sequential reference of a workload: its fastest verified seq variant.
const Point* sequential_reference(const Results& results, const WorkloadKey& key) {
  const Point* best = nullptr;
  for (const Point& p : results.points) {
    if (p.backend != "seq" || !p.fit_exclusions().empty() || p.seconds.empty()) continue;
    if (workload_key(p) != key) continue;
    if (best == nullptr || median(p.seconds) < median(best->seconds)) best = &p;
  }
  return best;
}

std::string describe_workload(const Results& results, const Point& p) {
  const std::string params = describe_params(results.traits(p.kernel), p.params);
  return params.empty() ? p.kernel : fmt::format("{} ({})", p.kernel, params);
}

ScheduleComparison compare_group(const Results& results, std::vector<const Point*> points,
                                 const Point* reference) {
  std::sort(points.begin(), points.end(),
            [](const Point* a, const Point* b) { return median(a->seconds) < median(b->seconds); });
  ScheduleComparison c;
  c.kernel = points.front()->kernel;
  c.workload = describe_workload(results, *points.front());
  c.size = points.front()->size;
  c.threads = points.front()->threads;
  const Point& best = *points.front();
  std::vector<double> raw_p;
  for (const Point* p : points) {
    ScheduleEntry e;
    e.backend = p->backend;
    e.runtime = results.runtime_of(p->backend);
    e.variant = p->variant;
    e.median_s = median_interval(p->seconds);
    e.ratio_to_best = ratio_of_medians_interval(p->seconds, best.seconds);
    e.idle_workers = p->idle_workers;
    e.stability_flags = p->stability_flags;
    if (reference != nullptr) {
      e.excess_s = e.median_s.estimate - median(reference->seconds) / p->threads;
    }
    raw_p.push_back(p == &best ? 1.0 : mann_whitney(p->seconds, best.seconds).p_value);
    c.entries.push_back(std::move(e));
  }
  // The fastest is not tested against itself: the family is the other entries.
  const std::vector<double> adjusted =
      holm_adjust(std::vector<double>(raw_p.begin() + 1, raw_p.end()));
  for (std::size_t i = 1; i < c.entries.size(); ++i) {
    c.entries[i].p_vs_best = adjusted[i - 1];
    c.entries[i].slower_than_best = adjusted[i - 1] < kSignificanceLevel;
  }
  for (std::size_t i = 0; i < c.entries.size(); ++i) {
    if (c.entries[i].backend == "omp" && !c.best_omp) c.best_omp = i;
    if (c.entries[i].backend == "tbb" && !c.best_tbb) c.best_tbb = i;
  }
  if (c.best_omp && c.best_tbb) {
    const Point& omp = *points[*c.best_omp];
    const Point& tbb = *points[*c.best_tbb];
    c.omp_over_tbb = ratio_of_medians_interval(omp.seconds, tbb.seconds);
    c.omp_vs_tbb_p = mann_whitney(omp.seconds, tbb.seconds).p_value;
  }
  return c;
}

}  // namespace

SchedulingAnalysis analyse_scheduling(const Results& results) {
  std::map<WorkloadKey, std::map<int, std::vector<const Point*>>> groups;
  for (const Point& p : results.points) {
    if (comparable(results, p)) groups[workload_key(p)][p.threads].push_back(&p);
  }
  SchedulingAnalysis analysis;
  for (const auto& [key, by_threads] : groups) {
    const Point* reference = sequential_reference(results, key);
    for (const auto& [threads, points] : by_threads) {
      if (points.size() < 2) continue;
      analysis.comparisons.push_back(compare_group(results, points, reference));
      if (!results.traits(key.kernel).overhead_reference || reference == nullptr) continue;
      const double t = threads;
      const auto overhead_of = [&](const Point& p) {
        return bootstrap_medians(p.seconds, reference->seconds,
                                 [t](double par, double seq) { return par - seq / t; });
      };
      const auto plain_static = std::find_if(points.begin(), points.end(), [](const Point* p) {
        return p->backend == "omp" && p->variant == "static";
      });
      // Plain static's fork and join, once for the group (an interval's estimate needs no
      // resampling).
      const std::optional<double> static_overhead =
          plain_static == points.end()
              ? std::nullopt
              : std::optional(median((*plain_static)->seconds) - median(reference->seconds) / t);
      for (const Point* p : points) {
        OverheadFigure f;
        f.backend = p->backend;
        f.variant = p->variant;
        f.threads = threads;
        f.overhead_s = overhead_of(*p);
        // What a chunk adds beyond the fork and join that plain static also pays; meaningful
        // only when there are chunks enough to share out.
        const std::optional<double> chunks = p->chunks_per_run;
        if (chunks && *chunks >= 4 * t && static_overhead) {
          f.per_chunk_s = (f.overhead_s.estimate - *static_overhead) / *chunks;
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
           {"ratio_to_best", nlohmann::json(e.ratio_to_best)},
           {"p_vs_best_holm", e.p_vs_best},
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
    if (c.omp_over_tbb) {
      j["omp_over_tbb"] = nlohmann::json(*c.omp_over_tbb);
      j["omp_vs_tbb_p"] = c.omp_vs_tbb_p;
    }
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
          {"significance_level", kSignificanceLevel},
          {"test",
           "two-sided Mann-Whitney U against the fastest, Holm-adjusted per workload and "
           "thread count"}};
}

Table scheduling_rows(const SchedulingAnalysis& analysis) {
  Table table{{{"workload"},
               {"threads"},
               {"rank"},
               {"backend"},
               {"variant"},
               {"median_seconds", 9},
               {"ratio_to_best", 4},
               {"ratio_low", 4},
               {"ratio_high", 4},
               {"p_vs_best_holm", 6},
               {"slower_than_best"},
               {"excess_seconds", 9}},
              {}};
  for (const ScheduleComparison& c : analysis.comparisons) {
    for (std::size_t i = 0; i < c.entries.size(); ++i) {
      const ScheduleEntry& e = c.entries[i];
      table.rows.push_back(
          {c.workload, static_cast<long long>(c.threads), static_cast<long long>(i + 1), e.backend,
           e.variant, e.median_s.estimate, e.ratio_to_best.estimate, e.ratio_to_best.low,
           e.ratio_to_best.high, e.p_vs_best, std::string(e.slower_than_best ? "yes" : "no"),
           e.excess_s ? Cell(*e.excess_s) : Cell(std::string())});
    }
  }
  return table;
}

}  // namespace sb
