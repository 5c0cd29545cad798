#include "kernels/fork_join/fork_join.hpp"

namespace sb::fork_join {

void run_seq(const Arrays& arrays) {
  for (std::size_t i = 0; i < arrays.n; ++i) ++arrays.visits[i].count;
}

}  // namespace sb::fork_join
