// OpenMP loops under a Schedule: the team's parallel region with one worksharing loop, whose body
// is called on contiguous ranges [begin, end) so that every schedule runs the same vectorisable
// inner loop. Include only from OpenMP kernel sources.
#pragma once

#include <omp.h>

#include <algorithm>
#include <cstddef>

#include "harness/runtime/schedule.hpp"
#include "harness/runtime/team.hpp"

namespace sb {

// Schedules with a chunk c share out blocks of c iterations, one block an OpenMP iteration with
// chunk 1: for static,c and dynamic,c that is exactly the clause's chunk sequence; guided's
// shrinking chunks come out rounded up to whole blocks. Plain static computes libgomp's even
// split directly, as `schedule(static)` does, without a library call.
template <typename Body>
void omp_parallel_for(const Team& team, const Schedule& schedule, std::size_t n, const Body& body) {
  const std::size_t c = std::max<std::size_t>(schedule.chunk, 1);
  const std::size_t blocks = (n + c - 1) / c;
  const auto block = [&body, c, n](std::size_t b) { body(b * c, std::min(n, b * c + c)); };
#pragma omp parallel num_threads(team.threads)
  {
    team.probe->sample(omp_get_thread_num());
    switch (schedule.kind) {
      case ScheduleKind::omp_static:
        if (schedule.chunk == 0) {
          const std::size_t threads = static_cast<std::size_t>(omp_get_num_threads());
          const std::size_t t = static_cast<std::size_t>(omp_get_thread_num());
          const std::size_t share = n / threads, extra = n % threads;
          const std::size_t begin = t * share + std::min(t, extra);
          const std::size_t end = begin + share + (t < extra ? 1 : 0);
          if (begin < end) body(begin, end);
        } else {
#pragma omp for schedule(static, 1) nowait
          for (std::size_t b = 0; b < blocks; ++b) block(b);
        }
        break;
      case ScheduleKind::omp_dynamic:
#pragma omp for schedule(nonmonotonic : dynamic, 1) nowait
        for (std::size_t b = 0; b < blocks; ++b) block(b);
        break;
      case ScheduleKind::omp_monotonic_dynamic:
#pragma omp for schedule(monotonic : dynamic, 1) nowait
        for (std::size_t b = 0; b < blocks; ++b) block(b);
        break;
      case ScheduleKind::omp_guided:
#pragma omp for schedule(guided, 1) nowait
        for (std::size_t b = 0; b < blocks; ++b) block(b);
        break;
      default:
        break;  // a oneTBB partitioner: the worker refuses it before anything runs
    }
  }
}

}  // namespace sb
