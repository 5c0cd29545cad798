#include "harness/mpi/mpi_group.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "harness/core/atomic_file.hpp"
#include "harness/kernel/kernel.hpp"
#include "harness/machine/machine_load.hpp"
#include "harness/machine/pin_plan.hpp"
#include "harness/mpi/mpi_kernel.hpp"
#include "harness/mpi/rank_gather.hpp"
#include "harness/runtime/team_runtime.hpp"
#include "harness/sweep/executor.hpp"
#include "harness/sweep/manifest.hpp"
#include "harness/sweep/stop.hpp"
#include "harness/sweep/worker_process.hpp"

namespace sb {
namespace {

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// This rank's share of its host's pin plan: the host's ranks take consecutive slices of one plan
// for all their threads, by local rank, so the ranks of a host never share a PU while PUs last.
PinPlan rank_plan(const MpiSession& session, const Topology& topology, const GroupSpec& spec) {
  const int per_rank = spec.threads / spec.ranks;
  const PinPlan host = plan_pinning(topology, session.local_size() * per_rank, spec.pin);
  PinPlan mine = host;
  mine.threads = per_rank;
  const auto first = host.pu_per_worker.begin() + session.local_rank() * per_rank;
  mine.pu_per_worker.assign(first, first + per_rank);
  return mine;
}

// A point's sums over its repetitions, on every rank for its own share and on rank 0 for all.
struct PointTotals {
  std::int64_t runs_per_repetition = 0;  // fixed by rank 0 on the first repetition
  std::uint64_t runs_since_reset = 0;
  double runs = 0;                         // timed runs so far
  double slowest_s = 0;                    // sum over repetitions of the slowest rank's time
  std::vector<RankTimes> ranks;            // rank 0: each rank's sums
  std::vector<std::vector<int>> observed;  // this rank's threads' PUs during timed runs
};

// Every rank's state, and what each call does on every rank. The leader calls these after
// broadcasting the call; followers call them as the broadcasts arrive.
class GroupRanks {
 public:
  GroupRanks(const MpiSession& session, const GroupSpec& spec)
      : session_(session),
        spec_(spec),
        topology_(Topology::load_for_this_process()),
        plan_(rank_plan(session, topology_, spec)),
        runtime_(TeamRuntime::create(Backend::omp, topology_, plan_)),
        totals_(spec.points.size()) {
    for (int pu : plan_.pu_per_worker) {
      if (pu != kUnpinned) pus_.push_back(pu);
    }
    for (PointTotals& t : totals_) t.observed.resize(static_cast<std::size_t>(plan_.threads));
  }

  void prepare(std::size_t index) {
    const Point& point = spec_.points[index];
    if (instance_kernel_ != point.kernel) {
      instance_.reset();
      const KernelConfig config =
          make_config(find_kernel(point.kernel), point.size, spec_.seed, point.params);
      const RankContext context{MPI_COMM_WORLD, session_.rank(), session_.size(),
                                &runtime_->team()};
      instance_ = find_mpi_kernel(point.kernel)(config, context);
      instance_kernel_ = point.kernel;
    }
    instance_->reset();
  }

  Repetition measure(std::size_t index) {
    PointTotals& totals = totals_[index];
    PhaseClock clock;
    instance_->run(clock);  // untimed warm-up: wakes the team and faults pages in
    if (totals.runs_per_repetition == 0) totals.runs_per_repetition = calibrate(clock);
    runtime_->probe().clear();
    clock.clear();
    rusage before{}, after{};
    getrusage(RUSAGE_SELF, &before);
    const double busy_before = busy_seconds_on(pus_), own_before = own_cpu_seconds();
    MPI_Barrier(MPI_COMM_WORLD);
    const double start = now_s();
    for (std::int64_t r = 0; r < totals.runs_per_repetition; ++r) instance_->run(clock);
    RankTimes mine;
    mine.elapsed_s = now_s() - start;
    for (Phase phase : kPhases)
      mine.phase_s[static_cast<std::size_t>(phase)] = clock.seconds(phase);
    mine.other_busy_s = (busy_seconds_on(pus_) - busy_before) - (own_cpu_seconds() - own_before);
    getrusage(RUSAGE_SELF, &after);
    mine.involuntary_switches = static_cast<double>(after.ru_nivcsw - before.ru_nivcsw);
    totals.runs_since_reset = 1 + static_cast<std::uint64_t>(totals.runs_per_repetition);
    runtime_->probe().sample(0);
    runtime_->probe().add_observed_to(totals.observed);

    const std::vector<RankTimes> all = gather_rank_times(mine);
    Repetition repetition;
    if (session_.rank() != 0) return repetition;
    if (totals.ranks.empty()) totals.ranks.resize(all.size());
    double slowest = 0;
    for (std::size_t r = 0; r < all.size(); ++r) {
      slowest = std::max(slowest, all[r].elapsed_s);
      totals.ranks[r] += all[r];
      repetition.involuntary_switches += static_cast<long>(all[r].involuntary_switches);
      repetition.other_busy_seconds += all[r].other_busy_s;
    }
    const double runs = static_cast<double>(totals.runs_per_repetition);
    totals.runs += runs;
    totals.slowest_s += slowest;
    repetition.runs = totals.runs_per_repetition;
    repetition.seconds_per_run = slowest / runs;
    repetition.timed_seconds = slowest;
    return repetition;
  }

