// Fits recover the parameters of synthetic data drawn from each model with 2% noise.
#include "harness/analysis/models.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace sb {
namespace {

const std::vector<int> kThreads = {1, 2, 4, 8, 16, 32, 64};

// 5 repetitions a thread count, multiplicative Gaussian noise of 2%, fixed seed.
template <typename Model>
std::vector<Sample> synthetic(Model model, std::uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::normal_distribution<double> noise(0.0, 0.02);
  std::vector<Sample> samples;
  for (int p : kThreads) {
    for (int r = 0; r < 5; ++r) samples.push_back({double(p), model(p) * (1.0 + noise(generator))});
  }
  return samples;
}

TEST(Models, AmdahlRecoversTheSerialFractionWithinOneHundredth) {
  for (double s : {0.02, 0.05, 0.1, 0.2, 0.35, 0.5}) {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      const auto samples = synthetic([&](double p) { return 2.0 * (s + (1 - s) / p); }, seed);
      const ModelFit fit = fit_amdahl(samples);
      ASSERT_TRUE(fit.fitted);
      const Parameter& fitted = *fit.find("serial_fraction");
      EXPECT_NEAR(fitted.value, s, 0.01) << "s=" << s << " seed=" << seed;
      EXPECT_LT(fitted.low, fitted.value);
      EXPECT_GT(fitted.high, fitted.value);
      EXPECT_NEAR(fit.find("speedup_limit")->value, 1 / fitted.value, 1e-9);
    }
  }
}

TEST(Models, UslRecoversSigmaAndKappaWithinTwentyPercent) {
  const double sigma = 0.05, kappa = 0.002;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto samples = synthetic(
        [&](double p) { return 1.5 * (1 + sigma * (p - 1) + kappa * p * (p - 1)) / p; }, seed);
    const ModelFit fit = fit_usl(samples);
    ASSERT_TRUE(fit.fitted);
    EXPECT_NEAR(fit.find("sigma")->value, sigma, 0.2 * sigma) << seed;
    EXPECT_NEAR(fit.find("kappa")->value, kappa, 0.2 * kappa) << seed;
    EXPECT_NEAR(fit.find("peak_threads")->value, std::sqrt((1 - sigma) / kappa), 4.0) << seed;
    EXPECT_EQ(preferred_model(fit_amdahl(samples), fit).rfind("usl (AIC lower by", 0), 0u) << seed;
  }
}

TEST(Models, TwoThreadCountsFixAmdahlButRefuseUsl) {
  std::vector<Sample> samples;
  for (int r = 0; r < 5; ++r) {
    samples.push_back({1, 1.0 + 0.001 * r});
    samples.push_back({2, 0.6 + 0.001 * r});
  }
  const ModelFit amdahl = fit_amdahl(samples);
  ASSERT_TRUE(amdahl.fitted);
  EXPECT_NEAR(amdahl.find("serial_fraction")->value, 0.2, 0.01);
  const ModelFit usl = fit_usl(samples);
  EXPECT_FALSE(usl.fitted);
  EXPECT_NE(usl.refusal.find("cannot separate sigma from kappa"), std::string::npos);
  EXPECT_EQ(preferred_model(amdahl, usl).rfind("amdahl", 0), 0u);
}

TEST(Models, SaturatedFitsHaveNoIntervalAndAicDoesNotChoose) {
  const std::vector<Sample> three = {{1, 1.0}, {2, 0.6}, {4, 0.45}};
  const ModelFit usl = fit_usl(three);
  ASSERT_TRUE(usl.fitted);
  EXPECT_TRUE(std::isnan(usl.find("sigma")->low));
  EXPECT_FALSE(usl.note.empty());
  EXPECT_EQ(preferred_model(fit_amdahl(three), usl).rfind("amdahl (the simpler", 0), 0u);
  // Exactly Amdahl: both fit to rounding, and rounding noise must not pick the USL.
  std::vector<Sample> exact;
  for (int p : kThreads) exact.push_back({double(p), 0.1 + 0.9 / p});
  EXPECT_EQ(preferred_model(fit_amdahl(exact), fit_usl(exact)).rfind("amdahl", 0), 0u);
}

TEST(Models, SpeedupLimitIntervalComesFromTheSerialFractionsEnds) {
  const auto samples = synthetic([](double p) { return 0.2 + 0.8 / p; }, 9);
  const ModelFit fit = fit_amdahl(samples);
  const Parameter& s = *fit.find("serial_fraction");
  const Parameter& limit = *fit.find("speedup_limit");
  EXPECT_DOUBLE_EQ(limit.low, 1 / s.high);
  EXPECT_DOUBLE_EQ(limit.high, 1 / s.low);
  EXPECT_GT(limit.low, 0);
}

TEST(Models, OneThreadCountRefusesEveryModel) {
  const std::vector<Sample> samples = {{2, 1.0}, {2, 1.1}};
  EXPECT_FALSE(fit_amdahl(samples).fitted);
  EXPECT_FALSE(fit_usl(samples).fitted);
  EXPECT_FALSE(fit_gustafson(samples, 1.0).fitted);
}

TEST(Models, GustafsonRecoversTheSerialFractionOfWeakScaling) {
  // Weak scaling: work grows with p, so T(p) = T1 p / (s + (1 - s) p).
  const double s = 0.1, t1 = 1.0;
  const auto samples = synthetic([&](double p) { return t1 * p / (s + (1 - s) * p); }, 3);
  const ModelFit fit = fit_gustafson(samples, t1);
  ASSERT_TRUE(fit.fitted);
  EXPECT_NEAR(fit.find("serial_fraction")->value, s, 0.01);
}

TEST(Models, SuperlinearDataIsFlaggedOutsideTheDomain) {
  const std::vector<Sample> samples = {{1, 1.0}, {1, 1.0}, {2, 0.4}, {2, 0.4}, {4, 0.2}, {4, 0.2}};
  const ModelFit fit = fit_amdahl(samples);
  ASSERT_TRUE(fit.fitted);
  EXPECT_LT(fit.find("serial_fraction")->value, 0);
  EXPECT_FALSE(fit.note.empty());
}

}  // namespace
}  // namespace sb
