// A point gathered over its processes: one entry a process becomes one point, contended processes
// are left out of its samples only while two quiet ones remain, and one bad process keeps the
// whole point out of fits.
#include "harness/results/measured_point.hpp"

#include <gtest/gtest.h>

namespace sb {
namespace {

Point in_process(int process, double seconds, bool contended = false) {
  Point p;
  p.kernel = "map";
  p.backend = "omp";
  p.variant = "static";
  p.threads = 2;
  p.pin = "compact";
  p.size = 64;
  p.verified = true;
  p.process = p.round = process;
  p.seconds = {seconds, seconds};
  if (contended) p.stability_flags = {"contended"};
  return p;
}

TEST(MeasuredPoint, EntriesOfOnePointInSeveralProcessesAreGathered) {
  Results results;
  results.points = {in_process(1, 2.0), in_process(0, 1.0), in_process(2, 3.0)};
  results.points.push_back(in_process(0, 1.0));
  results.points.back().variant = "dynamic,256";
  const std::vector<MeasuredPoint> points = measured_points(results);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].processes.size(), 3u);
  EXPECT_EQ(points[0].processes[0]->process, 0);  // ascending process index
  EXPECT_EQ(points[0].samples().size(), 3u);
  EXPECT_EQ(points[0].sample_count(), 6u);
  EXPECT_TRUE(points[0].level().process_level);
}

TEST(MeasuredPoint, ContendedProcessesAreLeftOutWhileTwoQuietOnesRemain) {
  Results results;
  results.points = {in_process(0, 5.0, true), in_process(1, 1.0), in_process(2, 1.1)};
  MeasuredPoint m = measured_points(results).at(0);
  EXPECT_EQ(m.used().size(), 2u);
  EXPECT_EQ(m.contended_processes_left_out(), 1);
  EXPECT_TRUE(m.decision_flags().empty());
  EXPECT_TRUE(m.stability_flags().empty());
  // One quiet process would leave no process-level interval: every process is used, and the
  // point is flagged only if every one was contended.
  results.points[2].stability_flags = {"contended"};
  m = measured_points(results).at(0);
  EXPECT_EQ(m.used().size(), 3u);
  EXPECT_TRUE(m.decision_flags().empty());
  results.points[1].stability_flags = {"contended"};
  m = measured_points(results).at(0);
  EXPECT_EQ(m.decision_flags(), std::vector<std::string>{"contended"});
}

TEST(MeasuredPoint, OneFailedProcessKeepsThePointOutOfFits) {
  Results results;
  results.points = {in_process(0, 1.0), in_process(1, 1.0)};
  results.points[1].verified = false;
  const MeasuredPoint m = measured_points(results).at(0);
  EXPECT_FALSE(m.verified());
  EXPECT_EQ(m.fit_exclusions(), std::vector<std::string>{"unverified"});
}

}  // namespace
}  // namespace sb
