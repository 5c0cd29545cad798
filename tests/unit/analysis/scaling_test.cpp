#include "harness/analysis/scaling.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace sb {
namespace {

TEST(Scaling, TheBaselineHasSpeedupExactlyOne) {
  const ScalingAnalysis a = analyse_scaling({{1, {1.0, 1.2, 0.8}}, {2, {0.6, 0.62, 0.58}}});
  EXPECT_EQ(a.by_threads[0].speedup.low, 1.0);
  EXPECT_EQ(a.by_threads[0].speedup.high, 1.0);
  EXPECT_FALSE(a.by_threads[0].karp_flatt.has_value());
  ASSERT_TRUE(a.by_threads[1].karp_flatt.has_value());
  EXPECT_NEAR(*a.by_threads[1].karp_flatt, (0.6 - 0.5) / 0.5, 1e-9);  // S = 1/0.6
}

TEST(Scaling, WithoutABaselineOnlyTimesAndFits) {
  const ScalingAnalysis a = analyse_scaling({{2, {0.6, 0.61}}, {4, {0.4, 0.41}}});
  EXPECT_FALSE(a.baseline_note.empty());
  EXPECT_TRUE(a.amdahl.fitted);
}

TEST(Scaling, SingleSamplesHaveNoSpread) {
  const ScalingAnalysis a = analyse_scaling({{1, {1.0}}, {2, {0.6}}});
  EXPECT_TRUE(std::isnan(a.by_threads[0].cv));
}

TEST(Scaling, WeakScalingReportsScaledSpeedupWithoutKarpFlatt) {
  const ScalingAnalysis a = analyse_scaling({{1, {1.0, 1.0}}, {2, {1.1, 1.1}}}, true);
  EXPECT_NEAR(a.by_threads[1].speedup.estimate, 2 / 1.1, 1e-9);
  EXPECT_FALSE(a.by_threads[1].karp_flatt.has_value());
  EXPECT_FALSE(a.amdahl.fitted);
  EXPECT_TRUE(a.gustafson.fitted);
}

}  // namespace
}  // namespace sb
