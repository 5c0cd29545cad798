#include "harness/analysis/hockney.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace sb {
namespace {

struct Truth {
  double alpha_s = 1e-6, beta_s_per_byte = 1e-10;         // below the switch: 10 GB/s
  double upper_alpha_s = 20e-6, upper_beta = 0.5e-10;     // above it: 20 GB/s
  std::size_t switch_bytes = 0;                           // 0: one line
  double launch_spread = 0.03, repetition_spread = 0.02;  // lognormal sigmas
};

double true_time(const Truth& t, std::size_t bytes) {
  const double n = static_cast<double>(bytes);
  if (t.switch_bytes != 0 && bytes >= t.switch_bytes) return t.upper_alpha_s + t.upper_beta * n;
  return t.alpha_s + t.beta_s_per_byte * n;
}

// Launches whose every repetition shares the launch's offset, as fresh processes do.
NetcalResults simulate(const Truth& truth, int launches, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> normal;
  NetcalResults results;
  results.ranks = 2;
  results.repetitions = 5;
  for (int l = 0; l < launches; ++l) {
    NetcalLaunch launch;
    launch.launch = l;
    launch.ranks = 2;
    const double offset = std::exp(truth.launch_spread * normal(random));
    for (std::size_t bytes = 1; bytes <= (1u << 22); bytes *= 2) {
      PingPongSamples size{bytes, 10, {}, true};
      for (int r = 0; r < results.repetitions; ++r) {
        size.one_way_s.push_back(true_time(truth, bytes) * offset *
                                 std::exp(truth.repetition_spread * normal(random)));
      }
      launch.pingpong.push_back(size);
    }
    launch.barrier = {100, {2e-6, 2.1e-6, 1.9e-6}, true};
    launch.allreduce = {100, {3e-6, 3.1e-6, 2.9e-6}, true};
    results.launches.push_back(launch);
  }
  return results;
}

bool contains(const Interval& interval, double value) {
  return interval.low <= value && value <= interval.high;
}

TEST(Hockney, OneLineIsRecoveredWithoutASwitch) {
  const HockneyFit fit = fit_hockney(simulate(Truth{}, 5, 1));
  ASSERT_TRUE(fit.fitted) << fit.refusal;
  EXPECT_FALSE(fit.switch_bytes.has_value());
  ASSERT_EQ(fit.segments.size(), 1u);
  EXPECT_NEAR(fit.segments[0].alpha_s.estimate, 1e-6, 0.1e-6);
  EXPECT_NEAR(fit.segments[0].bandwidth_bytes_per_s.estimate, 1e10, 0.1e10);
  EXPECT_LT(fit.segments[0].alpha_s.low, fit.segments[0].alpha_s.high);
  EXPECT_EQ(fit.sizes.size(), 23u);
  EXPECT_NEAR(hockney_time_s(fit, 1 << 20), true_time(Truth{}, 1 << 20), 0.1 * 1e-4);
}

TEST(Hockney, AProtocolSwitchIsFoundAndEachSideFittedOnItsOwn) {
  Truth truth;
  truth.switch_bytes = 65536;
  const HockneyFit fit = fit_hockney(simulate(truth, 5, 2));
  ASSERT_TRUE(fit.fitted);
  ASSERT_TRUE(fit.switch_bytes.has_value());
  EXPECT_EQ(*fit.switch_bytes, 65536u);
  ASSERT_EQ(fit.segments.size(), 2u);
  EXPECT_EQ(fit.segments[0].to_bytes, 32768u);
  EXPECT_EQ(fit.segments[1].from_bytes, 65536u);
  EXPECT_NEAR(fit.segments[0].alpha_s.estimate, 1e-6, 0.1e-6);
  EXPECT_NEAR(fit.segments[1].bandwidth_bytes_per_s.estimate, 2e10, 0.2e10);
}

// The interval counts launches: over many simulated reruns, the 95% interval of alpha holds the
// true alpha about 95% of the time though every launch is offset as a whole.
TEST(Hockney, AlphasIntervalCoversTheTruthAsOftenAsItClaims) {
  int covered = 0;
  constexpr int kReruns = 400;
  for (int seed = 0; seed < kReruns; ++seed) {
    const HockneyFit fit = fit_hockney(simulate(Truth{}, 4, 100 + seed));
    covered += contains(fit.segments.at(0).alpha_s, 1e-6);
  }
  EXPECT_GE(covered, kReruns * 0.91);
  EXPECT_LE(covered, kReruns * 0.99);
}

TEST(Hockney, FailedAndUnverifiedLaunchesStayOut) {
  NetcalResults results = simulate(Truth{}, 4, 3);
  results.launches[1].error = "killed by signal 9";
  results.launches[2].pingpong[5].verified = false;
  const HockneyFit fit = fit_hockney(results);
  EXPECT_TRUE(fit.fitted);
  EXPECT_EQ(fit.launches_used, 2);
  EXPECT_EQ(fit.excluded_launches, (std::vector<int>{1, 2}));
  EXPECT_EQ(fit.barrier_s.processes, 2);
}

TEST(Hockney, NothingVerifiedOrTooFewSizesRefuses) {
  NetcalResults results = simulate(Truth{}, 2, 4);
  for (NetcalLaunch& launch : results.launches) launch.allreduce.verified = false;
  EXPECT_FALSE(fit_hockney(results).fitted);
  results = simulate(Truth{}, 2, 4);
  for (NetcalLaunch& launch : results.launches) launch.pingpong.resize(2);
  const HockneyFit fit = fit_hockney(results);
  EXPECT_FALSE(fit.fitted);
  EXPECT_NE(fit.refusal.find("3 message sizes"), std::string::npos);
}

}  // namespace
}  // namespace sb
