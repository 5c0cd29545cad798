#include "harness/sweep/worker.hpp"

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <chrono>
#include <memory>

#include "harness/core/error.hpp"
#include "harness/core/stats.hpp"
#include "harness/kernel/kernel.hpp"
#include "harness/machine/machine_load.hpp"
#include "harness/machine/pin_plan.hpp"
#include "harness/runtime/team_runtime.hpp"
#include "harness/sweep/progress.hpp"
#include "harness/sweep/stop.hpp"

namespace sb {

void to_json(nlohmann::json& j, const GroupSpec& s) {
  nlohmann::json points = nlohmann::json::array();
  for (const PointSpec& p : s.points)
    points.push_back({{"kernel", p.kernel}, {"variant", p.variant}});
  j = {{"backend", format_as(s.backend)},
       {"threads", s.threads},
       {"pin", format_as(s.pin)},
       {"points", points},
       {"sizes", s.sizes},
       {"params", s.params},
       {"repetitions", s.repetitions},
       {"min_time_s", s.min_time_s},
       {"seed", s.seed},
       {"weak_scaling", s.weak_scaling},
       {"inject_fault", s.inject_fault},
       {"max_cv", s.max_cv},
       {"max_other_busy_cpus", s.max_other_busy_cpus},
       {"progress_offset", s.progress_offset},
       {"progress_total", s.progress_total}};
}

void from_json(const nlohmann::json& j, GroupSpec& s) {
  s.backend = parse_backend(j.at("backend").get<std::string>());
  j.at("threads").get_to(s.threads);
  s.pin = parse_pin_policy(j.at("pin").get<std::string>());
  s.points.clear();
  for (const auto& p : j.at("points")) s.points.push_back({p.at("kernel"), p.at("variant")});
  j.at("sizes").get_to(s.sizes);
  j.at("params").get_to(s.params);
  j.at("repetitions").get_to(s.repetitions);
  s.weak_scaling = j.value("weak_scaling", false);
  s.inject_fault = j.value("inject_fault", std::string{});
  s.max_cv = j.value("max_cv", kDefaultMaxCv);
  s.max_other_busy_cpus = j.value("max_other_busy_cpus", 0.25);
  j.at("min_time_s").get_to(s.min_time_s);
  j.at("seed").get_to(s.seed);
  j.at("progress_offset").get_to(s.progress_offset);
  j.at("progress_total").get_to(s.progress_total);
}

Point planned_point(const GroupSpec& spec, const PointSpec& ps, bool oversubscribed,
                    bool uses_smt_siblings) {
  const KernelInfo& kernel = find_kernel(ps.kernel);
  const KernelConfig config = make_config(
      kernel, spec.sizes.at(ps.kernel), spec.seed,
      spec.params.count(ps.kernel) ? spec.params.at(ps.kernel) : std::map<std::string, double>{});
  Point point;
  point.kernel = ps.kernel;
  point.backend = std::string(format_as(spec.backend));
  point.variant = ps.variant;
  point.threads = spec.threads;
  point.pin = std::string(format_as(spec.pin));
  point.size = config.size;
  point.params = config.params;
  point.oversubscribed = oversubscribed;
  point.uses_smt_siblings = uses_smt_siblings;
  point.weak_scaling = spec.weak_scaling;
  const VariantSpec variant = find_variant(kernel, spec.backend, ps.variant);
  point.teaching_only = variant.teaching_only;
  if (variant.schedule) point.chunks_per_run = exact_chunks_per_run(*variant.schedule, config.size);
  if (kernel.bytes_per_element > 0) point.bytes_per_run = kernel.bytes_per_element * config.size;
  if (kernel.flops_per_element > 0) point.flops_per_run = kernel.flops_per_element * config.size;
  return point;
}

namespace {

// One point's state across Google Benchmark's calls of its body (iteration-count estimation and
// every repetition): the verdicts and placements of all calls are merged.
struct PointState {
  const KernelInfo* kernel = nullptr;
  VariantSpec variant;
  std::string benchmark_name;  // what Google Benchmark reports it as
  Point point;
  std::vector<std::vector<int>> observed;  // per worker, union over timed runs
  bool any_failure = false;
  bool started = false;
  bool interrupted = false;  // stopped before it finished: not a result
  bool done = false;
  long involuntary_switches = 0;  // during the timed loops
  double timed_seconds = 0;
  double others_seconds = 0;  // busy time on the point's PUs not spent by this process
};

// Keeps one kernel's data alive while its variants run, and frees it before the next kernel.
class InstanceCache {
 public:
  InstanceCache(const GroupSpec& spec, TeamRuntime& runtime) : spec_(spec), runtime_(runtime) {}
  KernelInstance& get(const KernelInfo& kernel) {
    if (name_ != kernel.name) {
      instance_.reset();
      const auto overrides = spec_.params.count(kernel.name) ? spec_.params.at(kernel.name)
                                                             : std::map<std::string, double>{};
      const KernelConfig config =
          make_config(kernel, spec_.sizes.at(kernel.name), spec_.seed, overrides);
      runtime_.execute([&] { instance_ = kernel.create(config, runtime_.team()); });
      name_ = kernel.name;
    }
    return *instance_;
  }

