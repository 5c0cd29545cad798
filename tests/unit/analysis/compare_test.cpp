// Two runs compared point by point: the same distribution is not called different, a real shift
// is, and unmatched or unusable points are counted rather than compared.
#include "harness/analysis/compare.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <random>

namespace sb {
namespace {

Results run(double scale_of_last, std::uint64_t seed) {
  Results results;
  std::mt19937_64 generator(seed);
  std::lognormal_distribution<double> noise(0, 0.02);
  for (int i = 0; i < 12; ++i) {
    Point p;
    p.kernel = "map";
    p.backend = "omp";
    p.variant = fmt::format("dynamic,{}", 1 << i);
    p.threads = 2;
    p.pin = "compact";
    p.size = 4096;
    p.verified = true;
    const double center = (i == 11 ? scale_of_last : 1.0) * (1 + i);
    for (int r = 0; r < 10; ++r) p.seconds.push_back(center * noise(generator));
    results.points.push_back(p);
  }
  return results;
}

TEST(Compare, SameConfigurationTwiceShowsNoDifference) {
  const RunComparison c = compare_runs(run(1.0, 1), run(1.0, 2));
  ASSERT_EQ(c.points.size(), 12u);
  for (const PointDifference& d : c.points) {
    EXPECT_FALSE(d.differs) << d.series << " p " << d.p_value;
    EXPECT_NEAR(d.ratio.estimate, 1.0, 0.05);
  }
  EXPECT_NE(comparison_summary(c).find("0 of 12 matched points differ"), std::string::npos)
      << comparison_summary(c);
}

TEST(Compare, ARealShiftIsFoundAndUnmatchedPointsAreCounted) {
  Results a = run(1.0, 1), b = run(1.3, 2);
  b.points[0].variant = "static";  // only in B (and its A twin only in A)
  b.points[1].verified = false;    // matched but unusable
  const RunComparison c = compare_runs(a, b);
  EXPECT_EQ(c.only_in_a, 1);
  EXPECT_EQ(c.only_in_b, 1);
  EXPECT_EQ(c.unusable, 1);
  ASSERT_EQ(c.points.size(), 10u);
  int differing = 0;
  for (const PointDifference& d : c.points) differing += d.differs;
  EXPECT_EQ(differing, 1);
  EXPECT_TRUE(c.points.back().differs);
  EXPECT_NEAR(c.points.back().ratio.estimate, 1.3, 0.05);
  EXPECT_EQ(comparison_table(c).rows.size(), 10u);
}

TEST(Compare, ASignificantShiftInsideTheMarginIsNotADifference) {
  const RunComparison c = compare_runs(run(1.01, 1), run(1.0, 2), 0.02);
  ASSERT_EQ(c.points.size(), 12u);
  EXPECT_FALSE(c.points.back().differs);
  const RunComparison strict = compare_runs(run(1.0, 1), run(1.3, 2), 0.5);
  EXPECT_TRUE(strict.points.back().significant);
  EXPECT_FALSE(strict.points.back().differs);
}

}  // namespace
}  // namespace sb
