// The rank test and the multiple-testing correction against answers known in closed form (and
// R's wilcox.test and p.adjust for the same data).
#include "harness/analysis/significance.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace sb {
namespace {

TEST(Significance, ExactMannWhitneyMatchesKnownAnswers) {
  // Completely separated 3 vs 3: one arrangement in C(6,3) = 20 on each side.
  RankTest t = mann_whitney({1, 2, 3}, {4, 5, 6});
  EXPECT_TRUE(t.exact);
  EXPECT_EQ(t.u, 0);
  EXPECT_NEAR(t.p_value, 0.1, 1e-12);
  // Interleaved 3 vs 3: U = 3, P(U <= 3) = 7/20, two-sided 0.7 (R: W = 3, p-value = 0.7).
  t = mann_whitney({1, 3, 5}, {2, 4, 6});
  EXPECT_EQ(t.u, 3);
  EXPECT_NEAR(t.p_value, 0.7, 1e-12);
  // Separated 10 vs 10: 2 / C(20, 10).
  std::vector<double> low, high;
  for (int i = 0; i < 10; ++i) {
    low.push_back(i);
    high.push_back(100 + i);
  }
  EXPECT_NEAR(mann_whitney(high, low).p_value, 2.0 / 184756, 1e-15);
  EXPECT_EQ(mann_whitney(high, low).u, 100);
  // Symmetric in its arguments.
  EXPECT_DOUBLE_EQ(mann_whitney({1, 3, 5, 8}, {2, 4, 6}).p_value,
                   mann_whitney({2, 4, 6}, {1, 3, 5, 8}).p_value);
}

TEST(Significance, NormalApproximationAgreesWithTheExactTestAndHandlesTies) {
  std::mt19937_64 generator(3);
  std::normal_distribution<double> noise(0, 1);
  std::vector<double> a, b;
  for (int i = 0; i < 20; ++i) {
    a.push_back(noise(generator));
    b.push_back(noise(generator) + 0.8);
  }
  const RankTest exact = mann_whitney(a, b, RankMethod::exact);
  const RankTest normal = mann_whitney(a, b, RankMethod::normal);
  EXPECT_TRUE(exact.exact);
  EXPECT_FALSE(normal.exact);
  EXPECT_NEAR(normal.p_value, exact.p_value, 0.15 * exact.p_value + 1e-4);
  // Ties: the automatic choice falls back to the corrected approximation.
  const RankTest tied = mann_whitney({1, 2, 2, 3, 3}, {2, 3, 3, 4, 5});
  EXPECT_FALSE(tied.exact);
  EXPECT_GT(tied.p_value, 0.05);
  EXPECT_LT(tied.p_value, 1);
  // No evidence at all: identical samples, or every value equal.
  EXPECT_EQ(mann_whitney({1, 2, 3, 4}, {1, 2, 3, 4}).p_value, 1);
  EXPECT_EQ(mann_whitney({5, 5, 5}, {5, 5}).p_value, 1);
  EXPECT_EQ(mann_whitney({}, {1, 2}).p_value, 1);
}

TEST(Significance, HolmAdjustsStepDownAndKeepsOrder) {
  // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
  const std::vector<double> adjusted = holm_adjust({0.01, 0.04, 0.03, 0.005});
  ASSERT_EQ(adjusted.size(), 4u);
  EXPECT_NEAR(adjusted[0], 0.03, 1e-12);
  EXPECT_NEAR(adjusted[1], 0.06, 1e-12);
  EXPECT_NEAR(adjusted[2], 0.06, 1e-12);
  EXPECT_NEAR(adjusted[3], 0.02, 1e-12);
  EXPECT_EQ(holm_adjust({0.5, 0.9}), (std::vector<double>{1.0, 1.0}));
  EXPECT_TRUE(holm_adjust({}).empty());
}

}  // namespace
}  // namespace sb
