// The schedule comparison on synthetic timings with known answers: a clearly slower schedule is
// called slower, a schedule drawn from the same distribution is within noise, and the fork_join
// overhead is the parallel time minus the sequential time over the threads.
#include "harness/scheduling.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace sb {
namespace {

Point point(const std::string& kernel, const std::string& backend, const std::string& variant,
            int threads, double center, std::uint64_t seed) {
  Point p;
  p.kernel = kernel;
  p.backend = backend;
  p.variant = variant;
  p.threads = threads;
  p.pin = "compact";
  p.size = 1024;
  p.verified = true;
  p.placement_ok = true;
  std::mt19937_64 generator(seed);
  std::uniform_real_distribution<double> jitter(0.99, 1.01);
  for (int i = 0; i < 10; ++i) p.seconds.push_back(center * jitter(generator));
  return p;
}

TEST(Scheduling, RanksSchedulesAndSeparatesRealDifferencesFromNoise) {
  Results results;
  results.points = {point("skewed_map", "seq", "reference", 1, 2.0, 1),
                    point("skewed_map", "omp", "static", 2, 1.5, 2),
                    point("skewed_map", "omp", "dynamic,64", 2, 1.0, 3),
                    point("skewed_map", "tbb", "auto", 2, 1.0, 4),
                    point("skewed_map", "tbb", "static", 2, 1.5, 5)};
  Point unverified = point("skewed_map", "omp", "guided,64", 2, 0.5, 6);
  unverified.verified = false;  // faster, but wrong: never ranked
  results.points.push_back(unverified);
  const SchedulingAnalysis analysis = analyse_scheduling(results);
  ASSERT_EQ(analysis.comparisons.size(), 1u);
  const ScheduleComparison& c = analysis.comparisons[0];
  EXPECT_EQ(c.threads, 2);
  ASSERT_EQ(c.entries.size(), 4u);
  const std::set<std::string> fastest_two{c.entries[0].name(), c.entries[1].name()};
  EXPECT_EQ(fastest_two, (std::set<std::string>{"omp:dynamic,64", "tbb:auto"}));
  EXPECT_FALSE(c.entries[1].slower_than_best);  // same distribution: within noise
  for (std::size_t i = 2; i < 4; ++i) {
    EXPECT_EQ(c.entries[i].variant, "static");
    EXPECT_TRUE(c.entries[i].slower_than_best);
    EXPECT_NEAR(c.entries[i].ratio_to_best.estimate, 1.5, 0.05);
    EXPECT_LT(c.entries[i].ratio_to_best.low, c.entries[i].ratio_to_best.estimate);
    EXPECT_LT(c.entries[i].p_vs_best, 0.05);
    ASSERT_TRUE(c.entries[i].excess_s);
    EXPECT_NEAR(*c.entries[i].excess_s, 1.5 - 2.0 / 2, 0.05);  // median - T_seq / threads
  }
  ASSERT_TRUE(c.omp_over_tbb);
  EXPECT_NEAR(c.omp_over_tbb->estimate, 1.0, 0.03);
  EXPECT_GT(c.omp_vs_tbb_p, 0.05);

  const std::string report = scheduling_markdown(analysis, {});
  EXPECT_NE(report.find("### skewed_map"), std::string::npos);
  EXPECT_NE(report.find("Plain OpenMP `static` is slower by 1.5"), std::string::npos) << report;
  EXPECT_NE(report.find("within noise"), std::string::npos);
  EXPECT_EQ(scheduling_rows(analysis).rows.size(), 4u);
}

TEST(Scheduling, ForkJoinOverheadIsParallelTimeMinusSequentialOverThreads) {
  Results results;
  results.points = {point("fork_join", "seq", "reference", 1, 4e-6, 1),
                    point("fork_join", "omp", "static", 2, 5e-6, 2),
                    point("fork_join", "omp", "dynamic,16", 2, 9e-6, 3)};
  const SchedulingAnalysis analysis = analyse_scheduling(results);
  ASSERT_EQ(analysis.overheads.size(), 2u);
  for (const OverheadFigure& f : analysis.overheads) {
    const double expected = (f.variant == "static" ? 5e-6 : 9e-6) - 4e-6 / 2;
    EXPECT_NEAR(f.overhead_s.estimate, expected, 0.1e-6) << f.variant;
    EXPECT_LE(f.overhead_s.low, f.overhead_s.estimate);
    EXPECT_GE(f.overhead_s.high, f.overhead_s.estimate);
    // 1024 iterations in chunks of 16: 64 chunks, each adding (9 - 5) us / 64 beyond static.
    if (f.variant == "dynamic,16") {
      ASSERT_TRUE(f.per_chunk_s);
      EXPECT_NEAR(*f.per_chunk_s, 4e-6 / 64, 5e-9);
    } else {
      EXPECT_FALSE(f.per_chunk_s);
    }
  }
  EXPECT_NE(scheduling_markdown(analysis, {}).find("Fork-join and scheduling overhead"),
            std::string::npos);
}

TEST(Scheduling, NothingToCompareWritesNoSection) {
  Results results;
  results.points = {point("map", "seq", "reference", 1, 1.0, 1), point("map", "omp", "static", 2, 0.5, 2)};
  EXPECT_TRUE(analyse_scheduling(results).comparisons.empty());
  EXPECT_TRUE(scheduling_markdown(analyse_scheduling(results), {}).empty());
}

}  // namespace
}  // namespace sb
