// counter: N increments of one counter shared by every thread.
//
//   for (std::uint64_t i = 0; i < n; ++i) ++counter;
//
// Each worker does its share of the increments; the variant says how they are made safe:
//   mutex     std::mutex around each increment
//   spinlock  test-and-test-and-set lock around each increment
//   atomic    one relaxed fetch_add each
//   sharded   a private counter per worker on its own cache line, summed at the end
//   racy      load then store with no lock: a read-modify-write race that loses updates.
//             Teaching only: it records what it lost and is never fitted. Relaxed atomics make it
//             a race condition, not a data race: no undefined behaviour, and nothing for
//             ThreadSanitizer to report, so it runs under the sanitizers like every variant.
// Everything but racy must end at exactly N. Speedup here below 1 is the expected lesson:
// contention serialises, sharding restores scaling.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

#include "harness/kernel/kernel.hpp"

namespace sb::counter {

enum class Sync { mutex, spinlock, atomic, sharded, racy };

class SpinLock {  // test-and-test-and-set: spin on a plain load, not on the exchange
 public:
  void lock() noexcept {
    while (locked_.exchange(true, std::memory_order_acquire)) {
      while (locked_.load(std::memory_order_relaxed)) __builtin_ia32_pause();
    }
  }
  void unlock() noexcept { locked_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> locked_{false};
};

struct alignas(64) Shard {
  std::atomic<std::uint64_t> value{0};
};

struct State {
  std::uint64_t increments = 0;
  Sync sync = Sync::atomic;
  alignas(64) std::mutex mutex;
  alignas(64) SpinLock spinlock;
  alignas(64) std::uint64_t locked_value = 0;  // guarded by mutex or spinlock
  alignas(64) std::atomic<std::uint64_t> shared{0};
  Shard* shards = nullptr;  // one per worker
  int shard_count = 0;
  std::uint64_t total = 0;  // the count a run ended with
};

// Runs `count` increments as one worker (`worker` picks its shard).
inline void increment(State& s, int worker, std::uint64_t count) {
  switch (s.sync) {
    case Sync::mutex:
      for (std::uint64_t i = 0; i < count; ++i) {
        std::lock_guard<std::mutex> guard(s.mutex);
        ++s.locked_value;
      }
      break;
    case Sync::spinlock:
      for (std::uint64_t i = 0; i < count; ++i) {
        std::lock_guard<SpinLock> guard(s.spinlock);
        ++s.locked_value;
      }
      break;
    case Sync::atomic:
      for (std::uint64_t i = 0; i < count; ++i) s.shared.fetch_add(1, std::memory_order_relaxed);
      break;
    case Sync::sharded: {
      std::atomic<std::uint64_t>& mine = s.shards[worker].value;
      for (std::uint64_t i = 0; i < count; ++i) {
        mine.store(mine.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
      }
      break;
    }
    case Sync::racy:
      for (std::uint64_t i = 0; i < count; ++i) {
        s.shared.store(s.shared.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
      }
      break;
  }
}

// Counts accumulate over every run since the last reset, so a lost update in any timed run shows.
inline void reset_counts(State& s) {
  s.locked_value = 0;
  s.shared.store(0, std::memory_order_relaxed);
  for (int i = 0; i < s.shard_count; ++i) s.shards[i].value.store(0, std::memory_order_relaxed);
}

inline void finish_run(State& s) {
  std::uint64_t total = s.locked_value + s.shared.load(std::memory_order_relaxed);
  for (int i = 0; i < s.shard_count; ++i)
    total += s.shards[i].value.load(std::memory_order_relaxed);
  s.total = total;
}

void run_seq(State& s);
void run_omp(State& s, const Team& team);
void run_tbb(State& s, const Team& team);

// After `runs` runs since reset_counts, the total must be exactly runs * increments.
Verdict verify(const State& s, std::uint64_t runs);

}  // namespace sb::counter