 private:
  const GroupSpec& spec_;
  TeamRuntime& runtime_;
  std::string name_;
  std::unique_ptr<KernelInstance> instance_;
};

void merge_observed(PointState& state, const PlacementProbe& probe) {
  for (int w = 0; w < probe.workers(); ++w) {
    for (int pu : probe.observed(w)) {
      auto& seen = state.observed[w];
      if (std::find(seen.begin(), seen.end(), pu) == seen.end()) seen.push_back(pu);
    }
  }
}

void run_body(benchmark::State& bench, PointState& state, InstanceCache& cache,
              TeamRuntime& runtime, Progress& progress, const std::string& inject_fault,
              const std::vector<int>& pus) {
  if (stop_requested()) {
    state.interrupted = true;
    bench.SkipWithError("interrupted");
    return;
  }
  if (!state.started) {
    state.started = true;
    progress.point_started(state.point);
  }
  try {
    KernelInstance& instance = cache.get(*state.kernel);
    runtime.execute([&] {
      instance.reset();
      const std::function<void()> run = instance.variant(state.variant);
      run();  // untimed warm-up: wakes the pool and faults in pages
      runtime.probe().clear();
      // Involuntary context switches of the whole process while timing: another process taking
      // a worker's PU shows up here even when the times themselves look steady.
      // Busy time on our PUs that we did not spend ourselves is another process's.
      rusage before{}, after{};
      getrusage(RUSAGE_SELF, &before);
      const double busy_before = busy_seconds_on(pus), own_before = own_cpu_seconds();
      const auto start = std::chrono::steady_clock::now();
      for (auto _ : bench) run();
      state.timed_seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      state.others_seconds +=
          (busy_seconds_on(pus) - busy_before) - (own_cpu_seconds() - own_before);
      getrusage(RUSAGE_SELF, &after);
      state.involuntary_switches += after.ru_nivcsw - before.ru_nivcsw;
      // The calling thread is worker 0 of every backend; seq variants report through this.
      runtime.probe().sample(0);
    });
    merge_observed(state, runtime.probe());
    if (inject_fault == state.kernel->name) {
      instance.corrupt_output();  // --inject-fault: verification must catch it
      state.point.fault_injected = true;
    }
    const Verdict verdict = instance.verify(1 + static_cast<std::uint64_t>(bench.iterations()));
    // The first failure explains the point; a later pass must not overwrite it.
    if (!state.any_failure) state.point.verification = verdict.detail;
    for (const auto& [name, value] : verdict.measures) state.point.measures[name] = value;
    // A failed verification keeps its time (SkipWithError would zero it): the point is marked
    // unverified instead and never enters a fit.
    if (!verdict.ok) state.any_failure = true;
  } catch (const std::exception& e) {
    state.any_failure = true;
    state.point.error = e.what();
    bench.SkipWithError(e.what());
  }
}

// Spread, robust outliers and preemption, flagged against the group's thresholds.
void assess_stability(PointState& state, const GroupSpec& spec) {
  Point& point = state.point;
  const double cv = coefficient_of_variation(point.seconds);
  point.cv = std::isfinite(cv) ? std::optional<double>(cv) : std::nullopt;
  const double center = median(point.seconds);
  std::vector<double> deviations;
  for (double s : point.seconds) deviations.push_back(std::fabs(s - center));
  const double scaled_mad = 1.4826 * median(deviations);
  point.outliers = 0;
  for (double d : deviations) point.outliers += scaled_mad > 0 && d > 3 * scaled_mad;
  point.preemptions_per_second =
      state.timed_seconds > 0 ? state.involuntary_switches / state.timed_seconds : 0.0;
  point.other_busy_cpus =
      state.timed_seconds > 0 ? std::max(0.0, state.others_seconds / state.timed_seconds) : 0.0;
  point.stability_flags.clear();
  if (point.cv && *point.cv > spec.max_cv) point.stability_flags.push_back("high_cv");
  if (point.other_busy_cpus > spec.max_other_busy_cpus)
    point.stability_flags.push_back("contended");
}

// Fills in the verdict and the proof of placement once all of a point's runs are done.
void finalize(PointState& state, const PinPlan& plan, const TeamRuntime& runtime) {
  Point& point = state.point;
  point.verified = !state.any_failure && point.error.empty() && !point.seconds.empty();
  // Proof needs evidence: worker 0 (the calling thread) must have been seen, and every worker
  // seen must have run only on its PU. A worker never seen is not misplaced, but the point did
  // not run on all its threads: it is counted as idle, and that too keeps it out of fits.
  bool placed = !state.observed.empty() && !state.observed[0].empty();
  point.placement.clear();
  point.idle_workers = 0;
  for (int w = 0; w < plan.threads; ++w) {
    std::sort(state.observed[w].begin(), state.observed[w].end());
    point.placement.push_back({w, plan.pu_per_worker[w], state.observed[w]});
    point.idle_workers += state.observed[w].empty();
    for (int pu : state.observed[w]) placed = placed && pu == plan.pu_per_worker[w];
  }
  if (plan.policy != PinPolicy::none) point.placement_ok = placed && runtime.bind_failures() == 0;
}

// Collects every repetition's wall time (aggregates are recomputed from the raw samples later).
class CollectingReporter : public benchmark::BenchmarkReporter {
 public:
  CollectingReporter(std::map<std::string, PointState*> by_name, const GroupSpec& spec,
                     const PinPlan& plan, const TeamRuntime& runtime, Progress& progress,
                     const PointSink& sink)
      : by_name_(std::move(by_name)),
        spec_(spec),
        plan_(plan),
        runtime_(runtime),
        progress_(progress),
        sink_(sink) {}
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    PointState* state = nullptr;
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration) continue;
      state = by_name_.at(run.run_name.function_name);
      // A repetition that threw has no meaningful time (run_body recorded the error).
      if (run.error_occurred) continue;
      if (run.iterations > 0) {
        state->point.seconds.push_back(run.real_accumulated_time / run.iterations);
        state->point.iterations.push_back(run.iterations);
      }
    }
    if (state == nullptr || state->interrupted) return;
    finalize(*state, plan_, runtime_);
    assess_stability(*state, spec_);
    progress_.point_done(state->point);
    state->done = true;
    if (sink_) sink_(state->point);
  }

 private:
  std::map<std::string, PointState*> by_name_;
  const GroupSpec& spec_;
  const PinPlan& plan_;
  const TeamRuntime& runtime_;
  Progress& progress_;
  const PointSink& sink_;
};

