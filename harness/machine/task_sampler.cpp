#include "harness/machine/task_sampler.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include "harness/core/utf8.hpp"

namespace sb {
namespace {

bool is_number(const std::string& name) {
  return !name.empty() && name.find_first_not_of("0123456789") == std::string::npos;
}

// The whole file: a thread may put a newline in its own name.
std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every numeric entry of `dir`. A process or thread reaped while it is listed ends the listing
// (the kernel answers ENOENT), never with an exception.
std::vector<std::string> numeric_entries(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  std::error_code error;
  std::filesystem::directory_iterator it(dir, error), end;
  for (; !error && it != end; it.increment(error)) {
    std::string name = it->path().filename().string();
    if (is_number(name)) names.push_back(std::move(name));
  }
  return names;
}

}  // namespace

std::optional<TaskStat> parse_task_stat(std::string_view line) {
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so it ends at the last ')'.
  const std::size_t open = line.find('(');
  const std::size_t close = line.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open)
    return std::nullopt;
  TaskStat stat;
  stat.name = std::string(line.substr(open + 1, close - open - 1));
  std::istringstream fields{std::string(line.substr(close + 1))};
  std::vector<std::string> values;
  for (std::string v; fields >> v;) values.push_back(v);
  // After comm: state(3) ppid(4) ... utime(14) stime(15) ... processor(39); values[0] is field 3.
  if (values.size() < 37) return std::nullopt;
  try {
    stat.ppid = std::stoi(values[1]);
    stat.cpu_ticks = std::stoll(values[11]) + std::stoll(values[12]);
    stat.pu = std::stoi(values[36]);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return stat;
}

ProcessTreeSampler::ProcessTreeSampler(int root_pid, std::filesystem::path proc,
                                       std::string rank_launcher)
    : root_(root_pid),
      proc_(std::move(proc)),
      rank_launcher_(std::move(rank_launcher)),
      ns_per_tick_(1'000'000'000 / std::max(1L, sysconf(_SC_CLK_TCK))) {}

std::set<int> ProcessTreeSampler::tree() const {
  // Without /proc/PID/task/TID/children (a kernel option Debian leaves off), descendants are
  // found from every process's parent.
  std::multimap<int, int> children;
  for (const std::string& name : numeric_entries(proc_)) {
    const std::optional<TaskStat> stat = parse_task_stat(read_file(proc_ / name / "stat"));
    if (stat) children.emplace(stat->ppid, std::stoi(name));
  }
  std::set<int> found{root_};
  std::vector<int> frontier{root_};
  while (!frontier.empty()) {
    const int parent = frontier.back();
    frontier.pop_back();
    const auto [first, last] = children.equal_range(parent);
    for (auto it = first; it != last; ++it) {
      if (found.insert(it->second).second) frontier.push_back(it->second);
    }
  }
  return found;
}

int mpi_rank_in_environment(std::string_view block) {
  constexpr std::string_view kName = "OMPI_COMM_WORLD_RANK=";
  for (std::size_t start = 0; start < block.size();) {
    const std::size_t end = std::min(block.find('\0', start), block.size());
    const std::string_view entry = block.substr(start, end - start);
    if (entry.substr(0, kName.size()) == kName) {
      const std::string_view value = entry.substr(kName.size());
      int rank = -1;
      const auto [last, status] = std::from_chars(value.data(), value.data() + value.size(), rank);
      return status == std::errc() && last == value.data() + value.size() && rank >= 0 ? rank : -1;
    }
    start = end + 1;
  }
  return -1;
}

std::vector<TaskSample> ProcessTreeSampler::sample(bool rescan) {
  if (rescan || pids_.empty()) pids_ = tree();
  std::vector<TaskSample> samples;
  for (int pid : pids_) {
    // A process started by mpirun is a rank: its threads are judged against that rank's PUs. One
    // seen between mpirun's fork and its exec has no rank yet: read again when the tree is.
    int rank = -1;
    if (!rank_launcher_.empty()) {
      auto known = rank_of_pid_.find(pid);
      if (known == rank_of_pid_.end() || (rescan && known->second < 0)) {
        known = rank_of_pid_
                    .insert_or_assign(pid, mpi_rank_in_environment(
                                               read_file(proc_ / std::to_string(pid) / "environ")))
                    .first;
      }
      rank = known->second;
    }
    const std::filesystem::path tasks = proc_ / std::to_string(pid) / "task";
    for (const std::string& tid : numeric_entries(tasks)) {
      const std::filesystem::path task = tasks / tid;
      const std::optional<TaskStat> stat = parse_task_stat(read_file(task / "stat"));
      if (!stat) continue;  // the thread exited between the listing and the read
      if (!rank_launcher_.empty() && stat->name == rank_launcher_) continue;
      TaskSample s{pid, std::stoi(tid), valid_utf8(stat->name), stat->pu,
                   stat->cpu_ticks * ns_per_tick_};
      s.rank = rank;
      // schedstat's first field: nanoseconds on the CPU, finer than ticks. Zero where the kernel
      // does not account it.
      std::istringstream schedstat(read_file(task / "schedstat"));
      std::int64_t run_ns = 0, wait_ns = 0;
      if (schedstat >> run_ns >> wait_ns && run_ns > 0) {
        s.cpu_ns = run_ns;
        s.wait_ns = wait_ns;
      }
      samples.push_back(std::move(s));
    }
  }
  return samples;
}

}  // namespace sb
