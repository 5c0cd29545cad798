#include "harness/results/measured_point.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "harness/core/stats.hpp"
#include "harness/results/point_key.hpp"

namespace sb {
namespace {

void add_once(std::vector<std::string>& to, const std::vector<std::string>& from) {
  for (const std::string& item : from) {
    if (std::find(to.begin(), to.end(), item) == to.end()) to.push_back(item);
  }
}

bool contended(const Point* p) {
  return std::find(p->stability_flags.begin(), p->stability_flags.end(), "contended") !=
         p->stability_flags.end();
}

}  // namespace

std::vector<const Point*> MeasuredPoint::used() const {
  std::vector<const Point*> quiet;
  for (const Point* p : processes) {
    if (!contended(p)) quiet.push_back(p);
  }
  // Fewer than two quiet processes would leave no process-level interval: then all of them.
  return quiet.size() >= 2 ? quiet : processes;
}

int MeasuredPoint::contended_processes_left_out() const {
  return static_cast<int>(processes.size() - used().size());
}

ProcessSamples MeasuredPoint::samples() const {
  ProcessSamples out;
  for (const Point* p : used()) {
    if (!p->seconds.empty()) out[p->process] = p->seconds;
  }
  return out;
}

ProcessSamples MeasuredPoint::measure_samples(const std::string& name) const {
  ProcessSamples out;
  for (const Point* p : used()) {
    const auto found = p->measures.find(name);
    // Compared on the log scale: a value of 0 or less (a fraction never lost) cannot be.
    if (found != p->measures.end() && found->second > 0) out[p->process] = {found->second};
  }
  return out;
}

LevelEstimate MeasuredPoint::level() const { return estimate_level(samples(), 0.95, first_stage); }

std::vector<std::string> MeasuredPoint::fit_exclusions() const {
  std::vector<std::string> reasons;
  for (const Point* p : processes) add_once(reasons, p->fit_exclusions());
  return reasons;
}

std::vector<std::string> MeasuredPoint::stability_flags() const {
  std::vector<std::string> flags;
  for (const Point* p : used()) add_once(flags, p->stability_flags);
  return flags;
}

std::vector<std::string> MeasuredPoint::decision_flags() const {
  const std::vector<const Point*> in_use = used();
  if (std::all_of(in_use.begin(), in_use.end(), contended)) return {"contended"};
  return {};
}

int MeasuredPoint::idle_workers() const {
  int most = 0;
  for (const Point* p : processes) most = std::max(most, p->idle_workers);
  return most;
}

bool MeasuredPoint::verified() const {
  return std::all_of(processes.begin(), processes.end(),
                     [](const Point* p) { return p->verified; });
}

std::optional<bool> MeasuredPoint::placement_ok() const {
  std::optional<bool> ok;
  for (const Point* p : processes) {
    if (p->placement_ok) ok = ok.value_or(true) && *p->placement_ok;
  }
  return ok;
}

std::size_t MeasuredPoint::sample_count() const {
  std::size_t n = 0;
  for (const Point* p : processes) n += p->seconds.size();
  return n;
}

std::optional<double> median_measure(const MeasuredPoint& point, std::string_view name) {
  // Every process's value, zeros included (measure_samples leaves them out for the log scale).
  std::vector<double> values;
  for (const Point* p : point.used()) {
    const auto found = p->measures.find(std::string(name));
    if (found != p->measures.end()) values.push_back(found->second);
  }
  if (values.empty()) return std::nullopt;
  return median(std::move(values));
}

std::vector<MeasuredPoint> measured_points(const Results& results) {
  std::vector<MeasuredPoint> points;
  std::map<std::string, std::size_t> index;
  for (const Point& p : results.points) {
    const auto [found, added] = index.emplace(point_key(p), points.size());
    if (added) points.push_back({{}, precision_first_stage(results)});
    points[found->second].processes.push_back(&p);
  }
  for (MeasuredPoint& m : points) {
    std::stable_sort(m.processes.begin(), m.processes.end(),
                     [](const Point* a, const Point* b) { return a->process < b->process; });
  }
  return points;
}

}  // namespace sb
