// Two-level estimates against known answers, and their coverage simulated: sweeps drawn with a
// known process offset (three times the repetition noise) must put the true median, speedup and
// paired ratio inside their 95% intervals 95% +- 2% of the time, with a fixed number of processes
// and with the precision rule stopping; a design that pools repetitions and ignores the process
// (the one scalebench had) must fail the same test.
#include "harness/core/two_level.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

namespace sb {
namespace {

constexpr double kRepetitionSd = 0.01;
constexpr double kProcessSd = 3 * kRepetitionSd;
constexpr int kRepetitions = 5;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr int kSweeps = 1000;
#else
constexpr int kSweeps = 4000;
#endif

// One process's repetitions of a point whose true time is `center`: a shared offset, then noise.
class Simulator {
 public:
  explicit Simulator(std::uint64_t seed) : generator_(seed) {}
  double offset() { return std::exp(process_(generator_)); }
  std::vector<double> repetitions(double center, double offset) {
    std::vector<double> out;
    for (int r = 0; r < kRepetitions; ++r) out.push_back(center * offset * noise());
    return out;
  }
  ProcessSamples point(double center, int processes) {
    ProcessSamples samples;
    for (int k = 0; k < processes; ++k) samples[k] = repetitions(center, offset());
    return samples;
  }

