#include "kernels/skewed_map/skewed_map.hpp"

namespace sb::skewed_map {

void run_seq(const Arrays& arrays) {
  for (std::size_t i = 0; i < arrays.n; ++i) {
    std::uint64_t h = arrays.y[i];
    for (std::uint32_t k = 0; k < arrays.work[i]; ++k) h = kMultiplier * h + kIncrement;
    arrays.y[i] = h;
  }
}

}  // namespace sb::skewed_map
