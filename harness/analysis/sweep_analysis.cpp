#include "harness/analysis/sweep_analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "harness/core/stats.hpp"
#include "harness/results/point_key.hpp"

namespace sb {

namespace {

// The memory-bound threshold: within 20% of what STREAM's triad draws at the same thread count.
constexpr double kMemoryBoundFraction = 0.8;

double gb_per_second(const SeriesAnalysis& s, const ThreadStats& t) {
  for (const MeasuredPoint& m : s.points) {
    const Point& p = m.point();
    if (p.threads == t.threads && p.bytes_per_run)
      return *p.bytes_per_run / t.seconds.estimate / 1e9;
  }
  return 0;
}

void add_ceilings(Analysis& analysis, const Results& results) {
  // The ceiling at p threads: the best figure of any ceiling workload (triad) and backend at p.
  std::map<int, double> triad;
  for (const SeriesAnalysis& s : analysis.series) {
    if (!results.traits(s.kernel).bandwidth_ceiling) continue;
    auto& ceilings = analysis.bandwidth_ceilings;
    if (std::find(ceilings.begin(), ceilings.end(), s.kernel) == ceilings.end()) {
      ceilings.push_back(s.kernel);
    }
    for (const ThreadStats& t : s.scaling.by_threads) {
      triad[t.threads] = std::max(triad[t.threads], gb_per_second(s, t));
    }
  }
  for (SeriesAnalysis& s : analysis.series) {
    if (results.traits(s.kernel).bandwidth_ceiling) continue;
    for (const ThreadStats& t : s.scaling.by_threads) {
      const double rate = gb_per_second(s, t);
      const auto ceiling = triad.find(t.threads);
      if (rate <= 0 || ceiling == triad.end() || ceiling->second <= 0) continue;
      const double fraction = rate / ceiling->second;
      s.ceilings.push_back({t.threads, rate, ceiling->second, fraction,
                            fraction >= kMemoryBoundFraction ? "memory-bound" : "overhead-bound"});
    }
  }
}

}  // namespace

Analysis analyse(const Results& results) {
  Analysis analysis;
  const std::vector<MeasuredPoint> measured = measured_points(results);
  for (const MeasuredPoint& m : measured) {
    const Point& p = m.point();
    if (p.backend != "seq" || !m.fit_exclusions().empty()) continue;
    const Interval seconds = m.level().interval;
    auto best = analysis.best_sequential_seconds.find(p.kernel);
    if (best == analysis.best_sequential_seconds.end() || seconds.estimate < best->second) {
      analysis.best_sequential_seconds[p.kernel] = seconds.estimate;
      analysis.best_sequential_interval[p.kernel] = seconds;
      analysis.best_sequential_variant[p.kernel] = p.variant;
    }
  }

  std::map<SeriesKey, SeriesAnalysis> grouped;
  for (const MeasuredPoint& m : measured) {
    const Point& p = m.point();
    const SeriesKey key = series_key(p);
    SeriesAnalysis& s = grouped[key];
    s.weak_scaling = p.weak_scaling;
    s.kernel = key.kernel;
    s.backend = key.backend;
    s.variant = key.variant;
    s.pin = key.pin;
    s.size = key.size;
    s.threads_per_rank = key.threads_per_rank;
    s.points.push_back(m);
  }
  for (auto& [key, s] : grouped) {
    std::sort(s.points.begin(), s.points.end(), [](const MeasuredPoint& a, const MeasuredPoint& b) {
      return a.point().threads < b.point().threads;
    });
    std::map<int, ProcessSamples> eligible;
    for (const MeasuredPoint& m : s.points) {
      const std::vector<std::string> reasons = m.fit_exclusions();
      if (reasons.empty()) {
        eligible[m.point().threads] = m.samples();
      } else {
        s.excluded.push_back({m.point().threads, reasons});
      }
    }
    s.scaling = analyse_scaling(eligible, s.weak_scaling, precision_first_stage(results),
                                std::max(1, s.threads_per_rank));
    const auto best = analysis.best_sequential_interval.find(s.kernel);
    if (best != analysis.best_sequential_interval.end() && !s.weak_scaling) {
      for (const ThreadStats& t : s.scaling.by_threads) {
        if (t.seconds.high < best->second.low) {
          s.cost_threads = t.threads;
          break;
        }
      }
    }
    analysis.series.push_back(std::move(s));
  }
  add_ceilings(analysis, results);
  return analysis;
}

nlohmann::json to_json(const Analysis& analysis, const Results& results) {
  nlohmann::json series = nlohmann::json::array();
  for (const SeriesAnalysis& s : analysis.series) {
    nlohmann::json excluded = nlohmann::json::array();
    for (const ExcludedPoint& e : s.excluded) {
      excluded.push_back({{"threads", e.threads}, {"reasons", e.reasons}});
    }
    nlohmann::json j = {{"kernel", s.kernel},
                        {"backend", s.backend},
                        {"variant", s.variant},
                        {"pin", s.pin},
                        {"size", s.size},
                        {"name", s.name()},
                        {"threads_per_rank", s.threads_per_rank},
                        {"excluded_points", excluded},
                        {"scaling", to_json(s.scaling)}};
    // What a reader must not lean on, point by point: the plots draw these points differently.
    for (nlohmann::json& row : j["scaling"]["by_threads"]) {
      nlohmann::json flags = nlohmann::json::array();
      if (!row.value("process_level_interval", false)) flags.push_back("one_process");
      for (const MeasuredPoint& m : s.points) {
        if (m.point().threads != row.value("threads", 0)) continue;
        for (const std::string& flag : m.decision_flags()) flags.push_back(flag);
      }
      row["flags"] = flags;
    }
    const bool has_baseline = analysis.best_sequential_seconds.count(s.kernel) && !s.weak_scaling;
    j["cost_threads"] = s.cost_threads ? nlohmann::json(*s.cost_threads)
                        : has_baseline ? nlohmann::json("never")
                                       : nlohmann::json("n/a: no sequential baseline");
    for (const Ceiling& c : s.ceilings) {
      j["ceilings"].push_back({{"threads", c.threads},
                               {"gb_per_second", c.gb_per_second},
                               {"triad_gb_per_second", c.ceiling_gb_per_second},
                               {"fraction_of_triad", c.fraction},
                               {"label", c.label}});
    }
    series.push_back(std::move(j));
  }
  return {{"schema", "scalebench-analysis/1"},
          {"source_schema", results.schema},
          {"bandwidth_ceilings", analysis.bandwidth_ceilings},
          {"complete", results.complete},
          {"manifest", results.manifest},
          {"best_sequential_seconds", analysis.best_sequential_seconds},
          {"best_sequential_variant", analysis.best_sequential_variant},
          {"series", series}};
}

Table speedup_rows(const Analysis& analysis) {
  Table table{{{"kernel"},
               {"backend"},
               {"variant"},
               {"pin"},
               {"size"},
               {"threads"},
               {"median_seconds", 9},
               {"median_low", 9},
               {"median_high", 9},
               {"processes"},
               {"within_process_cv", 4},
               {"between_process_cv", 4},
               {"speedup", 4},
               {"speedup_low", 4},
               {"speedup_high", 4},
               {"efficiency", 4},
               {"karp_flatt", 4},
               {"gb_per_second", 3},
               {"threads_per_rank"}},
              {}};
  for (const SeriesAnalysis& s : analysis.series) {
    for (const ThreadStats& t : s.scaling.by_threads) {
      const bool has_speedup = s.scaling.baseline_note.empty();
      std::optional<double> bytes;
      for (const MeasuredPoint& m : s.points) {
        if (m.point().threads == t.threads) bytes = m.point().bytes_per_run;
      }
      table.rows.push_back({s.kernel, s.backend, s.variant, s.pin, static_cast<long long>(s.size),
                            static_cast<long long>(t.threads), t.seconds.estimate, t.seconds.low,
                            t.seconds.high, static_cast<long long>(t.level.processes),
                            t.level.within_cv ? Cell(*t.level.within_cv) : Cell(std::string()),
                            t.level.between_cv ? Cell(*t.level.between_cv) : Cell(std::string()),
                            has_speedup ? Cell(t.speedup.estimate) : Cell(std::string()),
                            has_speedup ? Cell(t.speedup.low) : Cell(std::string()),
                            has_speedup ? Cell(t.speedup.high) : Cell(std::string()),
                            has_speedup ? Cell(t.efficiency.estimate) : Cell(std::string()),
                            t.karp_flatt ? Cell(*t.karp_flatt) : Cell(std::string()),
                            bytes ? Cell(*bytes / t.seconds.estimate / 1e9) : Cell(std::string()),
                            static_cast<long long>(s.threads_per_rank)});
    }
  }
  return table;
}

Table flagged_rows(const Results& results) {
  Table table{{{"kernel"},
               {"backend"},
               {"variant"},
               {"threads"},
               {"processes"},
               {"flags"},
               {"fit_exclusions"},
               {"contended_processes_left_out"}},
              {}};
  for (const MeasuredPoint& m : measured_points(results)) {
    const std::vector<std::string> flags = m.stability_flags(), exclusions = m.fit_exclusions();
    if (flags.empty() && exclusions.empty() && m.contended_processes_left_out() == 0) continue;
    const Point& p = m.point();
    table.rows.push_back({p.kernel, p.backend, p.variant, static_cast<long long>(p.threads),
                          static_cast<long long>(m.processes.size()),
                          fmt::format("{}", fmt::join(flags, " ")),
                          fmt::format("{}", fmt::join(exclusions, " ")),
                          static_cast<long long>(m.contended_processes_left_out())});
  }
  return table;
}

}  // namespace sb
