// How busy the machine is apart from us: recorded before and after a sweep.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

namespace sb {

struct MachineLoad {
  double load_average_1min = 0;
  double other_busy_cpus = 0;  // CPUs' worth of busy time while scalebench itself was idle
};

// Samples /proc/stat over `seconds` (scalebench must be idle meanwhile) and /proc/loadavg.
MachineLoad measure_machine_load(double seconds = 0.3);
nlohmann::json to_json(const MachineLoad& load);

// Busy seconds (user, system, interrupts, steal) the kernel has accounted to these PUs (OS
// indices; all PUs when empty) since boot, at the kernel's tick resolution (usually 10 ms).
double busy_seconds_on(const std::vector<int>& pus);

// CPU seconds (user and system) this process has used so far, all threads together.
double own_cpu_seconds();

}  // namespace sb
