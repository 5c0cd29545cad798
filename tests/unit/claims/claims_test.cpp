// Properties of the measured benchmark_support (docs/scoring.md).
#include "harness/claims/claims.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

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

nlohmann::json netcal_interval(double estimate) {
  return {{"estimate", estimate},
          {"low", estimate * 0.95},
          {"high", estimate * 1.05},
          {"confidence", 0.95}};
}

// A halo series at 1 and 2 ranks of 1 thread, 4 processes a point, each recording its phases'
// slowest rank a run, as results.json reads back; with netcal's fit in the manifest (1 us + 1
// ns/byte up to 2 KiB, 5 us + 0.2 ns/byte above, a 1 us barrier, a 2 us allreduce) on request.
Results distributed(bool with_netcal) {
  Results results;
  results.workloads["halo"].distributed = true;
  results.workloads["halo"].communication = "halo_rows";
  if (with_netcal) {
    const nlohmann::json fit = {{"fitted", true},
                                {"launches_used", 5},
                                {"ranks", 2},
                                {"segments",
                                 {{{"from_bytes", 1},
                                   {"to_bytes", 2048},
                                   {"alpha_s", netcal_interval(1e-6)},
                                   {"beta_s_per_byte", netcal_interval(1e-9)}},
                                  {{"from_bytes", 4096},
                                   {"to_bytes", 4 << 20},
                                   {"alpha_s", netcal_interval(5e-6)},
                                   {"beta_s_per_byte", netcal_interval(0.2e-9)}}}},
                                {"barrier_s", netcal_interval(1e-6)},
                                {"allreduce_s", netcal_interval(2e-6)}};
    results.manifest["sweep"]["netcal"] = {{"source", "x"}, {"fit", fit}};
  }
  const double offsets[4] = {1.0, 1.03, 0.98, 1.01};
  for (int ranks : {1, 2}) {
    for (int k = 0; k < 4; ++k) {
      Point p;
      p.kernel = "halo";
      p.backend = kMpiBackend;
      p.variant = "omp";
      p.ranks = p.threads = ranks;
      p.pin = "compact";
      p.size = 1 << 20;
      p.params = {{"columns", 1024}};
      const double seconds = (ranks == 1 ? 2e-3 : 1.02e-3) * offsets[k];
      p.seconds = {seconds, seconds * 1.01, seconds * 0.99};
      p.iterations = {10, 10, 10};
      p.verified = true;
      p.placement_ok = true;
      p.process = p.round = k;
      p.measures = {{"compute_s_max", seconds * 0.9},
                    {"comm_s_max", 9e-6},
                    {"sync_s_max", 2e-6},
                    {"load_balance", 0.97}};
      results.points.push_back(nlohmann::json(p).get<Point>());
    }
  }
  return results;
}

TEST(Claims, ADistributedClaimCitesItsCommunicationShareAndTheModelsTerms) {
  const Results results = distributed(true);
  const Analysis analysis = analyse(results);
  const std::vector<CommModel> models = predict_communication(results);
  // 8 ranks on a 2-core machine measured at 1 and 2: not testable, the prediction shown.
  const ClaimAssessment beyond =
      assess_claim({"halo/mpi/omp", 8, 6.0, std::nullopt}, analysis, 2, models);
  EXPECT_EQ(beyond.verdict, "not testable here");
  // At the largest measured count, 2 ranks: (comm + sync) / (compute + comm + sync), medians over
  // the processes (compute: 0.9 x 1.02 ms x the middle two offsets' mean).
  const double compute = 0.9 * 1.02e-3 * 1.005;
  ASSERT_TRUE(beyond.communication_share.has_value());
  EXPECT_NEAR(*beyond.communication_share, 11e-6 / (compute + 11e-6), 1e-9);
  EXPECT_NE(beyond.detail.find("at 2 ranks communication and synchronisation took 1.2% of a run "
                               "(comm 1.0%, sync 0.2%; each phase's slowest rank), load balance "
                               "0.970"),
            std::string::npos)
      << beyond.detail;
  // The model at 8 ranks, marked a prediction, each term's share of its estimate.
  const auto eight = std::find_if(models.at(0).predictions.begin(), models.at(0).predictions.end(),
                                  [](const RankPrediction& p) { return p.ranks == 8; });
  ASSERT_NE(eight, models.at(0).predictions.end());
  std::vector<std::string> shares;
  for (const ModelTerm& t : eight->terms) {
    shares.push_back(fmt::format("{} {:.1f}%", t.name,
                                 100 * (t.predicted_s.estimate / eight->predicted_s.estimate)));
  }
  const std::string terms = fmt::format("{}", fmt::join(shares, ", "));
  EXPECT_NE(beyond.detail.find("the communication-aware model predicts "), std::string::npos);
  EXPECT_NE(beyond.detail.find("a run at 8 ranks (a prediction, beyond the measured 2): " + terms),
            std::string::npos)
      << beyond.detail;
  EXPECT_EQ(beyond.model_terms.rfind("8 ranks, predicted ", 0), 0u) << beyond.model_terms;
  EXPECT_NE(beyond.model_terms.find(terms), std::string::npos) << beyond.model_terms;

  // At a measured rank count the model stands beside the measurement.
  const ClaimAssessment two =
      assess_claim({"halo/mpi/omp", 2, 1.5, std::nullopt}, analysis, 2, models);
  EXPECT_NE(two.detail.find("at 2 ranks communication and synchronisation took 1.2%"),
            std::string::npos);
  EXPECT_NE(two.detail.find("a run at 2 ranks (measured "), std::string::npos) << two.detail;
  EXPECT_EQ(two.model_terms.rfind("2 ranks, modelled ", 0), 0u) << two.model_terms;

  // Without netcal's fit the share is still measured, and the detail says why no model.
  const Results uncalibrated = distributed(false);
  const ClaimAssessment refused =
      assess_claim({"halo/mpi/omp", 8, 6.0, std::nullopt}, analyse(uncalibrated), 2,
                   predict_communication(uncalibrated));
  EXPECT_TRUE(refused.communication_share.has_value());
  EXPECT_NE(refused.detail.find("no communication-aware model: no network calibration"),
            std::string::npos)
      << refused.detail;
  EXPECT_TRUE(refused.model_terms.empty());

  // A thread sweep has neither.
  const auto threads = assess(measured({1, 2, 4, 8}, 0.01), kModestClaim);
  EXPECT_FALSE(threads.communication_share.has_value());
  EXPECT_TRUE(threads.model_terms.empty());
  EXPECT_EQ(threads.detail.find("communication"), std::string::npos);
}

}  // namespace
}  // namespace sb
