// Judging a program's threads from samples of them: busy means used or waited for half a CPU in a
// window; findings must persist; a run too short is not judged.
#include "harness/machine/thread_activity.hpp"

#include <gtest/gtest.h>

namespace {

using sb::ActivityTracker;
using sb::TaskSample;

constexpr double kWindowS = 0.025;
constexpr std::int64_t kWindowNs = 25'000'000;

// `busy` threads (tids 1..busy) each used a whole window on PU pus[i] at every sample; `idle`
// more threads never ran.
void feed(ActivityTracker& tracker, int windows, const std::vector<int>& pus, int idle = 0) {
  for (int w = 0; w <= windows; ++w) {
    std::vector<TaskSample> samples;
    for (std::size_t t = 0; t < pus.size(); ++t) {
      samples.push_back({100, static_cast<int>(t) + 1, "worker", pus[t], w * kWindowNs, 0});
    }
    for (int t = 0; t < idle; ++t) samples.push_back({100, 50 + t, "idle", 0, 0, 0});
    tracker.add(w * kWindowS, samples);
  }
}

TEST(ThreadActivity, AsManyBusyThreadsAsPlannedOnTheirOwnPusIsClean) {
  ActivityTracker tracker({0, 1}, 2);
  feed(tracker, 10, {0, 1}, 2);
  const sb::ActivitySummary& a = tracker.summary();
  EXPECT_TRUE(a.judged());
  EXPECT_EQ(a.windows, 10);
  EXPECT_EQ(a.working_threads, 2);
  EXPECT_EQ(a.most_busy, 2);
  EXPECT_FALSE(a.extra_threads(2));
  EXPECT_FALSE(a.fewer_threads(2));
  EXPECT_FALSE(a.shared_pu());
  EXPECT_FALSE(a.outside_plan());
  EXPECT_EQ(a.threads.size(), 4u);
}

TEST(ThreadActivity, MoreBusyThreadsThanPlannedAreExtra) {
  ActivityTracker tracker({0}, 1);
  feed(tracker, 10, {0, 0, 0, 0});
  EXPECT_TRUE(tracker.summary().extra_threads(1));
  EXPECT_EQ(tracker.summary().most_busy, 4);
}

TEST(ThreadActivity, FewerWorkingThreadsThanPlannedAreFlagged) {
  ActivityTracker tracker({0, 1}, 2);
  feed(tracker, 10, {0}, 1);
  EXPECT_TRUE(tracker.summary().fewer_threads(2));
  EXPECT_EQ(tracker.summary().working_threads, 1);
}

TEST(ThreadActivity, AThreadOffThePlannedPusIsOutsideThePlan) {
  ActivityTracker tracker({0}, 1);
  feed(tracker, 4, {1});
  EXPECT_EQ(tracker.summary().pus_outside_plan, std::vector<int>{1});
}

TEST(ThreadActivity, SharingAPuCountsOnlyWhenItLastsTwoSamples) {
  ActivityTracker once({0, 1}, 2), lasting({0, 1}, 2);
  // Once: on one PU in a single sample out of ten (a migration caught mid-way).
  for (int w = 0; w <= 10; ++w) {
    const int second = w == 5 ? 0 : 1;
    once.add(w * kWindowS,
             {{1, 1, "a", 0, w * kWindowNs, 0}, {1, 2, "b", second, w * kWindowNs, 0}});
    lasting.add(w * kWindowS, {{1, 1, "a", 0, w * kWindowNs, 0}, {1, 2, "b", 0, w * kWindowNs, 0}});
  }
  EXPECT_EQ(once.summary().windows_shared_pu, 0);
  EXPECT_FALSE(once.summary().shared_pu());
  EXPECT_TRUE(lasting.summary().shared_pu());
}

TEST(ThreadActivity, AHelperWantingPartOfACpuNeitherSharesNorIsExtra) {
  // A compute thread on PU 0 and an I/O helper beside it wanting 60% of a CPU, all along.
  ActivityTracker tracker({0}, 1);
  for (int w = 0; w <= 10; ++w) {
    tracker.add(w * kWindowS, {{1, 1, "work", 0, w * kWindowNs, 0},
                               {1, 2, "io", 0, w * kWindowNs * 3 / 10, w * kWindowNs * 3 / 10}});
  }
  EXPECT_EQ(tracker.summary().most_busy, 2);  // busy by the half-CPU rule
  EXPECT_FALSE(tracker.summary().extra_threads(1));
  EXPECT_FALSE(tracker.summary().shared_pu());
}

TEST(ThreadActivity, WaitingForACpuCountsAsBusy) {
  // Four threads that want a CPU on one PU: each runs a quarter of the time and waits the rest.
  ActivityTracker tracker({0}, 1);
  for (int w = 0; w <= 10; ++w) {
    std::vector<TaskSample> samples;
    for (int t = 1; t <= 4; ++t)
      samples.push_back({1, t, "w", 0, w * kWindowNs / 4, w * kWindowNs * 3 / 4});
    tracker.add(w * kWindowS, samples);
  }
  EXPECT_EQ(tracker.summary().most_busy, 4);
  EXPECT_TRUE(tracker.summary().extra_threads(1));
}

TEST(ThreadActivity, ASampleAfterTheExitIsNoWindow) {
  ActivityTracker tracker({0}, 1);
  feed(tracker, 1, {0});
  tracker.add(3 * kWindowS, {});  // the program is gone
  EXPECT_EQ(tracker.summary().windows, 1);
  EXPECT_FALSE(tracker.summary().judged());
}

TEST(ThreadActivity, ARunShorterThanTwoWindowsIsNotJudged) {
  ActivityTracker tracker({0}, 2);
  feed(tracker, 1, {0});
  EXPECT_FALSE(tracker.summary().judged());
  EXPECT_FALSE(tracker.summary().fewer_threads(2));
}

TEST(ThreadActivity, ARankCountsThePusItRanOnSinceItBecameOne) {
  ActivityTracker tracker({0, 1}, 1);
  // mpirun's child (no rank yet) on PU 0, then the rank it became, bound to PU 1.
  for (int w = 0; w <= 4; ++w) {
    TaskSample s{100, 100, w < 2 ? "mpirun" : "mpi_probe", w < 2 ? 0 : 1, w * kWindowNs, 0};
    s.rank = w < 2 ? -1 : 1;
    tracker.add(w * kWindowS, {s});
  }
  const sb::ActivitySummary& a = tracker.summary();
  ASSERT_EQ(a.threads.size(), 1u);
  EXPECT_EQ(a.threads[0].rank, 1);
  EXPECT_EQ(a.threads[0].pus, std::vector<int>{1});
  EXPECT_EQ(a.threads[0].name, "mpi_probe");
}

}  // namespace
