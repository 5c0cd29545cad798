#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include "kernels/counter/counter.hpp"

namespace sb::counter {

// static_partitioner gives each worker one contiguous share, as OpenMP's team split does.
void run_tbb(State& s, const Team& team) {
  tbb::parallel_for(
      tbb::blocked_range<std::uint64_t>(0, s.increments),
      [&s, &team](const tbb::blocked_range<std::uint64_t>& range) {
        const int worker = tbb::this_task_arena::current_thread_index();
        team.probe->sample(worker);
        increment(s, worker, range.size());
      },
      tbb::static_partitioner());
  finish_run(s);
}

}  // namespace sb::counter
