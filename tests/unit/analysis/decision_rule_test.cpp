// The one decision rule against known answers: a real difference needs the family interval beyond
// the margin, equivalence needs it inside, anything else (or a flagged side, or one process a
// side) cannot tell; the p-value stands beside it with the floor its test cannot go below.
#include "harness/analysis/decision_rule.hpp"

#include <gtest/gtest.h>

#include "harness/analysis/significance.hpp"
#include "tests/support/process_samples.hpp"

namespace sb {
namespace {

// `processes` processes of a point centred on `center`; the same offsets for the same `stream`.
ProcessSamples samples(double center, int processes, std::uint64_t stream, double process_sd,
                       std::uint64_t seed) {
  Point p;
  ProcessSamples out;
  for (const Point& q :
       test::in_processes(p, center, stream, seed, {processes, 5, process_sd, 0.002})) {
    out[q.process] = q.seconds;
  }
  return out;
}

TEST(DecisionRule, AFarShiftIsRealAndTheFamilyWidensItsInterval) {
  const ProcessSamples a = samples(1.0, 6, 1, 0.01, 1), b = samples(1.3, 6, 2, 0.01, 2);
  const Decision one = decide({&b}, {&a}, false, 1);
  EXPECT_EQ(one.finding, Finding::real_difference) << one.sentence();
  EXPECT_NEAR(one.interval.confidence, 0.95, 1e-12);
  const Decision ten = decide({&b}, {&a}, false, 10);
  EXPECT_NEAR(ten.interval.confidence, 0.995, 1e-12);
  EXPECT_LT(ten.interval.low, one.interval.low);
  EXPECT_GT(ten.interval.high, one.interval.high);
  EXPECT_NE(one.sentence().find("slower: a real difference"), std::string::npos);
}

TEST(DecisionRule, AFlaggedSideOrASingleProcessCannotTell) {
  const ProcessSamples a = samples(1.0, 6, 1, 0.01, 1), b = samples(1.3, 6, 2, 0.01, 2);
  const Decision flagged = decide({&b, {"contended"}}, {&a}, false, 1);
  EXPECT_EQ(flagged.finding, Finding::cannot_tell);
  EXPECT_NE(flagged.reason.find("contended"), std::string::npos);
  const ProcessSamples a1 = samples(1.0, 1, 1, 0.01, 1), b1 = samples(1.3, 1, 2, 0.01, 2);
  const Decision single = decide({&b1}, {&a1}, false, 1);
  EXPECT_EQ(single.finding, Finding::cannot_tell);
  EXPECT_NE(single.reason.find("one process a side"), std::string::npos);
}

TEST(DecisionRule, PairedEqualsAreWithinTheMarginWhereUnpairedCannotTell) {
  // One runtime's two schedules, equal, in the same 6 processes whose offsets spread by 5%.
  const ProcessSamples a = samples(1.0, 6, 9, 0.05, 1), b = samples(1.0, 6, 9, 0.05, 2);
  const Decision paired = decide({&b}, {&a}, true, 1);
  EXPECT_TRUE(paired.ratio.paired);
  EXPECT_EQ(paired.finding, Finding::within_margin) << paired.sentence();
  const Decision unpaired = decide({&b}, {&a}, false, 1);
  EXPECT_EQ(unpaired.finding, Finding::cannot_tell) << unpaired.sentence();
  EXPECT_NE(unpaired.sentence().find("cannot tell at this sample size"), std::string::npos);
}

TEST(DecisionRule, ThePValueFloorIsStatedWhenTheTestCannotReachSignificance) {
  const ProcessSamples a = samples(1.0, 3, 1, 0.01, 1), b = samples(2.0, 3, 2, 0.01, 2);
  const Decision d = decide({&b}, {&a}, false, 1);
  EXPECT_NEAR(d.smallest_p, 0.1, 1e-12);  // 3 against 3: 2 / C(6, 3)
  EXPECT_NE(d.sentence().find("cannot go below 0.1"), std::string::npos) << d.sentence();
  EXPECT_DOUBLE_EQ(smallest_p_signed_rank(3), 0.25);
  EXPECT_DOUBLE_EQ(smallest_p_signed_rank(6), 2.0 / 64);
}

TEST(DecisionRule, SignedRankTestMatchesKnownAnswers) {
  // All 5 differences positive: p = 2 / 2^5 (R: wilcox.test(c(1,2,3,4,5)) gives 0.0625).
  RankTest t = wilcoxon_signed_rank({1, 2, 3, 4, 5});
  EXPECT_TRUE(t.exact);
  EXPECT_NEAR(t.p_value, 0.0625, 1e-12);
  // W+ = 10 of 15 for (1, 2, 3, 4, -5): P(W <= 5) = 10/32, doubled (R: V = 10, p = 0.625).
  t = wilcoxon_signed_rank({1, 2, 3, 4, -5});
  EXPECT_EQ(t.u, 10);
  EXPECT_NEAR(t.p_value, 0.625, 1e-12);
  EXPECT_EQ(wilcoxon_signed_rank({0, 0}).p_value, 1);
}

TEST(DecisionRule, AFamilysPValuesAreHolmAdjusted) {
  Decision x, y;
  x.p_value = 0.01;
  y.p_value = 0.04;
  adjust_family({&x, &y});
  EXPECT_NEAR(x.p_value, 0.02, 1e-12);
  EXPECT_NEAR(y.p_value, 0.04, 1e-12);
}

}  // namespace
}  // namespace sb
