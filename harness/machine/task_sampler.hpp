// Where the threads of a process tree run, seen from outside: /proc/PID/task/TID/{stat,schedstat}
// read for a program and every process it started, without the program's cooperation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sb {

// One thread at one instant.
struct TaskSample {
  int pid = 0, tid = 0;
  std::string name;          // the thread's comm
  int pu = -1;               // the PU it last ran on (OS index)
  std::int64_t cpu_ns = 0;   // CPU time used so far
  std::int64_t wait_ns = 0;  // time spent runnable but waiting for a CPU (0 where not accounted)
  int rank = -1;             // its process's MPI rank (Open MPI's OMPI_COMM_WORLD_RANK); -1: none
};

// The fields of a /proc/.../stat line the sampler needs. nullopt when the line is malformed.
struct TaskStat {
  std::string name;
  int ppid = 0;
  int pu = -1;
  std::int64_t cpu_ticks = 0;  // utime + stime, in clock ticks
};
std::optional<TaskStat> parse_task_stat(std::string_view line);

class ProcessTreeSampler {
 public:
  // `proc` is /proc, or a directory laid out like it (tests). `rank_launcher`, for an MPI job: the
  // comm of the program mpirun starts a rank through (scalebench-rank), whose tasks are left out
  // (not their descendants: the rank it becomes); each process's rank is then read from its
  // environment. Empty: not an MPI job, no rank read.
  explicit ProcessTreeSampler(int root_pid, std::filesystem::path proc = "/proc",
                              std::string rank_launcher = "");
  // Every thread of the root and its descendants (found again at each call: a shell's children
  // appear and exit while it runs; `rescan` false reuses the processes found last time, since
  // finding them reads every process's stat). CPU time comes from schedstat (nanoseconds) where
  // the kernel keeps it, else from stat's ticks.
  std::vector<TaskSample> sample(bool rescan = true);

 private:
  std::set<int> tree() const;
  int root_;
  std::filesystem::path proc_;
  std::string rank_launcher_;
  std::int64_t ns_per_tick_;
  std::set<int> pids_;
  std::map<int, int> rank_of_pid_;  // read once a process: its environment is fixed at exec
};

// The value of OMPI_COMM_WORLD_RANK in an environment block as /proc/PID/environ holds it
// (NAME=VALUE entries, each ended by NUL); -1 when absent or not a number.
int mpi_rank_in_environment(std::string_view environ_block);

}  // namespace sb
