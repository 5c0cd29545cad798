// Hand-tuned reference loops beside the map and reduce kernels' own variant functions, at 1 to
// N threads, all reading and writing the same arrays of one process. Comparing on the same
// physical pages matters: on the VM this was written on, the bandwidth one process gets varies
// by up to 1.7x from the next process's pages, far more than the kernels differ.
//
// One parallel runtime a process, apart from the OpenMP references, so run it once per backend:
//   build/scalebench_bench --benchmark_filter='reference|/omp'
//   OMP_WAIT_POLICY=passive build/scalebench_bench --benchmark_filter='reference|/tbb'
// (passive: idle OpenMP threads sleep at once instead of spinning on oneTBB's cores).
// scripts/bandwidth-check does both, with random interleaving, and prints the ratios.
#include <benchmark/benchmark.h>
#include <immintrin.h>
#include <omp.h>

#include <map>
#include <memory>

#include "harness/kernel/buffer.hpp"
#include "harness/kernel/seeded_inputs.hpp"
#include "harness/machine/pin_plan.hpp"
#include "harness/runtime/tbb_schedule.hpp"
#include "harness/runtime/team_runtime.hpp"
#include "kernels/map/map.hpp"
#include "kernels/reduce/reduce.hpp"

namespace {

constexpr std::size_t kElements = std::size_t{1} << 26;  // 512 MiB an array: far past any cache

const sb::Topology& machine() {
  static const sb::Topology topology = sb::Topology::load_for_this_process();
  return topology;
}

sb::TeamRuntime& team_for(sb::Backend backend, int threads) {
  static std::map<std::pair<sb::Backend, int>, std::unique_ptr<sb::TeamRuntime>> runtimes;
  auto& runtime = runtimes[{backend, threads}];
  if (!runtime) {
    runtime = sb::TeamRuntime::create(backend, machine(),
                                      sb::plan_pinning(machine(), threads, sb::PinPolicy::compact));
  }
  return *runtime;
}

// The arrays every benchmark of this process shares, first touched once by an OpenMP team.
struct Arrays {
  sb::AlignedBuffer<double> x{kElements}, y{kElements};
  Arrays() {
    sb::first_touch(team_for(sb::Backend::omp, machine().core_count()).team(), kElements,
                    [this](std::size_t b, std::size_t e) {
                      for (std::size_t i = b; i < e; ++i) {
                        x[i] = sb::seeded_unit(1, i);
                        y[i] = sb::seeded_unit(2, i);
                      }
                    });
  }
};

Arrays& arrays() {
  static Arrays shared;
  return shared;
}

template <typename Run>
void time_runs(benchmark::State& state, Run run, double bytes_per_run) {
  run();  // wakes the pool
  for (auto _ : state) run();
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes_per_run));
}

// y = a*x + y written for this machine: restrict pointers, 64-byte alignment, one contiguous
// block a thread, vectorised by omp simd.
void triad_reference(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  team_for(sb::Backend::omp, threads);
  double* __restrict y = arrays().y.data();
  const double* __restrict x = arrays().x.data();
  time_runs(
      state,
      [=] {
#pragma omp parallel num_threads(threads)
        {
#pragma omp for simd schedule(static) aligned(x, y : 64) nowait
          for (std::size_t i = 0; i < kElements; ++i) y[i] = 0.5 * x[i] + y[i];
        }
      },
      24.0 * kElements);
}

// Sum with AVX2 intrinsics and four independent accumulators a thread.
double sum_avx2(const double* x, std::size_t n) {
  __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
  const std::size_t vector_end = n / 16 * 16;
  for (std::size_t i = 0; i < vector_end; i += 16) {
    a0 = _mm256_add_pd(a0, _mm256_load_pd(x + i));
    a1 = _mm256_add_pd(a1, _mm256_load_pd(x + i + 4));
    a2 = _mm256_add_pd(a2, _mm256_load_pd(x + i + 8));
    a3 = _mm256_add_pd(a3, _mm256_load_pd(x + i + 12));
  }
  alignas(32) double lanes[4];
  _mm256_store_pd(lanes, _mm256_add_pd(_mm256_add_pd(a0, a1), _mm256_add_pd(a2, a3)));
  double sum = lanes[0] + lanes[1] + lanes[2] + lanes[3];
  for (std::size_t i = vector_end; i < n; ++i) sum += x[i];
  return sum;
}

