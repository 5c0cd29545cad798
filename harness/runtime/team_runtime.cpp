#include "harness/runtime/team_runtime.hpp"

#include <algorithm>

#include "harness/core/error.hpp"

namespace sb {
namespace {

std::vector<BackendInfo>& registry() {
  static std::vector<BackendInfo> backends;
  return backends;
}

class SeqRuntime : public TeamRuntime {
 public:
  SeqRuntime(const Topology& topology, const PinPlan& plan) : TeamRuntime(Backend::seq, plan) {
    if (!bind_current_thread(topology, plan.pu_per_worker.at(0))) ++bind_failures_;
  }
};

const BackendRegistration seq_registration{
    BackendInfo{Backend::seq, "sequential",
                [](const Topology& topology, const PinPlan& plan) -> std::unique_ptr<TeamRuntime> {
                  return std::make_unique<SeqRuntime>(topology, plan);
                },
                [](const Team&, std::size_t n,
                   const std::function<void(std::size_t, std::size_t)>& init) { init(0, n); }}};

const BackendInfo& find_backend(Backend backend) {
  for (const BackendInfo& info : registry()) {
    if (info.backend == backend) return info;
  }
  config_error("backend '{}' is not registered in this build", format_as(backend));
}

}  // namespace

BackendRegistration::BackendRegistration(BackendInfo info) {
  auto& backends = registry();
  if (info.backend == Backend::seq) {
    backends.insert(backends.begin(), std::move(info));
  } else {
    backends.push_back(std::move(info));
  }
}

const std::vector<BackendInfo>& backend_registry() { return registry(); }

std::unique_ptr<TeamRuntime> TeamRuntime::create(Backend backend, const Topology& topology,
                                                 const PinPlan& plan) {
  return find_backend(backend).create(topology, plan);
}

void first_touch(const Team& team, std::size_t n,
                 const std::function<void(std::size_t, std::size_t)>& init) {
  find_backend(team.backend).first_touch(team, n, init);
}

}  // namespace sb
