// Platform facts: read from a fake sysfs/procfs tree, and "not readable" where the tree is bare.
#include "harness/machine/platform.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>

#include "tests/support/temp_path.hpp"

namespace sb {
namespace {

namespace fs = std::filesystem;

// A fake root under a directory unique to this process and test, removed afterwards.
class FakeRoot {
 public:
  FakeRoot()
      : root_(test::temp_path(std::string("platform-") +
                              ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~FakeRoot() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  FakeRoot(const FakeRoot&) = delete;
  FakeRoot& operator=(const FakeRoot&) = delete;

  void write(const fs::path& relative, const std::string& text) const {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << text;
  }
  const fs::path& path() const { return root_; }

 private:
  fs::path root_;
};

KernelFacts fake_kernel() {
  KernelFacts kernel;
  kernel.sysname = "Linux";
  kernel.release = "6.1.0-18-amd64";
  kernel.version = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)";
  kernel.machine = "x86_64";
  kernel.physical_memory_bytes = 1024;
  return kernel;
}

TEST(Platform, BracketedChoiceIsTheSelectedWord) {
  EXPECT_EQ(bracketed_choice("always [madvise] never"), "madvise");
  EXPECT_EQ(bracketed_choice("[always] madvise never\n"), "always");
  EXPECT_EQ(bracketed_choice("always defer defer+madvise [madvise] never"), "madvise");
  EXPECT_EQ(bracketed_choice("always defer [defer+madvise] madvise never"), "defer+madvise");
  EXPECT_EQ(bracketed_choice("always madvise [never]"), "never");
  for (const char* bad : {"", "always madvise never", "[]", "always [madvise", "madvise]"}) {
    EXPECT_FALSE(bracketed_choice(bad)) << "'" << bad << "'";
  }
}

TEST(Platform, OsReleaseValuesLoseTheirShellQuoting) {
  const std::string text =
      "# comment\nNAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
      "ID=debian\nVERSION='12 (bookworm)'\nQUOTED=\"say \\\"hi\\\"\"\n";
  EXPECT_EQ(os_release_value(text, "PRETTY_NAME"), "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(os_release_value(text, "ID"), "debian");
  EXPECT_EQ(os_release_value(text, "VERSION"), "12 (bookworm)");
  EXPECT_EQ(os_release_value(text, "QUOTED"), "say \"hi\"");
  EXPECT_EQ(os_release_value(text, "NAME"), "Debian GNU/Linux");  // not PRETTY_NAME's suffix
  EXPECT_FALSE(os_release_value(text, "VERSION_ID"));
  EXPECT_EQ(os_release_value("A=1\nA=2\n", "A"), "2");  // a later assignment wins
}

TEST(Platform, ReadsEveryFactWhenAllAreReadable) {
  const FakeRoot tree;
  tree.write("etc/os-release", "NAME=Debian\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
  tree.write("proc/meminfo", "MemTotal:       24683584 kB\nMemFree:         1000 kB\n");
  tree.write("proc/cpuinfo",
             "processor\t: 0\nflags\t\t: fpu vme sse2 hypervisor avx2\n\n"
             "processor\t: 1\nflags\t\t: fpu vme sse2 hypervisor avx2\n");
  tree.write("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "performance\n");
  tree.write("sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "performance\n");
  tree.write("sys/devices/system/cpu/cpufreq/boost", "1\n");
  tree.write("sys/devices/system/cpu/intel_pstate/no_turbo", "0\n");
  tree.write("sys/devices/system/cpu/amd_pstate/status", "active\n");
  tree.write("sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never\n");
  tree.write("sys/kernel/mm/transparent_hugepage/defrag",
             "always defer defer+madvise [madvise] never\n");
  tree.write("sys/hypervisor/type", "xen\n");
  tree.write("sys/class/dmi/id/sys_vendor", "QEMU\n");
  tree.write("sys/class/dmi/id/product_name", "Standard PC (Q35 + ICH9, 2009)\n");
  tree.write("sys/devices/system/cpu/smt/control", "on\n");
  tree.write("sys/devices/system/cpu/smt/active", "1\n");

  Platform platform = read_platform(tree.path(), fake_kernel());
  platform.threads_per_core = 2;
  const nlohmann::json j = to_json(platform);
  EXPECT_EQ(j["os"], "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(j["kernel"]["sysname"], "Linux");
  EXPECT_EQ(j["kernel"]["release"], "6.1.0-18-amd64");
  EXPECT_EQ(j["kernel"]["machine"], "x86_64");
  EXPECT_EQ(j["memory_bytes"], 24683584ULL * 1024) << "MemTotal wins over sysconf";
  EXPECT_EQ(j["cpufreq"]["governors"], nlohmann::json::array({"performance"}));
  EXPECT_EQ(j["cpufreq"]["boost"], "1");
  EXPECT_EQ(j["cpufreq"]["intel_pstate_no_turbo"], "0");
  EXPECT_EQ(j["cpufreq"]["amd_pstate_status"], "active");
  EXPECT_EQ(j["transparent_hugepages"]["enabled"], "madvise");
  EXPECT_EQ(j["transparent_hugepages"]["defrag"], "madvise");
  EXPECT_EQ(j["virtualisation"]["cpuinfo_hypervisor_flag"], true);
  EXPECT_EQ(j["virtualisation"]["hypervisor_type"], "xen");
  EXPECT_EQ(j["virtualisation"]["dmi_sys_vendor"], "QEMU");
  EXPECT_EQ(j["virtualisation"]["dmi_product_name"], "Standard PC (Q35 + ICH9, 2009)");
  EXPECT_EQ(j["smt"]["control"], "on");
  EXPECT_EQ(j["smt"]["active"], "1");
  EXPECT_EQ(j["smt"]["threads_per_core"], 2);
}

TEST(Platform, SaysNotReadableForAnEmptyTree) {
  const FakeRoot tree;
  KernelFacts no_kernel;  // uname and sysconf failed too
  const nlohmann::json j = to_json(read_platform(tree.path(), no_kernel));
  EXPECT_EQ(j["os"], "not readable");
  for (const char* key : {"sysname", "release", "version", "machine"}) {
    EXPECT_EQ(j["kernel"][key], "not readable") << key;
  }
  EXPECT_TRUE(j["memory_bytes"].is_null());
  for (const char* key : {"governors", "boost", "intel_pstate_no_turbo", "amd_pstate_status"}) {
    EXPECT_EQ(j["cpufreq"][key], "not readable") << key;
  }
  EXPECT_EQ(j["transparent_hugepages"]["enabled"], "not readable");
  EXPECT_EQ(j["transparent_hugepages"]["defrag"], "not readable");
  EXPECT_TRUE(j["virtualisation"]["cpuinfo_hypervisor_flag"].is_null());
  for (const char* key : {"hypervisor_type", "dmi_sys_vendor", "dmi_product_name"}) {
    EXPECT_EQ(j["virtualisation"][key], "not readable") << key;
  }
  EXPECT_EQ(j["smt"]["control"], "not readable");
  EXPECT_EQ(j["smt"]["active"], "not readable");
  EXPECT_TRUE(j["smt"]["threads_per_core"].is_null());
  EXPECT_NO_THROW(j.dump());
}

TEST(Platform, ReadsNothingFromANonexistentRoot) {
  const FakeRoot tree;
  const Platform platform = read_platform(tree.path() / "missing", fake_kernel());
  EXPECT_FALSE(platform.os);
  EXPECT_FALSE(platform.governors);
  EXPECT_EQ(platform.memory_bytes, 1024u) << "sysconf's size when meminfo cannot be read";
}

TEST(Platform, ReportsEveryDistinctGovernorSorted) {
  const FakeRoot tree;
  tree.write("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "schedutil\n");
  tree.write("sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "performance\n");
  tree.write("sys/devices/system/cpu/cpu2/cpufreq/scaling_governor", "schedutil\n");
  tree.write("sys/devices/system/cpu/cpu10/cpufreq/scaling_governor", "powersave\n");
  tree.write("sys/devices/system/cpu/cpu3/cpufreq/scaling_governor", "");  // unreadable in effect
  fs::create_directories(tree.path() / "sys/devices/system/cpu/cpu4");     // no cpufreq at all
  tree.write("sys/devices/system/cpu/cpufreq/policy0/scaling_governor",
             "ondemand\n");  // not a cpuN
  tree.write("sys/devices/system/cpu/cpuidle/cpufreq/scaling_governor",
             "ondemand\n");  // not a cpuN
  const Platform platform = read_platform(tree.path(), fake_kernel());
  ASSERT_TRUE(platform.governors);
  EXPECT_EQ(*platform.governors,
            (std::vector<std::string>{"performance", "powersave", "schedutil"}));
}

TEST(Platform, KeepsAnUnbracketedChoiceAsWritten) {
  const FakeRoot tree;
  tree.write("sys/kernel/mm/transparent_hugepage/enabled", "always [never] madvise\n");
  tree.write("sys/kernel/mm/transparent_hugepage/defrag", "defer\n");
  const Platform platform = read_platform(tree.path(), fake_kernel());
  EXPECT_EQ(platform.thp_enabled, "never");
  EXPECT_EQ(platform.thp_defrag, "defer");
}

TEST(Platform, HypervisorFlagIsFalseOnBareMetalAndUnknownWithoutFlags) {
  const FakeRoot tree;
  tree.write("proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu vme sse2 avx2\nvmx flags\t: ept\n");
  EXPECT_EQ(read_platform(tree.path(), fake_kernel()).cpuinfo_hypervisor_flag, false);
  tree.write("proc/cpuinfo", "processor\t: 0\nFeatures\t: fp asimd evtstrm\n");  // aarch64
  EXPECT_FALSE(read_platform(tree.path(), fake_kernel()).cpuinfo_hypervisor_flag);
}

TEST(Platform, ADirectoryOrMalformedFileIsNotReadable) {
  const FakeRoot tree;
  fs::create_directories(tree.path() / "sys/class/dmi/id/sys_vendor");  // a directory, not a file
  tree.write("proc/meminfo", "MemTotal:       lots\n");
  const Platform platform = read_platform(tree.path(), KernelFacts{});
  EXPECT_FALSE(platform.dmi_sys_vendor);
  EXPECT_FALSE(platform.memory_bytes);
}

TEST(Platform, InvalidUtf8IsReplacedSoTheManifestStillWrites) {
  const FakeRoot tree;
  tree.write("sys/class/dmi/id/product_name", "Box\xff\xfe 9000\n");
  const nlohmann::json j = to_json(read_platform(tree.path(), fake_kernel()));
  EXPECT_NO_THROW(j.dump());
  EXPECT_EQ(j["virtualisation"]["dmi_product_name"], "Box\xEF\xBF\xBD\xEF\xBF\xBD 9000");
}

TEST(Platform, ThreadsPerCoreComeFromTheTopology) {
  EXPECT_EQ(threads_per_core(Topology::synthetic("pack:1 core:4 pu:2")), 2);
  EXPECT_EQ(threads_per_core(Topology::synthetic("pack:1 core:4 pu:1")), 1);
  // Only one sibling of each core allowed: one thread a core is what the run could use.
  EXPECT_EQ(threads_per_core(Topology::synthetic("pack:1 core:2 pu:2", "0,2")), 1);
}

TEST(Platform, ThisMachineYieldsAnObjectWithoutThrowing) {
  const nlohmann::json j = to_json(read_platform(Topology::load_for_this_process()));
  ASSERT_TRUE(j.is_object());
  EXPECT_TRUE(j["kernel"]["sysname"].is_string());
  std::cout << j.dump(2) << "\n";  // what this machine says, for whoever reads the test log
}

}  // namespace
}  // namespace sb
