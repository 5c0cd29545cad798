#include "harness/analysis/compare.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "harness/analysis/significance.hpp"
#include "harness/results/point_key.hpp"

namespace sb {
namespace {

// Usable as evidence: what a fit would take (idle workers aside, which are the variant's own).
bool usable(const Point& p) {
  for (const std::string& reason : p.fit_exclusions()) {
    if (reason != "idle_workers") return false;
  }
  return true;
}

}  // namespace

RunComparison compare_runs(const Results& a, const Results& b, double margin) {
  std::map<std::string, const Point*> in_b;
  for (const Point& p : b.points) in_b[point_key(p)] = &p;
  RunComparison comparison;
  std::map<std::string, bool> matched;
  std::vector<double> raw_p;
  for (const Point& pa : a.points) {
    const auto found = in_b.find(point_key(pa));
    if (found == in_b.end()) {
      ++comparison.only_in_a;
      continue;
    }
    matched[found->first] = true;
    const Point& pb = *found->second;
    if (!usable(pa) || !usable(pb)) {
      ++comparison.unusable;
      continue;
    }
    PointDifference d;
    d.series = pa.series();
    d.workload = fmt::format("{} size {}{}", pa.kernel, pa.size, pa.weak_scaling ? " (weak)" : "");
    d.threads = pa.threads;
    d.median_a_s = median(pa.seconds);
    d.median_b_s = median(pb.seconds);
    d.ratio = ratio_of_medians_interval(pb.seconds, pa.seconds);
    raw_p.push_back(mann_whitney(pa.seconds, pb.seconds).p_value);
    comparison.points.push_back(std::move(d));
  }
  comparison.only_in_b = static_cast<int>(in_b.size() - matched.size());
  const std::vector<double> adjusted = holm_adjust(raw_p);
  for (std::size_t i = 0; i < comparison.points.size(); ++i) {
    comparison.points[i].p_value = adjusted[i];
    PointDifference& d = comparison.points[i];
    d.significant = adjusted[i] < kSignificanceLevel;
    d.differs = d.significant && std::fabs(d.ratio.estimate - 1) > margin;
  }
  return comparison;
}

Table comparison_table(const RunComparison& comparison) {
  Table table{{{"workload"},
               {"series"},
               {"threads"},
               {"median_a_ms", 4},
               {"median_b_ms", 4},
               {"b_over_a", 3},
               {"low", 3},
               {"high", 3},
               {"p_holm", 4},
               {"significant"},
               {"differs"}},
              {}};
  for (const PointDifference& d : comparison.points) {
    table.rows.push_back({d.workload, d.series, static_cast<long long>(d.threads),
                          d.median_a_s * 1e3, d.median_b_s * 1e3, d.ratio.estimate, d.ratio.low,
                          d.ratio.high, d.p_value, std::string(d.significant ? "yes" : "no"),
                          std::string(d.differs ? "yes" : "no")});
  }
  return table;
}

std::string comparison_summary(const RunComparison& comparison, double margin) {
  int differs = 0, faster = 0, within_margin = 0;
  for (const PointDifference& d : comparison.points) {
    differs += d.differs;
    faster += d.differs && d.ratio.estimate < 1;
    within_margin += d.significant && !d.differs;
  }
  return fmt::format(
      "{} of {} matched points differ (two-sided Mann-Whitney U, Holm-adjusted p < {}, and B/A "
      "beyond 1 +/- {}): B faster at {}, slower at {}; {} more are significant but within the "
      "margin. Not compared: {} only in A, {} only in B, {} failed, unverified, misplaced or "
      "oversubscribed in either run.",
      differs, comparison.points.size(), kSignificanceLevel, margin, faster, differs - faster,
      within_margin, comparison.only_in_a, comparison.only_in_b, comparison.unusable);
}

}  // namespace sb
