// Properties of the measured benchmark_support (docs/scoring.md).
#include "harness/claims/claims.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace sb {
namespace {

// A series with serial fraction 0.2 measured at `threads`, in 4 processes of 5 repetitions of
// relative spread `noise` each, on a machine of 8 cores.
Results measured(const std::vector<int>& threads, double noise) {
  Results results;
  std::mt19937_64 generator(11);
  std::normal_distribution<double> jitter(0.0, noise);
  for (int p : threads) {
    Point point;
    point.kernel = "map";
    point.backend = "omp";
    point.variant = "static";
    point.threads = p;
    point.pin = "compact";
    point.size = 1;
    point.verified = true;
    point.placement_ok = true;
    for (int k = 0; k < 4; ++k) {
      point.process = point.round = k;
      point.seconds.clear();
      for (int r = 0; r < 5; ++r) {
        point.seconds.push_back((0.2 + 0.8 / p) * (1 + jitter(generator)));
      }
      results.points.push_back(point);
    }
  }
  return results;
}

ClaimAssessment assess(const Results& results, ClaimEvidence claim, int cores = 8) {
  const Analysis analysis = analyse(results);
  return assess_claim(claim, analysis, cores);
}

const ClaimEvidence kModestClaim{"map/omp/static", 8, 3.0, std::nullopt};  // Amdahl allows 3.33

TEST(Claims, NoisierDataLowersSupport) {
  const auto quiet = assess(measured({1, 2, 4, 8}, 0.01), kModestClaim);
  const auto noisy = assess(measured({1, 2, 4, 8}, 0.08), kModestClaim);
  EXPECT_LT(noisy.benchmark_support, quiet.benchmark_support);
  EXPECT_LT(noisy.measurement_quality, quiet.measurement_quality);
}

TEST(Claims, FewerThreadCountsLowerSupport) {
  const auto full = assess(measured({1, 2, 4, 8}, 0.01), kModestClaim);
  const auto sparse = assess(measured({1, 8}, 0.01), kModestClaim);
  EXPECT_LT(sparse.benchmark_support, full.benchmark_support);
  EXPECT_DOUBLE_EQ(full.coverage, 1.0);
  EXPECT_DOUBLE_EQ(sparse.coverage, 0.5);
}

TEST(Claims, ClaimBeyondTheFittedBoundLowersSupport) {
  const Results results = measured({1, 2, 4, 8}, 0.01);
  const auto modest = assess(results, kModestClaim);
  const auto bold = assess(results, {"map/omp/static", 8, 7.5, std::nullopt});
  EXPECT_LT(bold.model_consistency, modest.model_consistency);
  EXPECT_LT(bold.benchmark_support, modest.benchmark_support);
}

TEST(Claims, Verdicts) {
  const Results results = measured({1, 2, 4, 8}, 0.01);
  EXPECT_EQ(assess(results, kModestClaim).verdict, "supported");
  EXPECT_EQ(assess(results, {"map/omp/static", 8, 7.5, std::nullopt}).verdict, "not supported");
  EXPECT_EQ(assess(results, {"map/omp/static", 8, std::nullopt, 0.5}).verdict, "not supported");
  // 16 threads on an 8-core machine: not testable, and the coverage says how little was seen.
  const auto beyond = assess(results, {"map/omp/static", 16, 4.0, std::nullopt});
  EXPECT_EQ(beyond.verdict, "not testable here");
  EXPECT_DOUBLE_EQ(beyond.coverage, 4.0 / 5.0);
  EXPECT_EQ(assess(results, {"nosuch/omp/static", 2, 1.5, std::nullopt}).verdict,
            "not testable here");
  // A claim inside the speedup's interval: cannot tell, never "not supported".
  const auto straddled = assess(results, {"map/omp/static", 8, 3.33, std::nullopt});
  EXPECT_EQ(straddled.verdict, "not testable here");
  EXPECT_NE(straddled.detail.find("cannot tell at this sample size"), std::string::npos);
  // One process a point: the interval says nothing of a rerun.
  Results single;
  for (const Point& p : results.points) {
    if (p.process == 0) single.points.push_back(p);
  }
  const auto one = assess(single, kModestClaim);
  EXPECT_EQ(one.verdict, "not testable here");
  EXPECT_NE(one.detail.find("one process a point"), std::string::npos);
}

}  // namespace
}  // namespace sb
