#include "harness/runtime/stdpar_runtime.hpp"
#include "kernels/reduce/reduce.hpp"

namespace sb::reduce {

// Grid values sum exactly in any order, so transform_reduce's unspecified order of combining
// blocks cannot change the result.
double run_stdpar(const double* x, const Team& team, const StdparBlocks& blocks,
                  std::string_view policy) {
  return stdpar_sum(policy, team, blocks, [x](std::size_t begin, std::size_t end) {
    return sum_block(x + begin, end - begin);
  });
}

}  // namespace sb::reduce
