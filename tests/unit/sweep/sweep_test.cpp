// The sweep's execution, checkpoints, resume and stop, run on a fake executor in this process
// (the worker process and a real SIGKILL are tested end to end in tests/e2e/resume_test.cpp).
#include "harness/sweep/sweep.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include "harness/core/error.hpp"
#include "harness/sweep/stop.hpp"
#include "harness/sweep/worker_process.hpp"
#include "tests/support/fake_executor.hpp"
#include "tests/support/temp_path.hpp"

namespace sb {
namespace {

namespace fs = std::filesystem;
using test::InProcessRunner;

Point planned(const std::string& kernel, Backend backend, const std::string& variant, int threads) {
  Point p;
  p.kernel = kernel;
  p.backend = std::string(format_as(backend));
  p.variant = variant;
  p.threads = threads;
  p.pin = "compact";
  p.size = 1000;
  return p;
}

// Two groups: the sequential reference of workloads a and b, then a and b at two threads.
Plan two_group_plan() {
  Plan plan;
  GroupSpec seq;
  seq.backend = Backend::seq;
  seq.repetitions = 3;
  seq.points = {planned("a", Backend::seq, "reference", 1),
                planned("b", Backend::seq, "reference", 1)};
  GroupSpec tbb = seq;
  tbb.backend = Backend::tbb;
  tbb.threads = 2;
  tbb.points = {planned("a", Backend::tbb, "auto", 2), planned("b", Backend::tbb, "auto", 2)};
  plan.groups = {seq, tbb};
  plan.rounds.shuffle = false;  // one round, in planned order
  plan.workloads["a"] = WorkloadTraits{};
  plan.workloads["b"] = WorkloadTraits{};
  return plan;
}

class Sweep : public ::testing::Test {
 protected:
  void SetUp() override {
    clear_stop_request();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    clear_stop_request();
    fs::remove_all(dir_);
  }
  SweepOutcome run(InProcessRunner& runner) {
    return run_plan(two_group_plan(), nlohmann::json::object(), dir_, false, runner);
  }
  Results on_disk() const { return read_results(dir_ / "results.json"); }
  const Point* find(const Results& results, const std::string& series, int threads) const {
    for (const Point& p : results.points) {
      if (p.series() == series && p.threads == threads) return &p;
    }
    return nullptr;
  }
  bool has_group_files() const {
    for (const auto& entry : fs::directory_iterator(dir_)) {
      if (is_group_file(entry.path())) return true;
    }
    return false;
  }
  fs::path dir_ = test::temp_path("sweep-unit");
};

TEST_F(Sweep, EveryPlannedPointIsMeasuredVerifiedAndWrittenWithItsPlan) {
  InProcessRunner runner;
  const SweepOutcome outcome = run(runner);
  EXPECT_FALSE(outcome.interrupted);
  const Results results = on_disk();
  EXPECT_TRUE(results.complete);
  ASSERT_EQ(results.points.size(), 4u);
  for (const Point& p : results.points) {
    EXPECT_TRUE(p.verified) << p.series();
    EXPECT_EQ(p.seconds.size(), 3u) << p.series();
    EXPECT_EQ(p.placement_ok, std::optional<bool>(true)) << p.series();
    EXPECT_EQ(p.idle_workers, 0);
  }
  for (const auto& [key, count] : runner.repetitions_measured) EXPECT_EQ(count, 3) << key;
  EXPECT_EQ(results.plan.get<Plan>().groups.size(), 2u);
  EXPECT_EQ(results.workloads.size(), 2u);
  EXPECT_FALSE(has_group_files()) << "a finished group leaves no checkpoint";
}

TEST_F(Sweep, FailedVerificationAndFailedRunsAreRecordedNotDropped) {
  test::FakeScript script;
  script.fail_verification = "a/seq/reference";
  script.throw_in = "b/tbb/auto";
  InProcessRunner runner(script);
  run(runner);
  const Results results = on_disk();
  ASSERT_EQ(results.points.size(), 4u);
  const Point* unverified = find(results, "a/seq/reference", 1);
  ASSERT_NE(unverified, nullptr);
  EXPECT_FALSE(unverified->verified);
  EXPECT_EQ(unverified->seconds.size(), 3u) << "a failed verification keeps its times";
  EXPECT_EQ(unverified->verification, "scripted failure");
  EXPECT_EQ(unverified->measures.at("verdict_number"), 1)
      << "the measures come from the verdict whose text explains the point";
  const Point* failed = find(results, "b/tbb/auto", 2);
  ASSERT_NE(failed, nullptr);
  EXPECT_FALSE(failed->verified);
  EXPECT_EQ(failed->error, "scripted failure");
  EXPECT_FALSE(failed->fit_exclusions().empty());
}

TEST_F(Sweep, ScriptedSpreadIsFlaggedHighCv) {
  test::FakeScript script;
  script.seconds = [](const Point& p, int repetition) {
    return p.kernel == "a" ? 1e-3 * (1 + repetition) : 1e-3;
  };
  InProcessRunner runner(script);
  run(runner);
  const Results results = on_disk();
  EXPECT_EQ(find(results, "a/seq/reference", 1)->stability_flags,
            std::vector<std::string>{"high_cv"});
  EXPECT_TRUE(find(results, "b/seq/reference", 1)->stability_flags.empty());
}

TEST_F(Sweep, AKilledWorkerFailsItsUnfinishedPointsAndResumeRunsOnlyThose) {
  test::FakeScript script;
  script.kill_at = "b/seq/reference";
  InProcessRunner killed(script);
  run(killed);
  Results results = on_disk();
  ASSERT_EQ(results.points.size(), 4u) << "the sweep goes on to the next group";
  EXPECT_TRUE(find(results, "a/seq/reference", 1)->verified);
  EXPECT_NE(find(results, "b/seq/reference", 1)->error.find("signal 9"), std::string::npos);
  EXPECT_TRUE(find(results, "a/tbb/auto", 2)->verified);

  InProcessRunner again;
  resume_sweep(dir_, nlohmann::json::object(), again);
  EXPECT_EQ(again.repetitions_measured, (std::map<std::string, int>{{"b/seq/reference@1", 3}}));
  results = on_disk();
  EXPECT_TRUE(results.complete);
  ASSERT_EQ(results.points.size(), 4u);
  for (const Point& p : results.points) EXPECT_TRUE(p.verified) << p.series();
}

TEST_F(Sweep, AStopKeepsFinishedPointsAndResumeCompletesTheRest) {
  test::FakeScript script;
  script.stop_at = "a/tbb/auto";
  InProcessRunner stopped(script);
  EXPECT_TRUE(run(stopped).interrupted);  // and the lock goes with the outcome
  Results results = on_disk();
  EXPECT_FALSE(results.complete);
  EXPECT_EQ(results.points.size(), 2u) << "the running point is dropped, the next never starts";
  EXPECT_EQ(stopped.repetitions_measured.count("b/tbb/auto@2"), 0u);

  clear_stop_request();
  InProcessRunner again;
  resume_sweep(dir_, nlohmann::json::object(), again);
  EXPECT_EQ(again.repetitions_measured,
            (std::map<std::string, int>{{"a/tbb/auto@2", 3}, {"b/tbb/auto@2", 3}}));
  results = on_disk();
  EXPECT_TRUE(results.complete);
  EXPECT_EQ(results.points.size(), 4u);
}

TEST_F(Sweep, APointLeftOnlyInACheckpointIsNotMeasuredAgain) {
  test::FakeScript script;
  script.stop_at = "a/tbb/auto";
  InProcessRunner stopped(script);
  run(stopped);
  // As a sweep killed outright leaves it: a finished point in the checkpoint, not yet merged.
  Point finished = *find(on_disk(), "a/seq/reference", 1);
  finished.kernel = "a";
  finished.backend = "tbb";
  finished.variant = "auto";
  finished.threads = 2;
  std::ofstream(checkpoint_path(dir_, 1)) << nlohmann::json(finished).dump() << "\n";

  clear_stop_request();
  InProcessRunner again;
  resume_sweep(dir_, nlohmann::json::object(), again);
  EXPECT_EQ(again.repetitions_measured, (std::map<std::string, int>{{"b/tbb/auto@2", 3}}));
  EXPECT_EQ(on_disk().points.size(), 4u);
  EXPECT_FALSE(has_group_files());
}

// The processes that measured `series` at `threads`, in the order results.json holds them.
std::vector<int> processes_of(const Results& results, const std::string& series, int threads) {
  std::vector<int> out;
  for (const Point& p : results.points) {
    if (p.series() == series && p.threads == threads) out.push_back(p.process);
  }
  return out;
}

TEST_F(Sweep, EachRoundRunsEveryGroupInAFreshProcessInAShuffledOrder) {
  Plan plan = two_group_plan();
  plan.rounds.min_rounds = plan.rounds.max_rounds = 4;
  plan.rounds.shuffle = true;
  plan.rounds.seed = 7;
  InProcessRunner runner;
  run_plan(plan, nlohmann::json::object(), dir_, false, runner);
  const Results results = on_disk();
  ASSERT_EQ(results.points.size(), 16u);
  for (const Point& p : results.points) EXPECT_EQ(p.round, p.process);
  EXPECT_EQ(processes_of(results, "a/seq/reference", 1), (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(processes_of(results, "b/tbb/auto", 2), (std::vector<int>{0, 1, 2, 3}));
  // The order of the groups differs between rounds (seeded): drift is not confounded with them.
  std::set<std::vector<std::size_t>> orders;
  for (int r = 0; r < 4; ++r) orders.insert(plan.round_order(r));
  EXPECT_EQ(orders.size(), 2u);
  std::vector<std::string> first_of_round;
  for (const Point& p : results.points) {
    if (first_of_round.size() == static_cast<std::size_t>(p.round))
      first_of_round.push_back(p.backend);
  }
  EXPECT_EQ(first_of_round.size(), 4u);
  EXPECT_NE(std::count(first_of_round.begin(), first_of_round.end(), "seq"), 4);
}

TEST_F(Sweep, AKillInALaterRoundIsResumedInThatProcessOnly) {
  Plan plan = two_group_plan();
  plan.rounds.min_rounds = plan.rounds.max_rounds = 2;
  test::FakeScript script;
  script.stop_at = "b/tbb/auto";  // in round 0, the stop lands during its first repetition
  InProcessRunner stopped(script);
  run_plan(plan, nlohmann::json::object(), dir_, false, stopped);
  const std::size_t before = on_disk().points.size();
  EXPECT_LT(before, 8u);
  clear_stop_request();
  InProcessRunner again;
  resume_sweep(dir_, nlohmann::json::object(), again);
  const Results results = on_disk();
  EXPECT_TRUE(results.complete);
  ASSERT_EQ(results.points.size(), 8u);
  for (const char* series : {"a/seq/reference", "b/seq/reference"}) {
    std::vector<int> processes = processes_of(results, series, 1);
    std::sort(processes.begin(), processes.end());
    EXPECT_EQ(processes, (std::vector<int>{0, 1})) << series;
  }
  int measured = 0;
  for (const auto& [key, count] : again.repetitions_measured) measured += count;
  EXPECT_EQ(measured, static_cast<int>(8 - before) * 3) << "nothing measured twice";
}

TEST_F(Sweep, PrecisionStopsEachGroupOnceItsPointsReachTheTarget) {
  Plan plan = two_group_plan();
  plan.rounds.stopping_rule = "precision";
  plan.rounds.precision = 0.02;
  plan.rounds.min_rounds = 4;
  plan.rounds.max_rounds = 9;
  test::FakeScript script;
  // The sequential processes agree within 0.1%; the parallel ones scatter by 20%.
  script.seconds = [](const Point& p, int) {
    const double offset =
        p.backend == "seq" ? 1 + 0.001 * (p.process % 2) : 1 + 0.2 * (p.process % 3);
    return 1e-3 * offset;
  };
  InProcessRunner runner(script);
  run_plan(plan, nlohmann::json::object(), dir_, false, runner);
  const Results results = on_disk();
  EXPECT_EQ(processes_of(results, "a/seq/reference", 1).size(), 4u) << "reached at min_rounds";
  EXPECT_EQ(processes_of(results, "a/tbb/auto", 2).size(), 9u) << "never reached: max_rounds";
  EXPECT_EQ(results.manifest.at("rounds_run"), 9);
}

TEST_F(Sweep, NoGroupStartsPastTheBudget) {
  Plan plan = two_group_plan();
  plan.rounds.min_rounds = plan.rounds.max_rounds = 50;
  plan.rounds.budget_s = 0.3;
  test::FakeScript script;
  script.seconds = [](const Point&, int) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return 1e-3;
  };
  InProcessRunner runner(script);
  run_plan(plan, nlohmann::json::object(), dir_, false, runner);
  const Results results = on_disk();
  EXPECT_TRUE(results.complete);
  EXPECT_TRUE(results.manifest.at("budget_spent").get<bool>());
  EXPECT_LT(processes_of(results, "a/seq/reference", 1).size(), 50u);
}

TEST_F(Sweep, AGroupWithAContendedPointIsMeasuredOnceMore) {
  Plan plan = two_group_plan();
  plan.rounds.min_rounds = plan.rounds.max_rounds = 2;
  test::FakeScript script;
  script.contended = [](const Point& p) {
    return p.series() == "a/seq/reference" && p.process == 1;
  };
  InProcessRunner runner(script);
  run_plan(plan, nlohmann::json::object(), dir_, false, runner);
  const Results results = on_disk();
  EXPECT_EQ(processes_of(results, "a/seq/reference", 1), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(processes_of(results, "b/seq/reference", 1), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(processes_of(results, "a/tbb/auto", 2), (std::vector<int>{0, 1}));
  EXPECT_EQ(results.manifest.at("remeasured_groups"), 1);
  for (const Point& p : results.points) {
    const bool flagged = !p.stability_flags.empty();
    EXPECT_EQ(flagged, p.series() == "a/seq/reference" && p.process == 1) << p.series();
  }
}

TEST_F(Sweep, AFinishedSweepIsNotReplacedUnlessForced) {
  InProcessRunner runner;
  run(runner);
  EXPECT_THROW(run(runner), ConfigError);
  EXPECT_NO_THROW(run_plan(two_group_plan(), nlohmann::json::object(), dir_, true, runner));
}

}  // namespace
}  // namespace sb
