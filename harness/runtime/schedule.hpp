// Loop schedules as kernel variants: the OpenMP schedule clauses and oneTBB partitioners that a
// schedulable kernel runs, named exactly as the `variant` field spells them ("dynamic,64",
// "simple,64", "affinity"). The name is the whole description: parse_schedule(format_as(s)) == s.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/runtime/backend.hpp"

namespace sb {

enum class ScheduleKind {
  omp_static,   // "static" (one contiguous block a thread) or "static,c" (round robin chunks)
  omp_dynamic,  // "dynamic,c": chunks from a shared counter (nonmonotonic, OpenMP 5's default)
  omp_monotonic_dynamic,  // "monotonic:dynamic,c": chunks handed out in increasing order
  omp_guided,             // "guided,c": chunks shrinking with the remaining work, at least c
  tbb_auto,               // "auto": auto_partitioner, splitting on demand when work is stolen
  tbb_simple,             // "simple,g": simple_partitioner, ranges split down to the grain g
  tbb_static,             // "static": static_partitioner, one even share a worker, no stealing
  tbb_affinity            // "affinity": affinity_partitioner, replaying the last run's mapping
};

struct Schedule {
  ScheduleKind kind = ScheduleKind::omp_static;
  std::size_t chunk = 0;  // OpenMP chunk or oneTBB grain, in iterations; 0: none given
  Backend backend() const;
  bool operator==(const Schedule&) const = default;
};

std::string format_as(const Schedule& schedule);
// Throws ConfigError naming the name and the schedules `backend` has.
Schedule parse_schedule(Backend backend, std::string_view name);
// The same for a name that may not be a schedule at all (another kernel's variant): nullopt,
// with the reason in `why` when given.
std::optional<Schedule> schedule_named(Backend backend, std::string_view name,
                                       std::string* why = nullptr);

// Chunks a loop of `iterations` hands out under `schedule`, where the count is exact (OpenMP
// static,c, dynamic,c and monotonic:dynamic,c); nullopt for the others.
std::optional<double> exact_chunks_per_run(const Schedule& schedule, std::size_t iterations);

// Which schedules a sweep runs for the schedulable kernels.
struct ScheduleMatrix {
  std::vector<std::size_t> chunks{16, 256, 4096};  // OpenMP chunk sizes, iterations
  std::vector<std::size_t> grains{16, 256, 4096};  // simple_partitioner grain sizes
  // Families: static, dynamic, monotonic:dynamic, guided (OpenMP); auto, simple, static,
  // affinity (oneTBB). "static" selects both runtimes' static schedules.
  std::vector<std::string> families{"static", "dynamic", "guided", "auto", "simple", "affinity"};
};

// Every schedule of the matrix for `backend`, in a stable order (unchunked before chunked).
std::vector<Schedule> schedules_for(Backend backend, const ScheduleMatrix& matrix);
// Throws ConfigError on a family no runtime has, and on empty, zero or repeated sizes.
void validate(const ScheduleMatrix& matrix);

}  // namespace sb
