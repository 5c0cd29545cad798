#include "harness/machine/pin_plan.hpp"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <tuple>

#include "harness/core/error.hpp"

namespace sb {

PinPolicy parse_pin_policy(std::string_view text) {
  for (PinPolicy policy : {PinPolicy::compact, PinPolicy::scatter, PinPolicy::none}) {
    if (format_as(policy) == text) return policy;
  }
  config_error("unknown pin policy '{}' (expected compact, scatter or none)", text);
}

std::vector<int> pu_order(const Topology& topology, PinPolicy policy) {
  const std::vector<CoreInfo>& cores = topology.cores();
  std::vector<std::size_t> core_order(cores.size());
  std::iota(core_order.begin(), core_order.end(), 0);
  if (policy == PinPolicy::scatter) {
    // Round-robin over packages first, then over NUMA nodes within a package, then cores.
    std::stable_sort(core_order.begin(), core_order.end(), [&](std::size_t a, std::size_t b) {
      return std::tuple(cores[a].index_in_numa, cores[a].numa_in_package, cores[a].package) <
             std::tuple(cores[b].index_in_numa, cores[b].numa_in_package, cores[b].package);
    });
  }
  std::size_t max_smt = 0;
  for (const CoreInfo& core : cores) max_smt = std::max(max_smt, core.pu_os_indices.size());
  // One PU a core first; SMT siblings only once every core has a worker.
  std::vector<int> order;
  for (std::size_t level = 0; level < max_smt; ++level) {
    for (std::size_t c : core_order) {
      if (level < cores[c].pu_os_indices.size()) {
        order.push_back(static_cast<int>(cores[c].pu_os_indices[level]));
      }
    }
  }
  return order;
}

PinPlan plan_pinning(const Topology& topology, int threads, PinPolicy policy) {
  assert(threads > 0);
  PinPlan plan;
  plan.policy = policy;
  plan.threads = threads;
  plan.oversubscribed = threads > topology.usable_pu_count();
  plan.uses_smt_siblings =
      topology.pu_count() > topology.core_count() && threads > topology.core_count();
  if (policy == PinPolicy::none) {
    plan.pu_per_worker.assign(threads, kUnpinned);
    return plan;
  }
  const std::vector<int> order = pu_order(topology, policy);
  assert(!order.empty());
  plan.pu_per_worker.reserve(threads);
  for (int worker = 0; worker < threads; ++worker) {
    plan.pu_per_worker.push_back(order[worker % order.size()]);
  }
  return plan;
}

}  // namespace sb
