#include "harness/runtime/stdpar_runtime.hpp"
#include "kernels/triad/triad.hpp"

namespace sb::triad {

void run_stdpar(const Arrays& arrays, const Team& team, const StdparBlocks& blocks,
                std::string_view policy) {
  stdpar_for_each(policy, team, blocks, [&arrays](std::size_t begin, std::size_t end) {
    double* __restrict a = arrays.a;
    const double* __restrict b = arrays.b;
    const double* __restrict c = arrays.c;
    const double s = arrays.s;
#pragma omp simd
    for (std::size_t i = begin; i < end; ++i) a[i] = b[i] + s * c[i];
  });
}

}  // namespace sb::triad