 private:
  double noise() { return std::exp(repetition_(generator_)); }
  std::mt19937_64 generator_;
  std::normal_distribution<double> process_{0, kProcessSd};
  std::normal_distribution<double> repetition_{0, kRepetitionSd};
};

bool covers(const Interval& i, double truth) { return i.low <= truth && truth <= i.high; }

std::vector<double> pooled(const ProcessSamples& samples) {
  std::vector<double> out;
  for (const auto& [process, seconds] : samples) out.insert(out.end(), seconds.begin(), seconds.end());
  return out;
}

struct Coverage {
  double median = 0, speedup = 0, paired = 0;
};

// T_1 = 1.0 and T_p = 0.6 in independent processes; variants A = 1.0 and B = 1.2 sharing theirs.
Coverage simulate(int processes, std::uint64_t seed) {
  Simulator sim(seed);
  int median = 0, speedup = 0, paired = 0;
  for (int s = 0; s < kSweeps; ++s) {
    const ProcessSamples one = sim.point(1.0, processes), p = sim.point(0.6, processes);
    ProcessSamples a, b;
    for (int k = 0; k < processes; ++k) {
      const double offset = sim.offset();
      a[k] = sim.repetitions(1.0, offset);
      b[k] = sim.repetitions(1.2, offset);
    }
    const LevelEstimate l1 = estimate_level(one), lp = estimate_level(p);
    median += covers(l1.interval, 1.0);
    speedup += covers(ratio_unpaired(l1, lp).at(0.95), 1.0 / 0.6);
    paired += covers(ratio_paired(b, a).at(0.95), 1.2);
  }
  return {static_cast<double>(median) / kSweeps, static_cast<double>(speedup) / kSweeps,
          static_cast<double>(paired) / kSweeps};
}

TEST(TwoLevel, EstimateIsTheGeometricMeanOfProcessMediansWithBothComponents) {
  const LevelEstimate e = estimate_level({{0, {1.0, 1.01, 0.99}}, {1, {2.0, 2.02, 1.98}}});
  EXPECT_NEAR(e.interval.estimate, std::sqrt(2.0), 1e-12);
  EXPECT_EQ(e.processes, 2);
  EXPECT_EQ(e.samples, 6);
  EXPECT_EQ(e.dof, 1);
  EXPECT_TRUE(e.process_level);
  ASSERT_TRUE(e.within_cv && e.between_cv);
  EXPECT_NEAR(*e.within_cv, 0.01, 0.001);
  EXPECT_GT(*e.between_cv, 0.4);  // the processes differ by 2x
  EXPECT_LT(e.interval.low, 1.0);
  EXPECT_GT(e.interval.high, 2.0);
}

TEST(TwoLevel, OneProcessIsFlaggedAndItsIntervalCoversRepetitionsOnly) {
  const LevelEstimate e = estimate_level({{0, {1.0, 1.01, 0.99, 1.0}}});
  EXPECT_FALSE(e.process_level);
  EXPECT_FALSE(e.between_cv);
  EXPECT_NEAR(e.interval.estimate, 1.0, 1e-12);
  EXPECT_LT(e.interval.high / e.interval.low, 1.05);
  EXPECT_FALSE(within_precision(e, 0.5)) << "a single process never reaches a precision target";
}

TEST(TwoLevel, PairingCancelsTheProcessOffset) {
  // B is A x 1.2 in every process; the processes differ by 30%.
  const ProcessSamples a{{0, {1.0, 1.001}}, {1, {1.3, 1.301}}, {2, {0.7, 0.701}}};
  ProcessSamples b;
  for (const auto& [k, seconds] : a) {
    for (double s : seconds) b[k].push_back(1.2 * s);
  }
  const RatioEstimate paired = ratio_paired(b, a);
  EXPECT_TRUE(paired.paired);
  EXPECT_NEAR(paired.estimate(), 1.2, 1e-9);
  const Interval i = paired.at(0.95);
  EXPECT_LT(i.high / i.low, 1.001);
  const Interval unpaired = ratio_unpaired(estimate_level(b), estimate_level(a)).at(0.95);
  EXPECT_GT(unpaired.high / unpaired.low, 1.5);
}

TEST(TwoLevel, CoverageHoldsWithAFixedNumberOfProcesses) {
  for (int processes : {3, 5, 10}) {
    const Coverage c = simulate(processes, 100 + processes);
    std::fprintf(stderr, "%d processes: coverage median %.4f, speedup %.4f, paired %.4f\n",
                 processes, c.median, c.speedup, c.paired);
    EXPECT_NEAR(c.median, 0.95, 0.02) << processes << " processes";
    EXPECT_NEAR(c.speedup, 0.95, 0.02) << processes << " processes";
    EXPECT_NEAR(c.paired, 0.95, 0.02) << processes << " processes";
  }
}

TEST(TwoLevel, PoolingRepetitionsAndIgnoringTheProcessFailsTheSameTest) {
  // scalebench's old design: one interval from every repetition as if independent (order
  // statistics for the median, a bootstrap of pooled repetitions for the speedup).
  Simulator sim(7);
  int median = 0, speedup = 0;
  for (int s = 0; s < kSweeps / 4; ++s) {
    const ProcessSamples one = sim.point(1.0, 5), p = sim.point(0.6, 5);
    median += covers(median_interval(pooled(one)), 1.0);
    speedup += covers(ratio_of_medians_interval(pooled(one), pooled(p), 0.95, 400, s), 1.0 / 0.6);
  }
  std::fprintf(stderr, "pooled repetitions: coverage median %.4f, speedup %.4f\n",
               static_cast<double>(median) / (kSweeps / 4),
               static_cast<double>(speedup) / (kSweeps / 4));
  EXPECT_LT(static_cast<double>(median) / (kSweeps / 4), 0.80);
  EXPECT_LT(static_cast<double>(speedup) / (kSweeps / 4), 0.80);
}

// The precision rule on each group of a sweep: processes are added one at a time from the rule's
// minimum (4) until every point of the group has its 95% interval within 2%, or there are 40.
// Groups: T_1 alone, T_p alone, and A with B in the same processes. Returns the coverage of the
// final intervals, made with the first stage's spread (first_stage 4) or the running one (0).
Coverage coverage_when_stopping(int first_stage, std::uint64_t seed) {
  Simulator sim(seed);
  int median = 0, speedup = 0, paired = 0, stopped_early = 0;
  const auto stop = [&](std::vector<ProcessSamples*> group, std::vector<double> centers) {
    for (int k = 0;; ++k) {
      if (k >= 4) {
        bool reached = true;
        for (ProcessSamples* samples : group) {
          reached = reached && within_precision(estimate_level(*samples, 0.95, first_stage), 0.02);
        }
        if (reached || k == 40) return k < 40;
      }
      const double offset = sim.offset();  // the group's process: one offset for its points
      for (std::size_t i = 0; i < group.size(); ++i) {
        (*group[i])[k] = sim.repetitions(centers[i], offset);
      }
    }
  };
  for (int s = 0; s < kSweeps; ++s) {
    ProcessSamples one, p, a, b;
    stopped_early += stop({&one}, {1.0});
    stop({&p}, {0.6});
    stop({&a, &b}, {1.0, 1.2});
    const LevelEstimate l1 = estimate_level(one, 0.95, first_stage);
    median += covers(l1.interval, 1.0);
    speedup += covers(ratio_unpaired(l1, estimate_level(p, 0.95, first_stage)).at(0.95), 1 / 0.6);
    paired += covers(ratio_paired(b, a, first_stage).at(0.95), 1.2);
  }
  EXPECT_GT(stopped_early, kSweeps / 2) << "the rule must actually stop in this simulation";
  return {static_cast<double>(median) / kSweeps, static_cast<double>(speedup) / kSweeps,
          static_cast<double>(paired) / kSweeps};
}

TEST(TwoLevel, CoverageHoldsWhenThePrecisionRuleStops) {
  // Stein's two-stage procedure: the first 4 processes set the spread, every process the mean.
  const Coverage c = coverage_when_stopping(4, 11);
  std::fprintf(stderr, "precision rule: coverage median %.4f, speedup %.4f, paired %.4f\n",
               c.median, c.speedup, c.paired);
  EXPECT_NEAR(c.median, 0.95, 0.02);
  EXPECT_NEAR(c.speedup, 0.95, 0.02);
  EXPECT_NEAR(c.paired, 0.95, 0.02);
}

TEST(TwoLevel, StoppingOnTheRunningSpreadWouldUndercover) {
  // Without the correction the rule stops when the spread happens to be small, and the median's
  // intervals fall short of 95% - 2%: the reason for the first stage.
  const double median = coverage_when_stopping(0, 11).median;
  std::fprintf(stderr, "precision rule on the running spread: coverage median %.4f\n", median);
  EXPECT_LT(median, 0.93);
}

}  // namespace
}  // namespace sb
