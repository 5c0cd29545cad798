#include "harness/runtime/omp_schedule.hpp"
#include "kernels/skewed_map/skewed_map.hpp"

namespace sb::skewed_map {

void run_omp(const Arrays& arrays, const Team& team, const Schedule& schedule) {
  const std::uint32_t* work = arrays.work;
  std::uint64_t* y = arrays.y;
  omp_parallel_for(team, schedule, arrays.n, [work, y](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      std::uint64_t h = y[i];
      for (std::uint32_t k = 0; k < work[i]; ++k) h = kMultiplier * h + kIncrement;
      y[i] = h;
    }
  });
}

}  // namespace sb::skewed_map
