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

// A build from a tarball or `git archive` output has no commit (cmake/git_revision.cmake writes
// ""; SourceArchive.ConfiguresWithoutGitAndRecordsNoCommit shows that): the manifest records null
// and --version says unknown rather than an empty commit.
TEST(Manifest, ABuildOutsideGitRecordsNoRevisionAndSaysUnknown) {
  EXPECT_TRUE(git_revision("", false).is_null());
  const nlohmann::json git = git_revision("0123456789abcdef", true);
  EXPECT_EQ(git["commit"], "0123456789abcdef");
  EXPECT_EQ(git["dirty"], true);
  EXPECT_NE(version_text(nullptr).find("built from: unknown"), std::string::npos);
  EXPECT_NE(version_text(git).find("built from: 0123456789abcdef with uncommitted changes"),
            std::string::npos);
}

}  // namespace
}  // namespace sb
