// CPU quotas: cgroup files parsed, fake cgroup trees walked, and a quota capping the thread count.
#include "harness/machine/cpu_quota.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "harness/machine/pin_plan.hpp"
#include "harness/machine/threads_spec.hpp"
#include "harness/machine/topology.hpp"

namespace sb {
namespace {

namespace fs = std::filesystem;

// A fake /sys/fs/cgroup, /proc/self/mountinfo and /proc/self/cgroup under a per-process directory.
class CpuQuotaCgroups : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("scalebench-cpu-quota-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const fs::path& relative, const std::string& text) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << text;
  }
  std::optional<CpuQuota> read() { return read_cpu_quota(root_ / "mountinfo", root_ / "cgroup"); }

  fs::path root_;
};

TEST(CpuQuota, ParsesCpuMax) {
  EXPECT_DOUBLE_EQ(*parse_cpu_max("100000 100000"), 1.0);
  EXPECT_DOUBLE_EQ(*parse_cpu_max("150000 100000\n"), 1.5);
  EXPECT_FALSE(parse_cpu_max("max 100000"));
  for (const char* bad : {"", "100000", "a b", "0 100000", "100000 0", "-5 100000", "1 2 3"}) {
    EXPECT_FALSE(parse_cpu_max(bad)) << "'" << bad << "'";
  }
}

TEST(CpuQuota, WholeCpusAreTheFloorAndAtLeastOne) {
  EXPECT_EQ(quota_cpu_count(0.5), 1);
  EXPECT_EQ(quota_cpu_count(1.0), 1);
  EXPECT_EQ(quota_cpu_count(1.5), 1);
  EXPECT_EQ(quota_cpu_count(1.9999999999), 2);
  EXPECT_EQ(quota_cpu_count(16), 16);
  EXPECT_EQ(quota_cpu_count(17592186044416.0), 1000000);  // 2^44 us over 1 ms: capped, no overflow
}

TEST_F(CpuQuotaCgroups, Version2TakesTheTightestAncestor) {
  const fs::path mount = root_ / "sys/fs/cgroup";
  write("mountinfo",
        "30 23 0:26 / " + mount.string() + " rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate\n");
  write("cgroup", "0::/user.slice/job\n");
  write("sys/fs/cgroup/user.slice/cpu.max", "100000 100000\n");
  write("sys/fs/cgroup/user.slice/job/cpu.max", "max 100000\n");
  const std::optional<CpuQuota> quota = read();
  ASSERT_TRUE(quota);
  EXPECT_DOUBLE_EQ(quota->cpus, 1.0);
  EXPECT_EQ(quota->source, (mount / "user.slice/cpu.max").string());
}

TEST_F(CpuQuotaCgroups, Version1ReadsTheCfsQuotaOfTheCpuController) {
  const fs::path mount = root_ / "sys/fs/cgroup/cpu,cpuacct";
  write("mountinfo", "32 31 0:29 / " + mount.string() +
                         " rw,relatime - cgroup cgroup rw,cpu,cpuacct\n" + "33 31 0:30 / " +
                         (root_ / "mem").string() + " rw,relatime - cgroup cgroup rw,memory\n");
  write("cgroup", "4:memory:/box\n2:cpu,cpuacct:/box\n0::/\n");
  write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "-1\n");
  write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000\n");
  write("sys/fs/cgroup/cpu,cpuacct/box/cpu.cfs_quota_us", "250000\n");
  write("sys/fs/cgroup/cpu,cpuacct/box/cpu.cfs_period_us", "100000\n");
  const std::optional<CpuQuota> quota = read();
  ASSERT_TRUE(quota);
  EXPECT_DOUBLE_EQ(quota->cpus, 2.5);
}

TEST_F(CpuQuotaCgroups, AContainerSeesOnlyItsOwnSubtree) {
  // The mount's root is the container's cgroup: /proc/self/cgroup names it from the real root.
  const fs::path mount = root_ / "sys/fs/cgroup";
  write("mountinfo", "40 30 0:26 /docker/abc " + mount.string() + " rw - cgroup2 cgroup2 rw\n");
  write("cgroup", "0::/docker/abc\n");
  write("sys/fs/cgroup/cpu.max", "50000 100000\n");
  const std::optional<CpuQuota> quota = read();
  ASSERT_TRUE(quota);
  EXPECT_DOUBLE_EQ(quota->cpus, 0.5);
}

TEST_F(CpuQuotaCgroups, EscapedMountPointsAndForeignSubtrees) {
  // mountinfo writes a space in a path as \040; a cgroup outside the mount's root is not ours to
  // read, even when its name starts with the root's ("/docker/abcd" is not in "/docker/abc").
  const fs::path mount = root_ / "cg roup";
  write("mountinfo", "40 30 0:26 /docker/abc " + (root_ / "cg\\040roup").string() +
                         " rw - cgroup2 cgroup2 rw\n");
  write("cg roup/cpu.max", "200000 100000\n");
  write("cgroup", "0::/docker/abc\n");
  ASSERT_TRUE(read());
  EXPECT_DOUBLE_EQ(read()->cpus, 2.0);
  write("cgroup", "0::/docker/abcd\n");
  EXPECT_FALSE(read());
}

TEST_F(CpuQuotaCgroups, NoLimitOrNoCgroupsIsNoQuota) {
  EXPECT_FALSE(read());  // neither file exists
  const fs::path mount = root_ / "sys/fs/cgroup";
  write("mountinfo", "30 23 0:26 / " + mount.string() + " rw - cgroup2 cgroup2 rw\n");
  write("cgroup", "0::/\n");
  write("sys/fs/cgroup/cpu.max", "max 100000\n");
  EXPECT_FALSE(read());
}

TEST(CpuQuota, TwoPusWithAOneCpuQuotaRunOneThread) {
  const Topology topology = Topology::synthetic("core:2 pu:1", "", 1.0);
  EXPECT_EQ(topology.pu_count(), 2);
  EXPECT_EQ(default_thread_list(topology), (std::vector<int>{1}));
  EXPECT_FALSE(plan_pinning(topology, 1, PinPolicy::compact).oversubscribed);
  const PinPlan two = plan_pinning(topology, 2, PinPolicy::compact);
  EXPECT_TRUE(two.oversubscribed);
  EXPECT_EQ(two.pu_per_worker, (std::vector<int>{0, 1}));  // still one PU a worker
  EXPECT_EQ(topology.summary().cpu_quota_cpus, 1.0);
}

TEST(CpuQuota, AQuotaAboveTheCpusesChangesNothing) {
  const Topology topology = Topology::synthetic("pack:2 numa:2 core:8 pu:2", "0-7", 12.0);
  EXPECT_EQ(topology.usable_pu_count(), 8);
  EXPECT_EQ(topology.usable_core_count(), 4);
  EXPECT_EQ(default_thread_list(topology).size(), 4u);
  EXPECT_FALSE(plan_pinning(topology, 8, PinPolicy::compact).oversubscribed);
}

}  // namespace
}  // namespace sb
