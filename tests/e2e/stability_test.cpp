// A sweep run beside a busy loop pinned to one PU: the points whose workers share that PU are
// flagged, the manifest and report say the machine was busy, and the validity gate marks the
// sweep not valid evidence (its claims "not testable here", and --require-valid exits 3). Whatever else runs on the
// machine, a point is flagged exactly when the foreign CPU time measured on its PUs exceeds the
// threshold: the "quiet" PU is only as quiet as the machine, so nothing is assumed of it.
#include "harness/results/stability.hpp"

#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "harness/machine/machine_load.hpp"
#include "harness/machine/topology.hpp"
#include "harness/results/point_key.hpp"
#include "harness/results/results.hpp"
#include "tests/support/claims_csv.hpp"

namespace {

namespace fs = std::filesystem;

pid_t busy_loop_on(int pu) {
  const pid_t pid = fork();
  if (pid == 0) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(pu, &set);
    sched_setaffinity(0, sizeof(set), &set);
    for (volatile unsigned long i = 0;; i = i + 1) {
    }
  }
  return pid;
}

TEST(Stability, PointsBesideABusyLoopAreFlagged) {
  const sb::Topology machine = sb::Topology::load_for_this_process();
  if (machine.core_count() < 2) GTEST_SKIP() << "needs two cores: one busy, one quiet";
  const int quiet = static_cast<int>(machine.cores()[0].pu_os_indices[0]);
  const int busy = static_cast<int>(machine.cores()[1].pu_os_indices[0]);

  const fs::path dir =
      fs::temp_directory_path() / ("scalebench-stability-" + std::to_string(getpid()));
  fs::remove_all(dir);
  const fs::path claims = dir.string() + "-claims.csv";
  std::ofstream(claims) << sb::test::claims_csv(
      {"modest,ctx,1.2x at 2,.5,.5,.5,.5,.5,.5,.5,.5,.9,.5,.5,.5,counter/omp/sharded,2,1.2"});
  const pid_t hog = busy_loop_on(busy);
  const std::string command =
      std::string(SCALEBENCH_EXE) +
      " run --kernels map,counter --backends omp --threads 1,2 --size 200000"
      " --schedules static --chunks 4096"
      " --repetitions 3 --processes 1 --min-time 0.05 --require-valid --claims " +
      claims.string() + " --out " +
      dir.string() + " >/dev/null 2>" + (dir.string() + ".log");
  const int status = std::system(command.c_str());
  kill(hog, SIGKILL);
  waitpid(hog, nullptr, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 3) << "--require-valid on a busy machine";

  const sb::Results results = sb::read_results(dir / "results.json");
  EXPECT_GT(results.manifest["machine_load"]["before"]["other_busy_cpus"].get<double>(), 0.5);
  std::ifstream log(dir.string() + ".log");
  const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("warning: other processes kept"), std::string::npos) << text;
  int beside_the_loop = 0;
  for (const sb::Point& p : results.points) {
    bool uses_busy_pu = false;
    for (const sb::WorkerPlacement& w : p.placement) uses_busy_pu |= w.requested_pu == busy;
    const bool contended = std::find(p.stability_flags.begin(), p.stability_flags.end(),
                                     "contended") != p.stability_flags.end();
    beside_the_loop += uses_busy_pu;
    if (uses_busy_pu) {
      EXPECT_TRUE(contended) << sb::point_key(p) << " shared PU " << busy
                             << " with the busy loop; others used " << p.other_busy_cpus;
    } else {
      EXPECT_EQ(p.placement[0].requested_pu, quiet);
    }
    EXPECT_EQ(contended, p.other_busy_cpus > sb::kBusyCpus)
        << sb::point_key(p) << ": others used " << p.other_busy_cpus;
  }
  EXPECT_GT(beside_the_loop, 0) << "no point ran on the busy PU: nothing was checked";
  EXPECT_NE(text.find("not valid evidence"), std::string::npos) << text;
  std::ifstream report_file(dir / "report.md");
  const std::string report((std::istreambuf_iterator<char>(report_file)),
                           std::istreambuf_iterator<char>());
  EXPECT_EQ(report.find("# scalebench report: not valid evidence"), 0u) << report;
  EXPECT_NE(report.find("| load | **failed** |"), std::string::npos);
  EXPECT_NE(report.find("not testable here: the sweep is not valid evidence"), std::string::npos);
  fs::remove(claims);
  fs::remove_all(dir);
  fs::remove(dir.string() + ".log");
}

}  // namespace
