#include <omp.h>

#include "kernels/triad/triad.hpp"

namespace sb::triad {

void run_omp(const Arrays& arrays, const Team& team) {
#pragma omp parallel num_threads(team.threads)
  {
    team.probe->sample(omp_get_thread_num());
    double* __restrict a = arrays.a;
    const double* __restrict b = arrays.b;
    const double* __restrict c = arrays.c;
    const double s = arrays.s;
    const std::size_t n = arrays.n;
#pragma omp for simd schedule(static) nowait
    for (std::size_t i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
  }
}

}  // namespace sb::triad
