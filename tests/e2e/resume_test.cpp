// A real sweep killed (SIGKILL) or interrupted (SIGINT) mid-run keeps every finished point, and
// `run --resume` completes it without running a finished point again.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "harness/results/point_key.hpp"
#include "harness/results/results.hpp"

namespace {

namespace fs = std::filesystem;

const char* kSweep[] = {"run",
                        "--kernels",
                        "map,counter,pipeline",
                        "--threads",
                        "1,2",
                        "--size",
                        "4099",
                        "--repetitions",
                        "3",
                        "--processes",
                        "1",
                        "--min-time",
                        "0.02",
                        "--param",
                        "pipeline.middle_work=64",
                        "--schedules",
                        "static,auto",
                        "--chunks",
                        "64",
                        "--no-analyze",
                        "--out"};

// Starts the sweep in a session of its own so the whole process group can be signalled.
pid_t start_sweep(const fs::path& dir, const fs::path& log) {
  const pid_t pid = fork();
  if (pid == 0) {
    setsid();
    std::vector<const char*> argv = {SCALEBENCH_EXE};
    for (const char* arg : kSweep) argv.push_back(arg);
    argv.push_back(dir.c_str());
    argv.push_back(nullptr);
    freopen(log.c_str(), "w", stderr);
    freopen("/dev/null", "w", stdout);
    execv(SCALEBENCH_EXE, const_cast<char* const*>(argv.data()));
    _exit(127);
  }
  return pid;
}

std::size_t points_in(const fs::path& dir) {
  try {
    return sb::read_results(dir / "results.json").points.size();
  } catch (const std::exception&) {
    return 0;
  }
}

void wait_for_points(const fs::path& dir, std::size_t count) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (points_in(dir) < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_GE(points_in(dir), count);
}

// The planned measurements in dir: each point's process 0, the only one kSweep plans (a contended
// group's extra process, there when another build shares the machine, is left aside). None may
// appear twice.
std::set<std::string> keys(const fs::path& dir) {
  std::set<std::string> keys;
  for (const sb::Point& p : sb::read_results(dir / "results.json").points) {
    if (p.process == 0) {
      EXPECT_TRUE(keys.insert(sb::measurement_key(p)).second) << sb::measurement_key(p);
    }
  }
  return keys;
}

// Measurements beyond the planned processes: contended groups measured once more.
int remeasured(const fs::path& dir) {
  int count = 0;
  for (const sb::Point& p : sb::read_results(dir / "results.json").points) count += p.process >= 1;
  return count;
}

// Every path of this test process's own, so two test runs at once cannot meet.
fs::path temporary(const std::string& name) {
  return fs::temp_directory_path() / ("scalebench-resume-" + std::to_string(getpid()) + "-" + name);
}

// `again`: sweep flags given once more beside --resume (they must match the recorded ones).
int resume(const fs::path& dir, std::string& log, const std::string& again = "") {
  const fs::path file = dir.string() + ".resume.log";
  const std::string command = std::string(SCALEBENCH_EXE) + " run --resume " + dir.string() + " " +
                              again + " --no-analyze >/dev/null 2>" + file.string();
  const int status = std::system(command.c_str());
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  log = text.str();
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int progress_lines(const std::string& log) {
  int lines = 0;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) lines += !line.empty() && line[0] == '[';
  return lines;
}

TEST(Resume, SweepKilledWithSigkillResumesWithoutRerunningPoints) {
  const fs::path reference = temporary("reference");
  const fs::path killed = temporary("killed");
  fs::remove_all(reference);
  fs::remove_all(killed);

  int status = 0;
  waitpid(start_sweep(reference, reference.string() + ".log"), &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const std::set<std::string> all = keys(reference);

  const pid_t pid = start_sweep(killed, killed.string() + ".log");
  wait_for_points(killed, 7);
  kill(-pid, SIGKILL);  // the sweep and its worker, mid-run
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  const sb::Results partial = sb::read_results(killed / "results.json");
  EXPECT_FALSE(partial.complete);
  std::size_t finished = 0;
  for (const sb::Point& p : partial.points) finished += p.error.empty();

  // The killed holder's lock died with it. The flags are respelled: 1:2 is 1,2, and compact is
  // the default the sweep was started with.
  std::string log;
  ASSERT_EQ(resume(killed, log, "--threads 1:2 --pin compact --kernels map,counter,pipeline"), 0)
      << log;
  EXPECT_EQ(keys(killed), all);
  EXPECT_TRUE(sb::read_results(killed / "results.json").complete);
  // Only the unfinished points ran again (a checkpointed point the parent had not yet merged
  // counts as finished too, so at most as many as were missing from results.json).
  EXPECT_LE(progress_lines(log) - remeasured(killed), static_cast<int>(all.size() - finished))
      << log;
  EXPECT_NE(log.find("resuming"), std::string::npos);
}

TEST(Resume, InterruptStopsBetweenPointsAndSaysHowToResume) {
  const fs::path dir = temporary("interrupted");
  fs::remove_all(dir);
  const pid_t pid = start_sweep(dir, dir.string() + ".log");
  wait_for_points(dir, 3);
  kill(-pid, SIGINT);  // as Ctrl-C does: the whole foreground group
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  std::ifstream in(dir.string() + ".log");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("--resume " + dir.string()), std::string::npos) << text;
  const sb::Results partial = sb::read_results(dir / "results.json");
  EXPECT_FALSE(partial.complete);
  for (const sb::Point& p : partial.points) EXPECT_TRUE(p.error.empty()) << sb::point_key(p);
  // The original command, repeated with --resume.
  std::string original;
  for (const char* arg : kSweep) {
    if (std::string(arg) != "run" && std::string(arg) != "--no-analyze")
      original += std::string(arg) + " ";
  }
  std::string log;
  ASSERT_EQ(resume(dir, log, original + dir.string()), 0) << log;
  EXPECT_TRUE(sb::read_results(dir / "results.json").complete);
}

TEST(Resume, OptionsGivenAgainMustPlanTheSameSweep) {
  const fs::path dir = temporary("again");
  fs::remove_all(dir);
  const std::string command = std::string(SCALEBENCH_EXE) +
                              " run --kernels skewed_map,map --backends seq,omp --threads 1 "
                              "--schedules static --repetitions 2 --processes 1 --min-time 0.01 "
                              "--size 4096 "
                              "--no-analyze --out " +
                              dir.string() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::string log;
  // Each resolves to what was recorded: skew linear and seed 42 are the defaults, the backends
  // are the same set, 1:1 is 1, and --quick changes only defaults that were all given.
  for (const char* same :
       {"--skew linear", "--param skewed_map.skew=linear --seed 42",
        "--backends omp,seq --threads 1:1", "--pin compact --max-cv 0.05", "--quick"}) {
    EXPECT_EQ(resume(dir, log, same), 0) << same << "\n" << log;
  }
  for (const auto& [other, named] : std::vector<std::pair<std::string, std::string>>{
           {"--skew uniform", "params {\"skewed_map\":{\"skew\":0.0}} (recorded {})"},
           {"--backends seq", "backends [\"seq\"] (recorded [\"seq\",\"omp\"])"},
           {"--size 8192", "size 8192 (recorded 4096)"}}) {
    EXPECT_EQ(resume(dir, log, other), 2) << other;
    EXPECT_NE(log.find(named), std::string::npos) << other << "\n" << log;
  }
  fs::remove_all(dir);
}

}  // namespace
