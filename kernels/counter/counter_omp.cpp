#include <omp.h>

#include "kernels/counter/counter.hpp"

namespace sb::counter {

void run_omp(State& s, const Team& team) {
#pragma omp parallel num_threads(team.threads)
  {
    const int worker = omp_get_thread_num();
    const std::uint64_t workers = static_cast<std::uint64_t>(omp_get_num_threads());
    team.probe->sample(worker);
    const std::uint64_t share =
        s.increments / workers + (static_cast<std::uint64_t>(worker) < s.increments % workers);
    increment(s, worker, share);
  }
  finish_run(s);
}

}  // namespace sb::counter
