#include "kernels/triad/triad.hpp"

namespace sb::triad {

void run_seq(const Arrays& arrays) {
  double* __restrict a = arrays.a;
  const double* __restrict b = arrays.b;
  const double* __restrict c = arrays.c;
  const double s = arrays.s;
  const std::size_t n = arrays.n;
#pragma omp simd
  for (std::size_t i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
}

}  // namespace sb::triad
