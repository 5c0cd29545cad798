// The schedule comparison on synthetic timings with known answers: a clearly slower schedule is
// called slower, a schedule drawn from the same distribution is within noise, and the fork_join
// overhead is the parallel time minus the sequential time over the threads.
#include "harness/analysis/schedule_comparison.hpp"

#include <gtest/gtest.h>

#include <set>

#include "tests/support/schedule_results.hpp"

namespace sb {
namespace {

TEST(ScheduleComparison, RanksSchedulesAndSeparatesRealDifferencesFromNoise) {
  const SchedulingAnalysis analysis = analyse_scheduling(test::skewed_map_schedules());
  ASSERT_EQ(analysis.comparisons.size(), 1u);
  const ScheduleComparison& c = analysis.comparisons[0];
  EXPECT_EQ(c.threads, 2);
  ASSERT_EQ(c.entries.size(), 4u);
  const std::set<std::string> fastest_two{c.entries[0].name(), c.entries[1].name()};
  EXPECT_EQ(fastest_two, (std::set<std::string>{"omp:dynamic,64", "tbb:auto"}));
  EXPECT_FALSE(c.entries[1].slower_than_best);  // same distribution: within noise
  for (std::size_t i = 2; i < 4; ++i) {
    EXPECT_EQ(c.entries[i].variant, "static");
    EXPECT_TRUE(c.entries[i].slower_than_best);
    EXPECT_NEAR(c.entries[i].ratio_to_best.estimate, 1.5, 0.05);
    EXPECT_LT(c.entries[i].ratio_to_best.low, c.entries[i].ratio_to_best.estimate);
    EXPECT_LT(c.entries[i].p_vs_best, 0.05);
    ASSERT_TRUE(c.entries[i].excess_s);
    EXPECT_NEAR(*c.entries[i].excess_s, 1.5 - 2.0 / 2, 0.05);  // median - T_seq / threads
  }
  ASSERT_TRUE(c.omp_over_tbb);
  EXPECT_NEAR(c.omp_over_tbb->estimate, 1.0, 0.03);
  EXPECT_GT(c.omp_vs_tbb_p, 0.05);
  EXPECT_EQ(scheduling_rows(analysis).rows.size(), 4u);
}

TEST(ScheduleComparison, ForkJoinOverheadIsParallelTimeMinusSequentialOverThreads) {
  const SchedulingAnalysis analysis = analyse_scheduling(test::fork_join_overheads());
  ASSERT_EQ(analysis.overheads.size(), 2u);
  for (const OverheadFigure& f : analysis.overheads) {
    const double expected = (f.variant == "static" ? 5e-6 : 9e-6) - 4e-6 / 2;
    EXPECT_NEAR(f.overhead_s.estimate, expected, 0.1e-6) << f.variant;
    EXPECT_LE(f.overhead_s.low, f.overhead_s.estimate);
    EXPECT_GE(f.overhead_s.high, f.overhead_s.estimate);
    // 64 chunks a run, each adding (9 - 5) us / 64 beyond static.
    if (f.variant == "dynamic,16") {
      ASSERT_TRUE(f.per_chunk_s);
      EXPECT_NEAR(*f.per_chunk_s, 4e-6 / 64, 5e-9);
    } else {
      EXPECT_FALSE(f.per_chunk_s);
    }
  }
}

TEST(ScheduleComparison, OnlySchedulableWorkloadsAreCompared) {
  Results results;
  results.workloads["map"] = {};  // recorded without the schedulable trait
  results.points = {test::schedule_point("map", "seq", "reference", 1, 1.0, 1),
                    test::schedule_point("map", "omp", "static", 2, 0.5, 2),
                    test::schedule_point("map", "omp", "dynamic,64", 2, 0.5, 3)};
  EXPECT_TRUE(analyse_scheduling(results).comparisons.empty());
  results.workloads["map"].schedulable = true;
  EXPECT_EQ(analyse_scheduling(results).comparisons.size(), 1u);
}

}  // namespace
}  // namespace sb
