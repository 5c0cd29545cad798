#include "harness/analysis/compare.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "harness/analysis/significance.hpp"
#include "harness/results/measured_point.hpp"
#include "harness/results/point_key.hpp"

namespace sb {
namespace {

// Usable as evidence: what a fit would take (idle workers aside, which are the variant's own).
bool usable(const MeasuredPoint& m) {
  for (const std::string& reason : m.fit_exclusions()) {
    if (reason != "idle_workers") return false;
  }
  return true;
}

struct Matched {
  MeasuredPoint a, b;
  ProcessSamples samples_a, samples_b;
};

}  // namespace

RunComparison compare_runs(const Results& a, const Results& b, double margin,
                           const std::string& measure) {
  const auto key = [&measure](const Point& p) {
    if (measure.empty()) return point_key(p);
    Point without = p;
    without.params.clear();
    return point_key(without);
  };
  const auto samples = [&measure](const MeasuredPoint& m) {
    return measure.empty() ? m.samples() : m.measure_samples(measure);
  };
  const std::vector<MeasuredPoint> points_b = measured_points(b);
  std::map<std::string, const MeasuredPoint*> in_b;
  for (const MeasuredPoint& m : points_b) {
    // Without parameters two points of one run could share a key: compare neither then.
    if (!in_b.emplace(key(m.point()), &m).second) in_b[key(m.point())] = nullptr;
  }
  RunComparison comparison;
  comparison.measure = measure;
  std::map<std::string, bool> matched;
  std::vector<Matched> pairs;
  std::map<std::string, int> keys_in_a;
  const std::vector<MeasuredPoint> points_a = measured_points(a);
  for (const MeasuredPoint& ma : points_a) ++keys_in_a[key(ma.point())];
  for (const MeasuredPoint& ma : points_a) {
    if (keys_in_a[key(ma.point())] > 1) {
      ++comparison.unusable;
      continue;
    }
    const auto found = in_b.find(key(ma.point()));
    if (found == in_b.end() || found->second == nullptr) {
      ++comparison.only_in_a;
      continue;
    }
    matched[found->first] = true;
    if (!usable(ma) || !usable(*found->second) || samples(ma).empty() ||
        samples(*found->second).empty()) {
      ++comparison.unusable;
      continue;
    }
    pairs.push_back({ma, *found->second, samples(ma), samples(*found->second)});
  }
  comparison.only_in_b = static_cast<int>(in_b.size() - matched.size());
  const int family = static_cast<int>(pairs.size());
  for (const Matched& m : pairs) {
    const Point& pa = m.a.point();
    PointDifference d;
    d.series = pa.series();
    d.workload = fmt::format("{} size {}{}", pa.kernel, pa.size, pa.weak_scaling ? " (weak)" : "");
    if (pa.ranks > 1) d.workload += fmt::format(", {} ranks", pa.ranks);
    d.threads = pa.threads;
    const LevelEstimate la = estimate_level(m.samples_a, 0.95, m.a.first_stage);
    const LevelEstimate lb = estimate_level(m.samples_b, 0.95, m.b.first_stage);
    d.median_a_s = la.interval.estimate;
    d.median_b_s = lb.interval.estimate;
    d.processes_a = la.processes;
    d.processes_b = lb.processes;
    d.decision =
        decide({&m.samples_b, m.b.decision_flags(), m.b.first_stage},
               {&m.samples_a, m.a.decision_flags(), m.a.first_stage}, false, family, margin);
    comparison.points.push_back(std::move(d));
  }
  std::vector<Decision*> decisions;
  for (PointDifference& d : comparison.points) decisions.push_back(&d.decision);
  adjust_family(decisions);
  return comparison;
}

int really_slower(const RunComparison& comparison) {
  int slower = 0;
  for (const PointDifference& d : comparison.points) slower += d.slower();
  return slower;
}

Table comparison_table(const RunComparison& comparison) {
  // Times in milliseconds; a measure as recorded.
  const bool time = comparison.measure.empty();
  Table table{{{"workload"},
               {"series"},
               {"threads"},
               {time ? "median_a_ms" : comparison.measure + "_a", 4},
               {time ? "median_b_ms" : comparison.measure + "_b", 4},
               {"processes_a"},
               {"processes_b"},
               {"b_over_a", 3},
               {"low", 3},
               {"high", 3},
               {"p_holm", 4},
               {"finding"},
               {"why"}},
              {}};
  for (const PointDifference& d : comparison.points) {
    const Decision& x = d.decision;
    table.rows.push_back(
        {d.workload, d.series, static_cast<long long>(d.threads), d.median_a_s * (time ? 1e3 : 1),
         d.median_b_s * (time ? 1e3 : 1), static_cast<long long>(d.processes_a),
         static_cast<long long>(d.processes_b), x.interval.estimate, x.interval.low,
         x.interval.high, x.p_value, std::string(format_as(x.finding)), x.reason});
  }
  return table;
}

std::string comparison_summary(const RunComparison& comparison, double margin) {
  int differs = 0, faster = 0, within_margin = 0, cannot_tell = 0;
  double confidence = kFamilyConfidence;
  for (const PointDifference& d : comparison.points) {
    differs += d.differs();
    faster += d.differs() && d.decision.interval.estimate < 1;
    within_margin += d.decision.finding == Finding::within_margin;
    cannot_tell += d.decision.finding == Finding::cannot_tell;
    confidence = d.decision.interval.confidence;
  }
  const bool time = comparison.measure.empty();
  return fmt::format(
      "{} of {} matched points differ{} (B/A's {:.4g}% interval, Bonferroni over the matched "
      "points, beyond 1 +/- {}; unpaired, the process as the unit): B {} at {}, {} at {}; {} "
      "within the margin; {} cannot tell at this sample size. Not compared: {} only in A, {} only "
      "in B, {} failed, unverified, misplaced or oversubscribed in either run{}.",
      differs, comparison.points.size(), time ? "" : " in " + comparison.measure, 100 * confidence,
      margin, time ? "faster" : "lower", faster, time ? "slower" : "higher", differs - faster,
      within_margin, cannot_tell, comparison.only_in_a, comparison.only_in_b, comparison.unusable,
      time ? "" : " or without the measure");
}

}  // namespace sb
