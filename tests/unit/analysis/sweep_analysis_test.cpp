#include "harness/analysis/sweep_analysis.hpp"

#include <gtest/gtest.h>

#include "tests/support/sample_results.hpp"

namespace sb {
namespace {

using test::sample_results;

TEST(SweepAnalysis, ExcludedPointsStayOutOfSpeedupsAndFits) {
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
  // One summary a thread count enters the fit, weighted by its process-level error.
  EXPECT_EQ(omp.scaling.amdahl.samples, 3);
  EXPECT_EQ(omp.scaling.by_threads[1].level.processes, 3);
  EXPECT_TRUE(omp.scaling.by_threads[1].process_level());
}

TEST(SweepAnalysis, CostIsTheFewestThreadsThatBeatTheBestSequentialRun) {
  const Analysis analysis = analyse(sample_results());
  EXPECT_NEAR(analysis.best_sequential_seconds.at("map"), 0.91, 0.001);
  EXPECT_EQ(analysis.series[0].cost_threads, std::optional<int>(2));  // 1 thread: 1.0 > 0.91
  Results slow = sample_results();
  for (Point& p : slow.points) {
    if (p.backend == "omp") {
      for (double& s : p.seconds) s += 1.0;
    }
  }
  EXPECT_FALSE(analyse(slow).series[0].cost_threads.has_value());
}

TEST(SweepAnalysis, WeakScalingIsOneSeriesFittedByGustafson) {
  Results results;
  // Gustafson with s = 0.1: T(p) = p / (0.1 + 0.9 p) for size x p.
  for (int p : {1, 2, 4}) {
    Point pt = test::map_point("omp", p, {});
    pt.size = 1000 * p;
    pt.weak_scaling = true;
    for (double jitter : {0.999, 1.0, 1.001}) pt.seconds.push_back(jitter * p / (0.1 + 0.9 * p));
    for (const Point& q : test::three_processes(pt)) results.points.push_back(q);
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

}  // namespace
}  // namespace sb
