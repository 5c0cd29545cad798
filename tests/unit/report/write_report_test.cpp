#include "harness/report/write_report.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "harness/core/error.hpp"
#include "tests/support/claims_csv.hpp"
#include "tests/support/sample_results.hpp"
#include "tests/support/temp_path.hpp"

namespace sb {
namespace {

TEST(WriteReport, WritesReportFilesFromResultsJson) {
  const auto dir = test::temp_path("write-report");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  write_results(dir, test::sample_results());
  write_analysis(dir);
  for (const char* file : {"analysis.json", "speedup.csv", "report.md"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / file)) << file;
  }
  std::ifstream report(dir / "report.md");
  const std::string text((std::istreambuf_iterator<char>(report)),
                         std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("## map"), std::string::npos);
  EXPECT_NE(text.find("excluded: oversubscribed"), std::string::npos);
  EXPECT_NE(text.find("## Limits of this evidence"), std::string::npos);
  std::ifstream json(dir / "analysis.json");
  const nlohmann::json analysis = nlohmann::json::parse(json);
  EXPECT_EQ(analysis["series"][0]["scaling"]["amdahl"]["fitted"], true);
  EXPECT_TRUE(analysis["series"][0]["scaling"]["amdahl"].contains("serial_fraction"));
}

TEST(WriteReport, ClaimsGetVerdictsInTheReport) {
  const auto dir = test::temp_path("write-report-claims");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  write_results(dir, test::sample_results());
  std::ofstream(dir / "claims.csv") << test::claims_csv(
      {"modest,ctx,1.5x at 2,.5,.5,.5,.5,.5,.5,.5,.5,.9,.5,.5,.5,map/omp/static,2,1.5",
       "bold,ctx,1.9x at 2,.5,.5,.5,.5,.5,.5,.5,.5,.9,.5,.5,.5,map/omp/static,2,1.9"});
  write_analysis(dir, dir / "claims.csv");
  std::ifstream report(dir / "report.md");
  const std::string text((std::istreambuf_iterator<char>(report)),
                         std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("## Scale claims"), std::string::npos);
  EXPECT_NE(text.find("| modest | 1.5x at 2 | map/omp/static at 2 threads | supported |"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("| bold | 1.9x at 2 | map/omp/static at 2 threads | not supported |"),
            std::string::npos);
}

TEST(WriteReport, ASweepThatFailsTheGateSaysSoFirstAndWithholdsVerdicts) {
  const auto dir = test::temp_path("write-report-invalid");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Results busy = test::sample_results();
  busy.manifest["machine_load"]["after"]["other_busy_cpus"] = 1.8;
  write_results(dir, busy);
  std::ofstream(dir / "claims.csv") << test::claims_csv(
      {"modest,ctx,1.5x at 2,.5,.5,.5,.5,.5,.5,.5,.5,.9,.5,.5,.5,map/omp/static,2,1.5"});
  EXPECT_FALSE(write_analysis(dir, dir / "claims.csv").valid());
  std::ifstream report(dir / "report.md");
  const std::string text((std::istreambuf_iterator<char>(report)),
                         std::istreambuf_iterator<char>());
  EXPECT_EQ(text.find("# scalebench report\n\n**Not valid evidence.**"), 0u) << text;
  EXPECT_NE(text.find("**failed** load"), std::string::npos);
  EXPECT_NE(text.find("not testable here: the sweep is not valid evidence"), std::string::npos);
  EXPECT_EQ(text.find("| supported |"), std::string::npos);
}

TEST(WriteReport, MissingResultsIsAConfigError) {
  EXPECT_THROW(write_analysis("/nonexistent-scalebench-dir"), ConfigError);
}

}  // namespace
}  // namespace sb
