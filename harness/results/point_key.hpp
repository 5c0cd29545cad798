// The three ways points are grouped, each defined once: a point (one measurement), a series (one
// curve over thread counts) and a workload (what schedules and backends are compared on).
#pragma once

#include <compare>
#include <cstddef>
#include <map>
#include <string>

#include "harness/results/results.hpp"

namespace sb {

// What identifies a point, within a sweep and between two: kernel, backend, variant, threads,
// pin, size, scaling and parameters. "map/omp/static/2/compact/1024/strong/{}"
std::string point_key(const Point& point);

// One process's measurement of a point: point_key and the process index. What a resume has done.
std::string measurement_key(const Point& point);

// One curve over thread counts. A weak-scaling series runs size x threads: it is one series of
// its 1-thread size. A distributed kernel's curve is over ranks, at one count of threads per rank:
// its points' threads (ranks x threads per rank) are the curve's worker counts.
struct SeriesKey {
  std::string kernel, backend, variant, pin;
  std::size_t size = 0;
  std::map<std::string, double> params;
  int threads_per_rank = 0;  // 0: not distributed
  auto operator<=>(const SeriesKey&) const = default;
};
SeriesKey series_key(const Point& point);

// A kernel at one size with its parameters, pinned and scaled one way: its points differ only in
// backend, variant and threads.
struct WorkloadKey {
  std::string kernel;
  std::size_t size = 0;
  std::map<std::string, double> params;
  bool weak_scaling = false;
  std::string pin;
  auto operator<=>(const WorkloadKey&) const = default;
};
WorkloadKey workload_key(const Point& point);

}  // namespace sb
