#include "harness/machine/task_sampler.hpp"

#include <unistd.h>

#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

namespace sb {
namespace {

std::string read_first_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

bool is_number(const std::string& name) {
  return !name.empty() && name.find_first_not_of("0123456789") == std::string::npos;
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

ProcessTreeSampler::ProcessTreeSampler(int root_pid, std::filesystem::path proc)
    : root_(root_pid),
      proc_(std::move(proc)),
      ns_per_tick_(1'000'000'000 / std::max(1L, sysconf(_SC_CLK_TCK))) {}

std::set<int> ProcessTreeSampler::tree() const {
  // Without /proc/PID/task/TID/children (a kernel option Debian leaves off), descendants are
  // found from every process's parent.
  std::multimap<int, int> children;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(proc_, error)) {
    const std::string name = entry.path().filename().string();
    if (!is_number(name)) continue;
    const std::optional<TaskStat> stat = parse_task_stat(read_first_line(entry.path() / "stat"));
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

std::vector<TaskSample> ProcessTreeSampler::sample() {
  std::vector<TaskSample> samples;
  for (int pid : tree()) {
    std::error_code error;
    const std::filesystem::path tasks = proc_ / std::to_string(pid) / "task";
    for (const auto& entry : std::filesystem::directory_iterator(tasks, error)) {
      const std::string tid = entry.path().filename().string();
      if (!is_number(tid)) continue;
      const std::optional<TaskStat> stat = parse_task_stat(read_first_line(entry.path() / "stat"));
      if (!stat) continue;  // the thread exited between the listing and the read
      TaskSample s{pid, std::stoi(tid), stat->name, stat->pu, stat->cpu_ticks * ns_per_tick_};
      // schedstat's first field: nanoseconds on the CPU, finer than ticks. Zero where the kernel
      // does not account it.
      std::istringstream schedstat(read_first_line(entry.path() / "schedstat"));
      std::int64_t ns = 0, wait = 0;
      if (schedstat >> ns >> wait && ns > 0) {
        s.cpu_ns = ns;
        s.wait_ns = wait;
      }
      samples.push_back(std::move(s));
    }
  }
  return samples;
}

}  // namespace sb
