#include "harness/machine/machine_load.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace sb {
namespace {

struct CpuTimes {
  double busy = 0, total = 0;
  int cpus = 0;
};

CpuTimes read_cpu_times() {
  CpuTimes times;
  std::ifstream stat("/proc/stat");
  std::string line;
  while (std::getline(stat, line)) {
    if (line.rfind("cpu", 0) != 0) break;
    std::istringstream fields(line);
    std::string name;
    fields >> name;
    if (name != "cpu") {
      ++times.cpus;
      continue;
    }
    std::vector<double> values;
    for (double v; fields >> v;) values.push_back(v);
    for (std::size_t i = 0; i < values.size() && i < 8; ++i) times.total += values[i];
    // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
    times.busy =
        times.total - (values.size() > 3 ? values[3] : 0) - (values.size() > 4 ? values[4] : 0);
  }
  return times;
}

}  // namespace

double busy_seconds_on(const std::vector<int>& pus) {
  static const double ticks_per_second = static_cast<double>(sysconf(_SC_CLK_TCK));
  std::ifstream stat("/proc/stat");
  std::string line;
  double busy_ticks = 0;
  while (std::getline(stat, line)) {
    if (line.rfind("cpu", 0) != 0) break;
    if (line.size() < 4 || line[3] == ' ') continue;  // the all-CPU line
    std::istringstream fields(line.substr(3));
    int pu = -1;
    fields >> pu;
    if (!pus.empty() && std::find(pus.begin(), pus.end(), pu) == pus.end()) continue;
    std::vector<double> values;
    for (double v; fields >> v;) values.push_back(v);
    for (std::size_t i = 0; i < values.size() && i < 8; ++i) {
      if (i != 3 && i != 4) busy_ticks += values[i];  // all but idle and iowait
    }
  }
  return busy_ticks / ticks_per_second;
}

double own_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec * 1e-6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

MachineLoad measure_machine_load(double seconds) {
  MachineLoad load;
  std::ifstream("/proc/loadavg") >> load.load_average_1min;
  const CpuTimes before = read_cpu_times();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  const CpuTimes after = read_cpu_times();
  const double total = after.total - before.total;
  if (total > 0) load.other_busy_cpus = (after.busy - before.busy) / total * after.cpus;
  return load;
}

nlohmann::json to_json(const MachineLoad& load) {
  return {{"load_average_1min", load.load_average_1min}, {"other_busy_cpus", load.other_busy_cpus}};
}

}  // namespace sb
