#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include "kernels/triad/triad.hpp"

namespace sb::triad {

// static_partitioner: one contiguous block a worker, the layout first_touch gave the pages.
void run_tbb(const Arrays& arrays, const Team& team) {
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, arrays.n),
      [&arrays, &team](const tbb::blocked_range<std::size_t>& range) {
        team.probe->sample(tbb::this_task_arena::current_thread_index());
        double* __restrict a = arrays.a;
        const double* __restrict b = arrays.b;
        const double* __restrict c = arrays.c;
        const double s = arrays.s;
        const std::size_t end = range.end();
#pragma omp simd
        for (std::size_t i = range.begin(); i < end; ++i) a[i] = b[i] + s * c[i];
      },
      tbb::static_partitioner());
}

}  // namespace sb::triad
