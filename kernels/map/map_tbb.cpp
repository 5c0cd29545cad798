#include "harness/runtime/tbb_schedule.hpp"
#include "kernels/map/map.hpp"

namespace sb::map {

void run_tbb(const Arrays& arrays, const Team& team, const Schedule& schedule,
             AffinityMemory& affinity) {
  const double* x_shared = arrays.x;
  double* y_shared = arrays.y;
  const double a = arrays.a;
  tbb_parallel_for(
      team, schedule, arrays.n,
      [x_shared, y_shared, a](std::size_t begin, std::size_t end) {
        const double* __restrict x = x_shared;
        double* __restrict y = y_shared;
#pragma omp simd
        for (std::size_t i = begin; i < end; ++i) y[i] = a * x[i] + y[i];
      },
      affinity);
}

}  // namespace sb::map