  Verdict verify(std::size_t index) {
    if (spec_.inject_fault == spec_.points[index].kernel && session_.rank() == 0) {
      instance_->corrupt_output();
    }
    Verdict verdict = instance_->verify(totals_[index].runs_since_reset);
    if (session_.rank() == 0) add_phase_measures(totals_[index], verdict);
    return verdict;
  }

  PlacementReport placement(std::size_t index) const {
    std::vector<WorkerPlacement> mine;
    for (int w = 0; w < plan_.threads; ++w) {
      WorkerPlacement worker{w, plan_.pu_per_worker[static_cast<std::size_t>(w)],
                             totals_[index].observed[static_cast<std::size_t>(w)]};
      worker.rank = session_.rank();
      worker.host = session_.host();
      mine.push_back(worker);
    }
    // Each host judges its own ranks: more threads on it than its PUs or cores.
    const int flags[3] = {plan_.oversubscribed ? 1 : 0, plan_.uses_smt_siblings ? 1 : 0,
                          runtime_->bind_failures()};
    int any[3] = {0, 0, 0};
    MPI_Reduce(flags, any, 3, MPI_INT, MPI_MAX, 0, MPI_COMM_WORLD);
    PlacementReport report;
    report.workers = gather_workers(session_, mine);
    report.pinned = plan_.policy != PinPolicy::none;
    report.oversubscribed = any[0] != 0;
    report.uses_smt_siblings = any[1] != 0;
    report.bind_failures = any[2];
    return report;
  }

