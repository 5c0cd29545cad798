#include "harness/sweep/plan.hpp"

#include <gtest/gtest.h>

#include "harness/core/error.hpp"
#include "harness/kernel/kernel.hpp"
#include "harness/machine/topology.hpp"

namespace sb {
namespace {

SweepOptions options_for(std::vector<std::string> kernels, std::vector<Backend> backends,
                         std::vector<int> threads) {
  SweepOptions options;
  options.kernels = std::move(kernels);
  options.backends = std::move(backends);
  options.threads = std::move(threads);
  options.quick = true;
  return options;
}

TEST(Plan, SequentialReferenceRunsOnceAtOneThread) {
  const auto groups = plan_sweep(options_for({"reduce", "triad"},
                                             {Backend::seq, Backend::omp, Backend::tbb}, {2, 4}))
                          .groups;
  ASSERT_EQ(groups.size(), 5u);
  EXPECT_EQ(groups[0].backend, Backend::seq);
  EXPECT_EQ(groups[0].threads, 1);
  EXPECT_EQ(groups[1].backend, Backend::omp);
  EXPECT_EQ(groups[2].backend, Backend::tbb);
  EXPECT_EQ(groups[4].threads, 4);
  for (const GroupSpec& g : groups) EXPECT_EQ(g.points.size(), 2u);
}

TEST(Plan, ProcessesAndAPrecisionTargetSetTheRounds) {
  SweepOptions options = options_for({"reduce"}, {Backend::seq, Backend::omp}, {2});
  options.processes = 3;
  Plan plan = plan_sweep(options);
  EXPECT_EQ(plan.rounds.stopping_rule, "fixed");
  EXPECT_EQ(plan.rounds.min_rounds, 3);
  EXPECT_EQ(plan.rounds.max_rounds, 3);
  EXPECT_TRUE(plan.rounds.shuffle);
  options.precision = 0.02;
  options.budget_s = 60;
  plan = plan_sweep(options);
  EXPECT_EQ(plan.rounds.stopping_rule, "precision");
  EXPECT_EQ(plan.rounds.min_rounds, kMinProcessesForPrecision);  // never fewer
  EXPECT_EQ(plan.rounds.max_rounds, kMaxProcesses);
  EXPECT_EQ(plan.rounds.budget_s, 60);
  // Recorded and read back as planned.
  const Plan back = nlohmann::json(plan).get<Plan>();
  EXPECT_EQ(nlohmann::json(back), nlohmann::json(plan));
}

TEST(Plan, SchedulableKernelsRunTheScheduleMatrix) {
  SweepOptions options =
      options_for({"skewed_map"}, {Backend::seq, Backend::omp, Backend::tbb}, {2});
  options.schedules = {
      {8, 64}, {32}, {"static", "dynamic", "monotonic:dynamic", "simple", "affinity"}};
  const auto groups = plan_sweep(options).groups;
  ASSERT_EQ(groups.size(), 3u);
  auto names = [](const GroupSpec& g) {
    std::vector<std::string> variants;
    for (const Point& p : g.points) {
      if (p.kernel == "skewed_map") variants.push_back(p.variant);
    }
    return variants;
  };
  EXPECT_EQ(names(groups[0]), (std::vector<std::string>{"reference"}));
  EXPECT_EQ(names(groups[1]),
            (std::vector<std::string>{"static", "static,8", "static,64", "dynamic,8", "dynamic,64",
                                      "monotonic:dynamic,8", "monotonic:dynamic,64"}));
  EXPECT_EQ(names(groups[2]), (std::vector<std::string>{"simple,32", "static", "affinity"}));
  // The overhead reference comes along, its sequential run even without --backends seq.
  options.backends = {Backend::omp};
  const auto parallel_only = plan_sweep(options).groups;
  ASSERT_EQ(parallel_only.size(), 2u);
  ASSERT_EQ(parallel_only[0].points.size(), 1u);
  EXPECT_EQ(parallel_only[0].points[0].kernel, "fork_join");
  EXPECT_EQ(parallel_only[0].backend, Backend::seq);
  EXPECT_EQ(parallel_only[1].points.size(), 2 * names(parallel_only[1]).size());
  options.schedules.chunks = {8, 8};
  EXPECT_THROW(plan_sweep(options), ConfigError);
  options.schedules.chunks = {0};
  EXPECT_THROW(plan_sweep(options), ConfigError);
  options.schedules = {};
  options.schedules.families = {"fastest"};
  EXPECT_THROW(plan_sweep(options), ConfigError);
}

TEST(Plan, QuickAndExplicitSizes) {
  SweepOptions options = options_for({"map"}, {Backend::omp}, {1});
  // groups[0] is the overhead reference's sequential run.
  EXPECT_EQ(plan_sweep(options).groups[1].points[0].size, std::size_t{1} << 23);
  options.size = 1000;
  EXPECT_EQ(plan_sweep(options).groups[1].points[0].size, 1000u);
}

TEST(Plan, WeakScalingMultipliesSizesByThreads) {
  SweepOptions options = options_for({"map"}, {Backend::seq, Backend::omp}, {1, 2, 4});
  options.size = 1000;
  options.weak = true;
  const auto groups = plan_sweep(options).groups;
  EXPECT_EQ(groups[0].points[0].size, 1000u);  // seq, 1 thread
  EXPECT_EQ(groups[3].points[0].size, 4000u);  // omp, 4 threads
  EXPECT_TRUE(groups[3].points[0].weak_scaling);
}

TEST(Plan, RefusesSizesThatCannotFitInMemory) {
  SweepOptions options = options_for({"map"}, {Backend::omp}, {1});
  options.size = std::size_t{1} << 50;
  EXPECT_THROW(plan_sweep(options), ConfigError);
}

TEST(Plan, RejectsParametersOfUnselectedKernels) {
  SweepOptions options = options_for({"map"}, {Backend::omp}, {1});
  options.params["pipeline"]["tokens"] = 4;
  EXPECT_THROW(plan_sweep(options), ConfigError);
  options.kernels.push_back("pipeline");
  EXPECT_NO_THROW(plan_sweep(options));
  options.params["pipeline"]["tokens"] = -1;
  EXPECT_THROW(plan_sweep(options), ConfigError);
}

TEST(Plan, GroupSpecRoundTripsForTheWorkerProcess) {
  const GroupSpec spec = plan_sweep(options_for({"counter"}, {Backend::tbb}, {2})).groups[0];
  const GroupSpec back = nlohmann::json(spec).get<GroupSpec>();
  EXPECT_EQ(back.backend, Backend::tbb);
  EXPECT_EQ(back.threads, 2);
  EXPECT_EQ(back.points.size(), spec.points.size());
  EXPECT_EQ(back.points[0].variant, spec.points[0].variant);
  EXPECT_EQ(back.points[0].size, spec.points[0].size);
  EXPECT_EQ(back.points[0].params, spec.points[0].params);
}

TEST(Plan, DistributedKernelsRunOneMpiGroupForEachRanksAndThreadsPerRank) {
  SweepOptions options = options_for({"reduce", "halo"}, {Backend::seq, Backend::omp}, {2});
  options.ranks = {1, 2};
  options.threads_per_rank = {1, 2};
  const Plan plan = plan_sweep(options);
  const int pus = Topology::load_for_this_process().usable_pu_count();
  std::vector<std::pair<int, int>> seen;
  for (const GroupSpec& g : plan.groups) {
    if (g.executor != "mpi") {
      // The thread groups hold the kernels of one machine only.
      for (const Point& p : g.points) EXPECT_EQ(p.kernel, "reduce");
      continue;
    }
    EXPECT_EQ(g.backend, kMpi);
    ASSERT_EQ(g.points.size(), 1u);
    const Point& p = g.points[0];
    EXPECT_EQ(p.kernel, "halo");
    EXPECT_EQ(p.ranks, g.ranks);
    EXPECT_EQ(p.threads, g.threads);
    // More workers than this host's PUs are oversubscribed, as threads are.
    EXPECT_EQ(p.oversubscribed, g.threads > pus);
    seen.emplace_back(g.ranks, g.threads / g.ranks);
  }
  const std::vector<std::pair<int, int>> expected{{1, 1}, {1, 2}, {2, 1}, {2, 2}};
  EXPECT_EQ(seen, expected);
  EXPECT_TRUE(plan.workloads.at("halo").distributed);
  EXPECT_EQ(plan.backends.at("mpi"), "Open MPI ranks, an OpenMP team in each");
  // Recorded and read back as planned, ranks and all.
  const Plan back = nlohmann::json(plan).get<Plan>();
  EXPECT_EQ(nlohmann::json(back), nlohmann::json(plan));
  // And the options a resume plans again from.
  const SweepOptions resumed = options_from_manifest(describe_options(options), "/tmp");
  EXPECT_EQ(resumed.ranks, options.ranks);
  EXPECT_EQ(resumed.threads_per_rank, options.threads_per_rank);
}

TEST(Plan, ADistributedKernelWithoutRankCountsIsNotPlanned) {
  SweepOptions options = options_for({"reduce", "allreduce"}, {Backend::seq}, {1});
  const Plan plan = plan_sweep(options);
  for (const GroupSpec& g : plan.groups) EXPECT_NE(g.executor, "mpi");
}

}  // namespace
}  // namespace sb