// Google Benchmark 1.7 exposes random interleaving only as a command-line flag.
void enable_random_interleaving() {
  static const bool enabled = [] {
    char program[] = "scalebench", flag[] = "--benchmark_enable_random_interleaving=true";
    char* argv[] = {program, flag, nullptr};
    int argc = 2;
    benchmark::Initialize(&argc, argv);
    return true;
  }();
  (void)enabled;
}

}  // namespace

std::vector<Point> run_group(const GroupSpec& spec, const PointSink& sink) {
  const Topology topology = Topology::load_for_this_process();
  const PinPlan plan = plan_pinning(topology, spec.threads, spec.pin);
  std::unique_ptr<TeamRuntime> runtime = TeamRuntime::create(spec.backend, topology, plan);
  InstanceCache cache(spec, *runtime);
  // The PUs this group's workers run on (all allowed PUs when unpinned).
  std::vector<int> pus;
  for (int pu : plan.pu_per_worker) {
    if (pu != kUnpinned && std::find(pus.begin(), pus.end(), pu) == pus.end()) pus.push_back(pu);
  }
  if (pus.empty()) {
    for (const CoreInfo& core : topology.cores()) {
      for (unsigned pu : core.pu_os_indices) pus.push_back(static_cast<int>(pu));
    }
  }

  Progress progress(spec.progress_offset, spec.progress_total);
  enable_random_interleaving();
  std::vector<std::unique_ptr<PointState>> states;
  std::map<std::string, PointState*> by_name;
  for (const PointSpec& ps : spec.points) {
    auto state = std::make_unique<PointState>();
    state->kernel = &find_kernel(ps.kernel);
    state->variant = find_variant(*state->kernel, spec.backend, ps.variant);
    state->point = planned_point(spec, ps, plan.oversubscribed, plan.uses_smt_siblings);
    state->observed.resize(spec.threads);
    state->benchmark_name = state->point.series() + fmt::format("/threads:{}", spec.threads);
    by_name[state->benchmark_name] = state.get();
    states.push_back(std::move(state));
  }
  CollectingReporter reporter(by_name, spec, plan, *runtime, progress, sink);

  // One kernel at a time, its variants' repetitions shuffled together: drift (thermal, another
  // tenant) then spreads over every variant instead of favouring whichever ran first, and the
  // kernel's data is created once for all of them.
  for (std::size_t first = 0; first < states.size();) {
    std::size_t last = first;
    while (last < states.size() && states[last]->kernel == states[first]->kernel) ++last;
    for (std::size_t i = first; i < last; ++i) {
      PointState* raw = states[i].get();
      benchmark::RegisterBenchmark(
          raw->benchmark_name.c_str(),
          [raw, &cache, &runtime, &progress, &spec, &pus](benchmark::State& bench) {
            run_body(bench, *raw, cache, *runtime, progress, spec.inject_fault, pus);
          })
          ->UseRealTime()
          ->Repetitions(spec.repetitions)
          ->MinTime(spec.min_time_s)
          ->Unit(benchmark::kMillisecond);
    }
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::ClearRegisteredBenchmarks();
    first = last;
  }

  std::vector<Point> points;
  for (auto& state : states) {
    if (state->done) points.push_back(std::move(state->point));
  }
  return points;
}

}  // namespace sb
