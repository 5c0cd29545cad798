// Synthetic schedule timings with known answers: four processes a runtime, each shifting its
// points by an offset they share (3%), five repetitions a process within 1% of it, from seeded
// generators; for the scheduling analysis and its report section.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "harness/results/results.hpp"
#include "tests/support/process_samples.hpp"

namespace sb::test {

inline std::vector<Point> schedule_point(const std::string& kernel, const std::string& backend,
                                        const std::string& variant, int threads, double center,
                                        std::uint64_t seed, const TwoLevelNoise& noise = {}) {
  Point p;
  p.kernel = kernel;
  p.backend = backend;
  p.variant = variant;
  p.threads = threads;
  p.pin = "compact";
  p.size = 1024;
  p.verified = true;
  p.placement_ok = true;
  return in_processes(p, center, stream_of(backend) + static_cast<std::uint64_t>(threads), seed,
                      noise);
}

inline void add(std::vector<Point>& to, const std::vector<Point>& points) {
  to.insert(to.end(), points.begin(), points.end());
}

// skewed_map at 2 threads: OpenMP dynamic,64 and oneTBB auto equally fast, both static
// schedules 1.5x slower, and a faster guided point that failed verification.
inline Results skewed_map_schedules() {
  Results results;
  results.workloads["skewed_map"] = {.schedulable = true};
  add(results.points, schedule_point("skewed_map", "seq", "reference", 1, 2.0, 1));
  add(results.points, schedule_point("skewed_map", "omp", "static", 2, 1.5, 2));
  add(results.points, schedule_point("skewed_map", "omp", "dynamic,64", 2, 1.0, 3));
  add(results.points, schedule_point("skewed_map", "tbb", "auto", 2, 1.0, 4));
  add(results.points, schedule_point("skewed_map", "tbb", "static", 2, 1.5, 5));
  std::vector<Point> unverified = schedule_point("skewed_map", "omp", "guided,64", 2, 0.5, 6);
  unverified[1].verified = false;  // faster, but wrong in one process: never ranked
  add(results.points, unverified);
  return results;
}

// fork_join's sequential reference at 4 us, OpenMP static at 5 us and dynamic,16 (64 chunks of
// the 1024 iterations) at 9 us.
inline Results fork_join_overheads() {
  Results results;
  results.workloads["fork_join"] = {.overhead_reference = true, .schedulable = true};
  add(results.points, schedule_point("fork_join", "seq", "reference", 1, 4e-6, 1));
  add(results.points, schedule_point("fork_join", "omp", "static", 2, 5e-6, 2));
  std::vector<Point> dynamic = schedule_point("fork_join", "omp", "dynamic,16", 2, 9e-6, 3);
  for (Point& p : dynamic) p.chunks_per_run = 64;
  add(results.points, dynamic);
  return results;
}

}  // namespace sb::test
