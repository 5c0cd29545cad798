// Every registered kernel and variant produces verified output, and every verifier catches a
// damaged output. Sizes are small and odd so that partitions have remainders.
#include <gtest/gtest.h>

#include "harness/core/error.hpp"
#include "harness/kernel/kernel.hpp"
#include "harness/machine/pin_plan.hpp"
#include "harness/runtime/team_runtime.hpp"
#include "kernels/pipeline/pipeline.hpp"
#include "kernels/reduce/reduce.hpp"
#include "kernels/skewed_map/skewed_map.hpp"

namespace sb {
namespace {

const Topology& machine() {
  static const Topology topology = Topology::load_for_this_process();
  return topology;
}

KernelConfig small_config(const KernelInfo& kernel) {
  std::map<std::string, double> overrides;
  if (kernel.name == "pipeline") overrides = {{"middle_work", 64}, {"tokens", 3}};
  return make_config(kernel, 10007, 7, overrides);
}

struct Outcome {
  Verdict after_runs;
  Verdict after_corruption;
};

Outcome run_variant(const KernelInfo& kernel, const VariantSpec& variant, int threads) {
  auto runtime = TeamRuntime::create(variant.backend, machine(),
                                     plan_pinning(machine(), threads, PinPolicy::compact));
  Outcome outcome;
  runtime->execute([&] {
    auto instance = kernel.create(small_config(kernel), runtime->team());
    instance->reset();
    const std::function<void()> run = instance->variant(variant);
    for (int i = 0; i < 3; ++i) run();
    outcome.after_runs = instance->verify(3);
    instance->corrupt_output();
    outcome.after_corruption = instance->verify(3);
  });
  return outcome;
}

TEST(Kernels, RegistryHoldsTheFoundationKernels) {
  for (const char* name : {"counter", "map", "pipeline", "reduce"}) {
    const KernelInfo& kernel = find_kernel(name);
    for (Backend backend : {Backend::seq, Backend::omp, Backend::tbb}) {
      EXPECT_FALSE(variants_for(kernel, backend, ScheduleMatrix{}).empty())
          << name << " lacks a " << format_as(backend) << " variant";
    }
  }
  EXPECT_THROW(find_kernel("nosuch"), ConfigError);
}

TEST(Kernels, EveryVariantVerifiesAtOneAndTwoThreads) {
  // Chunks of 1, an odd size and one larger than the loop; every schedule family.
  const ScheduleMatrix matrix{
      {1, 13, 20000},
      {1, 13, 20000},
      {"static", "dynamic", "monotonic:dynamic", "guided", "auto", "simple", "affinity"}};
  for (const KernelInfo& kernel : kernels()) {
    std::vector<VariantSpec> variants;
    for (Backend backend : registered_backends()) {
      for (const VariantSpec& v : variants_for(kernel, backend, matrix)) variants.push_back(v);
    }
    for (const VariantSpec& variant : variants) {
      for (int threads : {1, 2}) {
        if (variant.backend == Backend::seq && threads > 1) continue;
        const Outcome outcome = run_variant(kernel, variant, threads);
        const std::string label = fmt::format("{}/{}/{} at {} threads", kernel.name,
                                              format_as(variant.backend), variant.name, threads);
        if (variant.teaching_only) {
          ASSERT_EQ(outcome.after_runs.measures.size(), 1u) << label;
          EXPECT_EQ(outcome.after_runs.measures[0].first, "lost_update_fraction") << label;
          EXPECT_GE(outcome.after_runs.measures[0].second, 0) << label;
          continue;
        }
        EXPECT_TRUE(outcome.after_runs.ok) << label << ": " << outcome.after_runs.detail;
        EXPECT_FALSE(outcome.after_corruption.ok) << label << " missed a corrupted output";
      }
    }
  }
}

TEST(Kernels, ReduceOnTheGridIsExactInAnyOrderAndCatchesTheSmallestLostElement) {
  std::vector<double> x(100003);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = reduce::initial_x(3, i);
  const double reference = reduce::reference_sum(x.data(), x.size());
  double reversed = 0;
  for (std::size_t i = x.size(); i-- > 0;) reversed += x[i];
  EXPECT_TRUE(reduce::verify(reversed, reference, x.size(), 1).ok);
  const double blocked = reduce::sum_block(x.data(), x.size());
  EXPECT_TRUE(reduce::verify(blocked, reference, x.size(), 2).ok);
  double smallest = 1;
  for (double v : x) {
    if (v > 0) smallest = std::min(smallest, v);
  }
  EXPECT_FALSE(reduce::verify(blocked - smallest, reference, x.size(), 1).ok);
}

TEST(Kernels, PipelineOutputOutOfOrderIsCaught) {
  std::vector<std::uint64_t> out(3), expected(3);
  pipeline::Stream stream;
  stream.items = 3;
  stream.out = out.data();
  for (std::size_t i = 0; i < 3; ++i) expected[i] = pipeline::expected_output(stream, i);
  pipeline::reset_counts(stream);
  for (std::size_t i : {0, 2, 1}) {
    pipeline::consume(stream, {i, pipeline::mix(stream.seed ^ i, 0)});
  }
  const Verdict verdict = pipeline::verify(stream, expected.data(), 1);
  EXPECT_FALSE(verdict.ok);
  EXPECT_NE(verdict.detail.find("out of order"), std::string::npos);
}

TEST(Kernels, CounterVerifiesEveryRunSinceTheLastReset) {
  const KernelInfo& counter = find_kernel("counter");
  auto runtime =
      TeamRuntime::create(Backend::omp, machine(), plan_pinning(machine(), 2, PinPolicy::compact));
  auto instance = counter.create(make_config(counter, 1001, 1, {}), runtime->team());
  instance->reset();
  const std::function<void()> run = instance->variant({Backend::omp, "atomic"});
  for (int i = 0; i < 3; ++i) run();
  EXPECT_TRUE(instance->verify(3).ok);
  EXPECT_FALSE(instance->verify(2).ok);  // a run's increments cannot vanish unnoticed
}

TEST(Kernels, ParametersAreCheckedAgainstTheirDeclaration) {
  const KernelInfo& pipeline = find_kernel("pipeline");
  EXPECT_EQ(make_config(pipeline, 0, 1, {}).size, pipeline.default_size);
  EXPECT_EQ(make_config(pipeline, 0, 1, {{"tokens", 16}}).param("tokens"), 16);
  EXPECT_THROW(make_config(pipeline, 0, 1, {{"tokens", 0}}), ConfigError);
  EXPECT_THROW(make_config(pipeline, 0, 1, {{"no_such", 1}}), ConfigError);
  EXPECT_THROW(make_config(pipeline, 0, 1, {{"tokens", 2.5}}), ConfigError);
}

TEST(Kernels, SkewProfilesPutTheWorkWhereTheyPromise) {
  using skewed_map::Profile;
  const std::size_t n = 1 << 16;
  auto total = [&](Profile profile, std::size_t begin, std::size_t end) {
    double steps = 0;
    for (std::size_t i = begin; i < end; ++i) steps += skewed_map::work_of(profile, 64, 5, i, n);
    return steps;
  };
  // Linear: the second half holds three quarters of the work (an even split's imbalance).
  EXPECT_NEAR(total(Profile::linear, n / 2, n) / total(Profile::linear, 0, n), 0.75, 0.005);
  EXPECT_EQ(total(Profile::uniform, 0, n), 64.0 * n);
  EXPECT_NEAR(total(Profile::random, 0, n) / n, 63.5, 1.0);
  // Heavy tail: the heaviest element outweighs a hundred average ones.
  std::uint32_t heaviest = 0;
  for (std::size_t i = 0; i < n; ++i) {
    heaviest = std::max(heaviest, skewed_map::work_of(Profile::heavy_tail, 64, 5, i, n));
  }
  EXPECT_GT(heaviest, 64u * 100);
  EXPECT_EQ(skewed_map::work_of(Profile::random, 64, 5, 7, n),
            skewed_map::work_of(Profile::random, 64, 5, 7, n));
  EXPECT_NE(total(Profile::random, 0, 64), total(Profile::random, 64, 128));
}

TEST(Kernels, SkewedMapCatchesARepeatedIteration) {
  std::vector<std::uint32_t> work{3, 0, 70000, 5};
  std::vector<std::uint64_t> y(work.size());
  for (std::size_t i = 0; i < y.size(); ++i) y[i] = skewed_map::initial_y(9, i);
  const skewed_map::Arrays arrays{work.data(), y.data(), y.size()};
  skewed_map::run_seq(arrays);
  skewed_map::run_seq(arrays);
  EXPECT_TRUE(skewed_map::verify(arrays, 9, 2).ok);
  // Element 3 runs once more, as a schedule handing out one chunk twice would make it.
  for (std::uint32_t k = 0; k < work[3]; ++k)
    y[3] = skewed_map::kMultiplier * y[3] + skewed_map::kIncrement;
  const Verdict verdict = skewed_map::verify(arrays, 9, 2);
  EXPECT_FALSE(verdict.ok);
  EXPECT_NE(verdict.detail.find("y[3]"), std::string::npos) << verdict.detail;
}

}  // namespace
}  // namespace sb
