// Synthetic schedule timings with known answers: ten samples within 1% of a centre, from a seeded
// generator, for the scheduling analysis and its report section.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "harness/results/results.hpp"

namespace sb::test {

inline Point schedule_point(const std::string& kernel, const std::string& backend,
                            const std::string& variant, int threads, double center,
                            std::uint64_t seed) {
  Point p;
  p.kernel = kernel;
  p.backend = backend;
  p.variant = variant;
  p.threads = threads;
  p.pin = "compact";
  p.size = 1024;
  p.verified = true;
  p.placement_ok = true;
  std::mt19937_64 generator(seed);
  std::uniform_real_distribution<double> jitter(0.99, 1.01);
  for (int i = 0; i < 10; ++i) p.seconds.push_back(center * jitter(generator));
  return p;
}

// skewed_map at 2 threads: OpenMP dynamic,64 and oneTBB auto equally fast, both static
// schedules 1.5x slower, and a faster guided point that failed verification.
inline Results skewed_map_schedules() {
  Results results;
  results.workloads["skewed_map"] = {.schedulable = true};
  results.points = {schedule_point("skewed_map", "seq", "reference", 1, 2.0, 1),
                    schedule_point("skewed_map", "omp", "static", 2, 1.5, 2),
                    schedule_point("skewed_map", "omp", "dynamic,64", 2, 1.0, 3),
                    schedule_point("skewed_map", "tbb", "auto", 2, 1.0, 4),
                    schedule_point("skewed_map", "tbb", "static", 2, 1.5, 5)};
  Point unverified = schedule_point("skewed_map", "omp", "guided,64", 2, 0.5, 6);
  unverified.verified = false;  // faster, but wrong: never ranked
  results.points.push_back(unverified);
  return results;
}

// fork_join's sequential reference at 4 us, OpenMP static at 5 us and dynamic,16 (64 chunks of
// the 1024 iterations) at 9 us.
inline Results fork_join_overheads() {
  Results results;
  results.workloads["fork_join"] = {.overhead_reference = true, .schedulable = true};
  results.points = {schedule_point("fork_join", "seq", "reference", 1, 4e-6, 1),
                    schedule_point("fork_join", "omp", "static", 2, 5e-6, 2),
                    schedule_point("fork_join", "omp", "dynamic,16", 2, 9e-6, 3)};
  results.points.back().chunks_per_run = 64;
  return results;
}

}  // namespace sb::test
