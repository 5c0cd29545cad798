// `scalebench netcal` end to end: real mpirun launches of scalebench-rank when this build has MPI,
// a one-line refusal when it has none.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "harness/analysis/hockney.hpp"
#include "harness/results/netcal.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_path.hpp"

namespace sb {
namespace {

using test::run_cli;

#ifdef SCALEBENCH_HAS_MPI
TEST(Netcal, TwoRanksAreMeasuredVerifiedPlacedAndFitted) {
  const std::filesystem::path dir = test::temp_path("netcal");
  std::filesystem::remove_all(dir);
  const test::Outcome outcome =
      run_cli(SCALEBENCH_EXE,
              "netcal --launches 2 --max-bytes 64 --repetitions 3 --repetition-time 0.0005 --out " +
                  dir.string(),
              dir / "io");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const NetcalResults results = read_netcal_results(dir / "netcal.json");
  ASSERT_EQ(results.launches.size(), 2u);
  EXPECT_TRUE(results.manifest.at("mpi").at("mpirun").is_string());
  for (const NetcalLaunch& launch : results.launches) {
    EXPECT_EQ(launch.error, "");
    ASSERT_EQ(launch.placement.size(), 2u);
    for (const RankPlacement& rank : launch.placement) {
      EXPECT_TRUE(rank.bound);
      ASSERT_EQ(rank.requested_pus.size(), 1u);
      // Bound to one PU, a rank can only have been seen there.
      EXPECT_EQ(rank.observed_pus, rank.requested_pus);
    }
    // Ranks on one host take different PUs when there are enough.
    if (!launch.placement[0].oversubscribed) {
      EXPECT_NE(launch.placement[0].requested_pus, launch.placement[1].requested_pus);
    }
    ASSERT_EQ(launch.pingpong.size(), 7u);  // 1, 2, 4, ..., 64 bytes
    for (const PingPongSamples& size : launch.pingpong) {
      EXPECT_TRUE(size.verified) << size.bytes;
      EXPECT_EQ(size.one_way_s.size(), 3u);
    }
    EXPECT_TRUE(launch.allreduce.verified);
  }
  const HockneyFit fit = fit_hockney(results);
  EXPECT_TRUE(fit.fitted) << fit.refusal;
  EXPECT_EQ(fit.launches_used, 2);
  const nlohmann::json written = nlohmann::json::parse(test::slurp(dir / "netcal-fit.json"));
  EXPECT_EQ(written.at("fitted"), true);
  EXPECT_EQ(written.at("sizes").size(), 7u);
  EXPECT_EQ(written.at("segments").size(), fit.segments.size());
  const std::string report = test::slurp(dir / "netcal.md");
  EXPECT_NE(report.find("# scalebench netcal"), std::string::npos) << report;
  EXPECT_NE(report.find("## Proof of placement"), std::string::npos);
  // No launch's scratch files are left behind.
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(entry.path().filename().string().rfind(".netcal-launch", 0), std::string::npos)
        << entry.path();
  }
  // A second run refuses to replace the first without --force.
  const test::Outcome again = run_cli(SCALEBENCH_EXE, "netcal --out " + dir.string(), dir / "io");
  EXPECT_EQ(again.status, 2);
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
  std::filesystem::remove_all(dir);
}
#else
TEST(Netcal, ABuildWithoutMpiSaysSoInOneLine) {
  const std::filesystem::path dir = test::temp_path("netcal-no-mpi");
  std::filesystem::remove_all(dir);
  const test::Outcome outcome =
      run_cli(SCALEBENCH_EXE, "netcal --out " + (dir / "results").string(), dir);
  EXPECT_EQ(outcome.status, 2);
  EXPECT_NE(outcome.err.find("without MPI"), std::string::npos) << outcome.err;
  EXPECT_EQ(outcome.err.find('\n'), outcome.err.size() - 1) << outcome.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "results"));
  std::filesystem::remove_all(dir);
}
#endif

TEST(Netcal, BadFlagsAreRefusedBeforeAnythingRuns) {
  const std::filesystem::path dir = test::temp_path("netcal-bad");
  std::filesystem::remove_all(dir);
  for (const std::string& flags : std::vector<std::string>{
           "--ranks 1", "--launches 1", "--repetitions 1", "--max-bytes 2", "--repetition-time 0",
           "--timeout -1", "--hostfile " + (dir / "no-such-hostfile").string()}) {
    const test::Outcome outcome =
        run_cli(SCALEBENCH_EXE, "netcal " + flags + " --out " + (dir / "results").string(), dir);
    EXPECT_EQ(outcome.status, 2) << flags << ": " << outcome.err;
    EXPECT_EQ(outcome.err.find('\n'), outcome.err.size() - 1) << flags << ": " << outcome.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "results")) << flags;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sb
