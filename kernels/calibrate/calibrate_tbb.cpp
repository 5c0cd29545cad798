#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include "kernels/calibrate/calibrate.hpp"

namespace sb::calibrate {

void run_tbb(const Work& w, const Team& team) {
  serial_section(w);
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(w.serial_items, w.items),
      [&w, &team](const tbb::blocked_range<std::size_t>& range) {
        team.probe->sample(tbb::this_task_arena::current_thread_index());
        for (std::size_t i = range.begin(); i < range.end(); ++i) w.out[i] = item(w, i);
      },
      tbb::static_partitioner());
}

}  // namespace sb::calibrate
