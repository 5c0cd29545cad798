// A point as the analysis sees it: one entry for each process that measured it (results.json keeps
// one a process), gathered back into one, so that every interval counts processes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/two_level.hpp"
#include "harness/results/results.hpp"

namespace sb {

struct MeasuredPoint {
  std::vector<const Point*> processes;  // ascending process index; never empty
  int first_stage = 0;  // precision_first_stage of its results: how its intervals are made
  // Identity, traits and byte counts: the same in every process.
  const Point& point() const { return *processes.front(); }
  // The processes its estimate uses: those no other process disturbed (not flagged contended, a
  // judgement made from CPU accounting, not from the times) when there are at least two, or else
  // all of them.
  // The others stay in results.json and are counted in the report.
  std::vector<const Point*> used() const;
  int contended_processes_left_out() const;
  ProcessSamples samples() const;  // of the used processes
  // One of its measures (load_balance, ...) as samples: one a used process that recorded it above
  // 0 (ratios are taken on the log scale).
  ProcessSamples measure_samples(const std::string& name) const;
  LevelEstimate level() const;  // estimate_level of samples(), with first_stage
  // A reason any process gives keeps the whole point out (a failed verification in one process is
  // a broken variant, not bad luck).
  std::vector<std::string> fit_exclusions() const;
  // Every stability flag a used process raised, once each (information: high_cv comes from a
  // process's few repetitions, whose spread the process-level interval already holds).
  std::vector<std::string> stability_flags() const;
  // The flags that keep a comparison from deciding: "contended" when every process was.
  std::vector<std::string> decision_flags() const;
  int idle_workers() const;  // the most any process saw
  bool verified() const;     // in every process
  std::optional<bool> placement_ok() const;
  std::size_t sample_count() const;
};

// The median of one of its measures over measure_samples (the used processes that recorded it
// above 0); nullopt when none did.
std::optional<double> median_measure(const MeasuredPoint& point, std::string_view name);

// Every point of the results, its processes gathered, in the order each first appears.
std::vector<MeasuredPoint> measured_points(const Results& results);

}  // namespace sb
