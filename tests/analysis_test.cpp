#include "harness/analysis.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "harness/error.hpp"

namespace sb {
namespace {

Point point(const std::string& backend, int threads, std::vector<double> seconds) {
  Point p;
  p.kernel = "map";
  p.backend = backend;
  p.variant = backend == "seq" ? "reference" : "static";
  p.threads = threads;
  p.pin = "compact";
  p.size = 1000;
  p.seconds = std::move(seconds);
  p.verified = true;
  p.bytes_per_run = 24000;
  p.placement_ok = true;
  return p;
}

Results sample_results() {
  Results results;
  results.complete = true;
  results.manifest = {{"topology", {{"cores", 2}, {"pus", 2}, {"numa_nodes", 1}, {"packages", 1}}}};
  // s = 0.2: T(p) = 1.0 * (0.2 + 0.8 / p)
  results.points = {point("seq", 1, {0.9, 0.91, 0.92}),      point("omp", 1, {1.0, 1.01, 0.99}),
                    point("omp", 2, {0.6, 0.61, 0.59}),      point("omp", 4, {0.4, 0.41, 0.39}),
                    point("omp", 8, {0.1, 0.1, 0.1})};
  results.points.back().oversubscribed = true;  // must not enter the fit
  return results;
}

TEST(Analysis, ExcludedPointsStayOutOfSpeedupsAndFits) {
  const Results results = sample_results();
  const Analysis analysis = analyse(results);
  const SeriesAnalysis& omp = analysis.series[0];
  ASSERT_EQ(omp.name(), "map/omp/static");
  ASSERT_EQ(omp.excluded.size(), 1u);
  EXPECT_EQ(omp.excluded[0].threads, 8);
  EXPECT_EQ(omp.excluded[0].reasons, std::vector<std::string>{"oversubscribed"});
  EXPECT_EQ(omp.scaling.by_threads.size(), 3u);
  EXPECT_NEAR(omp.scaling.amdahl.find("serial_fraction")->value, 0.2, 0.01);
  EXPECT_NEAR(omp.scaling.by_threads[1].speedup.estimate, 1.0 / 0.6, 1e-9);
}

TEST(Analysis, CostIsTheFewestThreadsThatBeatTheBestSequentialRun) {
  const Analysis analysis = analyse(sample_results());
  EXPECT_EQ(analysis.best_sequential_seconds.at("map"), 0.91);
  EXPECT_EQ(analysis.series[0].cost_threads, std::optional<int>(2));  // 1 thread: 1.0 > 0.91
  Results slow = sample_results();
  for (Point& p : slow.points) {
    if (p.backend == "omp") {
      for (double& s : p.seconds) s += 1.0;
    }
  }
  EXPECT_FALSE(analyse(slow).series[0].cost_threads.has_value());
}

TEST(Analysis, WritesReportFilesFromResultsJson) {
  const auto dir = std::filesystem::temp_directory_path() / "scalebench-analysis-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  write_results(dir, sample_results());
  write_analysis(dir);
  for (const char* file : {"analysis.json", "speedup.csv", "report.md"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / file)) << file;
  }
  std::ifstream report(dir / "report.md");
  const std::string text((std::istreambuf_iterator<char>(report)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("## map"), std::string::npos);
  EXPECT_NE(text.find("excluded: oversubscribed"), std::string::npos);
  EXPECT_NE(text.find("## Limits of this evidence"), std::string::npos);
  std::ifstream json(dir / "analysis.json");
  const nlohmann::json analysis = nlohmann::json::parse(json);
  EXPECT_EQ(analysis["series"][0]["scaling"]["amdahl"]["fitted"], true);
  EXPECT_TRUE(analysis["series"][0]["scaling"]["amdahl"].contains("serial_fraction"));
}

TEST(Analysis, WeakScalingIsOneSeriesFittedByGustafson) {
  Results results;
  // Gustafson with s = 0.1: T(p) = p / (0.1 + 0.9 p) for size x p.
  for (int p : {1, 2, 4}) {
    Point pt = point("omp", p, {});
    pt.size = 1000 * p;
    pt.weak_scaling = true;
    for (double jitter : {0.999, 1.0, 1.001}) pt.seconds.push_back(jitter * p / (0.1 + 0.9 * p));
    results.points.push_back(pt);
  }
  const Analysis analysis = analyse(results);
  ASSERT_EQ(analysis.series.size(), 1u);
  EXPECT_EQ(analysis.series[0].size, 1000u);
  const auto& scaling = analysis.series[0].scaling;
  EXPECT_FALSE(scaling.amdahl.fitted);
  ASSERT_TRUE(scaling.gustafson.fitted);
  EXPECT_NEAR(scaling.gustafson.find("serial_fraction")->value, 0.1, 0.01);
  EXPECT_NEAR(scaling.by_threads[2].speedup.estimate, 0.1 + 0.9 * 4, 0.01);  // scaled speedup
}

TEST(Analysis, ClaimsGetVerdictsInTheReport) {
  const auto dir = std::filesystem::temp_directory_path() / "scalebench-analysis-claims";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  write_results(dir, sample_results());
  std::ofstream(dir / "claims.csv")
      << "case_name,system_context,scale_claim,decomposability,partitioning_clarity,"
         "communication_awareness,synchronization_control,load_balance_evidence,"
         "data_locality_awareness,fault_tolerance,consistency_clarity,benchmark_support,"
         "cost_awareness,governance_readiness,communication_clarity,evidence_series,"
         "claimed_threads,claimed_speedup\n"
         "modest,ctx,1.5x at 2,.5,.5,.5,.5,.5,.5,.5,.5,.9,.5,.5,.5,map/omp/static,2,1.5\n"
         "bold,ctx,1.9x at 2,.5,.5,.5,.5,.5,.5,.5,.5,.9,.5,.5,.5,map/omp/static,2,1.9\n";
  write_analysis(dir, dir / "claims.csv");
  std::ifstream report(dir / "report.md");
  const std::string text((std::istreambuf_iterator<char>(report)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("## Scale claims"), std::string::npos);
  EXPECT_NE(text.find("| modest | 1.5x at 2 | map/omp/static at 2 threads | supported |"),
            std::string::npos) << text;
  EXPECT_NE(text.find("| bold | 1.9x at 2 | map/omp/static at 2 threads | not supported |"),
            std::string::npos);
}

TEST(Analysis, MissingResultsIsAConfigError) {
  EXPECT_THROW(write_analysis("/nonexistent-scalebench-dir"), ConfigError);
}

}  // namespace
}  // namespace sb
