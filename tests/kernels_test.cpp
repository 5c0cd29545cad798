// Every registered kernel and variant produces verified output, and every verifier catches a
// damaged output. Sizes are small and odd so that partitions have remainders.
#include "harness/kernel.hpp"

#include <gtest/gtest.h>

#include "harness/error.hpp"
#include "harness/pinning.hpp"
#include "harness/runtime.hpp"
#include "kernels/pipeline/pipeline.hpp"
#include "kernels/reduce/reduce.hpp"

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
    for (Backend backend : kAllBackends) {
      EXPECT_TRUE(std::any_of(kernel.variants.begin(), kernel.variants.end(),
                              [&](const VariantSpec& v) { return v.backend == backend; }))
          << name << " lacks a " << format_as(backend) << " variant";
    }
  }
  EXPECT_THROW(find_kernel("nosuch"), ConfigError);
}

TEST(Kernels, EveryVariantVerifiesAtOneAndTwoThreads) {
  for (const KernelInfo& kernel : kernels()) {
    for (const VariantSpec& variant : kernel.variants) {
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
  auto runtime = TeamRuntime::create(Backend::omp, machine(),
                                     plan_pinning(machine(), 2, PinPolicy::compact));
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

}  // namespace
}  // namespace sb
