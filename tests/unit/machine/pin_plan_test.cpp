#include "harness/machine/pin_plan.hpp"

#include <gtest/gtest.h>

#include <set>

#include "harness/core/error.hpp"

namespace sb {
namespace {

// 2 packages x 2 NUMA nodes x 8 cores x 2 PUs: PUs 0-15 in NUMA 0, 16-31 NUMA 1 (package 0),
// 32-47 NUMA 2, 48-63 NUMA 3 (package 1); PU 2c and 2c+1 are SMT siblings of core c.
const Topology& big() {
  static const Topology topology = Topology::synthetic("pack:2 numa:2 core:8 pu:2");
  return topology;
}

TEST(PinPlan, CompactFillsCoresInOrderBeforeSiblings) {
  const PinPlan plan = plan_pinning(big(), 4, PinPolicy::compact);
  EXPECT_EQ(plan.pu_per_worker, (std::vector<int>{0, 2, 4, 6}));
  EXPECT_FALSE(plan.uses_smt_siblings);
  EXPECT_FALSE(plan.oversubscribed);
}

TEST(PinPlan, CompactUsesSiblingsOnlyAfterEveryCore) {
  const PinPlan plan = plan_pinning(big(), 33, PinPolicy::compact);
  EXPECT_EQ(plan.pu_per_worker[31], 62);  // last core, first PU
  EXPECT_EQ(plan.pu_per_worker[32], 1);   // then the first sibling
  EXPECT_TRUE(plan.uses_smt_siblings);
}

TEST(PinPlan, ScatterAlternatesPackagesThenNumaNodes) {
  const PinPlan plan = plan_pinning(big(), 4, PinPolicy::scatter);
  EXPECT_EQ(plan.pu_per_worker, (std::vector<int>{0, 32, 16, 48}));
}

TEST(PinPlan, ScatterBalancesNumaNodesAtEveryCount) {
  for (int threads : {4, 8, 12, 32}) {
    const PinPlan plan = plan_pinning(big(), threads, PinPolicy::scatter);
    std::vector<int> per_numa(4, 0);
    for (int pu : plan.pu_per_worker) per_numa[pu / 16]++;
    for (int count : per_numa) EXPECT_EQ(count, threads / 4) << threads << " threads";
  }
}

TEST(PinPlan, EveryPolicyUsesDistinctPusUpToThePuCount) {
  for (PinPolicy policy : {PinPolicy::compact, PinPolicy::scatter}) {
    const PinPlan plan = plan_pinning(big(), 64, policy);
    const std::set<int> distinct(plan.pu_per_worker.begin(), plan.pu_per_worker.end());
    EXPECT_EQ(distinct.size(), 64u) << format_as(policy);
    EXPECT_FALSE(plan.oversubscribed);
  }
}

TEST(PinPlan, MoreThreadsThanPusWrapAndAreOversubscribed) {
  const Topology two = Topology::synthetic("core:2 pu:1");
  const PinPlan plan = plan_pinning(two, 5, PinPolicy::compact);
  EXPECT_TRUE(plan.oversubscribed);
  EXPECT_EQ(plan.pu_per_worker, (std::vector<int>{0, 1, 0, 1, 0}));
}

TEST(PinPlan, NoneRequestsNoPu) {
  const PinPlan plan = plan_pinning(big(), 3, PinPolicy::none);
  EXPECT_EQ(plan.pu_per_worker, (std::vector<int>(3, kUnpinned)));
}

TEST(PinPlan, RespectsTheAllowedCpuset) {
  const Topology restricted = Topology::synthetic("pack:2 numa:2 core:8 pu:2", "16-47");
  const PinPlan plan = plan_pinning(restricted, 32, PinPolicy::scatter);
  for (int pu : plan.pu_per_worker) {
    EXPECT_GE(pu, 16);
    EXPECT_LE(pu, 47);
  }
  EXPECT_EQ(plan.pu_per_worker[0], 16);  // package 0's allowed NUMA node
  EXPECT_EQ(plan.pu_per_worker[1], 32);  // then package 1's
}

TEST(PinPlan, PolicyNamesRoundTrip) {
  for (PinPolicy policy : {PinPolicy::compact, PinPolicy::scatter, PinPolicy::none}) {
    EXPECT_EQ(parse_pin_policy(format_as(policy)), policy);
  }
  EXPECT_THROW(parse_pin_policy("spread"), ConfigError);
}

}  // namespace
}  // namespace sb
