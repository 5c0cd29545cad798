// Hand-tuned reference loops beside the registered map and reduce kernels, at 1 to N threads.
// One process must hold one parallel runtime only, so run it once per backend:
//   build/scalebench_bench --benchmark_filter='omp'    (kernels and references, OpenMP)
//   build/scalebench_bench --benchmark_filter='tbb'    (kernels, oneTBB)
// scripts/bandwidth-check does both and prints each kernel's fraction of its reference.
#include <benchmark/benchmark.h>
#include <immintrin.h>
#include <omp.h>

#include <map>
#include <memory>

#include "harness/kernel.hpp"
#include "harness/pinning.hpp"
#include "harness/runtime.hpp"
#include "harness/seeded.hpp"
#include "harness/buffer.hpp"

namespace {

constexpr std::size_t kElements = std::size_t{1} << 26;  // 512 MiB an array: far past any cache

sb::TeamRuntime& team_for(sb::Backend backend, int threads) {
  static const sb::Topology topology = sb::Topology::load_for_this_process();
  static std::map<std::pair<sb::Backend, int>, std::unique_ptr<sb::TeamRuntime>> runtimes;
  auto& runtime = runtimes[{backend, threads}];
  if (!runtime) {
    runtime = sb::TeamRuntime::create(
        backend, topology, sb::plan_pinning(topology, threads, sb::PinPolicy::compact));
  }
  return *runtime;
}

// y = a*x + y written for this machine: restrict pointers, 64-byte alignment, one contiguous
// block a thread, vectorised by omp simd.
void triad_reference(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  sb::TeamRuntime& team = team_for(sb::Backend::omp, threads);
  sb::AlignedBuffer<double> x(kElements), y(kElements);
  sb::first_touch(team.team(), kElements, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) x[i] = sb::seeded_unit(1, i), y[i] = sb::seeded_unit(2, i);
  });
  double* __restrict yp = y.data();
  const double* __restrict xp = x.data();
  auto run = [=] {
#pragma omp parallel num_threads(threads)
    {
#pragma omp for simd schedule(static) aligned(xp, yp : 64) nowait
      for (std::size_t i = 0; i < kElements; ++i) yp[i] = 0.5 * xp[i] + yp[i];
    }
  };
  run();
  for (auto _ : state) run();
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(24 * kElements));
}

// Sum with AVX2 intrinsics and four independent accumulators a thread.
double sum_avx2(const double* x, std::size_t n) {
  __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    a0 = _mm256_add_pd(a0, _mm256_load_pd(x + i));
    a1 = _mm256_add_pd(a1, _mm256_load_pd(x + i + 4));
    a2 = _mm256_add_pd(a2, _mm256_load_pd(x + i + 8));
    a3 = _mm256_add_pd(a3, _mm256_load_pd(x + i + 12));
  }
  alignas(32) double lanes[4];
  _mm256_store_pd(lanes, _mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3)));
  double sum = lanes[0] + lanes[1] + lanes[2] + lanes[3];
  for (; i < n; ++i) sum += x[i];
  return sum;
}

void sum_reference(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  sb::TeamRuntime& team = team_for(sb::Backend::omp, threads);
  sb::AlignedBuffer<double> x(kElements);
  sb::first_touch(team.team(), kElements, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) x[i] = sb::seeded_unit(1, i);
  });
  const double* xp = x.data();
  double sum = 0;
  auto run = [&] {
    double total = 0;
#pragma omp parallel num_threads(threads) reduction(+ : total)
    {
      // Blocks a multiple of 16 elements long keep every load 32-byte aligned.
      const std::size_t t = omp_get_thread_num(), p = omp_get_num_threads();
      const std::size_t block = (kElements / 16 + p - 1) / p * 16;
      const std::size_t begin = std::min(kElements, t * block);
      const std::size_t end = std::min(kElements, begin + block);
      total += sum_avx2(xp + begin, end - begin);
    }
    sum = total;
  };
  run();
  for (auto _ : state) run();
  benchmark::DoNotOptimize(sum);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(8 * kElements));
}

// A registered kernel variant, timed the same way as the references.
void kernel_variant(benchmark::State& state, const sb::KernelInfo* kernel, sb::VariantSpec variant) {
  const int threads = static_cast<int>(state.range(0));
  sb::TeamRuntime& team = team_for(variant.backend, threads);
  std::unique_ptr<sb::KernelInstance> instance;
  team.execute([&] {
    instance = kernel->create(sb::make_config(*kernel, kElements, 42, {}), team.team());
    instance->reset();
    const std::function<void()> run = instance->variant(variant);
    run();
    for (auto _ : state) run();
  });
  if (!instance->verify(1 + state.iterations()).ok) state.SkipWithError("verification failed");
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(kernel->bytes_per_element * kElements));
}

void apply_thread_args(benchmark::internal::Benchmark* b) {
  b->ArgName("threads")->UseRealTime()->MinTime(0.5)->Unit(benchmark::kMillisecond);
  const int cores = sb::Topology::load_for_this_process().core_count();
  for (int t = 1; t <= cores; t *= 2) b->Arg(t);
  if ((cores & (cores - 1)) != 0) b->Arg(cores);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::RegisterBenchmark("triad_reference/omp", triad_reference)->Apply(apply_thread_args);
  benchmark::RegisterBenchmark("sum_reference/omp", sum_reference)->Apply(apply_thread_args);
  for (const char* name : {"map", "reduce"}) {
    const sb::KernelInfo& kernel = sb::find_kernel(name);
    for (const sb::VariantSpec& variant : kernel.variants) {
      if (variant.backend == sb::Backend::seq) continue;
      const std::string label =
          fmt::format("{}/{}/{}", name, format_as(variant.backend), variant.name);
      benchmark::RegisterBenchmark(label.c_str(), kernel_variant, &kernel, variant)
          ->Apply(apply_thread_args);
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
