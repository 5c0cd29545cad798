// `scalebench run` with distributed kernels end to end: real mpirun launches of scalebench-rank
// when this build has MPI, a one-line refusal when it has none.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>

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
  // A network calibration as netcal writes it, for the communication-aware model.
  const std::filesystem::path netcal = test::temp_path("mpi-run-netcal");
  std::filesystem::create_directories(netcal);
  const nlohmann::json interval = {
      {"estimate", 1e-6}, {"low", 0.9e-6}, {"high", 1.1e-6}, {"confidence", 0.95}};
  const nlohmann::json beta = {
      {"estimate", 1e-10}, {"low", 0.9e-10}, {"high", 1.1e-10}, {"confidence", 0.95}};
  std::ofstream(netcal / "netcal-fit.json") << nlohmann::json{
      {"fitted", true},
      {"launches_used", 3},
      {"ranks", 2},
      {"segments",
       {{{"from_bytes", 1},
         {"to_bytes", 1 << 22},
         {"alpha_s", interval},
         {"beta_s_per_byte", beta}}}},
      {"barrier_s", interval},
      {"allreduce_s", interval}}.dump();
  const test::Outcome outcome =
      run_cli(SCALEBENCH_EXE,
              "run --kernels halo,allreduce,shuffle,task_farm --ranks 1,2 --threads-per-rank 1 "
              "--size 65536 --param task_farm.work=100 --processes 2 --repetitions 2 "
              "--min-time 0.01 --netcal " +
                  netcal.string() + " --out " + dir.string(),
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
      {"allreduce", 1}, {"allreduce", 2}, {"halo", 1},      {"halo", 2},
      {"shuffle", 1},   {"shuffle", 2},   {"task_farm", 1}, {"task_farm", 2}};
  EXPECT_EQ(measured, expected);
  const std::string report = test::slurp(dir / "report.md");
  EXPECT_NE(report.find("## Distributed kernels"), std::string::npos) << report;
  EXPECT_NE(report.find("| halo | 2 x 1"), std::string::npos) << report;
  // Predicted from the 1-rank time and netcal, at the measured ranks and beyond.
  EXPECT_NE(report.find("### The communication-aware model"), std::string::npos) << report;
  EXPECT_NE(report.find("**halo/mpi/omp**"), std::string::npos) << report;
  EXPECT_NE(report.find("**prediction** (beyond the measured ranks)"), std::string::npos);
  EXPECT_EQ(results.manifest.at("sweep").at("netcal").at("fit").at("ranks"), 2);
  // Every host of the jobs records its own machine: here, the sweep's.
  const nlohmann::json& hosts = results.manifest.at("mpi").at("hosts");
  ASSERT_TRUE(hosts.contains(results.manifest.at("host").get<std::string>())) << hosts.dump();
  EXPECT_EQ(hosts.begin()->at("topology").at("pus"), results.manifest.at("topology").at("pus"));
}

TEST(MpiRun, ExecRanksBindsEachRankOfAUsersProgramToItsOwnSliceOfThePlan) {
  const std::filesystem::path dir = test::temp_path("mpi-exec");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  // Each rank records where it may run and what OpenMP was told, then works for a while.
  const std::string program =
      "grep Cpus_allowed_list /proc/self/status > " + dir.string() +
      "/aff.{ranks}.$OMPI_COMM_WORLD_RANK; echo \"$OMP_NUM_THREADS $OMP_PLACES\" >> " +
      dir.string() + "/aff.{ranks}.$OMPI_COMM_WORLD_RANK; i=0; while [ $i -lt 200000 ]; do " +
      "i=$((i+1)); done";
  const test::Outcome outcome =
      run_cli(SCALEBENCH_EXE,
              "exec --ranks 1,2 --processes 1 --no-analyze --label spin --out " +
                  (dir / "out").string() + " --shell -- '" + program + "'",
              dir / "io");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const Results results = read_results(dir / "out" / "results.json");
  EXPECT_TRUE(results.manifest.at("mpi").at("mpirun").is_string());
  EXPECT_TRUE(results.manifest.at("program").at("command").is_string());
  std::set<int> rank_counts;
  for (const Point& p : results.points) {
    rank_counts.insert(p.ranks);
    EXPECT_TRUE(p.under_mpi);
    EXPECT_EQ(p.threads, p.ranks);
    EXPECT_TRUE(p.verified) << p.verification << p.error;
    // Where the run was long enough to judge, each rank's thread was seen, and only on its PUs.
    if (p.placement_note.rfind("not judged", 0) == 0) continue;
    EXPECT_EQ(p.placement_ok, std::optional<bool>(true)) << p.placement_note;
    std::set<int> ranks;
    for (const WorkerPlacement& w : p.placement) {
      if (w.rank) ranks.insert(*w.rank);
    }
    EXPECT_EQ(static_cast<int>(ranks.size()), p.ranks) << p.placement_note;
  }
  EXPECT_EQ(rank_counts, (std::set<int>{1, 2}));
  // Each rank of the 2-rank runs bound to one PU of its own, and OpenMP told the same.
  const std::string rank0 = test::slurp(dir / "aff.2.0"), rank1 = test::slurp(dir / "aff.2.1");
  EXPECT_NE(rank0.find("1 {"), std::string::npos) << rank0;
  if (std::thread::hardware_concurrency() >= 2) {
    EXPECT_NE(rank0, rank1);
    EXPECT_NE(rank0.find("Cpus_allowed_list:\t0\n1 {0}"), std::string::npos) << rank0;
    EXPECT_NE(rank1.find("Cpus_allowed_list:\t1\n1 {1}"), std::string::npos) << rank1;
  }
}

