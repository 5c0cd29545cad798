// Two runs compared point by point by the one decision rule: the same configuration twice is
// never a real difference, a large shift is, a small one inside the margin is not, a single
// process a side cannot tell, and unmatched or unusable points are counted rather than compared.
#include "harness/analysis/compare.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/support/process_samples.hpp"

namespace sb {
namespace {

// Twelve points of one run, three processes each (2% offsets, 2% repetition noise); the last
// point scaled by `scale_of_last`.
Results run(double scale_of_last, std::uint64_t seed, int processes = 3) {
  Results results;
  const test::TwoLevelNoise noise{processes, 10, 0.02, 0.02};
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
    for (const Point& q : test::in_processes(p, center, seed * 7919 + i, seed * 31 + i, noise)) {
      results.points.push_back(q);
    }
  }
  return results;
}

TEST(Compare, SameConfigurationTwiceShowsNoDifference) {
  const RunComparison c = compare_runs(run(1.0, 1), run(1.0, 2));
  ASSERT_EQ(c.points.size(), 12u);
  for (const PointDifference& d : c.points) {
    EXPECT_FALSE(d.differs()) << d.series << ": " << d.decision.sentence();
    EXPECT_NEAR(d.decision.interval.estimate, 1.0, 0.06);
    EXPECT_EQ(d.processes_a, 3);
    EXPECT_FALSE(d.decision.ratio.paired);  // two runs are independent processes
    EXPECT_EQ(d.decision.family_size, 12);
  }
  EXPECT_EQ(really_slower(c), 0);
  EXPECT_NE(comparison_summary(c).find("0 of 12 matched points differ"), std::string::npos)
      << comparison_summary(c);
}

TEST(Compare, ARealShiftIsFoundAndUnmatchedPointsAreCounted) {
  Results a = run(1.0, 1), b = run(1.3, 2);
  for (Point& p : b.points) {
    if (p.variant == "dynamic,1") p.variant = "static";  // only in B (and its A twin only in A)
    if (p.variant == "dynamic,2" && p.process == 1) p.verified = false;  // matched but unusable
  }
  const RunComparison c = compare_runs(a, b);
  EXPECT_EQ(c.only_in_a, 1);
  EXPECT_EQ(c.only_in_b, 1);
  EXPECT_EQ(c.unusable, 1);
  ASSERT_EQ(c.points.size(), 10u);
  int differing = 0;
  for (const PointDifference& d : c.points) differing += d.differs();
  EXPECT_EQ(differing, 1);
  EXPECT_TRUE(c.points.back().slower()) << c.points.back().decision.sentence();
  EXPECT_NEAR(c.points.back().decision.interval.estimate, 1.3, 0.06);
  EXPECT_EQ(really_slower(c), 1);
  EXPECT_EQ(comparison_table(c).rows.size(), 10u);
}

TEST(Compare, AShiftInsideTheMarginIsNotADifference) {
  const RunComparison c = compare_runs(run(1.01, 1), run(1.0, 2), 0.02);
  ASSERT_EQ(c.points.size(), 12u);
  EXPECT_FALSE(c.points.back().differs());
  const RunComparison wide = compare_runs(run(1.0, 1), run(1.3, 2), 0.5);
  EXPECT_FALSE(wide.points.back().differs()) << wide.points.back().decision.sentence();
}

TEST(Compare, OneProcessASideCannotTell) {
  const RunComparison c = compare_runs(run(1.0, 1, 1), run(2.0, 2, 1));
  const Decision& d = c.points.back().decision;
  EXPECT_FALSE(d.ratio.process_level);
  EXPECT_EQ(d.finding, Finding::cannot_tell);
  EXPECT_NE(d.sentence().find("cannot tell at this sample size"), std::string::npos);
  EXPECT_NE(d.reason.find("one process a side"), std::string::npos);
  // A rank test on one summary a side can never reach significance, and says so.
  EXPECT_DOUBLE_EQ(d.smallest_p, 1.0);
  EXPECT_NE(d.sentence().find("cannot go below"), std::string::npos);
}

TEST(Compare, AMeasureIsComparedAcrossParametersProcessByProcess) {
  // A uniform shuffle (load balance near 1) against a skewed one (0.88): per-process values of
  // the measure, matched though their skew parameter differs.
  const auto shuffle = [](double skew, std::vector<double> balance) {
    Results results;
    for (int k = 0; k < static_cast<int>(balance.size()); ++k) {
      Point p;
      p.kernel = "shuffle";
      p.backend = kMpiBackend;
      p.variant = "omp";
      p.ranks = p.threads = 2;
      p.pin = "compact";
      p.size = 4096;
      p.params = {{"skew", skew}};
      p.seconds = {1e-3, 1.01e-3};
      p.verified = true;
      p.process = k;
      p.measures["load_balance"] = balance[static_cast<std::size_t>(k)];
      results.points.push_back(p);
    }
    return results;
  };
  const Results uniform = shuffle(0, {0.975, 0.999, 0.998, 0.95, 0.97});
  const Results skewed = shuffle(4, {0.89, 0.87, 0.896, 0.869, 0.878});
  const RunComparison times = compare_runs(uniform, skewed);
  EXPECT_TRUE(times.points.empty());  // different parameters: not the same point's time
  const RunComparison c = compare_runs(uniform, skewed, kDefaultMargin, "load_balance");
  ASSERT_EQ(c.points.size(), 1u);
  EXPECT_EQ(c.measure, "load_balance");
  EXPECT_TRUE(c.points[0].differs()) << c.points[0].decision.sentence();
  EXPECT_LT(c.points[0].decision.interval.high, 1);
  EXPECT_NEAR(c.points[0].median_b_s, 0.88, 0.01);
  EXPECT_NE(comparison_summary(c).find("B lower at 1"), std::string::npos);
  // A measure neither run recorded leaves nothing to compare.
  EXPECT_TRUE(compare_runs(uniform, skewed, kDefaultMargin, "nosuch").points.empty());
}

}  // namespace
}  // namespace sb