void sum_reference(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  team_for(sb::Backend::omp, threads);
  const double* x = arrays().x.data();
  double sum = 0;
  time_runs(
      state,
      [&] {
        double total = 0;
#pragma omp parallel num_threads(threads) reduction(+ : total)
        {
          // Blocks a multiple of 16 elements long keep every load 32-byte aligned.
          const std::size_t t = omp_get_thread_num(), p = omp_get_num_threads();
          const std::size_t block = (kElements / 16 + p - 1) / p * 16;
          const std::size_t begin = std::min(kElements, t * block);
          const std::size_t end = std::min(kElements, begin + block);
          total += sum_avx2(x + begin, end - begin);
        }
        sum = total;
      },
      8.0 * kElements);
  benchmark::DoNotOptimize(sum);
}

void map_kernel(benchmark::State& state, sb::Backend backend) {
  sb::TeamRuntime& team = team_for(backend, static_cast<int>(state.range(0)));
  const sb::map::Arrays a{arrays().x.data(), arrays().y.data(), kElements, sb::map::kScale};
  // The schedules the default sweep names "static" and "auto".
  const sb::Schedule omp_static{sb::ScheduleKind::omp_static, 0};
  const sb::Schedule tbb_auto{sb::ScheduleKind::tbb_auto, 0};
  sb::AffinityMemory unused_affinity;
  team.execute([&] {
    time_runs(
        state,
        [&] {
          if (backend == sb::Backend::omp) sb::map::run_omp(a, team.team(), omp_static);
          if (backend == sb::Backend::tbb) {
            sb::map::run_tbb(a, team.team(), tbb_auto, unused_affinity);
          }
        },
        sb::map::kBytesPerElement * kElements);
  });
}

void reduce_kernel(benchmark::State& state, sb::Backend backend) {
  sb::TeamRuntime& team = team_for(backend, static_cast<int>(state.range(0)));
  const double* x = arrays().x.data();
  double sum = 0;
  team.execute([&] {
    time_runs(
        state,
        [&] {
          sum = backend == sb::Backend::omp ? sb::reduce::run_omp(x, kElements, team.team())
                                            : sb::reduce::run_tbb(x, kElements, team.team());
        },
        sb::reduce::kBytesPerElement * kElements);
  });
  const double reference = sum_avx2(x, kElements);
  if (!sb::reduce::verify(sum, reference, kElements, team.team().threads).ok) {
    state.SkipWithError("the kernel's sum disagrees with the reference");
  }
}

void apply_thread_args(benchmark::internal::Benchmark* b) {
  b->ArgName("threads")->UseRealTime()->MinTime(0.3)->Unit(benchmark::kMillisecond);
  const int cores = machine().core_count();
  for (int t = 1; t <= cores; t *= 2) b->Arg(t);
  if ((cores & (cores - 1)) != 0) b->Arg(cores);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::RegisterBenchmark("triad_reference", triad_reference)->Apply(apply_thread_args);
  benchmark::RegisterBenchmark("sum_reference", sum_reference)->Apply(apply_thread_args);
  for (sb::Backend backend : {sb::Backend::omp, sb::Backend::tbb}) {
    const std::string suffix = fmt::format("/{}", format_as(backend));
    benchmark::RegisterBenchmark(("map" + suffix).c_str(), map_kernel, backend)
        ->Apply(apply_thread_args);
    benchmark::RegisterBenchmark(("reduce" + suffix).c_str(), reduce_kernel, backend)
        ->Apply(apply_thread_args);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
