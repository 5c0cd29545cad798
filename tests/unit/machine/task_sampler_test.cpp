// Reading a process tree's threads from a directory laid out like /proc.
#include "harness/machine/task_sampler.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <map>

#include "tests/support/temp_path.hpp"

namespace {

namespace fs = std::filesystem;

std::string stat_line(int pid, const std::string& comm, int ppid, int utime, int stime, int cpu) {
  // Fields 3 onwards; utime and stime are fields 14 and 15, processor field 39.
  std::vector<int> fields;
  for (int field = 5; field <= 52; ++field)
    fields.push_back(field == 14 ? utime : field == 15 ? stime : field == 39 ? cpu : 0);
  return fmt::format("{} ({}) R {} {}\n", pid, comm, ppid, fmt::join(fields, " "));
}

void add_task(const fs::path& proc, int pid, int tid, const std::string& comm, int ppid, int cpu,
              const std::string& schedstat) {
  fs::create_directories(proc / std::to_string(pid) / "task" / std::to_string(tid));
  std::ofstream(proc / std::to_string(pid) / "stat") << stat_line(pid, comm, ppid, 1, 1, cpu);
  const fs::path task = proc / std::to_string(pid) / "task" / std::to_string(tid);
  std::ofstream(task / "stat") << stat_line(tid, comm, ppid, 3, 2, cpu);
  std::ofstream(task / "schedstat") << schedstat;
}

TEST(TaskSampler, ParsesACommWithSpacesAndParentheses) {
  const auto stat = sb::parse_task_stat(stat_line(7, "a (b) c", 3, 10, 5, 12));
  ASSERT_TRUE(stat);
  EXPECT_EQ(stat->name, "a (b) c");
  EXPECT_EQ(stat->ppid, 3);
  EXPECT_EQ(stat->cpu_ticks, 15);
  EXPECT_EQ(stat->pu, 12);
  EXPECT_FALSE(sb::parse_task_stat("7 (x R 3"));
  EXPECT_FALSE(sb::parse_task_stat("7 (x) R 3 4"));
}

TEST(TaskSampler, SamplesTheRootAndItsDescendantsOnly) {
  const fs::path proc = sb::test::temp_path("fake-proc");
  fs::remove_all(proc);
  add_task(proc, 100, 100, "sh", 1, 0, "5000000 1000 3\n");
  add_task(proc, 101, 101, "zstd", 100, 1, "7000000 2000 3\n");
  add_task(proc, 101, 102, "zstd", 100, 0, "0 0 0\n");  // no schedstat: ticks
  add_task(proc, 200, 200, "other", 1, 1, "9 9 9\n");
  // Not an MPI job: no rank is read, whatever the environment says.
  std::ofstream(proc / "101" / "environ") << std::string("OMPI_COMM_WORLD_RANK=1", 23);
  sb::ProcessTreeSampler sampler(100, proc);
  const std::vector<sb::TaskSample> samples = sampler.sample();
  ASSERT_EQ(samples.size(), 3u);
  std::map<int, sb::TaskSample> by_tid;
  for (const sb::TaskSample& s : samples) by_tid[s.tid] = s;
  EXPECT_EQ(by_tid.count(200), 0u);
  EXPECT_EQ(by_tid.at(101).cpu_ns, 7000000);
  EXPECT_EQ(by_tid.at(101).wait_ns, 2000);
  EXPECT_EQ(by_tid.at(101).pu, 1);
  EXPECT_EQ(by_tid.at(102).cpu_ns, 5 * (1'000'000'000 / sysconf(_SC_CLK_TCK)));
  EXPECT_EQ(by_tid.at(100).name, "sh");
  EXPECT_EQ(by_tid.at(101).rank, -1);
  fs::remove_all(proc);
}

TEST(TaskSampler, ARanksProcessCarriesItsRankAndAnUnwatchedNameIsLeftOut) {
  using namespace std::string_literals;
  const fs::path proc = sb::test::temp_path("fake-proc-ranks");
  fs::remove_all(proc);
  add_task(proc, 100, 100, "mpirun", 1, 0, "1 1 1\n");
  add_task(proc, 101, 101, "scalebench-rank", 100, 0, "1 1 1\n");  // not yet bound, not the program
  add_task(proc, 102, 102, "mpi_probe", 100, 1, "1 1 1\n");
  std::ofstream(proc / "101" / "environ") << "OMPI_COMM_WORLD_RANK=0\0"s;
  std::ofstream(proc / "102" / "environ") << "PATH=/bin\0OMPI_COMM_WORLD_RANK=1\0"s;
  sb::ProcessTreeSampler sampler(100, proc, "scalebench-rank");
  std::map<int, sb::TaskSample> by_tid;
  for (const sb::TaskSample& s : sampler.sample()) by_tid[s.tid] = s;
  EXPECT_EQ(by_tid.count(101), 0u);
  EXPECT_EQ(by_tid.at(100).rank, -1);
  EXPECT_EQ(by_tid.at(102).rank, 1);
  fs::remove_all(proc);
}

TEST(TaskSampler, ReadsAnMpiRankFromAProcessEnvironment) {
  using namespace std::string_literals;
  EXPECT_EQ(sb::mpi_rank_in_environment("PATH=/bin\0OMPI_COMM_WORLD_RANK=3\0HOME=/\0"s), 3);
  EXPECT_EQ(sb::mpi_rank_in_environment("OMPI_COMM_WORLD_RANK=12"s), 12);
  EXPECT_EQ(sb::mpi_rank_in_environment("PATH=/bin\0OMPI_COMM_WORLD_LOCAL_RANK=1\0"s), -1);
  EXPECT_EQ(sb::mpi_rank_in_environment("OMPI_COMM_WORLD_RANK=x1\0"s), -1);
  EXPECT_EQ(sb::mpi_rank_in_environment(""), -1);
}

}  // namespace
