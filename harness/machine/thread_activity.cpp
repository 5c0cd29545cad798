#include "harness/machine/thread_activity.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace sb {

namespace {
// In at least kPersistentShare of the windows, and never in one window alone.
bool persistent(int count, int windows) {
  return count >= 2 && count >= std::ceil(kPersistentShare * windows);
}
}  // namespace

bool ActivitySummary::extra_threads(int planned) const {
  return judged() && most_demanding > planned && persistent(windows_over_plan, windows);
}

bool ActivitySummary::shared_pu() const {
  return judged() && persistent(windows_shared_pu, windows);
}

void ActivityTracker::note_pu(ThreadRecord& record, int pu) {
  if (pu < 0) return;
  const auto at = std::lower_bound(record.pus.begin(), record.pus.end(), pu);
  if (at == record.pus.end() || *at != pu) record.pus.insert(at, pu);
  const bool planned = planned_pus_.empty() || std::find(planned_pus_.begin(), planned_pus_.end(),
                                                         pu) != planned_pus_.end();
  auto& outside = summary_.pus_outside_plan;
  if (!planned && std::find(outside.begin(), outside.end(), pu) == outside.end()) {
    outside.push_back(pu);
    std::sort(outside.begin(), outside.end());
  }
}

void ActivityTracker::add(double time_s, const std::vector<TaskSample>& samples) {
  // Nothing left to sample (the program has exited): no window, or a run would seem longer.
  if (started_ && samples.empty()) return;
  const double window_s = time_s - last_time_s_;
  const bool judging = started_ && window_s > 0;
  std::vector<std::pair<int, int>> busy_on;  // (PU, tid) of each thread wanting a whole CPU
  int busy = 0, demanding = 0;
  for (const TaskSample& s : samples) {
    auto found = last_.find(s.tid);
    // A thread new in this window spent all its time in it.
    std::int64_t used_ns = s.cpu_ns, waited_ns = s.wait_ns;
    if (found == last_.end()) {
      summary_.threads.push_back({s.pid, s.tid, s.name, {}, 0, 0, s.rank});
      found = last_.emplace(s.tid, Last{0, 0, summary_.threads.size() - 1}).first;
    } else {
      used_ns = s.cpu_ns - found->second.cpu_ns;
      waited_ns = s.wait_ns - found->second.wait_ns;
    }
    found->second.cpu_ns = s.cpu_ns;
    found->second.wait_ns = s.wait_ns;
    ThreadRecord& record = summary_.threads[found->second.record];
    record.name = s.name;  // a thread may rename itself after it starts
    if (s.rank >= 0 && record.rank < 0) {
      // It has just become an MPI rank: where mpirun's child ran before its exec (mpirun's PUs,
      // not yet its own) is not where the rank ran.
      record.rank = s.rank;
      record.pus.clear();
    }
    record.cpu_seconds = static_cast<double>(s.cpu_ns) / 1e9;
    // Where a thread last ran counts only when it ran in this window: an idle thread's last PU may
    // be from before the window.
    if (used_ns > 0) note_pu(record, s.pu);
    const double wanted_s = static_cast<double>(used_ns + waited_ns) / 1e9;
    if (!judging || wanted_s < kBusyShare * window_s) continue;
    ++record.busy_windows;
    ++busy;
    // Sharing a PU counts, as extra threads do, between threads that each want a whole CPU: a
    // helper that wants part of one (an I/O thread) shares a PU now and then by design.
    if (wanted_s < kWholeShare * window_s) continue;
    ++demanding;
    if (s.pu >= 0) busy_on.emplace_back(s.pu, s.tid);
  }
  if (judging) {
    ++summary_.windows;
    summary_.most_busy = std::max(summary_.most_busy, busy);
    summary_.most_demanding = std::max(summary_.most_demanding, demanding);
    summary_.windows_over_plan += demanding > planned_threads_;
    // Two busy threads on one PU in one sample can be a migration caught mid-way; on one PU in two
    // samples running, they shared it.
    std::sort(busy_on.begin(), busy_on.end());
    std::set<std::pair<int, int>> sharing;  // pairs of tids on one PU now
    for (std::size_t i = 0; i < busy_on.size(); ++i) {
      for (std::size_t j = i + 1; j < busy_on.size() && busy_on[j].first == busy_on[i].first; ++j)
        sharing.emplace(busy_on[i].second, busy_on[j].second);
    }
    summary_.windows_shared_pu +=
        std::any_of(sharing.begin(), sharing.end(),
                    [&](const auto& pair) { return sharing_before_.count(pair) > 0; });
    sharing_before_ = std::move(sharing);
    summary_.working_threads =
        static_cast<int>(std::count_if(summary_.threads.begin(), summary_.threads.end(),
                                       [](const ThreadRecord& r) { return r.busy_windows > 0; }));
  }
  started_ = true;
  last_time_s_ = time_s;
}

}  // namespace sb
