#include "harness/runtime/tbb_schedule.hpp"
#include "kernels/fork_join/fork_join.hpp"

namespace sb::fork_join {

void run_tbb(const Arrays& arrays, const Team& team, const Schedule& schedule,
             AffinityMemory& affinity) {
  Slot* visits = arrays.visits;
  tbb_parallel_for(
      team, schedule, arrays.n,
      [visits](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) ++visits[i].count;
      },
      affinity);
}

}  // namespace sb::fork_join
