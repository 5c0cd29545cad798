#include "harness/core/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace sb {
namespace {

TEST(Stats, MedianOfOddAndEvenCounts) {
  EXPECT_EQ(median({3, 1, 2}), 2);
  EXPECT_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_EQ(median({}), 0);
}

TEST(Stats, MedianIntervalUsesBinomialRanks) {
  std::vector<double> ten = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
  const Interval i = median_interval(ten);
  EXPECT_EQ(i.low, 2);  // ranks 2 and 9 of 10 cover 97.9%; ranks 3 and 8 only 89%
  EXPECT_EQ(i.high, 9);
  EXPECT_NEAR(i.confidence, 1 - 2 * 11.0 / 1024, 1e-12);
}

TEST(Stats, FewSamplesReportTheCoverageTheyAchieve) {
  const Interval i = median_interval({1, 2, 3, 4, 5});
  EXPECT_EQ(i.low, 1);
  EXPECT_EQ(i.high, 5);
  EXPECT_NEAR(i.confidence, 1 - 2.0 / 32, 1e-12);  // 93.75%: below the asked 95%, and said so
}

TEST(Stats, RatioIntervalContainsTheTrueRatioAndNarrowsWithSamples) {
  std::mt19937_64 generator(7);
  std::normal_distribution<double> noise(1.0, 0.03);
  auto draw = [&](double scale, int n) {
    std::vector<double> v(n);
    for (double& x : v) x = scale * noise(generator);
    return v;
  };
  const Interval few = ratio_of_medians_interval(draw(2.0, 5), draw(1.0, 5));
  const Interval many = ratio_of_medians_interval(draw(2.0, 200), draw(1.0, 200));
  EXPECT_LT(many.low, 2.0);
  EXPECT_GT(many.high, 2.0);
  EXPECT_LT(many.high - many.low, few.high - few.low);
  // Deterministic: the same inputs give the same interval.
  const auto a = draw(2.0, 9), b = draw(1.0, 9);
  EXPECT_EQ(ratio_of_medians_interval(a, b).low, ratio_of_medians_interval(a, b).low);
}

TEST(Stats, CoefficientOfVariation) {
  EXPECT_TRUE(std::isnan(coefficient_of_variation({5})));
  EXPECT_NEAR(coefficient_of_variation({1, 2, 3}), 0.5, 1e-12);
}

}  // namespace
}  // namespace sb
