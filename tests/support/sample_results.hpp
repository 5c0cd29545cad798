// A small sweep with known answers: map at 1, 2, 4 and 8 threads following Amdahl's law with
// s = 0.2, the 8-thread point oversubscribed; every point measured in three processes that scale
// all their repetitions by 1, 1.01 and 0.99 (so ratios between points are exact).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "harness/results/results.hpp"

namespace sb::test {

inline Point map_point(const std::string& backend, int threads, std::vector<double> seconds) {
  Point p;
  p.kernel = "map";
  p.backend = backend;
  p.variant = backend == "seq" ? "reference" : "static";
  p.threads = threads;
  p.pin = "compact";
  p.size = 1000;
  p.seconds = std::move(seconds);
  p.verified = true;
  p.bytes_per_run = 24000;
  p.placement_ok = true;
  return p;
}

// `point` as three processes, each scaling its repetitions by its own factor.
inline std::vector<Point> three_processes(const Point& point) {
  std::vector<Point> out;
  const double factors[] = {1.0, 1.01, 0.99};
  for (int k = 0; k < 3; ++k) {
    Point p = point;
    p.process = p.round = k;
    for (double& s : p.seconds) s *= factors[k];
    out.push_back(std::move(p));
  }
  return out;
}

inline Results sample_results() {
  Results results;
  results.complete = true;
  results.manifest = {
      {"topology", {{"cores", 2}, {"pus", 2}, {"numa_nodes", 1}, {"packages", 1}}},
      {"machine_load",
       {{"before", {{"other_busy_cpus", 0.0}, {"load_average_1min", 0.1}}},
        {"after", {{"other_busy_cpus", 0.0}, {"load_average_1min", 0.1}}}}}};
  results.workloads["map"] = {.bytes_per_element = 24, .flops_per_element = 2, .schedulable = true};
  // s = 0.2: T(p) = 1.0 * (0.2 + 0.8 / p)
  Point oversubscribed = map_point("omp", 8, {0.1, 0.1, 0.1});
  oversubscribed.oversubscribed = true;  // must not enter the fit
  for (const Point& point :
       {map_point("seq", 1, {0.9, 0.91, 0.92}), map_point("omp", 1, {1.0, 1.01, 0.99}),
        map_point("omp", 2, {0.6, 0.61, 0.59}), map_point("omp", 4, {0.4, 0.41, 0.39}),
        oversubscribed}) {
    for (const Point& p : three_processes(point)) results.points.push_back(p);
  }
  return results;
}

}  // namespace sb::test
