#include <omp.h>

#include "kernels/calibrate/calibrate.hpp"

namespace sb::calibrate {

void run_omp(const Work& w, const Team& team) {
  serial_section(w);  // the calling thread is worker 0
#pragma omp parallel num_threads(team.threads)
  {
    team.probe->sample(omp_get_thread_num());
#pragma omp for schedule(static) nowait
    for (std::size_t i = w.serial_items; i < w.items; ++i) w.out[i] = item(w, i);
  }
}

}  // namespace sb::calibrate
