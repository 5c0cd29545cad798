// `scalebench run` with distributed kernels end to end: real mpirun launches of scalebench-rank
// when this build has MPI, a one-line refusal when it has none.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "harness/results/results.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_path.hpp"

namespace sb {
namespace {

using test::run_cli;

#ifdef SCALEBENCH_HAS_MPI
TEST(MpiRun, EveryDistributedKernelIsVerifiedPlacedAndPhasedAtOneAndTwoRanks) {
  const std::filesystem::path dir = test::temp_path("mpi-run");
  std::filesystem::remove_all(dir);
  const test::Outcome outcome =
      run_cli(SCALEBENCH_EXE,
              "run --kernels halo,allreduce --ranks 1,2 --threads-per-rank 1 --size 65536 "
              "--processes 1 --repetitions 2 --min-time 0.01 --out " +
                  dir.string(),
              dir / "io");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const Results results = read_results(dir / "results.json");
  EXPECT_TRUE(results.manifest.at("mpi").at("mpirun").is_string());
  EXPECT_TRUE(results.traits("halo").distributed);
  std::set<std::pair<std::string, int>> measured;
  for (const Point& p : results.points) {
    measured.emplace(p.kernel, p.ranks);
    EXPECT_EQ(p.backend, "mpi");
    EXPECT_EQ(p.threads, p.ranks);
    EXPECT_TRUE(p.verified) << p.kernel << " at " << p.ranks << ": " << p.verification << p.error;
    EXPECT_EQ(p.seconds.size(), 2u);
    // Every rank's worker, on its own PU when this host has enough, seen only there.
    ASSERT_EQ(static_cast<int>(p.placement.size()), p.ranks);
    std::set<int> ranks;
    for (const WorkerPlacement& w : p.placement) {
      ASSERT_TRUE(w.rank.has_value());
      ranks.insert(*w.rank);
      EXPECT_FALSE(w.host.empty());
      EXPECT_EQ(w.observed_pus, std::vector<int>{w.requested_pu});
    }
    EXPECT_EQ(static_cast<int>(ranks.size()), p.ranks);
    ASSERT_TRUE(p.placement_ok.has_value());
    EXPECT_TRUE(*p.placement_ok);
    // Phases on every rank, the slowest rank's at least the mean's, and the efficiencies.
    for (const char* phase : {"compute", "comm", "sync"}) {
      const double max = p.measures.at(std::string(phase) + "_s_max");
      const double mean = p.measures.at(std::string(phase) + "_s_mean");
      EXPECT_GE(max, mean) << phase;
      EXPECT_GE(mean, 0) << phase;
    }
    for (const char* efficiency :
         {"load_balance", "communication_efficiency", "parallel_efficiency"}) {
      EXPECT_GT(p.measures.at(efficiency), 0) << efficiency;
      EXPECT_LE(p.measures.at(efficiency), 1 + 1e-9) << efficiency;
    }
    for (int r = 0; r < p.ranks; ++r) EXPECT_TRUE(p.measures.count(fmt::format("rank_{}_s", r)));
  }
  const std::set<std::pair<std::string, int>> expected{
      {"allreduce", 1}, {"allreduce", 2}, {"halo", 1}, {"halo", 2}};
  EXPECT_EQ(measured, expected);
  const std::string report = test::slurp(dir / "report.md");
  EXPECT_NE(report.find("## Distributed kernels"), std::string::npos) << report;
  EXPECT_NE(report.find("| halo | 2 x 1"), std::string::npos) << report;
}

TEST(MpiRun, AnInjectedFaultOnOneRankLeavesThePointUnverified) {
  const std::filesystem::path dir = test::temp_path("mpi-fault");
  std::filesystem::remove_all(dir);
  const test::Outcome outcome =
      run_cli(SCALEBENCH_EXE,
              "run --kernels halo --ranks 2 --size 16384 --processes 1 --repetitions 2 "
              "--min-time 0.005 --no-analyze --inject-fault halo --out " +
                  dir.string(),
              dir / "io");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const Results results = read_results(dir / "results.json");
  ASSERT_EQ(results.points.size(), 1u);
  EXPECT_FALSE(results.points[0].verified);
  EXPECT_NE(results.points[0].verification.find("differ from the sequential reference"),
            std::string::npos)
      << results.points[0].verification;
}
#else
TEST(MpiRun, ABuildWithoutMpiSaysSoInOneLine) {
  const std::filesystem::path dir = test::temp_path("mpi-none");
  std::filesystem::remove_all(dir);
  const test::Outcome outcome =
      run_cli(SCALEBENCH_EXE, "run --kernels halo --ranks 1,2 --out " + dir.string(), dir / "io");
  EXPECT_EQ(outcome.status, 2);
  EXPECT_NE(outcome.err.find("MPI"), std::string::npos) << outcome.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "results.json"));
}
#endif

TEST(MpiRun, RankFlagsWithoutADistributedKernelOrWithBadCountsAreRefused) {
  const std::filesystem::path dir = test::temp_path("mpi-flags");
  std::filesystem::remove_all(dir);
  for (const std::string& flags :
       {std::string("--kernels reduce --ranks 1,2"), std::string("--kernels reduce --hostfile x"),
        std::string("--kernels halo --ranks 0"), std::string("--kernels halo --ranks 2,two"),
        std::string("--kernels halo --threads-per-rank 0"),
        std::string("--kernels halo --hostfile /nonexistent/hosts")}) {
    const test::Outcome outcome =
        run_cli(SCALEBENCH_EXE, "run " + flags + " --out " + dir.string(), dir / "io");
    EXPECT_EQ(outcome.status, 2) << flags << ": " << outcome.err;
    EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1) << outcome.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "results.json")) << flags;
  }
}

}  // namespace
}  // namespace sb
