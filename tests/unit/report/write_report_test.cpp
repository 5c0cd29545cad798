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
  for (const char* file : {"analysis.json", "speedup.csv", "flagged.csv", "report.md"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / file)) << file;
  }
  std::ifstream report(dir / "report.md");
  const std::string text((std::istreambuf_iterator<char>(report)),
                         std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("## map"), std::string::npos);
  EXPECT_NE(text.find("excluded at 8 thread(s): oversubscribed"), std::string::npos) << text;
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
  // The first screen's table: claim first, with the verdict.
  const std::size_t summary = text.find("### Claims");
  ASSERT_NE(summary, std::string::npos);
  EXPECT_LT(summary, text.find("# Details"));
  EXPECT_NE(text.find("| 1.5x at 2 | modest | map/omp/static at 2 threads | supported |"),
            std::string::npos);
}

// The first 40 lines: verdict, gate, machine and load, sweep, claims, each kernel's headline.
TEST(WriteReport, TheFirstScreenIsTheSummary) {
  const auto dir = test::temp_path("write-report-summary");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  write_results(dir, test::sample_results());
  std::ofstream(dir / "claims.csv") << test::claims_csv(
      {"modest,ctx,1.5x at 2,.5,.5,.5,.5,.5,.5,.5,.5,.9,.5,.5,.5,map/omp/static,2,1.5"});
  write_analysis(dir, dir / "claims.csv");
  std::ifstream report(dir / "report.md");
  std::string first_screen, line;
  for (int i = 0; i < 40 && std::getline(report, line); ++i) first_screen += line + "\n";
  EXPECT_EQ(first_screen.find("# scalebench report: valid evidence\n"), 0u) << first_screen;
  for (const char* part :
       {"| calibration | not judged |", "**Machine.**", "**Load:**", "**Sweep.**",
        "| 1.5x at 2 | modest |", "| map | map/omp/static | 4 |"}) {
    EXPECT_NE(first_screen.find(part), std::string::npos) << part << " in\n" << first_screen;
  }
  // Details (the machine's full list among them) come only after the whole summary.
  EXPECT_GT(first_screen.find("# Details"), first_screen.find("| map | map/omp/static | 4 |"));
}

// Two thread counts and several series: the models they cannot identify get one note, not one a
// row; a kernel's lost updates appear beside the verification that counted them.
TEST(WriteReport, RepeatedNotesAreCollapsedAndLostUpdatesReported) {
  const auto dir = test::temp_path("write-report-collapsed");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Results results = test::sample_results();
  std::erase_if(results.points, [](const Point& p) { return p.threads > 2; });
  for (const Point& p : std::vector<Point>(results.points)) {
    if (p.backend != "omp") continue;
    Point other = p;
    other.variant = "dynamic";
    results.points.push_back(other);
  }
  results.workloads["counter"] = {};
  for (int process = 0; process < 2; ++process) {
    Point racy = test::map_point("omp", 2, {1e-3, 1e-3});
    racy.kernel = "counter";
    racy.variant = "racy";
    racy.teaching_only = true;
    racy.verified = false;
    racy.process = racy.round = process;
    racy.measures["lost_update_fraction"] = process == 0 ? 0.4 : 0.38;
    racy.verification = process == 0 ? "racy: 400 of 1000 increments lost over 1 runs"
                                     : "racy: 380 of 1000 increments lost over 1 runs";
    results.points.push_back(racy);
  }
  write_results(dir, results);
  write_analysis(dir);
  std::ifstream report(dir / "report.md");
  const std::string text((std::istreambuf_iterator<char>(report)),
                         std::istreambuf_iterator<char>());
  std::size_t notes = 0;
  for (std::size_t at = text.find("not identifiable"); at != std::string::npos;
       at = text.find("not identifiable", at + 1)) {
    ++notes;
  }
  EXPECT_EQ(notes, 1u) << text;
  EXPECT_NE(text.find("| counter/omp/racy | 2 | `lost_update_fraction` | 40.0%, 38.0% | racy: 400 "
                      "of 1000 increments lost over 1 runs |"),
            std::string::npos)
      << text;
  std::ifstream flagged(dir / "flagged.csv");
  const std::string csv((std::istreambuf_iterator<char>(flagged)),
                        std::istreambuf_iterator<char>());
  EXPECT_NE(csv.find("counter,omp,racy,2,2,"), std::string::npos) << csv;
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
  EXPECT_EQ(text.find("# scalebench report: not valid evidence (failed: load)"), 0u) << text;
  EXPECT_NE(text.find("| load | **failed** |"), std::string::npos);
  EXPECT_NE(text.find("not testable here: the sweep is not valid evidence"), std::string::npos);
  EXPECT_EQ(text.find("| supported |"), std::string::npos);
}

TEST(WriteReport, MissingResultsIsAConfigError) {
  EXPECT_THROW(write_analysis("/nonexistent-scalebench-dir"), ConfigError);
}

}  // namespace
}  // namespace sb
