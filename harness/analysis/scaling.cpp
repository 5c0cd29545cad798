#include "harness/analysis/scaling.hpp"

#include <fmt/format.h>

#include <cmath>

namespace sb {

ScalingAnalysis analyse_scaling(const std::map<int, ProcessSamples>& samples, bool weak_scaling,
                                int first_stage, int workers_per_unit) {
  ScalingAnalysis analysis;
  analysis.weak_scaling = weak_scaling;
  analysis.workers_per_unit = workers_per_unit;
  const auto baseline = samples.find(workers_per_unit);
  if (baseline == samples.end()) {
    analysis.baseline_note =
        workers_per_unit == 1
            ? "no 1-thread samples: speedup and efficiency are not computed"
            : fmt::format(
                  "no 1-rank samples (1 rank x {} threads): speedup and efficiency are not "
                  "computed",
                  workers_per_unit);
  }
  std::optional<LevelEstimate> base;
  if (baseline != samples.end()) base = estimate_level(baseline->second, 0.95, first_stage);
  std::vector<Sample> summaries, repetitions;
  bool process_level = true;
  for (const auto& [threads, by_process] : samples) {
    // The scale: threads, or ranks at a fixed count of threads per rank.
    const double p = static_cast<double>(threads) / workers_per_unit;
    ThreadStats stats;
    stats.threads = threads;
    stats.level = estimate_level(by_process, 0.95, first_stage);
    stats.samples = stats.level.samples;
    stats.seconds = stats.level.interval;
    std::vector<double> pooled;
    for (const auto& [process, seconds] : by_process) {
      pooled.insert(pooled.end(), seconds.begin(), seconds.end());
    }
    stats.cv = coefficient_of_variation(pooled);
    if (base && threads == workers_per_unit) {
      stats.speedup = stats.efficiency = {1.0, 1.0, 1.0, 1.0};  // the baseline, by definition
    } else if (base) {
      // The series' own 1-thread point ran in other processes: an unpaired ratio.
      stats.speedup = ratio_unpaired(*base, stats.level).at(0.95);
      if (weak_scaling) {  // scaled speedup p T1 / Tp; efficiency is then T1 / Tp
        stats.speedup = {stats.speedup.estimate * p, stats.speedup.low * p, stats.speedup.high * p,
                         stats.speedup.confidence};
      }
      stats.efficiency = {stats.speedup.estimate / p, stats.speedup.low / p, stats.speedup.high / p,
                          stats.speedup.confidence};
      if (!weak_scaling) {  // Karp-Flatt is defined for fixed-size speedup only
        stats.karp_flatt = (1.0 / stats.speedup.estimate - 1.0 / p) / (1.0 - 1.0 / p);
      }
    }
    analysis.by_threads.push_back(stats);
    summaries.push_back({p, stats.level.interval.estimate, stats.level.log_se, stats.level.dof});
    for (double s : pooled) repetitions.push_back({p, s});
    process_level = process_level && stats.level.process_level;
  }
  // A thread count measured in one process has no process-level error to weight by: the fit
  // then takes every repetition, as single-process data always was.
  if (!process_level) summaries = repetitions;
  if (weak_scaling) {
    const std::string why = "weak scaling (size grows with threads): see gustafson";
    analysis.amdahl = {"amdahl", false, why};
    analysis.usl = {"usl", false, why};
    analysis.gustafson = !base ? ModelFit{"gustafson", false, "needs 1-thread samples"}
                               : fit_gustafson(summaries, base->interval.estimate);
    analysis.preferred =
        analysis.gustafson.fitted ? "gustafson" : "none: " + analysis.gustafson.refusal;
    return analysis;
  }
  analysis.amdahl = fit_amdahl(summaries);
  analysis.usl = fit_usl(summaries);
  analysis.gustafson = {"gustafson", false, "strong scaling (fixed size): see amdahl and usl"};
  analysis.preferred = preferred_model(analysis.amdahl, analysis.usl);
  return analysis;
}

nlohmann::json to_json(const ModelFit& fit) {
  nlohmann::json j = {{"model", fit.model},
                      {"fitted", fit.fitted},
                      {"samples", fit.samples},
                      {"distinct_threads", fit.distinct_threads}};
  if (!fit.fitted) {
    j["refusal"] = fit.refusal;
    return j;
  }
  for (const Parameter& p : fit.parameters) {
    j[p.name] = p.value;
    j["intervals"][p.name] = {
        {"standard_error", p.standard_error}, {"low", p.low}, {"high", p.high}};
  }
  j["r_squared"] = fit.r_squared;
  j["aic"] = fit.aic;
  j["relative_residuals"] = fit.residuals;
  if (!fit.note.empty()) j["note"] = fit.note;
  return j;
}

nlohmann::json to_json(const ScalingAnalysis& analysis) {
  nlohmann::json rows = nlohmann::json::array();
  for (const ThreadStats& s : analysis.by_threads) {
    nlohmann::json row = {
        {"threads", s.threads},
        {"samples", s.samples},
        {"processes", s.level.processes},
        {"process_level_interval", s.level.process_level},
        {"median_seconds", nlohmann::json(s.seconds)},
        {"within_process_cv",
         s.level.within_cv ? nlohmann::json(*s.level.within_cv) : nlohmann::json()},
        {"between_process_cv",
         s.level.between_cv ? nlohmann::json(*s.level.between_cv) : nlohmann::json()},
        {"coefficient_of_variation", s.cv}};
    if (analysis.baseline_note.empty()) {
      row["speedup"] = nlohmann::json(s.speedup);
      row["efficiency"] = nlohmann::json(s.efficiency);
    }
    if (s.karp_flatt) row["karp_flatt"] = *s.karp_flatt;
    rows.push_back(std::move(row));
  }
  nlohmann::json j = {{"by_threads", rows},
                      {"amdahl", to_json(analysis.amdahl)},
                      {"usl", to_json(analysis.usl)},
                      {"gustafson", to_json(analysis.gustafson)},
                      {"weak_scaling", analysis.weak_scaling},
                      {"preferred_model", analysis.preferred}};
  if (!analysis.baseline_note.empty()) j["baseline_note"] = analysis.baseline_note;
  return j;
}

Table speedup_table(const ScalingAnalysis& analysis) {
  Table table{{{"threads"},
               {"samples"},
               {"median_ms", 3},
               {"median_ms_interval"},
               {"speedup", 3},
               {"speedup_95ci"},
               {"efficiency", 3},
               {"karp_flatt", 3},
               {"cv", 3}},
              {}};
  for (const ThreadStats& s : analysis.by_threads) {
    const bool has_speedup = analysis.baseline_note.empty();
    table.rows.push_back({static_cast<long long>(s.threads), static_cast<long long>(s.samples),
                          s.seconds.estimate * 1e3,
                          fmt::format("{:.3f} to {:.3f} ({:.0f}%)", s.seconds.low * 1e3,
                                      s.seconds.high * 1e3, 100 * s.seconds.confidence),
                          has_speedup ? Cell(s.speedup.estimate) : Cell(std::string("n/a")),
                          has_speedup
                              ? Cell(fmt::format("{:.3f} to {:.3f}", s.speedup.low, s.speedup.high))
                              : Cell(std::string("n/a")),
                          has_speedup ? Cell(s.efficiency.estimate) : Cell(std::string("n/a")),
                          s.karp_flatt ? Cell(*s.karp_flatt) : Cell(std::string("")), s.cv});
  }
  return table;
}

Table fit_table(const ScalingAnalysis& analysis) {
  Table table{{{"model"}, {"parameter"}, {"value"}, {"95ci"}, {"r_squared", 4}, {"note"}}, {}};
  for (const ModelFit* fit : {&analysis.amdahl, &analysis.usl, &analysis.gustafson}) {
    if (!fit->fitted) {
      table.rows.push_back({fit->model, std::string("(not fitted)"), std::string(""),
                            std::string(""), std::string(""), fit->refusal});
      continue;
    }
    for (const Parameter& p : fit->parameters) {
      table.rows.push_back({fit->model, p.name, fmt::format("{:.4g}", p.value),
                            std::isnan(p.low) ? std::string("n/a (no residual degrees of freedom)")
                                              : fmt::format("{:.4g} to {:.4g}", p.low, p.high),
                            fit->r_squared, fit->note});
    }
  }
  return table;
}

}  // namespace sb
