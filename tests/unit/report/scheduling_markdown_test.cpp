#include "harness/report/scheduling_markdown.hpp"

#include <gtest/gtest.h>

#include "tests/support/schedule_results.hpp"

namespace sb {
namespace {

TEST(SchedulingMarkdown, SaysInWordsWhichScheduleIsSlowerAndWhichCannotBeTold) {
  const std::string report =
      scheduling_markdown(analyse_scheduling(test::skewed_map_schedules()), {});
  EXPECT_NE(report.find("### skewed_map"), std::string::npos);
  EXPECT_NE(report.find("Plain OpenMP `static` against it: 1.4"), std::string::npos) << report;
  EXPECT_NE(report.find("slower: a real difference, beyond the 2% margin"), std::string::npos);
  EXPECT_NE(report.find("Cannot tell from it at this sample size"), std::string::npos);
  // The one rule, never the old p-value floor's wording.
  EXPECT_EQ(report.find("within noise"), std::string::npos);
}

TEST(SchedulingMarkdown, ShowsTheForkJoinOverheadTable) {
  EXPECT_NE(scheduling_markdown(analyse_scheduling(test::fork_join_overheads()), {})
                .find("Fork-join and scheduling overhead"),
            std::string::npos);
}

TEST(SchedulingMarkdown, NothingToCompareWritesNoSection) {
  Results results;
  results.workloads["map"] = {};
  test::add(results.points, test::schedule_point("map", "seq", "reference", 1, 1.0, 1));
  test::add(results.points, test::schedule_point("map", "omp", "static", 2, 0.5, 2));
  EXPECT_TRUE(scheduling_markdown(analyse_scheduling(results), {}).empty());
}

}  // namespace
}  // namespace sb
