#include <omp.h>

#include "kernels/map/map.hpp"

namespace sb::map {

void run_omp(const Arrays& arrays, const Team& team) {
#pragma omp parallel num_threads(team.threads)
  {
    team.probe->sample(omp_get_thread_num());
    // Local restrict pointers: read through the shared struct, GCC 12 emits gathers.
    const double* __restrict x = arrays.x;
    double* __restrict y = arrays.y;
    const double a = arrays.a;
    const std::size_t n = arrays.n;
#pragma omp for simd schedule(static) nowait
    for (std::size_t i = 0; i < n; ++i) y[i] = a * x[i] + y[i];
  }
}

}  // namespace sb::map
