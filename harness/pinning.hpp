// Which PU each worker of a team should run on.
#pragma once

#include <vector>

#include "harness/pin_policy.hpp"
#include "harness/topology.hpp"

namespace sb {

inline constexpr int kUnpinned = -1;

struct PinPlan {
  PinPolicy policy = PinPolicy::none;
  int threads = 0;
  std::vector<int> pu_per_worker;  // OS index of each worker's PU, kUnpinned under PinPolicy::none
  bool oversubscribed = false;     // more threads than allowed PUs or than the CPU quota allows
  bool uses_smt_siblings = false;  // more threads than allowed cores
};

// Workers beyond the PU count wrap around the same order (and are marked oversubscribed, as are
// workers beyond a CPU quota: they get PUs of their own but share the quota's time).
PinPlan plan_pinning(const Topology& topology, int threads, PinPolicy policy);

// The order in which a policy hands out PUs; every allowed PU appears once.
std::vector<int> pu_order(const Topology& topology, PinPolicy policy);

}  // namespace sb
