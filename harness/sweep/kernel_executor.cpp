#include "harness/sweep/kernel_executor.hpp"

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <optional>

#include "harness/machine/machine_load.hpp"
#include "harness/machine/pin_plan.hpp"
#include "harness/runtime/team_runtime.hpp"

namespace sb {
namespace {

struct KernelPoint {
  const KernelInfo* kernel = nullptr;
  VariantSpec variant;
  std::int64_t runs_per_repetition = 0;  // Google Benchmark's estimate, made on the first one
  std::uint64_t runs_since_reset = 0;
  std::vector<std::vector<int>> observed;  // per worker, union over timed runs
};

// Collects the one repetition a Google Benchmark run was asked for.
class OneRunReporter : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type == Run::RT_Iteration && !run.error_occurred) last = run;
    }
  }
  std::optional<Run> last;
};

class KernelExecutor final : public Executor {
 public:
  explicit KernelExecutor(const GroupSpec& spec)
      : spec_(spec),
        topology_(Topology::load_for_this_process()),
        plan_(plan_pinning(topology_, spec.threads, spec.pin)),
        runtime_(TeamRuntime::create(spec.backend, topology_, plan_)) {
    for (const Point& p : spec.points) {
      KernelPoint k;
      k.kernel = &find_kernel(p.kernel);
      k.variant = find_variant(*k.kernel, spec.backend, p.variant);
      k.observed.resize(spec.threads);
      points_.push_back(std::move(k));
    }
    // The PUs the workers run on (all allowed PUs when unpinned), for the contention measure.
    for (int pu : plan_.pu_per_worker) {
      if (pu != kUnpinned && std::find(pus_.begin(), pus_.end(), pu) == pus_.end())
        pus_.push_back(pu);
    }
    if (pus_.empty()) {
      for (const CoreInfo& core : topology_.cores()) {
        for (unsigned pu : core.pu_os_indices) pus_.push_back(static_cast<int>(pu));
      }
    }
  }

  // Keeps one kernel's data alive while its variants run, and frees it before the next kernel.
  void prepare(std::size_t index) override {
    const Point& point = spec_.points[index];
    if (instance_kernel_ == point.kernel) return;
    instance_.reset();
    const KernelConfig config =
        make_config(*points_[index].kernel, point.size, spec_.seed, point.params);
    runtime_->execute([&] { instance_ = points_[index].kernel->create(config, runtime_->team()); });
    instance_kernel_ = point.kernel;
  }

  Repetition measure(std::size_t index) override {
    KernelPoint& k = points_[index];
    Repetition repetition;
    std::exception_ptr failure;
    auto* benchmark = benchmark::RegisterBenchmark(spec_.points[index].series().c_str(),
                                                   [&](benchmark::State& state) {
                                                     // An exception must not unwind through Google
                                                     // Benchmark, which would keep this benchmark
                                                     // registered: it is carried out and rethrown
                                                     // below.
                                                     try {
                                                       timed_loop(state, k, repetition);
                                                     } catch (...) {
                                                       failure = std::current_exception();
                                                       state.SkipWithError("the run failed");
                                                     }
                                                   });
    benchmark->UseRealTime()->Repetitions(1);
    // The first repetition lets Google Benchmark choose the run count for min_time; the later
    // ones reuse it, as its own repetitions would.
    if (k.runs_per_repetition > 0) {
      benchmark->Iterations(k.runs_per_repetition);
    } else {
      benchmark->MinTime(spec_.min_time_s);
    }
    OneRunReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::ClearRegisteredBenchmarks();
    if (failure) std::rethrow_exception(failure);
    if (!reporter.last || reporter.last->iterations <= 0) return repetition;
    k.runs_per_repetition = reporter.last->iterations;
    repetition.runs = reporter.last->iterations;
    repetition.seconds_per_run = reporter.last->real_accumulated_time / repetition.runs;
    return repetition;
  }

  Verdict verify(std::size_t index) override {
    if (spec_.inject_fault == spec_.points[index].kernel) {
      instance_->corrupt_output();  // --inject-fault: verification must catch it
    }
    return instance_->verify(points_[index].runs_since_reset);
  }

  PlacementReport placement(std::size_t index) const override {
    PlacementReport report;
    for (int w = 0; w < plan_.threads; ++w) {
      report.workers.push_back({w, plan_.pu_per_worker[w], points_[index].observed[w]});
    }
    report.pinned = plan_.policy != PinPolicy::none;
    report.bind_failures = runtime_->bind_failures();
    report.oversubscribed = plan_.oversubscribed;
    report.uses_smt_siblings = plan_.uses_smt_siblings;
    return report;
  }

 private:
  // One call of Google Benchmark's body: untimed reset and warm-up, then the timed runs.
  void timed_loop(benchmark::State& state, KernelPoint& k, Repetition& repetition) {
    runtime_->execute([&] {
      instance_->reset();
      const std::function<void()> run = instance_->variant(k.variant);
      run();  // untimed warm-up: wakes the pool and faults in pages
      runtime_->probe().clear();
      // Involuntary context switches of the whole process while timing: another process taking
      // a worker's PU shows up here even when the times themselves look steady. Busy time on our
      // PUs that we did not spend ourselves is another process's.
      rusage before{}, after{};
      getrusage(RUSAGE_SELF, &before);
      const double busy_before = busy_seconds_on(pus_), own_before = own_cpu_seconds();
      const auto start = std::chrono::steady_clock::now();
      for (auto _ : state) run();
      repetition.timed_seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      repetition.other_busy_seconds +=
          (busy_seconds_on(pus_) - busy_before) - (own_cpu_seconds() - own_before);
      getrusage(RUSAGE_SELF, &after);
      repetition.involuntary_switches += after.ru_nivcsw - before.ru_nivcsw;
      // The calling thread is worker 0 of every backend; seq variants report through this.
      runtime_->probe().sample(0);
    });
    k.runs_since_reset = 1 + static_cast<std::uint64_t>(state.iterations());
    runtime_->probe().add_observed_to(k.observed);
  }

  const GroupSpec& spec_;
  Topology topology_;
  PinPlan plan_;
  std::unique_ptr<TeamRuntime> runtime_;
  std::vector<KernelPoint> points_;
  std::vector<int> pus_;
  std::string instance_kernel_;
  std::unique_ptr<KernelInstance> instance_;
};

}  // namespace

std::unique_ptr<Executor> make_kernel_executor(const GroupSpec& spec) {
  return std::make_unique<KernelExecutor>(spec);
}

}  // namespace sb