 private:
  // Runs a repetition takes so that the slowest rank's time reaches min_time: doubled (or more,
  // by what the last batch took) until it does. Decided on rank 0 and broadcast. Untimed.
  std::int64_t calibrate(PhaseClock& clock) {
    std::int64_t runs = 1;
    for (;;) {
      MPI_Barrier(MPI_COMM_WORLD);
      const double start = now_s();
      for (std::int64_t r = 0; r < runs; ++r) instance_->run(clock);
      const double mine = now_s() - start;
      double slowest = 0;
      MPI_Reduce(&mine, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
      std::int64_t next = 0;  // 0: done
      if (session_.rank() == 0 && slowest < spec_.min_time_s && runs < (std::int64_t{1} << 40)) {
        const double factor = slowest > 0 ? 1.4 * spec_.min_time_s / slowest : 10.0;
        next = static_cast<std::int64_t>(
            std::ceil(static_cast<double>(runs) * std::clamp(factor, 2.0, 10.0)));
      }
      MPI_Bcast(&next, 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
      if (next == 0) break;
      runs = next;
    }
    instance_->reset();  // the timed runs start from the seeded state, as verify() assumes
    instance_->run(clock);
    return runs;
  }

  // The POP efficiencies from the phases, per run: load balance is mean over max compute,
  // communication efficiency max compute over the slowest rank's time, parallel efficiency their
  // product. Each rank's own time a run is kept too.
  static void add_phase_measures(const PointTotals& totals, Verdict& verdict) {
    if (totals.runs <= 0 || totals.ranks.empty()) return;
    const double runs = totals.runs, count = static_cast<double>(totals.ranks.size());
    for (Phase phase : kPhases) {
      double max = 0, sum = 0;
      for (const RankTimes& r : totals.ranks) {
        const double s = r.phase_s[static_cast<std::size_t>(phase)] / runs;
        max = std::max(max, s);
        sum += s;
      }
      verdict.measures.emplace_back(fmt::format("{}_s_max", format_as(phase)), max);
      verdict.measures.emplace_back(fmt::format("{}_s_mean", format_as(phase)), sum / count);
    }
    double compute_max = 0, compute_sum = 0;
    for (const RankTimes& r : totals.ranks) {
      compute_max = std::max(compute_max, r.phase_s[0] / runs);
      compute_sum += r.phase_s[0] / runs;
    }
    const double slowest = totals.slowest_s / runs;
    const double balance = compute_max > 0 ? compute_sum / count / compute_max : 1.0;
    const double communication = slowest > 0 ? compute_max / slowest : 1.0;
    verdict.measures.emplace_back("load_balance", balance);
    verdict.measures.emplace_back("communication_efficiency", communication);
    verdict.measures.emplace_back("parallel_efficiency", balance * communication);
    for (std::size_t r = 0; r < totals.ranks.size(); ++r) {
      verdict.measures.emplace_back(fmt::format("rank_{}_s", r), totals.ranks[r].elapsed_s / runs);
    }
  }

  const MpiSession& session_;
  const GroupSpec& spec_;
  Topology topology_;
  PinPlan plan_;
  std::unique_ptr<TeamRuntime> runtime_;
  std::vector<PointTotals> totals_;
  std::vector<int> pus_;
  std::string instance_kernel_;
  std::unique_ptr<MpiKernelInstance> instance_;
};

enum class Call : int { prepare, measure, verify, placement, done };

void broadcast_call(Call& call, std::size_t& index) {
  long long message[2] = {static_cast<long long>(call), static_cast<long long>(index)};
  MPI_Bcast(message, 2, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  call = static_cast<Call>(message[0]);
  index = static_cast<std::size_t>(message[1]);
}

// Rank 0's executor: each call is broadcast, then made here as on every other rank. A call that
// throws ends the whole job (the sweep records the group as failed): run_group would record it
// and go on, while the other ranks might be waiting in a collective of the failed call.
class LeaderExecutor final : public Executor {
 public:
  LeaderExecutor(const MpiSession& session, GroupRanks& ranks) : session_(session), ranks_(ranks) {}
  void prepare(std::size_t index) override {
    guarded(Call::prepare, index, [&] { ranks_.prepare(index); });
  }
  Repetition measure(std::size_t index) override {
    Repetition repetition;
    guarded(Call::measure, index, [&] { repetition = ranks_.measure(index); });
    return repetition;
  }
  Verdict verify(std::size_t index) override {
    Verdict verdict;
    guarded(Call::verify, index, [&] { verdict = ranks_.verify(index); });
    return verdict;
  }
  PlacementReport placement(std::size_t index) const override {
    PlacementReport report;
    guarded(Call::placement, index, [&] { report = ranks_.placement(index); });
    return report;
  }
  void finish() const {
    Call call = Call::done;
    std::size_t index = 0;
    broadcast_call(call, index);
  }

 private:
  template <typename Work>
  void guarded(Call call, std::size_t index, Work&& work) const {
    broadcast_call(call, index);
    try {
      work();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "scalebench-rank: rank 0: error: %s\n", e.what());
      session_.abort(3);
    }
  }
  const MpiSession& session_;
  GroupRanks& ranks_;
};

void follow(GroupRanks& ranks) {
  for (;;) {
    Call call = Call::done;
    std::size_t index = 0;
    broadcast_call(call, index);
    switch (call) {
      case Call::prepare:
        ranks.prepare(index);
        break;
      case Call::measure:
        ranks.measure(index);
        break;
      case Call::verify:
        ranks.verify(index);
        break;
      case Call::placement:
        ranks.placement(index);
        break;
      case Call::done:
        return;
    }
  }
}

}  // namespace

void run_mpi_group(const MpiSession& session, const GroupSpec& spec,
                   const std::filesystem::path& checkpoint) {
  // Each host's own machine, for a manifest of a job across hosts (the sweep's is its own host's).
  const std::vector<nlohmann::json> hosts =
      gather_json(session, host_manifest(Topology::load_for_this_process()));
  if (session.rank() == 0) {
    nlohmann::json distinct = nlohmann::json::array();
    for (const nlohmann::json& host : hosts) {
      if (std::none_of(distinct.begin(), distinct.end(),
                       [&](const nlohmann::json& h) { return h.at("host") == host.at("host"); }))
        distinct.push_back(host);
    }
    write_file_atomically(hosts_file(checkpoint), distinct.dump() + "\n");
  }
  GroupRanks ranks(session, spec);
  if (session.rank() != 0) {
    // Rank 0 alone decides when to stop (mpirun forwards the parent's SIGUSR1 to every rank).
    std::signal(SIGUSR1, SIG_IGN);
    std::signal(SIGINT, SIG_IGN);
    follow(ranks);
    return;
  }
  install_worker_stop_handlers();
  LeaderExecutor leader(session, ranks);
  run_checkpointed(spec, leader, checkpoint);
  leader.finish();
}

}  // namespace sb
