#include "harness/claims/audit.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "harness/core/error.hpp"

namespace sb {
namespace {

const std::filesystem::path kSeedCases =
    std::filesystem::path(SCALEBENCH_SOURCE) / "docs/examples/seed_cases.csv";

TEST(Audit, ReproducesTheSeedCases) {
  const std::vector<ScaleCase> cases = read_cases(kSeedCases);
  ASSERT_EQ(cases.size(), 4u);
  const nlohmann::json rows = to_json(audit_table(cases));
  const struct {
    double quality, risk;
    const char* diagnostic;
  } expected[] = {
      {81.48, 19.0, "usable scale claim with benchmark or resilience review needs"},
      {72.06, 28.167, "usable scale claim with benchmark or resilience review needs"},
      {79.24, 21.0, "usable scale claim with benchmark or resilience review needs"},
      {20.58, 79.5, "high risk; scale claim may ignore overhead, failure, or governance"},
  };
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_DOUBLE_EQ(rows[i]["scale_claim_quality"].get<double>(), expected[i].quality) << i;
    EXPECT_DOUBLE_EQ(rows[i]["scale_claim_risk"].get<double>(), expected[i].risk) << i;
    EXPECT_EQ(rows[i]["diagnostic"], expected[i].diagnostic) << i;
  }
  const nlohmann::json summary = to_json(audit_summary(cases))[0];
  EXPECT_EQ(summary["case_count"], 4);
  EXPECT_DOUBLE_EQ(summary["average_scale_claim_quality"].get<double>(), 63.34);
  EXPECT_DOUBLE_EQ(summary["average_scale_claim_risk"].get<double>(), 36.917);
  EXPECT_EQ(summary["highest_quality_case"], "Embarrassingly parallel image processing");
  EXPECT_EQ(summary["highest_risk_case"], "Vague distributed automation claim");
}

TEST(Audit, DiagnosisFollowsTheSeedThresholds) {
  EXPECT_EQ(diagnose(84, 20), "strong parallel and distributed scale discipline");
  EXPECT_EQ(diagnose(83.9, 20), "usable scale claim with benchmark or resilience review needs");
  EXPECT_EQ(diagnose(70, 35.1).rfind("partial", 0), 0u);
  EXPECT_EQ(diagnose(90, 55).rfind("high risk", 0), 0u);
}

TEST(Audit, WeightsSumToOneSoPerfectCasesScoreOneHundred) {
  ScaleCase perfect;
  perfect.dimensions.fill(1.0);
  EXPECT_NEAR(scale_claim_quality(perfect), 100.0, 1e-9);
  EXPECT_NEAR(scale_claim_risk(perfect), 0.0, 1e-9);
}

TEST(Audit, ReadsOptionalEvidenceColumns) {
  const auto cases = read_cases(std::filesystem::path(SCALEBENCH_SOURCE) /
                                "docs/examples/claims_with_evidence.csv");
  ASSERT_EQ(cases.size(), 3u);
  ASSERT_TRUE(cases[0].evidence.has_value());
  EXPECT_EQ(cases[0].evidence->series, "map/omp/static");
  EXPECT_EQ(cases[0].evidence->threads, 2);
  EXPECT_EQ(cases[0].evidence->speedup, std::optional<double>(1.9));
  EXPECT_EQ(cases[2].evidence->efficiency, std::optional<double>(0.8));
  EXPECT_FALSE(read_cases(kSeedCases)[0].evidence.has_value());
}

TEST(Audit, RejectsMissingColumnsAndValuesOutsideTheUnitInterval) {
  const auto dir = std::filesystem::temp_directory_path() / "scalebench-audit-test";
  std::filesystem::create_directories(dir);
  std::ifstream in(kSeedCases);
  const std::string good((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto expect_rejected = [&](std::string content, const std::string& mentions) {
    std::ofstream(dir / "cases.csv") << content;
    try {
      read_cases(dir / "cases.csv");
      ADD_FAILURE() << "accepted";
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(mentions), std::string::npos) << e.what();
    }
  };
  std::string no_cost = good;
  no_cost.replace(no_cost.find("cost_awareness"), 14, "cost");
  expect_rejected(no_cost, "cost_awareness");
  std::string out_of_range = good;
  out_of_range.replace(out_of_range.find(",0.94,"), 6, ",1.94,");
  expect_rejected(out_of_range, "outside [0, 1]");
  std::string not_a_number = good;
  not_a_number.replace(not_a_number.find(",0.94,"), 6, ",high,");
  expect_rejected(not_a_number, "not a number");
  expect_rejected(good.substr(0, good.find('\n') + 1), "no cases");
  expect_rejected(good.substr(0, good.size() - 20), "fields");
  EXPECT_THROW(read_cases(dir / "missing.csv"), ConfigError);

  std::ifstream with_evidence(std::filesystem::path(SCALEBENCH_SOURCE) /
                              "docs/examples/claims_with_evidence.csv");
  const std::string evidence((std::istreambuf_iterator<char>(with_evidence)),
                             std::istreambuf_iterator<char>());
  std::string no_claim = evidence;
  no_claim.replace(no_claim.find(",2,1.9,"), 7, ",2,,");
  expect_rejected(no_claim, "neither claimed_speedup nor claimed_efficiency");
  std::string bad_series = evidence;
  bad_series.replace(bad_series.find("map/omp/static"), 14, "map-omp");
  expect_rejected(bad_series, "kernel/backend/variant");
}

}  // namespace
}  // namespace sb
