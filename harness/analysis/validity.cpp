#include "harness/analysis/validity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "harness/results/measured_point.hpp"

namespace sb {
namespace {

bool contended(const Point& p) {
  return std::find(p.stability_flags.begin(), p.stability_flags.end(), "contended") !=
         p.stability_flags.end();
}

GateCriterion contention(const Results& results, const GateThresholds& t) {
  int eligible = 0, still_contended = 0;
  for (const MeasuredPoint& m : measured_points(results)) {
    if (!m.fit_exclusions().empty()) continue;
    ++eligible;
    const auto flagged = std::count_if(m.processes.begin(), m.processes.end(),
                                       [](const Point* p) { return contended(*p); });
    const auto all = static_cast<long>(m.processes.size());
    // Two contended processes of a few are a pattern; two of exec's hundred runs are two runs,
    // which the estimate already leaves out. So two at least, and more than the gate's share.
    const bool pattern = flagged >= 2 && static_cast<double>(flagged) >
                                             t.max_contended_share * static_cast<double>(all);
    still_contended += pattern || (flagged > 0 && flagged == all);
  }
  GateCriterion c{"contention", true, ""};
  const double share = eligible > 0 ? static_cast<double>(still_contended) / eligible : 0.0;
  c.passed = share <= t.max_contended_share;
  c.detail = fmt::format(
      "{} of {} eligible points contended after re-measurement ({:.0f}%; at most {:.0f}%)",
      still_contended, eligible, 100 * share, 100 * t.max_contended_share);
  return c;
}

GateCriterion load(const Results& results, const GateThresholds& t) {
  GateCriterion c{"load", true, ""};
  const nlohmann::json machine_load =
      results.manifest.value("machine_load", nlohmann::json::object());
  std::vector<std::string> parts;
  for (const char* when : {"before", "after"}) {
    if (!machine_load.contains(when)) {
      c.passed = false;
      parts.push_back(fmt::format("not measured {}", when));
      continue;
    }
    const double busy = machine_load.at(when).value("other_busy_cpus", 0.0);
    c.passed = c.passed && busy <= t.max_busy_cpus;
    parts.push_back(fmt::format("{:.2f} CPUs busy {}", busy, when));
  }
  c.detail = fmt::format("other processes kept {} the sweep (at most {:.2f})",
                         fmt::join(parts, " and "), t.max_busy_cpus);
  return c;
}

GateCriterion placement(const Results& results) {
  int pinned = 0, misplaced = 0, unproven = 0;
  for (const Point& p : results.points) {
    if (p.oversubscribed || !p.error.empty()) continue;
    if (!p.placement_ok) {
      ++unproven;
      continue;
    }
    ++pinned;
    misplaced += !*p.placement_ok;
  }
  GateCriterion c{"placement", misplaced == 0 && unproven == 0, ""};
  c.detail = unproven == 0
                 ? fmt::format("{} of {} pinned measurements ran off their PUs", misplaced, pinned)
                 : fmt::format(
                       "{} of {} pinned measurements ran off their PUs, and {} had no proof of "
                       "placement (unpinned, or an exec run too short to sample)",
                       misplaced, pinned, unproven);
  return c;
}

// Every parallel calibrate series whose Amdahl fit exists must recover the configured fraction.
GateCriterion calibration(const Results& results, const Analysis& analysis,
                          const GateThresholds& t) {
  GateCriterion c{"calibration", true, "calibrate did not run", false};
  std::vector<std::string> parts;
  for (const SeriesAnalysis& s : analysis.series) {
    if (!results.traits(s.kernel).calibration || s.backend == "seq" || s.weak_scaling) continue;
    const Parameter* fitted = s.scaling.amdahl.find("serial_fraction");
    double configured = results.traits(s.kernel).params.count("serial_fraction")
                            ? results.traits(s.kernel).params.at("serial_fraction").default_value
                            : NAN;
    if (!s.points.empty() && s.points.front().point().params.count("serial_fraction")) {
      configured = s.points.front().point().params.at("serial_fraction");
    }
    c.judged = true;
    if (fitted == nullptr) {
      c.passed = false;
      parts.push_back(fmt::format("{}: not fitted ({})", s.name(), s.scaling.amdahl.refusal));
      continue;
    }
    // Within the tolerance, or within the fit's own 95% interval (few processes give wide ones).
    const bool close = std::fabs(fitted->value - configured) <= t.calibration_tolerance;
    const bool consistent = fitted->low <= configured && configured <= fitted->high;
    c.passed = c.passed && (close || consistent);
    parts.push_back(fmt::format("{}: s = {:.3f} [{:.3f}, {:.3f}] against {:.3f}", s.name(),
                                fitted->value, fitted->low, fitted->high, configured));
  }
  if (!parts.empty()) {
    c.detail = fmt::format("{} (within {:.2f}, or inside the fit's interval)",
                           fmt::join(parts, "; "), t.calibration_tolerance);
  }
  return c;
}

}  // namespace

bool Validity::valid() const {
  return std::all_of(criteria.begin(), criteria.end(),
                     [](const GateCriterion& c) { return c.passed; });
}

std::vector<std::string> Validity::reasons() const {
  std::vector<std::string> out;
  for (const GateCriterion& c : criteria) {
    if (!c.passed) out.push_back(c.name + ": " + c.detail);
  }
  return out;
}

Validity judge_validity(const Results& results, const Analysis& analysis,
                        const GateThresholds& thresholds) {
  return {{contention(results, thresholds), load(results, thresholds), placement(results),
           calibration(results, analysis, thresholds)}};
}

nlohmann::json to_json(const Validity& v) {
  nlohmann::json criteria = nlohmann::json::array();
  for (const GateCriterion& c : v.criteria) {
    criteria.push_back(
        {{"name", c.name}, {"passed", c.passed}, {"judged", c.judged}, {"detail", c.detail}});
  }
  return {{"valid", v.valid()}, {"criteria", criteria}, {"reasons", v.reasons()}};
}

}  // namespace sb