TEST(MpiRun, ExecRanksSweepsARealMpiProgramVerifiedByItsOutputAndTimedByItsReport) {
  const std::filesystem::path dir = test::temp_path("mpi-exec-probe");
  std::filesystem::remove_all(dir);
  const test::Outcome outcome = run_cli(
      SCALEBENCH_EXE,
      "exec --ranks 1,2 --threads 1 --processes 2 --same-output --time-from 'elapsed ([0-9.]+) "
      "(s)' --label probe --out " +
          dir.string() + " -- " + MPI_PROBE + " 512 20000",
      dir / "io");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const Results results = read_results(dir / "results.json");
  std::set<int> rank_counts;
  for (const Point& p : results.points) {
    rank_counts.insert(p.ranks);
    EXPECT_TRUE(p.verified) << p.verification << p.error;
    EXPECT_NE(p.verification.find("1-thread reference"), std::string::npos) << p.verification;
    // Each rank on its own PU from the moment it is the program (scalebench-rank's start-up,
    // before it binds itself, is not watched).
    if (p.placement_note.rfind("not judged", 0) != 0)
      EXPECT_EQ(p.placement_ok, std::optional<bool>(true)) << p.placement_note;
    // The program's own time, not mpirun's start-up: well under the wall time of the launch.
    ASSERT_FALSE(p.seconds.empty());
    EXPECT_LT(p.seconds.front(), p.measures.at("wall_s"));
  }
  EXPECT_EQ(rank_counts, (std::set<int>{1, 2}));
  const std::string report = test::slurp(dir / "report.md");
  EXPECT_NE(report.find("exec/command/probe (ranks x 1 thread)"), std::string::npos) << report;
}

// Live processes (not zombies: a container's init may not reap the orphans) whose command line
// holds `text`, and starts with `prefix`.
int live_processes_with(const std::string& text, const std::string& prefix = "") {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string pid = entry.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = test::slurp(entry.path() / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    const std::string stat = test::slurp(entry.path() / "stat");
    const std::size_t close = stat.rfind(')');
    const bool zombie =
        close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z';
    const std::size_t at = cmdline.find(text);
    if (!zombie && at != std::string::npos && cmdline.rfind(prefix, 0) == 0) ++count;
  }
  return count;
}

TEST(MpiRun, ASweepKilledOutrightTakesItsRanksWithIt) {
  const std::filesystem::path dir = test::temp_path("mpi-killed");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string command = std::string("exec ") + SCALEBENCH_EXE +
                              " run --kernels halo --ranks 2 --processes 3 --repetitions 1000 "
                              "--min-time 0.5 --no-analyze --out " +
                              (dir / "out").string() + " >" + (dir / "log").string() + " 2>&1";
  const pid_t sweep = ::fork();
  ASSERT_GE(sweep, 0);
  if (sweep == 0) {
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Until both ranks run (mpirun's command line names the rank program too, after its own).
  const std::string rank_program =
      (std::filesystem::path(SCALEBENCH_EXE).parent_path() / "scalebench-rank group").string();
  const std::string out = (dir / "out").string();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (live_processes_with(out, rank_program) < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const int ranks_seen = live_processes_with(out, rank_program);
  ::kill(sweep, SIGKILL);
  int status = 0;
  ::waitpid(sweep, &status, 0);
  // mpirun gets SIGTERM and ends its ranks; a rank whose mpirun is gone gets SIGKILL.
  const auto gone_by = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (live_processes_with(out) > 0 && std::chrono::steady_clock::now() < gone_by)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(ranks_seen, 2) << test::slurp(dir / "log");
  EXPECT_EQ(live_processes_with(out), 0);
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
  // One process, or two where a contended one was measured again (another build may share the
  // cores): every one caught the damage.
  ASSERT_GE(results.points.size(), 1u);
  for (const Point& p : results.points) {
    EXPECT_FALSE(p.verified);
    EXPECT_NE(p.verification.find("differ from the sequential reference"), std::string::npos)
        << p.verification;
  }
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
        std::string("--kernels halo --hostfile /nonexistent/hosts"),
        std::string("--kernels reduce --netcal /tmp"),
        std::string("--kernels halo --netcal /nonexistent/netcal")}) {
    const test::Outcome outcome =
        run_cli(SCALEBENCH_EXE, "run " + flags + " --out " + dir.string(), dir / "io");
    EXPECT_EQ(outcome.status, 2) << flags << ": " << outcome.err;
    EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1) << outcome.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "results.json")) << flags;
  }
  for (const std::string& flags :
       {std::string("--hostfile /etc/hostname"), std::string("--ranks 0"),
        std::string("--ranks 1,x"), std::string("--ranks 2 --hostfile /nonexistent/hosts"),
        std::string("--ranks 2 --threads 0")}) {
    const test::Outcome outcome = run_cli(
        SCALEBENCH_EXE, "exec " + flags + " --out " + dir.string() + " -- /bin/true", dir / "io");
    EXPECT_EQ(outcome.status, 2) << flags << ": " << outcome.err;
    EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1) << outcome.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "results.json")) << flags;
  }
}

}  // namespace
}  // namespace sb
