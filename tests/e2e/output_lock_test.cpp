// One writer an output directory: a second sweep or analysis is refused while the first measures
// or analyses, a killed holder leaves no lock, and a finished sweep is replaced only on --force.
#include "harness/results/output_lock.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "harness/core/error.hpp"
#include "harness/kernel/kernel.hpp"
#include "harness/results/point_key.hpp"
#include "harness/results/results.hpp"

namespace sb {
namespace {

namespace fs = std::filesystem;

fs::path temporary(const std::string& name) {
  return fs::temp_directory_path() / ("scalebench-lock-" + std::to_string(getpid()) + "-" + name);
}

struct Outcome {
  int status = -1;
  std::string err;
};

Outcome scalebench(const std::string& args) {
  const fs::path err = temporary("stderr");
  const std::string command =
      std::string(SCALEBENCH_EXE) + " " + args + " >/dev/null 2>" + err.string();
  const int status = std::system(command.c_str());
  std::ifstream in(err);
  std::stringstream text;
  text << in.rdbuf();
  fs::remove(err);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
}

// Several points long, so each phase lasts a while; its analysis draws plots. Sequential only:
// the lock does not care what runs, and parallel points beside a busy loop (test-under-load)
// can take minutes.
const std::vector<std::string> kKernels = {"map", "reduce", "triad", "pipeline", "counter"};
const std::string kSweep =
    "run --kernels map,reduce,triad,pipeline,counter --backends seq --threads 1 --size 20000 "
    "--repetitions 3 --processes 1 --min-time 0.02";

// kSweep into `dir`, in a session of its own, stopped (by itself, SCALEBENCH_STOP_AT_PHASE) as
// soon as its lock says `phase`: no polling, so no window to miss. Returns its pid, or -1 when it
// ended without stopping.
pid_t stopped_sweep(const fs::path& dir, const std::string& phase) {
  const pid_t pid = fork();
  if (pid == 0) {
    setsid();
    setenv("SCALEBENCH_STOP_AT_PHASE", phase.c_str(), 1);
    const std::string command = std::string(SCALEBENCH_EXE) + " " + kSweep + " --force --out " +
                                dir.string() + " >/dev/null 2>&1";
    execl("/bin/sh", "sh", "-c", ("exec " + command).c_str(), nullptr);
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, WUNTRACED) != pid || !WIFSTOPPED(status)) return -1;
  return pid;
}

bool holder_in_phase(const fs::path& dir, const std::string& phase) {
  const std::string holder = lock_holder(dir);
  return holder.size() >= phase.size() &&
         holder.compare(holder.size() - phase.size(), phase.size(), phase) == 0;
}

void expect_refused_by_holder(const fs::path& dir, pid_t holder, const std::string& phase) {
  for (const std::string& second :
       {kSweep + " --out " + dir.string(), kSweep + " --force --out " + dir.string(),
        "run --resume " + dir.string(), "analyze " + dir.string()}) {
    const Outcome outcome = scalebench(second);
    EXPECT_EQ(outcome.status, 2) << second << "\n" << outcome.err;
    EXPECT_EQ(outcome.err.find('\n'), outcome.err.size() - 1) << "one line: " << outcome.err;
    EXPECT_NE(outcome.err.find("is in use by scalebench run, pid " + std::to_string(holder)),
              std::string::npos)
        << outcome.err;
    EXPECT_NE(outcome.err.find(phase), std::string::npos) << outcome.err;
  }
}

// The first sweep, resumed, finishes with every planned point measured and verified.
void expect_finished_whole(pid_t pid, const fs::path& dir) {
  kill(pid, SIGCONT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
  const Results results = read_results(dir / "results.json");
  EXPECT_TRUE(results.complete);
  std::size_t planned = 0;
  for (const std::string& kernel : kKernels) {
    planned += variants_for(find_kernel(kernel), Backend::seq, ScheduleMatrix{}).size();
  }
  // Every planned point in process 0; a contended group (another build sharing the machine) has
  // a second process too.
  std::set<std::string> measured;
  for (const Point& p : results.points) {
    if (p.process == 0) measured.insert(point_key(p));
  }
  EXPECT_EQ(measured.size(), planned);
  for (const Point& p : results.points) EXPECT_TRUE(p.verified) << point_key(p);
  EXPECT_TRUE(fs::exists(dir / "report.md"));
  EXPECT_FALSE(fs::exists(dir / kLockFile)) << "a holder that finished removes its lock file";
}

TEST(OutputLock, ASecondHolderIsRefusedNamingTheFirst) {
  const fs::path dir = temporary("unit");
  fs::create_directories(dir);
  {
    OutputLock first = OutputLock::acquire(dir, "run");
    first.set_phase("measuring");
    try {
      OutputLock second = OutputLock::acquire(dir, "analyze");
      FAIL() << "a second holder";
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(fmt::format("scalebench run, pid {}", getpid())),
                std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find("measuring"), std::string::npos) << e.what();
    }
  }
  EXPECT_TRUE(fs::is_empty(dir)) << "released, the lock leaves nothing behind";
  { OutputLock again = OutputLock::acquire(dir, "run"); }
  fs::remove_all(dir);
}

void expect_second_refused_while(const std::string& phase) {
  const fs::path dir = temporary(phase);
  const pid_t pid = stopped_sweep(dir, phase);
  ASSERT_GT(pid, 0) << "the sweep ended before it was " << phase;
  EXPECT_TRUE(holder_in_phase(dir, phase)) << lock_holder(dir);
  expect_refused_by_holder(dir, pid, phase);
  expect_finished_whole(pid, dir);
  fs::remove_all(dir);
}

TEST(OutputLock, ASecondSweepWhileTheFirstMeasuresIsRefused) {
  expect_second_refused_while("measuring");
}

TEST(OutputLock, ASecondSweepWhileTheFirstAnalysesIsRefused) {
  expect_second_refused_while("analysing");
}

TEST(OutputLock, AKilledHolderLeavesNoLock) {
  const fs::path dir = temporary("killed");
  const pid_t pid = stopped_sweep(dir, "measuring");
  ASSERT_GT(pid, 0);
  kill(-pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  const Outcome unfinished = scalebench(kSweep + " --out " + dir.string());
  EXPECT_EQ(unfinished.status, 2);
  EXPECT_NE(unfinished.err.find("unfinished sweep"), std::string::npos) << unfinished.err;
  EXPECT_NE(unfinished.err.find("scalebench run --resume " + dir.string()), std::string::npos);
  const Outcome forced = scalebench(kSweep + " --no-analyze --force --out " + dir.string());
  EXPECT_EQ(forced.status, 0) << forced.err;
  EXPECT_TRUE(read_results(dir / "results.json").complete);
  fs::remove_all(dir);
}

TEST(OutputLock, AFinishedSweepIsReplacedOnlyWithForce) {
  const fs::path dir = temporary("finished");
  fs::remove_all(dir);
  const std::string quick =
      "run --kernels map --backends seq --threads 1 --size 4096 "
      "--repetitions 2 --processes 1 --min-time 0.01 --out " +
      dir.string();
  ASSERT_EQ(scalebench(quick).status, 0);
  ASSERT_TRUE(fs::exists(dir / "report.md"));
  std::ofstream(dir / "notes.txt") << "a reviewer's own file";
  const std::string before = [&] {
    std::ifstream in(dir / "results.json");
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }();

  const Outcome refused = scalebench(quick);
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.err.find("already holds a finished sweep"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  std::ifstream in(dir / "results.json");
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()),
            before);

  // Forced, the old report goes with the old results: --no-analyze leaves no stale report.
  ASSERT_EQ(scalebench(quick + " --force --no-analyze").status, 0);
  EXPECT_FALSE(fs::exists(dir / "report.md"));
  EXPECT_FALSE(fs::exists(dir / "analysis.json"));
  EXPECT_FALSE(fs::exists(dir / "flagged.csv"));
  EXPECT_FALSE(fs::exists(dir / "plots")) << "each plot's JSON goes with it";
  EXPECT_TRUE(fs::exists(dir / "notes.txt")) << "files scalebench did not write are kept";
  EXPECT_TRUE(read_results(dir / "results.json").complete);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace sb
