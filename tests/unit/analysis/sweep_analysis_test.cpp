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

TEST(SweepAnalysis, ADistributedSeriesOfSeveralThreadsARankScalesOverRanksFromItsOneRankPoint) {
  Results results;
  // Amdahl over ranks with s = 0.2, at 2 threads a rank (1 x 2 and 2 x 2 workers), beside the
  // same kernel at 1 thread a rank: two curves, neither with a 1-thread point of the other's.
  for (int per_rank : {1, 2}) {
    for (int ranks : {1, 2}) {
      Point pt = test::map_point("mpi", ranks * per_rank, {});
      pt.kernel = pt.variant = "halo";
      pt.ranks = ranks;
      pt.under_mpi = true;
      for (double jitter : {0.999, 1.0, 1.001})
        pt.seconds.push_back(jitter * (0.2 + 0.8 / ranks) / per_rank);
      for (const Point& q : test::three_processes(pt)) results.points.push_back(q);
    }
  }
  const Analysis analysis = analyse(results);
  ASSERT_EQ(analysis.series.size(), 2u);
  const SeriesAnalysis& one = analysis.series[0];
  const SeriesAnalysis& two = analysis.series[1];
  EXPECT_EQ(one.name(), "halo/mpi/halo");
  EXPECT_EQ(one.label(), "halo/mpi/halo (ranks x 1 thread)");
  EXPECT_EQ(two.name(), "halo/mpi/halo@2t");
  EXPECT_EQ(two.label(), "halo/mpi/halo@2t (ranks x 2 threads)");
  ASSERT_TRUE(two.scaling.baseline_note.empty()) << two.scaling.baseline_note;
  EXPECT_EQ(two.scaling.workers_per_unit, 2);
  ASSERT_EQ(two.scaling.by_threads.size(), 2u);
  EXPECT_EQ(two.scaling.by_threads[1].threads, 4);  // workers, as every series counts them
  // Speedup and efficiency are over ranks: 1 x 2 threads against 2 x 2.
  EXPECT_NEAR(two.scaling.by_threads[1].speedup.estimate, 1.0 / 0.6, 1e-6);
  EXPECT_NEAR(two.scaling.by_threads[1].efficiency.estimate, 1.0 / 1.2, 1e-6);
  EXPECT_NEAR(one.scaling.by_threads[1].speedup.estimate, 1.0 / 0.6, 1e-6);
}

}  // namespace
}  // namespace sb
