// Which PU each worker of a team should run on: the policy and the plan it makes.
#pragma once

#include <string_view>
#include <vector>

#include "harness/machine/topology.hpp"

namespace sb {

// How workers are placed on processing units (PUs).
enum class PinPolicy {
  compact,  // fill cores in order, one PU a core, before any SMT sibling
  scatter,  // spread across packages and NUMA nodes first, then fill
  none,     // leave placement to the OS (observed PUs are still recorded)
};

constexpr std::string_view format_as(PinPolicy policy) {
  switch (policy) {
    case PinPolicy::compact:
      return "compact";
    case PinPolicy::scatter:
      return "scatter";
    case PinPolicy::none:
      return "none";
  }
  return "?";
}

// Throws ConfigError naming the unknown policy.
PinPolicy parse_pin_policy(std::string_view text);

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
