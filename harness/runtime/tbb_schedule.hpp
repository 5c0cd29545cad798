// oneTBB loops under a Schedule: parallel_for over a blocked_range with the schedule's
// partitioner, the body called on each contiguous subrange. Include only from oneTBB kernel
// sources, and call inside the team's arena.
#pragma once

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include <cstddef>
#include <memory>

#include "harness/runtime/schedule.hpp"
#include "harness/runtime/team.hpp"

namespace sb {

// What an affinity_partitioner learnt in one run, kept for the next: the point of it is to send
// each subrange back to the worker whose cache holds it. A kernel instance owns one and passes it
// to every run of its "affinity" variant, so repetitions reuse it.
class AffinityMemory {
 public:
  tbb::affinity_partitioner& partitioner() { return *partitioner_; }

 private:
  std::unique_ptr<tbb::affinity_partitioner> partitioner_ =
      std::make_unique<tbb::affinity_partitioner>();
};

template <typename Body>
void tbb_parallel_for(const Team& team, const Schedule& schedule, std::size_t n, const Body& body,
                      AffinityMemory& affinity) {
  const auto range_body = [&body, &team](const tbb::blocked_range<std::size_t>& range) {
    team.probe->sample(tbb::this_task_arena::current_thread_index());
    body(range.begin(), range.end());
  };
  using Range = tbb::blocked_range<std::size_t>;
  switch (schedule.kind) {
    case ScheduleKind::tbb_auto:
      tbb::parallel_for(Range(0, n), range_body, tbb::auto_partitioner());
      break;
    case ScheduleKind::tbb_simple:
      tbb::parallel_for(Range(0, n, schedule.chunk), range_body, tbb::simple_partitioner());
      break;
    case ScheduleKind::tbb_static:
      tbb::parallel_for(Range(0, n), range_body, tbb::static_partitioner());
      break;
    case ScheduleKind::tbb_affinity:
      tbb::parallel_for(Range(0, n), range_body, affinity.partitioner());
      break;
    default:
      break;  // an OpenMP schedule: the worker refuses it before anything runs
  }
}

}  // namespace sb
