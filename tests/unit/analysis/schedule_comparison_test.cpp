// The schedule comparison on synthetic two-level timings with known answers: a clearly slower
// schedule is really slower (paired within its runtime), equal schedules of one runtime are within
// the margin, equal schedules of two runtimes cannot be told apart by unpaired processes, a point
// kept out of fits is never the fastest, and the fork_join overhead is the parallel time minus the
// sequential time over the threads.
#include "harness/analysis/schedule_comparison.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
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
  EXPECT_EQ(c.entries[0].processes, 4);
  // Same centre, other runtime: unpaired, and 3% process offsets on 4 processes a side are too
  // few to tell 1.0 from 1.0 within a 2% margin.
  ASSERT_TRUE(c.entries[1].vs_best);
  EXPECT_FALSE(c.entries[1].vs_best->ratio.paired);
  EXPECT_EQ(c.entries[1].vs_best->finding, Finding::cannot_tell);
  EXPECT_FALSE(c.entries[1].slower_than_best);
  for (std::size_t i = 2; i < 4; ++i) {
    const ScheduleEntry& e = c.entries[i];
    EXPECT_EQ(e.variant, "static");
    ASSERT_TRUE(e.vs_best);
    EXPECT_TRUE(e.slower_than_best) << e.vs_best->sentence();
    EXPECT_EQ(e.vs_best->family_size, 3);
    EXPECT_NEAR(e.vs_best->interval.estimate, 1.5, 0.08);
    EXPECT_LT(e.vs_best->interval.low, e.vs_best->interval.estimate);
    ASSERT_TRUE(e.excess_s);
    EXPECT_NEAR(*e.excess_s, 1.5 - 2.0 / 2, 0.08);  // estimate - T_seq / threads
  }
  // The static of the fastest's runtime ran in its processes: paired, and far narrower.
  const ScheduleEntry& same_runtime =
      c.entries[2].backend == c.entries[0].backend ? c.entries[2] : c.entries[3];
  EXPECT_TRUE(same_runtime.vs_best->ratio.paired);
  const ScheduleEntry& other_runtime =
      c.entries[2].backend == c.entries[0].backend ? c.entries[3] : c.entries[2];
  EXPECT_FALSE(other_runtime.vs_best->ratio.paired);
  EXPECT_LT(same_runtime.vs_best->interval.high / same_runtime.vs_best->interval.low,
            other_runtime.vs_best->interval.high / other_runtime.vs_best->interval.low);
  ASSERT_TRUE(c.omp_over_tbb);
  EXPECT_NEAR(c.omp_over_tbb->interval.estimate, 1.0, 0.06);
  EXPECT_NE(c.omp_over_tbb->finding, Finding::real_difference);
  EXPECT_EQ(scheduling_rows(analysis).rows.size(), 4u);
}

TEST(ScheduleComparison, EqualSchedulesOfOneRuntimeAreWithinTheMargin) {
  // Eight processes whose 3% offsets the pairing cancels, repetitions within 0.2%.
  const test::TwoLevelNoise noise{8, 5, 0.03, 0.002};
  Results results;
  results.workloads["skewed_map"] = {.schedulable = true};
  test::add(results.points, test::schedule_point("skewed_map", "omp", "dynamic,64", 2, 1.0, 1, noise));
  test::add(results.points, test::schedule_point("skewed_map", "omp", "dynamic,256", 2, 1.0, 2, noise));
  test::add(results.points, test::schedule_point("skewed_map", "omp", "static", 2, 1.5, 3, noise));
  const SchedulingAnalysis analysis = analyse_scheduling(results);
  const ScheduleComparison& c = analysis.comparisons.at(0);
  ASSERT_EQ(c.entries.size(), 3u);
  const ScheduleEntry& twin = c.entries[1];
  EXPECT_EQ(twin.variant.rfind("dynamic", 0), 0u);
  ASSERT_TRUE(twin.vs_best);
  EXPECT_TRUE(twin.vs_best->ratio.paired);
  EXPECT_EQ(twin.vs_best->finding, Finding::within_margin) << twin.vs_best->sentence();
  EXPECT_EQ(c.entries[2].vs_best->finding, Finding::real_difference);
}

TEST(ScheduleComparison, APointWithIdleWorkersIsListedButNeverTheFastest) {
  Results results = test::skewed_map_schedules();
  std::vector<Point> idle = test::schedule_point("skewed_map", "omp", "static,4096", 2, 0.4, 8);
  for (Point& p : idle) p.idle_workers = 1;
  test::add(results.points, idle);
  const SchedulingAnalysis analysis = analyse_scheduling(results);
  const ScheduleComparison& c = analysis.comparisons.at(0);
  EXPECT_NE(c.entries[0].variant, "static,4096");
  const auto listed = std::find_if(c.entries.begin(), c.entries.end(),
                                   [](const ScheduleEntry& e) { return e.variant == "static,4096"; });
  ASSERT_NE(listed, c.entries.end());
  EXPECT_FALSE(listed->eligible);
  ASSERT_TRUE(listed->vs_best);
  EXPECT_EQ(listed->vs_best->finding, Finding::cannot_tell);
  EXPECT_NE(listed->vs_best->reason.find("idle_workers"), std::string::npos);
}

TEST(ScheduleComparison, ForkJoinOverheadIsParallelTimeMinusSequentialOverThreads) {
  const SchedulingAnalysis analysis = analyse_scheduling(test::fork_join_overheads());
  ASSERT_EQ(analysis.overheads.size(), 2u);
  for (const OverheadFigure& f : analysis.overheads) {
    const double expected = (f.variant == "static" ? 5e-6 : 9e-6) - 4e-6 / 2;
    EXPECT_NEAR(f.overhead_s.estimate, expected, 0.4e-6) << f.variant;  // 3% process offsets
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
  test::add(results.points, test::schedule_point("map", "seq", "reference", 1, 1.0, 1));
  test::add(results.points, test::schedule_point("map", "omp", "static", 2, 0.5, 2));
  test::add(results.points, test::schedule_point("map", "omp", "dynamic,64", 2, 0.5, 3));
  EXPECT_TRUE(analyse_scheduling(results).comparisons.empty());
  results.workloads["map"].schedulable = true;
  EXPECT_EQ(analyse_scheduling(results).comparisons.size(), 1u);
}

}  // namespace
}  // namespace sb
