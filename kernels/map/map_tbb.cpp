#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include "kernels/map/map.hpp"

namespace sb::map {

void run_tbb(const Arrays& arrays, const Team& team) {
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, arrays.n),
      [&arrays, &team](const tbb::blocked_range<std::size_t>& range) {
        team.probe->sample(tbb::this_task_arena::current_thread_index());
        const double* __restrict x = arrays.x;
        double* __restrict y = arrays.y;
        const double a = arrays.a;
        const std::size_t end = range.end();
#pragma omp simd
        for (std::size_t i = range.begin(); i < end; ++i) y[i] = a * x[i] + y[i];
      },
      tbb::auto_partitioner());
}

}  // namespace sb::map
