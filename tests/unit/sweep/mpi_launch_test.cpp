#include "harness/sweep/mpi_launch.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

namespace sb {
namespace {

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST(MpiLaunch, RanksBeyondThisHostsCoresAreOversubscribedOnlyWithoutAHostfile) {
  const MpiLauncherFacts facts{"/usr/bin/mpirun", "mpirun (Open MPI) 4.1.4", false, false};
  MpiJob job;
  job.ranks = 2;
  job.usable_cores = 2;
  job.rank_argv = {"/x/scalebench-rank", "netcal"};
  std::vector<std::string> argv = mpirun_argv(job, facts);
  EXPECT_EQ(argv.front(), "/usr/bin/mpirun");
  EXPECT_FALSE(has(argv, "--oversubscribe"));
  // Our ranks bind themselves: mpirun's binding stays off.
  const auto bind = std::find(argv.begin(), argv.end(), "--bind-to");
  ASSERT_NE(bind, argv.end());
  EXPECT_EQ(*(bind + 1), "none");
  EXPECT_EQ(argv[argv.size() - 2], "/x/scalebench-rank");
  EXPECT_EQ(argv[2], "2");
  EXPECT_FALSE(has(argv, "--timeout"));
  job.timeout_s = 30;
  argv = mpirun_argv(job, facts);
  const auto timeout = std::find(argv.begin(), argv.end(), "--timeout");
  ASSERT_NE(timeout, argv.end());
  EXPECT_EQ(*(timeout + 1), "30");

  job.ranks = 4;
  EXPECT_TRUE(has(mpirun_argv(job, facts), "--oversubscribe"));
  // A hostfile's slots decide across hosts.
  job.hostfile = "/etc/hosts.mpi";
  argv = mpirun_argv(job, facts);
  EXPECT_FALSE(has(argv, "--oversubscribe"));
  EXPECT_TRUE(has(argv, "/etc/hosts.mpi"));
}

TEST(MpiLaunch, RootAndBlockedSingleCopyGetOpenMpisSettings) {
  ::unsetenv("OMPI_MCA_btl_vader_single_copy_mechanism");
  EXPECT_TRUE(mpirun_settings({"mpirun", "", false, false}).empty());
  const std::vector<std::string> root = mpirun_settings({"mpirun", "", true, false});
  EXPECT_TRUE(has(root, "OMPI_ALLOW_RUN_AS_ROOT=1"));
  EXPECT_TRUE(has(root, "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"));
  EXPECT_TRUE(has(mpirun_settings({"mpirun", "", false, true}),
                  "OMPI_MCA_btl_vader_single_copy_mechanism=none"));
  // The user's own choice stands.
  ::setenv("OMPI_MCA_btl_vader_single_copy_mechanism", "cma", 1);
  EXPECT_TRUE(mpirun_settings({"mpirun", "", false, true}).empty());
  ::unsetenv("OMPI_MCA_btl_vader_single_copy_mechanism");
}

TEST(MpiLaunch, TheSingleCopyProbeAnswersWithoutHanging) {
  // Either answer is right on some machine; the probe must return and leave no child behind.
  const bool allowed = single_copy_allowed();
  EXPECT_EQ(allowed, single_copy_allowed());
}

}  // namespace
}  // namespace sb
