// Real binding on this machine: workers must run where the plan puts them.
#include "harness/machine/placement.hpp"

#include <gtest/gtest.h>
#include <omp.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <chrono>

#include "harness/machine/pin_plan.hpp"
#include "harness/runtime/team_runtime.hpp"

namespace sb {
namespace {

const Topology& machine() {
  static const Topology topology = Topology::load_for_this_process();
  return topology;
}

int team_size() { return std::min(2, machine().pu_count()); }

void spin_for(std::chrono::milliseconds duration) {
  const auto until = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < until) {
  }
}

void expect_observed_as_planned(const PlacementProbe& probe, const PinPlan& plan,
                                int must_have_run) {
  for (int w = 0; w < plan.threads; ++w) {
    const std::vector<int> observed = probe.observed(w);
    if (w < must_have_run) {
      ASSERT_FALSE(observed.empty()) << "worker " << w << " never ran";
    }
    for (int pu : observed) EXPECT_EQ(pu, plan.pu_per_worker[w]) << "worker " << w;
  }
}

TEST(Placement, BindingMovesTheThreadToEachAllowedPu) {
  for (const CoreInfo& core : machine().cores()) {
    for (unsigned pu : core.pu_os_indices) {
      ASSERT_TRUE(bind_current_thread(machine(), static_cast<int>(pu)));
      EXPECT_EQ(current_pu(), static_cast<int>(pu));
    }
  }
}

TEST(Placement, ProbeRecordsEveryPuAWorkerWasSeenOn) {
  PlacementProbe probe(2);
  ASSERT_TRUE(bind_current_thread(machine(), machine().cores().front().pu_os_indices.front()));
  probe.sample(1);
  ASSERT_TRUE(bind_current_thread(machine(), machine().cores().back().pu_os_indices.back()));
  probe.sample(1);
  std::vector<int> expected = {static_cast<int>(machine().cores().front().pu_os_indices.front()),
                               static_cast<int>(machine().cores().back().pu_os_indices.back())};
  std::sort(expected.begin(), expected.end());
  expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
  EXPECT_EQ(probe.observed(1), expected);
  EXPECT_TRUE(probe.observed(0).empty());
  probe.clear();
  EXPECT_TRUE(probe.observed(1).empty());
}

TEST(Placement, OpenMpTeamRunsWherePlanned) {
  const PinPlan plan = plan_pinning(machine(), team_size(), PinPolicy::compact);
  auto runtime = TeamRuntime::create(Backend::omp, machine(), plan);
  EXPECT_EQ(runtime->bind_failures(), 0);
  PlacementProbe& probe = runtime->probe();
  for (int region = 0; region < 20; ++region) {
#pragma omp parallel num_threads(plan.threads)
    probe.sample(omp_get_thread_num());
  }
  expect_observed_as_planned(probe, plan, plan.threads);
}

TEST(Placement, OversubscribedOpenMpTeamStillLandsOnPlannedPus) {
  const PinPlan plan = plan_pinning(machine(), 2 * machine().pu_count(), PinPolicy::compact);
  ASSERT_TRUE(plan.oversubscribed);
  auto runtime = TeamRuntime::create(Backend::omp, machine(), plan);
#pragma omp parallel num_threads(plan.threads)
  runtime->probe().sample(omp_get_thread_num());
  expect_observed_as_planned(runtime->probe(), plan, plan.threads);
}

TEST(Placement, TbbArenaWorkersRunWherePlanned) {
  const PinPlan plan = plan_pinning(machine(), team_size(), PinPolicy::compact);
  auto runtime = TeamRuntime::create(Backend::tbb, machine(), plan);
  PlacementProbe& probe = runtime->probe();
  runtime->execute([&] {
    // Long enough chunks that every worker joins the arena.
    tbb::parallel_for(0, 4 * plan.threads, [&](int) {
      probe.sample(tbb::this_task_arena::current_thread_index());
      spin_for(std::chrono::milliseconds(20));
      probe.sample(tbb::this_task_arena::current_thread_index());
    });
  });
  EXPECT_EQ(runtime->bind_failures(), 0);
  expect_observed_as_planned(probe, plan, 1);
}

TEST(Placement, UnpinnedTeamRequestsNothing) {
  const PinPlan plan = plan_pinning(machine(), team_size(), PinPolicy::none);
  auto runtime = TeamRuntime::create(Backend::omp, machine(), plan);
#pragma omp parallel num_threads(plan.threads)
  runtime->probe().sample(omp_get_thread_num());
  for (int w = 0; w < plan.threads; ++w) EXPECT_FALSE(runtime->probe().observed(w).empty());
}

}  // namespace
}  // namespace sb
