// Binding workers to PUs, and the proof of where they actually ran.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "harness/machine/topology.hpp"

namespace sb {

// Binds the calling thread to one PU (OS index). Returns false when the OS refuses.
bool bind_current_thread(const Topology& topology, int pu_os_index);

// The PU the calling thread runs on right now, or -1 when unknown.
int current_pu();

// Workers call sample() from inside parallel regions during the timed runs; the harness then
// compares what they observed with what the plan requested. Sampling costs one sched_getcpu()
// (a vDSO call) and, the first time a worker is seen on a PU, one relaxed fetch_or.
class PlacementProbe {
 public:
  static constexpr int kMaxPus = 1024;

  explicit PlacementProbe(int workers);

  void sample(int worker) noexcept {
    const int pu = current_pu();
    if (worker < 0 || worker >= workers_ || pu < 0 || pu >= kMaxPus) return;
    std::atomic<std::uint64_t>& word = slots_[worker].words[pu / 64];
    const std::uint64_t bit = std::uint64_t{1} << (pu % 64);
    if ((word.load(std::memory_order_relaxed) & bit) == 0) {
      word.fetch_or(bit, std::memory_order_relaxed);
    }
  }

  void clear() noexcept;
  int workers() const { return workers_; }
  std::vector<int> observed(int worker) const;  // sorted OS indices
  // Adds what each worker was seen on to seen[worker] (resized to workers()), each PU once: the
  // union over several timed loops, between which the probe is cleared.
  void add_observed_to(std::vector<std::vector<int>>& seen) const;

 private:
  struct alignas(64) Slot {
    std::atomic<std::uint64_t> words[kMaxPus / 64];
  };
  int workers_;
  std::unique_ptr<Slot[]> slots_;
};

}  // namespace sb
