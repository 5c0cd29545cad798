#include <omp.h>

#include <atomic>

#include "harness/runtime/team_runtime.hpp"

namespace sb {
namespace {

// OpenMP threads inherit the affinity of the thread that creates them, so pinning the master
// alone could stack the whole team on one core: every team member binds itself instead. libgomp
// reuses the same pool threads, in the same order, for later regions of the same size; the
// placement probe checks that this held during the timed runs.
class OmpRuntime : public TeamRuntime {
 public:
  OmpRuntime(const Topology& topology, const PinPlan& plan) : TeamRuntime(Backend::omp, plan) {
    omp_set_dynamic(0);
    omp_set_num_threads(plan.threads);
    std::atomic<int> failures{0};
#pragma omp parallel num_threads(plan.threads)
    {
      const int worker = omp_get_thread_num();
      if (!bind_current_thread(topology, plan.pu_per_worker[worker])) failures++;
    }
    bind_failures_ = failures.load();
  }
};

void first_touch_omp(const Team& team, std::size_t n,
                     const std::function<void(std::size_t, std::size_t)>& init) {
#pragma omp parallel num_threads(team.threads)
  {
    // The same contiguous blocks as schedule(static) without a chunk size.
    const std::size_t workers = static_cast<std::size_t>(omp_get_num_threads());
    const std::size_t worker = static_cast<std::size_t>(omp_get_thread_num());
    const std::size_t quotient = n / workers, remainder = n % workers;
    const std::size_t begin =
        worker < remainder ? worker * (quotient + 1) : remainder + worker * quotient;
    const std::size_t end = begin + quotient + (worker < remainder ? 1 : 0);
    if (begin < end) init(begin, end);
  }
}

const BackendRegistration registration{
    BackendInfo{Backend::omp, "OpenMP",
                [](const Topology& topology, const PinPlan& plan) -> std::unique_ptr<TeamRuntime> {
                  return std::make_unique<OmpRuntime>(topology, plan);
                },
                first_touch_omp}};

}  // namespace

}  // namespace sb
