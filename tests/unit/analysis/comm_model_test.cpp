#include "harness/analysis/comm_model.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace sb {
namespace {

nlohmann::json interval(double estimate, double relative_half_width) {
  return {{"estimate", estimate},
          {"low", estimate * (1 - relative_half_width)},
          {"high", estimate * (1 + relative_half_width)},
          {"confidence", 0.95}};
}

// netcal's fit as netcal-fit.json holds it: 1 us + 1 ns/byte up to 2 KiB, 5 us + 0.2 ns/byte
// above; a 1 us barrier and a 2 us allreduce at 2 ranks.
nlohmann::json netcal_fit() {
  return {{"fitted", true},
          {"launches_used", 5},
          {"ranks", 2},
          {"segments",
           {{{"from_bytes", 1},
             {"to_bytes", 2048},
             {"alpha_s", interval(1e-6, 0.05)},
             {"beta_s_per_byte", interval(1e-9, 0.05)}},
            {{"from_bytes", 4096},
             {"to_bytes", 4 << 20},
             {"alpha_s", interval(5e-6, 0.05)},
             {"beta_s_per_byte", interval(0.2e-9, 0.05)}}}},
          {"barrier_s", interval(1e-6, 0.05)},
          {"allreduce_s", interval(2e-6, 0.05)}};
}

Point halo_point(int ranks, int process, double seconds) {
  Point p;
  p.kernel = "halo";
  p.backend = kMpiBackend;
  p.variant = "omp";
  p.ranks = ranks;
  p.threads = ranks;
  p.pin = "compact";
  p.size = 1 << 20;
  p.params = {{"columns", 1024}};
  p.seconds = {seconds, seconds * 1.01, seconds * 0.99};
  p.iterations = {10, 10, 10};
  p.verified = true;
  p.placement_ok = true;
  p.process = process;
  p.measures = {{"compute_s_max", seconds * 0.9}, {"comm_s_max", 9e-6}, {"sync_s_max", 2e-6}};
  return p;
}

Results halo_results(bool with_netcal) {
  Results results;
  results.workloads["halo"].distributed = true;
  results.workloads["halo"].communication = "halo_rows";
  if (with_netcal) results.manifest["sweep"]["netcal"] = {{"source", "x"}, {"fit", netcal_fit()}};
  const double offsets[4] = {1.0, 1.03, 0.98, 1.01};
  for (int k = 0; k < 4; ++k) {
    results.points.push_back(halo_point(1, k, 2e-3 * offsets[k]));
    results.points.push_back(halo_point(2, k, 1.02e-3 * offsets[k]));
  }
  return results;
}

TEST(CommModel, PredictsEachTermFromTheOneRankTimeAndTheNetworkAlone) {
  const std::vector<CommModel> models = predict_communication(halo_results(true), 8);
  // (8 ranks: the largest asked, within 8 times the largest measured.)
  ASSERT_EQ(models.size(), 1u);
  const CommModel& model = models[0];
  ASSERT_TRUE(model.fitted) << model.refusal;
  EXPECT_EQ(model.communication, "halo_rows");
  ASSERT_EQ(model.predictions.size(), 4u);  // 1 and 2 measured, 4 and 8 predicted
  const RankPrediction& two = model.predictions[1];
  EXPECT_EQ(two.ranks, 2);
  EXPECT_FALSE(two.beyond_measured);
  // At 1 rank: T_1's work, split as its measured phases split it (compute, and the local work of
  // its communication calls); no messages, no barrier to wait at.
  const RankPrediction& one = model.predictions[0];
  const double compute_1 = one.terms[0].predicted_s.estimate;
  const double local_1 = one.terms[1].predicted_s.estimate;
  EXPECT_NEAR(compute_1 / local_1, 1.809e-3 / 9e-6, 1e-6 * compute_1 / local_1);
  EXPECT_EQ(one.terms[2].predicted_s.estimate, 0);
  // One 8 KiB halo row each way at 2 ranks (the upper segment), and one barrier.
  const double message = 5e-6 + 0.2e-9 * 8192;
  EXPECT_NEAR(two.terms[0].predicted_s.estimate, compute_1 / 2, 1e-12);
  EXPECT_NEAR(two.terms[1].predicted_s.estimate, local_1 / 2 + message, 1e-12);
  EXPECT_NEAR(two.terms[2].predicted_s.estimate, 1e-6, 1e-12);
  EXPECT_NEAR(two.predicted_s.estimate, (compute_1 + local_1) / 2 + message + 1e-6, 1e-12);
  EXPECT_LT(two.predicted_s.low, two.predicted_s.estimate);
  EXPECT_GT(two.predicted_s.high, two.predicted_s.estimate);
  ASSERT_TRUE(two.within.has_value());
  EXPECT_TRUE(*two.within);
  ASSERT_TRUE(two.consistent.has_value());
  EXPECT_TRUE(*two.consistent);
  EXPECT_LE(two.measured_over_predicted->low, 1);
  EXPECT_GE(two.measured_over_predicted->high, 1);
  ASSERT_TRUE(two.terms[1].measured_s.has_value());
  EXPECT_DOUBLE_EQ(*two.terms[1].measured_s, 9e-6);
  // Past 2 ranks an inner rank has two neighbours; the barrier deepens by log2 p.
  const RankPrediction& eight = model.predictions[3];
  EXPECT_TRUE(eight.beyond_measured);
  EXPECT_FALSE(eight.measured_s.has_value());
  EXPECT_NEAR(eight.terms[1].predicted_s.estimate, local_1 / 8 + 2 * message, 1e-12);
  EXPECT_NEAR(eight.terms[2].predicted_s.estimate, 3e-6, 1e-12);
  // Seeded: the same inputs give the same intervals.
  const CommModel again = predict_communication(halo_results(true), 8)[0];
  EXPECT_EQ(to_json(again), to_json(model));
}

TEST(CommModel, AMeasurementOutsideThePredictionNamesTheTermFurthestOff) {
  Results results = halo_results(true);
  for (Point& p : results.points) {
    if (p.ranks != 2) continue;
    for (double& s : p.seconds) s *= 1.6;  // much slower than half: the halo exchange, say
    p.measures["comm_s_max"] = 0.6e-3;
  }
  const std::vector<CommModel> models = predict_communication(results, 2);
  const RankPrediction& two = models[0].predictions[1];
  ASSERT_TRUE(two.within.has_value());
  EXPECT_FALSE(*two.within);
  EXPECT_FALSE(*two.consistent);  // 1.6 times off, with processes agreeing within 3%
  EXPECT_GT(two.measured_over_predicted->low, 1);
  EXPECT_EQ(two.worst_term, "comm");
}

TEST(CommModel, IsRefusedWithoutANetworkCalibrationOrABaseline) {
  const std::vector<CommModel> without = predict_communication(halo_results(false));
  ASSERT_EQ(without.size(), 1u);
  EXPECT_FALSE(without[0].fitted);
  EXPECT_NE(without[0].refusal.find("--netcal"), std::string::npos);
  Results no_baseline = halo_results(true);
  std::erase_if(no_baseline.points, [](const Point& p) { return p.ranks == 1; });
  const CommModel model = predict_communication(no_baseline)[0];
  EXPECT_FALSE(model.fitted);
  EXPECT_NE(model.refusal.find("1-rank"), std::string::npos);
}

}  // namespace
}  // namespace sb
