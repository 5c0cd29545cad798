// What a program's threads did, judged from successive samples of them (task_sampler): the PUs
// each ran on, how often each was busy, and the findings that make a point's placement suspect.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness/machine/task_sampler.hpp"

namespace sb {

// A thread is busy in a sampling window when it used, or waited runnable for, at least this share
// of one CPU there: four threads that each want a CPU on two PUs use half a CPU each on average,
// and judged by use alone would flicker around the threshold.
inline constexpr double kBusyShare = 0.5;
// Extra threads are counted among those that wanted (nearly) a whole CPU: a program ignoring the
// thread count runs compute threads that each want one, while a helper (zstd's reader and writer
// at -T1) wants part of one and, on a single PU, waits long enough to look busy.
inline constexpr double kWholeShare = 0.9;
// Extra busy threads and two busy threads on one PU are findings when they hold in at least half
// the windows (and two at least): a program that ignores the thread count does so for most of its
// run, while a helper thread (zstd -T1's reader) or the scheduler sharing a PU while another
// process holds the other one does so now and then. Measured: zstd -T1 showed 2 busy threads in
// 2 of 8 windows; xz -T2 beside a parallel test run shared a PU in 23% to 43% of its windows.
inline constexpr double kPersistentShare = 0.5;
// Fewer windows than this, and the run was too short to judge how many threads worked.
inline constexpr int kMinWindows = 2;

struct ThreadRecord {
  int pid = 0, tid = 0;
  std::string name;
  std::vector<int> pus;  // every PU it was seen running on, ascending (a rank: since it was one)
  int busy_windows = 0;
  double cpu_seconds = 0;
  int rank = -1;  // its process's MPI rank; -1: not a rank
};

struct ActivitySummary {
  std::vector<ThreadRecord> threads;  // in the order they first appeared
  int windows = 0;                    // sampling windows judged
  int most_busy = 0;                  // the most threads busy in one window
  int most_demanding = 0;             // the most threads wanting a whole CPU in one window
  int windows_over_plan = 0;          // windows with more of those than planned
  int windows_shared_pu = 0;  // windows where two threads wanting a whole CPU were on one PU, as
                              // in the window before
  std::vector<int> pus_outside_plan;  // PUs a thread ran on that the plan did not give it
  int working_threads = 0;            // threads busy in at least one window

  bool judged() const { return windows >= kMinWindows; }
  // Findings (each false when not judged, or when the plan constrains nothing):
  bool extra_threads(int planned) const;  // more threads busy than planned, persistently
  bool shared_pu() const;                 // busy threads sharing a PU, persistently
  bool outside_plan() const { return !pus_outside_plan.empty(); }
  bool fewer_threads(int planned) const { return judged() && working_threads < planned; }
};

class ActivityTracker {
 public:
  // `planned_pus`: the PUs the program may run on (empty: anywhere, nothing to check).
  explicit ActivityTracker(std::vector<int> planned_pus, int planned_threads)
      : planned_pus_(std::move(planned_pus)), planned_threads_(planned_threads) {}
  // The samples taken at `time_s` (any clock, increasing). The first call opens the first window.
  void add(double time_s, const std::vector<TaskSample>& samples);
  const ActivitySummary& summary() const { return summary_; }

 private:
  struct Last {
    std::int64_t cpu_ns = 0, wait_ns = 0;
    std::size_t record = 0;
  };
  void note_pu(ThreadRecord& record, int pu);
  std::vector<int> planned_pus_;
  int planned_threads_;
  bool started_ = false;
  double last_time_s_ = 0;
  std::map<int, Last> last_;                      // by tid
  std::set<std::pair<int, int>> sharing_before_;  // tids busy on one PU in the last window
  ActivitySummary summary_;
};

}  // namespace sb
