#include "harness/runtime/team_runtime.hpp"

namespace sb {
namespace {

class SeqRuntime : public TeamRuntime {
 public:
  SeqRuntime(const Topology& topology, const PinPlan& plan) : TeamRuntime(Backend::seq, plan) {
    if (!bind_current_thread(topology, plan.pu_per_worker.at(0))) ++bind_failures_;
  }
};

}  // namespace

std::unique_ptr<TeamRuntime> TeamRuntime::create(Backend backend, const Topology& topology,
                                                 const PinPlan& plan) {
  switch (backend) {
    case Backend::seq:
      return std::make_unique<SeqRuntime>(topology, plan);
    case Backend::omp:
      return make_omp_runtime(topology, plan);
    case Backend::tbb:
      return make_tbb_runtime(topology, plan);
  }
  return nullptr;
}

void first_touch(const Team& team, std::size_t n,
                 const std::function<void(std::size_t, std::size_t)>& init) {
  switch (team.backend) {
    case Backend::seq:
      init(0, n);
      return;
    case Backend::omp:
      first_touch_omp(team, n, init);
      return;
    case Backend::tbb:
      first_touch_tbb(n, init);
      return;
  }
}

}  // namespace sb
