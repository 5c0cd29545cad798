// Schedule names round-trip, bad names are refused, and every schedule of either runtime hands
// out each iteration exactly once in contiguous ranges of the promised size.
#include "harness/runtime/schedule.hpp"

#include <gtest/gtest.h>

#include <mutex>

#include "harness/core/error.hpp"
#include "harness/machine/pin_plan.hpp"
#include "harness/runtime/omp_schedule.hpp"
#include "harness/runtime/tbb_schedule.hpp"
#include "harness/runtime/team_runtime.hpp"

namespace sb {
namespace {

TEST(Schedule, NamesRoundTrip) {
  for (const char* name :
       {"static", "static,64", "dynamic,1", "monotonic:dynamic,16", "guided,7"}) {
    const Schedule s = parse_schedule(Backend::omp, name);
    EXPECT_EQ(format_as(s), name);
    EXPECT_EQ(s.backend(), Backend::omp);
  }
  for (const char* name : {"auto", "simple,64", "static", "affinity"}) {
    const Schedule s = parse_schedule(Backend::tbb, name);
    EXPECT_EQ(format_as(s), name);
    EXPECT_EQ(s.backend(), Backend::tbb);
  }
  EXPECT_EQ(parse_schedule(Backend::omp, "dynamic,64"), (Schedule{ScheduleKind::omp_dynamic, 64}));
  EXPECT_EQ(parse_schedule(Backend::tbb, "static").kind, ScheduleKind::tbb_static);
}

TEST(Schedule, RefusesNamesARuntimeDoesNotHave) {
  for (const char* name : {"dynamic", "dynamic,0", "dynamic,x", "guided,", "auto", "fastest"}) {
    EXPECT_THROW(parse_schedule(Backend::omp, name), ConfigError) << name;
  }
  for (const char* name : {"simple", "auto,64", "affinity,2", "dynamic,64", "static,8"}) {
    EXPECT_THROW(parse_schedule(Backend::tbb, name), ConfigError) << name;
  }
  try {
    parse_schedule(Backend::tbb, "dynamic,64");
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("simple,N"), std::string::npos) << e.what();
  }
}

// Runs `schedule` over n iterations at `threads` and records every range the body was given.
std::vector<std::pair<std::size_t, std::size_t>> ranges_of(const Schedule& schedule, int threads,
                                                           std::size_t n) {
  static const Topology machine = Topology::load_for_this_process();
  auto runtime = TeamRuntime::create(schedule.backend(), machine,
                                     plan_pinning(machine, threads, PinPolicy::compact));
  std::mutex mutex;
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  const auto body = [&](std::size_t begin, std::size_t end) {
    std::lock_guard lock(mutex);
    ranges.emplace_back(begin, end);
  };
  AffinityMemory affinity;
  runtime->execute([&] {
    if (schedule.backend() == Backend::omp) {
      omp_parallel_for(runtime->team(), schedule, n, body);
    } else {
      tbb_parallel_for(runtime->team(), schedule, n, body, affinity);
    }
  });
  std::sort(ranges.begin(), ranges.end());
  return ranges;
}

TEST(Schedule, EveryIterationRunsExactlyOnceInContiguousRanges) {
  const ScheduleMatrix matrix{
      {1, 13, 5000},
      {1, 13, 5000},
      {"static", "dynamic", "monotonic:dynamic", "guided", "auto", "simple", "affinity"}};
  for (Backend backend : {Backend::omp, Backend::tbb}) {
    for (const Schedule& schedule : schedules_for(backend, matrix)) {
      for (int threads : {1, 2, 3}) {
        const std::size_t n = 1009;
        const auto ranges = ranges_of(schedule, threads, n);
        const std::string label = fmt::format("{} at {} threads", format_as(schedule), threads);
        std::size_t next = 0;  // sorted ranges must tile [0, n) without gap or overlap
        for (const auto& [begin, end] : ranges) {
          EXPECT_EQ(begin, next) << label;
          EXPECT_LT(begin, end) << label;
          next = end;
        }
        EXPECT_EQ(next, n) << label;
        const bool exact_chunks =
            schedule.chunk > 0 && (schedule.kind == ScheduleKind::omp_static ||
                                   schedule.kind == ScheduleKind::omp_dynamic);
        if (exact_chunks) {
          // Chunks of exactly c iterations, the last one taking the remainder.
          EXPECT_EQ(ranges.size(), (n + schedule.chunk - 1) / schedule.chunk) << label;
        }
        if (schedule.kind == ScheduleKind::tbb_simple) {
          for (const auto& [begin, end] : ranges) EXPECT_LE(end - begin, schedule.chunk) << label;
        }
        if (schedule == Schedule{ScheduleKind::omp_static, 0}) {
          EXPECT_EQ(ranges.size(), static_cast<std::size_t>(threads)) << label;
        }
      }
    }
  }
}

}  // namespace
}  // namespace sb
