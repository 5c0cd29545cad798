// A small sweep with known answers: map at 1, 2, 4 and 8 threads following Amdahl's law with
// s = 0.2, the 8-thread point oversubscribed.
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

inline Results sample_results() {
  Results results;
  results.complete = true;
  results.manifest = {{"topology", {{"cores", 2}, {"pus", 2}, {"numa_nodes", 1}, {"packages", 1}}}};
  results.workloads["map"] = {.bytes_per_element = 24, .flops_per_element = 2, .schedulable = true};
  // s = 0.2: T(p) = 1.0 * (0.2 + 0.8 / p)
  results.points = {map_point("seq", 1, {0.9, 0.91, 0.92}), map_point("omp", 1, {1.0, 1.01, 0.99}),
                    map_point("omp", 2, {0.6, 0.61, 0.59}), map_point("omp", 4, {0.4, 0.41, 0.39}),
                    map_point("omp", 8, {0.1, 0.1, 0.1})};
  results.points.back().oversubscribed = true;  // must not enter the fit
  return results;
}

}  // namespace sb::test
