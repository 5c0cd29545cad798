#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_reduce.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include <functional>

#include "kernels/reduce/reduce.hpp"

namespace sb::reduce {

double run_tbb(const double* x, std::size_t n, const Team& team) {
  return tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, n), 0.0,
      [x, &team](const tbb::blocked_range<std::size_t>& range, double partial) {
        team.probe->sample(tbb::this_task_arena::current_thread_index());
        return partial + sum_block(x + range.begin(), range.size());
      },
      std::plus<double>(), tbb::auto_partitioner());
}

}  // namespace sb::reduce
