#include "harness/analysis/scaling.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace sb {
namespace {

TEST(Scaling, TheBaselineHasSpeedupExactlyOne) {
  const ScalingAnalysis a = analyse_scaling({{1, {{0, {1.0, 1.2, 0.8}}}}, {2, {{0, {0.6, 0.62, 0.58}}}}});
  EXPECT_EQ(a.by_threads[0].speedup.low, 1.0);
  EXPECT_EQ(a.by_threads[0].speedup.high, 1.0);
  EXPECT_FALSE(a.by_threads[0].karp_flatt.has_value());
  ASSERT_TRUE(a.by_threads[1].karp_flatt.has_value());
  EXPECT_NEAR(*a.by_threads[1].karp_flatt, (0.6 - 0.5) / 0.5, 1e-9);  // S = 1/0.6
}

TEST(Scaling, WithoutABaselineOnlyTimesAndFits) {
  const ScalingAnalysis a = analyse_scaling({{2, {{0, {0.6, 0.61}}}}, {4, {{0, {0.4, 0.41}}}}});
  EXPECT_FALSE(a.baseline_note.empty());
  EXPECT_TRUE(a.amdahl.fitted);
}

TEST(Scaling, SingleSamplesHaveNoSpread) {
  const ScalingAnalysis a = analyse_scaling({{1, {{0, {1.0}}}}, {2, {{0, {0.6}}}}});
  EXPECT_TRUE(std::isnan(a.by_threads[0].cv));
}

TEST(Scaling, WeakScalingReportsScaledSpeedupWithoutKarpFlatt) {
  const ScalingAnalysis a = analyse_scaling({{1, {{0, {1.0, 1.0}}}}, {2, {{0, {1.1, 1.1}}}}}, true);
  EXPECT_NEAR(a.by_threads[1].speedup.estimate, 2 / 1.1, 1e-9);
  EXPECT_FALSE(a.by_threads[1].karp_flatt.has_value());
  EXPECT_FALSE(a.amdahl.fitted);
  EXPECT_TRUE(a.gustafson.fitted);
}

TEST(Scaling, NoSpeedupLimitFromTwoThreadCounts) {
  // Two thread counts fix Amdahl's s; its limit 1/s would extrapolate to infinite threads.
  const ScalingAnalysis two = analyse_scaling(
      {{1, {{0, {1.0, 1.01}}, {1, {0.99, 1.0}}}}, {2, {{0, {0.6, 0.61}}, {1, {0.6, 0.59}}}}});
  ASSERT_TRUE(two.amdahl.fitted);
  EXPECT_EQ(two.amdahl.find("speedup_limit"), nullptr);
  EXPECT_FALSE(two.usl.fitted);
  const ScalingAnalysis three = analyse_scaling({{1, {{0, {1.0, 1.01}}, {1, {0.99, 1.0}}}},
                                                 {2, {{0, {0.6, 0.61}}, {1, {0.6, 0.59}}}},
                                                 {4, {{0, {0.4, 0.41}}, {1, {0.4, 0.39}}}}});
  const Parameter* limit = three.amdahl.find("speedup_limit");
  ASSERT_NE(limit, nullptr);
  EXPECT_LE(limit->low, limit->value);  // printed with its interval
}

TEST(Scaling, SpeedupIntervalsCountProcessesNotRepetitions) {
  // Two processes a thread count whose offsets differ by 10%, repetitions within 0.1%: the
  // speedup interval must reflect the 10%, not the 0.1%.
  const ScalingAnalysis a = analyse_scaling(
      {{1, {{0, {1.0, 1.001, 0.999}}, {1, {1.1, 1.101, 1.099}}}},
       {2, {{2, {0.5, 0.5005, 0.4995}}, {3, {0.55, 0.5505, 0.5495}}}}});
  const ThreadStats& two = a.by_threads[1];
  EXPECT_EQ(two.level.processes, 2);
  EXPECT_GT(two.speedup.high / two.speedup.low, 1.2);
  ASSERT_TRUE(two.level.between_cv && two.level.within_cv);
  EXPECT_GT(*two.level.between_cv, 10 * *two.level.within_cv);
}

}  // namespace
}  // namespace sb
