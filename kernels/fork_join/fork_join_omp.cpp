#include "harness/runtime/omp_schedule.hpp"
#include "kernels/fork_join/fork_join.hpp"

namespace sb::fork_join {

void run_omp(const Arrays& arrays, const Team& team, const Schedule& schedule) {
  Slot* visits = arrays.visits;
  omp_parallel_for(team, schedule, arrays.n, [visits](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) ++visits[i].count;
  });
}

}  // namespace sb::fork_join
