#include "kernels/map/map.hpp"

namespace sb::map {

void run_seq(const Arrays& arrays) {
  const double* __restrict x = arrays.x;
  double* __restrict y = arrays.y;
  const double a = arrays.a;
  const std::size_t n = arrays.n;
#pragma omp simd
  for (std::size_t i = 0; i < n; ++i) y[i] = a * x[i] + y[i];
}

}  // namespace sb::map
