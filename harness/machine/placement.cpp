#include "harness/machine/placement.hpp"

#include <sched.h>

#include <algorithm>

namespace sb {

bool bind_current_thread(const Topology& topology, int pu_os_index) {
  if (pu_os_index < 0) return true;
  Bitmap set = Bitmap::only(static_cast<unsigned>(pu_os_index));
  return hwloc_set_cpubind(topology.handle(), set.get(), HWLOC_CPUBIND_THREAD) == 0;
}

int current_pu() { return sched_getcpu(); }

PlacementProbe::PlacementProbe(int workers) : workers_(workers), slots_(new Slot[workers]) {
  clear();
}

void PlacementProbe::clear() noexcept {
  for (int w = 0; w < workers_; ++w) {
    for (auto& word : slots_[w].words) word.store(0, std::memory_order_relaxed);
  }
}

void PlacementProbe::add_observed_to(std::vector<std::vector<int>>& seen) const {
  seen.resize(static_cast<std::size_t>(workers_));
  for (int w = 0; w < workers_; ++w) {
    std::vector<int>& mine = seen[static_cast<std::size_t>(w)];
    for (int pu : observed(w)) {
      if (std::find(mine.begin(), mine.end(), pu) == mine.end()) mine.push_back(pu);
    }
  }
}

std::vector<int> PlacementProbe::observed(int worker) const {
  std::vector<int> pus;
  for (int i = 0; i < kMaxPus / 64; ++i) {
    std::uint64_t bits = slots_[worker].words[i].load(std::memory_order_relaxed);
    while (bits != 0) {
      const int bit = __builtin_ctzll(bits);
      pus.push_back(i * 64 + bit);
      bits &= bits - 1;
    }
  }
  return pus;
}

}  // namespace sb
