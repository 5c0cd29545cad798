// The machine manifest: what a reviewer reads to know where numbers came from.
#include "harness/sweep/manifest.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace sb {
namespace {

TEST(Manifest, NamesTheMachineTheBuildAndTheRuntimeEnvironment) {
  ::setenv("OMP_SCALEBENCH_MANIFEST_TEST", "on", 1);
  const nlohmann::json manifest =
      collect_manifest(Topology::synthetic("pack:2 numa:2 core:8 pu:2", "", std::nullopt));
  for (const char* key : {"host", "cpu_model", "topology", "allowed_cpuset", "compiler",
                          "cxx_flags", "libraries", "environment", "git", "platform"}) {
    EXPECT_TRUE(manifest.contains(key)) << key;
  }
  EXPECT_EQ(manifest["environment"].value("OMP_SCALEBENCH_MANIFEST_TEST", ""), "on");
  // The command that made it, for a rerun: here, this test binary.
  EXPECT_NE(manifest.value("command", "").find("manifest_test"), std::string::npos)
      << manifest.value("command", "");
  EXPECT_EQ(manifest["topology"].value("cores", 0), 32) << manifest["topology"].dump();
  // The platform is this machine's (files and uname), SMT from the topology passed in.
  const nlohmann::json& platform = manifest["platform"];
  ASSERT_TRUE(platform.is_object()) << platform.dump();
  for (const char* key : {"os", "kernel", "memory_bytes", "cpufreq", "transparent_hugepages",
                          "virtualisation", "smt"}) {
    EXPECT_TRUE(platform.contains(key)) << key;
  }
  EXPECT_EQ(platform["smt"]["threads_per_core"], 2) << platform.dump();
  ::unsetenv("OMP_SCALEBENCH_MANIFEST_TEST");
}

TEST(Manifest, VersionTextNamesTheLibraries) {
  const std::string text = version_text();
  for (const char* library : {"hwloc", "oneTBB", "google_benchmark", "openmp"}) {
    EXPECT_NE(text.find(library), std::string::npos) << library << " in\n" << text;
  }
  EXPECT_FALSE(linked_libraries().empty());
}

}  // namespace
}  // namespace sb
