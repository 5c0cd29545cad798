// The machine as hwloc sees it, restricted to the PUs this process may run on.
#pragma once

#include <hwloc.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/machine/cpu_quota.hpp"

namespace sb {

// Owns an hwloc bitmap.
class Bitmap {
 public:
  Bitmap();
  explicit Bitmap(hwloc_const_bitmap_t copy_of);
  static Bitmap from_list(std::string_view list);  // "0-3,8"; throws ConfigError
  static Bitmap only(unsigned index);
  hwloc_bitmap_t get() const { return bitmap_.get(); }
  std::string list() const;  // "0-3,8"
  std::vector<unsigned> indices() const;
  int weight() const { return hwloc_bitmap_weight(get()); }

 private:
  struct Free {
    void operator()(hwloc_bitmap_t b) const { hwloc_bitmap_free(b); }
  };
  std::unique_ptr<hwloc_bitmap_s, Free> bitmap_;
};

struct CoreInfo {
  int package = 0;  // logical package index (0 when hwloc reports none)
  int numa = 0;     // logical NUMA node index (0 when hwloc reports none)
  int numa_in_package = 0;
  int index_in_numa = 0;                // position of this core among its NUMA node's cores
  std::vector<unsigned> pu_os_indices;  // SMT siblings, in hwloc's order
};

struct TopologySummary {
  int packages = 0;
  int numa_nodes = 0;
  int cores = 0;
  int pus = 0;
  std::string allowed_cpuset;            // OS indices, list form
  std::optional<double> cpu_quota_cpus;  // a cgroup CPU quota, when one is set
  std::string to_string() const;
};

class Topology {
 public:
  // The real machine, restricted to this process's CPU binding (taskset, cgroups), with the CPU
  // quota of its cgroup.
  static Topology load_for_this_process();
  // An hwloc synthetic description such as "pack:2 numa:2 core:8 pu:2", optionally restricted to
  // the given PU list and CPU quota (the way a container or taskset would). Throws ConfigError on
  // bad input.
  static Topology synthetic(std::string_view description, std::string_view allowed_pus = {},
                            std::optional<double> cpu_quota_cpus = std::nullopt);

  hwloc_topology_t handle() const { return topology_.get(); }
  const std::vector<CoreInfo>& cores() const { return cores_; }
  TopologySummary summary() const;
  int pu_count() const;
  int core_count() const { return static_cast<int>(cores_.size()); }
  const std::optional<CpuQuota>& cpu_quota() const { return cpu_quota_; }
  // What threads can really run on at once: allowed PUs (cores) capped by the CPU quota.
  int usable_pu_count() const;
  int usable_core_count() const;

 private:
  struct Destroy {
    void operator()(hwloc_topology_t t) const { hwloc_topology_destroy(t); }
  };
  explicit Topology(hwloc_topology_t topology);
  void restrict_to(const Bitmap& allowed);
  void index_cores();

  std::unique_ptr<hwloc_topology, Destroy> topology_;
  std::vector<CoreInfo> cores_;
  std::optional<CpuQuota> cpu_quota_;
};

}  // namespace sb
