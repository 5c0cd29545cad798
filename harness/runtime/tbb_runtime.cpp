#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_scheduler_observer.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "harness/runtime/team_runtime.hpp"

namespace sb {
namespace {

// Binds each thread that joins the arena to the PU planned for its arena slot. Workers that
// leave and rejoin may take another slot; they are rebound on every entry.
class PinningObserver : public tbb::task_scheduler_observer {
 public:
  PinningObserver(tbb::task_arena& arena, const Topology& topology, const PinPlan& plan)
      : tbb::task_scheduler_observer(arena), topology_(topology), plan_(plan) {
    observe(true);
  }
  ~PinningObserver() override { observe(false); }

  void on_scheduler_entry(bool /*is_worker*/) override {
    const int slot = tbb::this_task_arena::current_thread_index();
    if (slot < 0 || slot >= static_cast<int>(plan_.pu_per_worker.size())) return;
    if (!bind_current_thread(topology_, plan_.pu_per_worker[slot])) failures_++;
  }
  int failures() const { return failures_.load(); }

 private:
  const Topology& topology_;
  PinPlan plan_;
  std::atomic<int> failures_{0};
};

class TbbRuntime : public TeamRuntime {
 public:
  TbbRuntime(Backend backend, const Topology& topology, const PinPlan& plan)
      : TeamRuntime(backend, plan),
        // The global worker pool defaults to the hardware concurrency; oversubscribed points
        // need more workers than that.
        parallelism_(tbb::global_control::max_allowed_parallelism,
                     std::max<std::size_t>(plan.threads, std::thread::hardware_concurrency())),
        arena_(plan.threads, 1) {
    arena_.initialize();
    observer_ = std::make_unique<PinningObserver>(arena_, topology, plan);
    // The external thread takes slot 0 when it enters the arena.
    if (!bind_current_thread(topology, plan.pu_per_worker.at(0))) ++bind_failures_;
  }
  ~TbbRuntime() override { observer_.reset(); }

  void execute(const std::function<void()>& fn) override { arena_.execute(fn); }
  int bind_failures() const override { return bind_failures_ + observer_->failures(); }

 private:
  tbb::global_control parallelism_;
  tbb::task_arena arena_;
  std::unique_ptr<PinningObserver> observer_;
};

}  // namespace

std::unique_ptr<TeamRuntime> make_tbb_runtime(Backend backend, const Topology& topology,
                                              const PinPlan& plan) {
  return std::make_unique<TbbRuntime>(backend, topology, plan);
}

void first_touch_tbb(const Team&, std::size_t n,
                     const std::function<void(std::size_t, std::size_t)>& init) {
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, n),
      [&](const tbb::blocked_range<std::size_t>& r) { init(r.begin(), r.end()); },
      tbb::static_partitioner());
}

namespace {

const BackendRegistration registration{
    BackendInfo{Backend::tbb, "oneTBB",
                [](const Topology& topology, const PinPlan& plan) {
                  return make_tbb_runtime(Backend::tbb, topology, plan);
                },
                first_touch_tbb}};

}  // namespace
}  // namespace sb
