#include "harness/runtime/stdpar_runtime.hpp"
#include "kernels/map/map.hpp"

namespace sb::map {

void run_stdpar(const Arrays& arrays, const Team& team, const StdparBlocks& blocks,
                std::string_view policy) {
  const double* x_shared = arrays.x;
  double* y_shared = arrays.y;
  const double a = arrays.a;
  stdpar_for_each(policy, team, blocks,
                  [x_shared, y_shared, a](std::size_t begin, std::size_t end) {
                    const double* __restrict x = x_shared;
                    double* __restrict y = y_shared;
#pragma omp simd
                    for (std::size_t i = begin; i < end; ++i) y[i] = a * x[i] + y[i];
                  });
}

}  // namespace sb::map
