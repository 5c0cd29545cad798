// A backend's worker pool for one thread count, created and pinned before anything is timed, and
// the registry through which each backend's runtime file makes itself known.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "harness/machine/pin_plan.hpp"
#include "harness/runtime/team.hpp"

namespace sb {

class TeamRuntime {
 public:
  // Creates the pool (OpenMP team or oneTBB arena) and binds every worker to its planned PU.
  // Throws ConfigError for a backend nobody registered.
  static std::unique_ptr<TeamRuntime> create(Backend backend, const Topology& topology,
                                             const PinPlan& plan);
  virtual ~TeamRuntime() = default;

  const Team& team() { return team_; }
  PlacementProbe& probe() { return probe_; }
  // Runs fn in the team's context: inside the oneTBB arena, or directly for seq and OpenMP.
  virtual void execute(const std::function<void()>& fn) { fn(); }
  // Workers whose binding the OS refused so far.
  virtual int bind_failures() const { return bind_failures_; }

 protected:
  TeamRuntime(Backend backend, const PinPlan& plan)
      : probe_(plan.threads), team_{backend, plan.threads, &probe_} {}
  PlacementProbe probe_;
  Team team_;
  int bind_failures_ = 0;
};

using FirstTouch = std::function<void(const Team&, std::size_t,
                                      const std::function<void(std::size_t, std::size_t)>&)>;

struct BackendInfo {
  Backend backend;
  std::string runtime;  // what runs it, for people: "OpenMP", "oneTBB" (the report names it so)
  std::function<std::unique_ptr<TeamRuntime>(const Topology&, const PinPlan&)> create;
  FirstTouch first_touch;  // first_touch() for this backend's teams
};

// A runtime file registers its backend with one `static const sb::BackendRegistration`.
struct BackendRegistration {
  explicit BackendRegistration(BackendInfo info);
};

// Registered backends, seq first. Their runtime files are linked whole (harness/CMakeLists.txt),
// so a registration no symbol refers to is still there.
const std::vector<BackendInfo>& backend_registry();

// A oneTBB arena pinned by its observer, for any backend whose workers are oneTBB's.
std::unique_ptr<TeamRuntime> make_tbb_runtime(Backend backend, const Topology& topology,
                                              const PinPlan& plan);
void first_touch_tbb(const Team& team, std::size_t n,
                     const std::function<void(std::size_t, std::size_t)>& init);

}  // namespace sb
