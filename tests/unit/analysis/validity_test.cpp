// The validity gate on synthetic sweeps, criterion by criterion: a quiet sweep is valid, and each
// criterion alone (contention, load, placement, calibration) turns it invalid with its reason.
#include "harness/analysis/validity.hpp"

#include <gtest/gtest.h>

#include "tests/support/process_samples.hpp"
#include "tests/support/sample_results.hpp"

namespace sb {
namespace {

// sample_results (map at 1-8 threads, quiet, placed) with calibrate at 1 and 2 threads recovering
// s = 0.2 (T(p) = 0.2 + 0.8 / p), three processes each.
Results quiet_sweep() {
  Results results = test::sample_results();
  results.workloads["calibrate"] = {.calibration = true,
                                    .params = {{"serial_fraction", {0.2, {}}}}};
  for (int threads : {1, 2}) {
    Point p = test::map_point("omp", threads, {});
    p.kernel = "calibrate";
    p.bytes_per_run.reset();
    p.params = {{"serial_fraction", 0.2}};
    for (const Point& q :
         test::in_processes(p, 0.2 + 0.8 / threads, 5 + threads, threads, {3, 5, 0.002, 0.001})) {
      results.points.push_back(q);
    }
  }
  return results;
}

Validity judged(const Results& results) { return judge_validity(results, analyse(results)); }

const GateCriterion& criterion(const Validity& v, const std::string& name) {
  for (const GateCriterion& c : v.criteria) {
    if (c.name == name) return c;
  }
  throw std::out_of_range(name);
}

// Whether `v` fails exactly the criterion `name`, and its reasons name it.
void expect_fails_only(const Validity& v, const std::string& name) {
  EXPECT_FALSE(v.valid());
  for (const GateCriterion& c : v.criteria) EXPECT_EQ(c.passed, c.name != name) << c.name;
  ASSERT_EQ(v.reasons().size(), 1u);
  EXPECT_EQ(v.reasons()[0].rfind(name + ": ", 0), 0u) << v.reasons()[0];
}

TEST(Validity, AQuietPlacedCalibratedSweepIsValid) {
  const Validity v = judged(quiet_sweep());
  EXPECT_TRUE(v.valid()) << nlohmann::json(to_json(v)).dump(1);
  EXPECT_EQ(v.criteria.size(), 4u);
  EXPECT_NE(criterion(v, "calibration").detail.find("s = 0.20"), std::string::npos)
      << criterion(v, "calibration").detail;
  EXPECT_TRUE(v.reasons().empty());
}

TEST(Validity, ContentionThatSurvivesRemeasurementFailsTheGate) {
  Results results = quiet_sweep();
  // One contended process a point is forgiven (its group was measured again): still valid.
  for (Point& p : results.points) {
    if (p.process == 0) p.stability_flags = {"contended"};
  }
  EXPECT_TRUE(judged(results).valid());
  // Two contended processes at every point: more than 10% of eligible points.
  for (Point& p : results.points) {
    if (p.process <= 1) p.stability_flags = {"contended"};
  }
  expect_fails_only(judged(results), "contention");
}

TEST(Validity, TwoContendedRunsOfAHundredAreNotAPattern) {
  // exec: a run is a process. Two contended runs of 100 are left out of the estimate; 20 are not.
  Results results = quiet_sweep();
  std::vector<Point> many;
  for (const Point& p : results.points) {
    if (p.process != 0) continue;
    for (int process = 0; process < 100; ++process) {
      Point q = p;
      q.process = q.round = process;
      q.stability_flags =
          process < 2 ? std::vector<std::string>{"contended"} : std::vector<std::string>{};
      many.push_back(q);
    }
  }
  results.points = many;
  EXPECT_TRUE(criterion(judged(results), "contention").passed)
      << criterion(judged(results), "contention").detail;
  for (Point& p : results.points) {
    if (p.process < 20) p.stability_flags = {"contended"};
  }
  EXPECT_FALSE(criterion(judged(results), "contention").passed);
}

TEST(Validity, LoadBeforeOrAfterTheSweepFailsTheGate) {
  Results results = quiet_sweep();
  results.manifest["machine_load"]["before"]["other_busy_cpus"] = 1.2;
  expect_fails_only(judged(results), "load");
  results.manifest.erase("machine_load");  // never measured: not shown to be quiet
  expect_fails_only(judged(results), "load");
}

TEST(Validity, APlacementMismatchOrAnUnpinnedPointFailsTheGate) {
  Results results = quiet_sweep();
  results.points[3].placement_ok = false;
  expect_fails_only(judged(results), "placement");
  results = quiet_sweep();
  results.points[3].placement_ok.reset();  // unpinned: nothing proven
  expect_fails_only(judged(results), "placement");
  // An oversubscribed point is kept out of fits anyway and not judged here.
  results = quiet_sweep();
  for (Point& p : results.points) {
    if (p.oversubscribed) p.placement_ok = false;
  }
  EXPECT_TRUE(judged(results).valid());
}

TEST(Validity, ACalibrationThatMissesItsSerialFractionFailsTheGate) {
  Results results = quiet_sweep();
  for (Point& p : results.points) {
    if (p.kernel == "calibrate" && p.threads == 2) {
      for (double& s : p.seconds) s *= 1.5;  // s recovered near 0.8, not 0.2
    }
  }
  const Validity v = judged(results);
  expect_fails_only(v, "calibration");
  EXPECT_NE(criterion(v, "calibration").detail.find("against 0.200"), std::string::npos);
}

TEST(Validity, ASweepWithoutCalibrateIsNotJudgedOnIt) {
  Results results = test::sample_results();
  const Validity v = judged(results);
  EXPECT_TRUE(v.valid());
  EXPECT_EQ(criterion(v, "calibration").detail, "calibrate did not run");
  EXPECT_FALSE(criterion(v, "calibration").judged) << "passes, but says it judged nothing";
  EXPECT_TRUE(criterion(v, "load").judged);
}

}  // namespace
}  // namespace sb
