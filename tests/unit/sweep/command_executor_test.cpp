// The command executor on a scripted launcher (no real program): what each run's outcome becomes
// in the results, through run_group, as for a real sweep.
#include "harness/sweep/command_executor.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <deque>
#include <fstream>

#include "harness/sweep/exec_plan.hpp"
#include "harness/sweep/run_group.hpp"
#include "tests/support/temp_path.hpp"

namespace {

namespace fs = std::filesystem;

// Plays back scripted results; writes the scripted output where the request asks for it.
class ScriptedLauncher : public sb::ProgramLauncher {
 public:
  struct Run {
    sb::LaunchResult result;
    std::string stdout_text, stderr_text;
  };
  explicit ScriptedLauncher(std::deque<Run> runs) : runs_(std::move(runs)) {}
  sb::LaunchResult launch(const sb::LaunchRequest& request) override {
    requests.push_back(request);
    Run run = runs_.empty() ? Run{} : runs_.front();
    if (!runs_.empty()) runs_.pop_front();
    if (!request.stdout_file.empty()) std::ofstream(request.stdout_file) << run.stdout_text;
    if (!request.stderr_file.empty()) std::ofstream(request.stderr_file) << run.stderr_text;
    return run.result;
  }
  std::vector<sb::LaunchRequest> requests;

 private:
  std::deque<Run> runs_;
};

sb::LaunchResult ran(double wall_s, int working, int status = 0) {
  sb::LaunchResult r;
  r.wait_status = status << 8;  // as wait4 reports an exit status
  r.wall_s = wall_s;
  r.activity.windows = 10;
  r.activity.working_threads = working;
  r.activity.most_busy = r.activity.most_demanding = working;
  for (int t = 0; t < working; ++t) r.activity.threads.push_back({1, t + 1, "prog", {t}, 10, 0.2});
  return r;
}

sb::GroupSpec group(sb::CommandSpec command, int threads) {
  sb::ExecOptions options;
  command.executable = "/bin/true";
  command.label = "prog";
  if (command.argv.empty()) command.argv = {"prog", "-T{threads}"};
  options.command = command;
  options.threads = {threads};
  options.pin = sb::PinPolicy::none;
  return sb::plan_exec(options).groups.front();
}

sb::Point run_once(const sb::GroupSpec& spec, std::deque<ScriptedLauncher::Run> runs,
                   std::vector<sb::LaunchRequest>* requests = nullptr) {
  auto launcher = std::make_unique<ScriptedLauncher>(std::move(runs));
  ScriptedLauncher* raw = launcher.get();
  const fs::path scratch = sb::test::temp_path("command-executor");
  auto executor = sb::make_command_executor(spec, scratch, std::move(launcher));
  const std::vector<sb::Point> points = sb::run_group(spec, *executor);
  if (requests) *requests = raw->requests;
  EXPECT_EQ(points.size(), 1u);
  return points.front();
}

TEST(CommandExecutor, ARunIsTimedStartToExitAndExpandsItsPlaceholders) {
  std::vector<sb::LaunchRequest> requests;
  const sb::Point p = run_once(group({}, 2), {{ran(0.5, 2), "", ""}}, &requests);
  EXPECT_TRUE(p.verified) << p.error;
  EXPECT_EQ(p.seconds, std::vector<double>{0.5});
  EXPECT_EQ(requests.front().argv, (std::vector<std::string>{"prog", "-T2"}));
  bool omp = false;
  for (const std::string& e : requests.front().environment) omp |= e == "OMP_NUM_THREADS=2";
  EXPECT_TRUE(omp);
  EXPECT_EQ(p.idle_workers, 0);
  EXPECT_EQ(p.placement.size(), 2u);
}

TEST(CommandExecutor, AFailedRunIsRecordedWithItsStatusAndStderr) {
  const sb::Point p = run_once(group({}, 1), {{ran(0.1, 1, 3), "", "boom: out of memory\n"}});
  EXPECT_FALSE(p.verified);
  EXPECT_NE(p.error.find("exited with status 3"), std::string::npos) << p.error;
  EXPECT_NE(p.error.find("boom: out of memory"), std::string::npos) << p.error;
}

TEST(CommandExecutor, TimeFromTakesTheReportedTimeAndKeepsTheWallTime) {
  sb::CommandSpec command;
  command.time_from = "kernel took ([0-9.]+) ?(ms)";
  const sb::Point p = run_once(group(command, 1), {{ran(0.9, 1), "kernel took 120 ms\n", ""}});
  EXPECT_TRUE(p.verified) << p.error;
  EXPECT_DOUBLE_EQ(p.seconds.front(), 0.12);
  EXPECT_DOUBLE_EQ(p.measures.at("wall_s"), 0.9);
  const sb::Point missing = run_once(group(command, 1), {{ran(0.9, 1), "no time\n", ""}});
  EXPECT_NE(missing.error.find("matched no positive time"), std::string::npos) << missing.error;
}

TEST(CommandExecutor, SameOutputComparesWithTheReferenceHash) {
  sb::CommandSpec command;
  command.same_output = true;
  // Not the hash of any output the script writes.
  command.reference_sha256 = "6f2c3b2f5f5f0b8d0c1a0d0a8b1a6f0a6b8e0b8f0a0a0a0a0a0a0a0a0a0a0a0a";
  const sb::Point p = run_once(group(command, 2), {{ran(0.2, 2), "different\n", ""}});
  EXPECT_FALSE(p.verified);
  EXPECT_NE(p.verification.find("differs"), std::string::npos) << p.verification;
}

TEST(CommandExecutor, FewerAndExtraThreadsBecomeFitExclusions) {
  const sb::Point fewer = run_once(group({}, 4), {{ran(0.2, 1), "", ""}});
  EXPECT_EQ(fewer.idle_workers, 3);
  EXPECT_NE(fewer.placement_note.find("only 1 of 4"), std::string::npos) << fewer.placement_note;
  sb::LaunchResult extra = ran(0.2, 4);
  extra.activity.windows_over_plan = 10;
  const sb::Point more = run_once(group({}, 1), {{extra, "", ""}});
  EXPECT_EQ(more.extra_threads, 3);
  const std::vector<std::string> reasons = more.fit_exclusions();
  EXPECT_NE(std::find(reasons.begin(), reasons.end(), "extra_threads"), reasons.end());
}

}  // namespace
