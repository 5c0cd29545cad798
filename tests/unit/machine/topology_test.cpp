#include "harness/machine/topology.hpp"

#include <gtest/gtest.h>

#include "harness/core/error.hpp"

namespace sb {
namespace {

TEST(Topology, SyntheticCountsEveryLevel) {
  const Topology topology = Topology::synthetic("pack:2 numa:2 core:8 pu:2");
  const TopologySummary summary = topology.summary();
  EXPECT_EQ(summary.packages, 2);
  EXPECT_EQ(summary.numa_nodes, 4);
  EXPECT_EQ(summary.cores, 32);
  EXPECT_EQ(summary.pus, 64);
  EXPECT_EQ(summary.allowed_cpuset, "0-63");
}

TEST(Topology, CoresKnowTheirPackageAndNumaNode) {
  const Topology topology = Topology::synthetic("pack:2 numa:2 core:8 pu:2");
  const CoreInfo& last = topology.cores().back();
  EXPECT_EQ(last.package, 1);
  EXPECT_EQ(last.numa, 3);
  EXPECT_EQ(last.numa_in_package, 1);
  EXPECT_EQ(last.index_in_numa, 7);
  EXPECT_EQ(last.pu_os_indices, (std::vector<unsigned>{62, 63}));
}

TEST(Topology, RestrictionKeepsOnlyAllowedPus) {
  // As a container or taskset would: one core of the first package, both SMT siblings of it,
  // and one PU of a core in the second package.
  const Topology topology = Topology::synthetic("pack:2 core:4 pu:2", "0-1,8");
  EXPECT_EQ(topology.core_count(), 2);
  EXPECT_EQ(topology.pu_count(), 3);
  EXPECT_EQ(topology.summary().allowed_cpuset, "0-1,8");
  EXPECT_EQ(topology.cores()[1].package, 1);
}

TEST(Topology, WithoutNumaOrPackagesEverythingIsNodeZero) {
  const Topology topology = Topology::synthetic("core:4 pu:1");
  EXPECT_EQ(topology.core_count(), 4);
  for (const CoreInfo& core : topology.cores()) {
    EXPECT_EQ(core.package, 0);
    EXPECT_EQ(core.numa, 0);
  }
}

TEST(Topology, BadSyntheticDescriptionIsAConfigError) {
  EXPECT_THROW(Topology::synthetic("pack:two"), ConfigError);
  EXPECT_THROW(Topology::synthetic("core:2", "5-6"), ConfigError);
  EXPECT_THROW(Topology::synthetic("core:2", "x"), ConfigError);
}

TEST(Topology, ThisMachineHasAtLeastOneAllowedPu) {
  const Topology topology = Topology::load_for_this_process();
  EXPECT_GE(topology.core_count(), 1);
  EXPECT_GE(topology.pu_count(), topology.core_count());
}

}  // namespace
}  // namespace sb
