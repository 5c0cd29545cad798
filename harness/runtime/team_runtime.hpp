// A backend's worker pool for one thread count, created and pinned before anything is timed.
#pragma once

#include <functional>
#include <memory>

#include "harness/machine/pin_plan.hpp"
#include "harness/runtime/team.hpp"

namespace sb {

class TeamRuntime {
 public:
  // Creates the pool (OpenMP team or oneTBB arena) and binds every worker to its planned PU.
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

std::unique_ptr<TeamRuntime> make_omp_runtime(const Topology& topology, const PinPlan& plan);
std::unique_ptr<TeamRuntime> make_tbb_runtime(const Topology& topology, const PinPlan& plan);
void first_touch_omp(const Team& team, std::size_t n,
                     const std::function<void(std::size_t, std::size_t)>& init);
void first_touch_tbb(std::size_t n, const std::function<void(std::size_t, std::size_t)>& init);

}  // namespace sb
