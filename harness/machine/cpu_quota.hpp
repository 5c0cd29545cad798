// A CPU bandwidth quota (cgroup v2 cpu.max, v1 cpu.cfs_quota_us): a container may see 2 PUs in
// its cpuset yet be allowed only 1 CPU-second a second. Threads beyond the quota oversubscribe.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace sb {

struct CpuQuota {
  double cpus = 0;     // quota / period: CPU-seconds a second the process's cgroup may use
  std::string source;  // the file that set the tightest limit
};

// "50000 100000" -> 0.5 CPUs; "max 100000" (no limit) or anything malformed -> nullopt.
std::optional<double> parse_cpu_max(std::string_view text);

// The tightest quota over this process's cgroup and its ancestors, in every hierarchy that has a
// cpu controller; nullopt when none is set or none can be read. The paths are parameters so a
// test can lay out a fake cgroup tree.
std::optional<CpuQuota> read_cpu_quota(
    const std::filesystem::path& mountinfo = "/proc/self/mountinfo",
    const std::filesystem::path& cgroups = "/proc/self/cgroup");

// Whole CPUs a quota lets threads run on at once: floor(cpus), at least 1.
int quota_cpu_count(double cpus);

}  // namespace sb
