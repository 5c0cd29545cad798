#include "harness/machine/topology.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <utility>

#include "harness/core/error.hpp"

namespace sb {

Bitmap::Bitmap() : bitmap_(hwloc_bitmap_alloc()) {}

Bitmap::Bitmap(hwloc_const_bitmap_t copy_of) : bitmap_(hwloc_bitmap_dup(copy_of)) {}

Bitmap Bitmap::from_list(std::string_view list) {
  Bitmap bitmap;
  std::string text(list);
  if (text.empty() || hwloc_bitmap_list_sscanf(bitmap.get(), text.c_str()) != 0 ||
      hwloc_bitmap_iszero(bitmap.get())) {
    config_error("invalid PU list '{}'", text);
  }
  return bitmap;
}

Bitmap Bitmap::only(unsigned index) {
  Bitmap bitmap;
  hwloc_bitmap_only(bitmap.get(), index);
  return bitmap;
}

std::string Bitmap::list() const {
  char* text = nullptr;
  hwloc_bitmap_list_asprintf(&text, get());
  std::string result = text ? text : "";
  std::free(text);
  return result;
}

std::vector<unsigned> Bitmap::indices() const {
  std::vector<unsigned> result;
  unsigned index;
  hwloc_bitmap_foreach_begin(index, get()) { result.push_back(index); }
  hwloc_bitmap_foreach_end();
  return result;
}

std::string TopologySummary::to_string() const {
  auto plural = [](int n, const char* what) {
    return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s");
  };
  return fmt::format("{}, {}, {}, {} (allowed PUs {}{})", plural(packages, "package"),
                     plural(numa_nodes, "NUMA node"), plural(cores, "core"), plural(pus, "PU"),
                     allowed_cpuset,
                     cpu_quota_cpus ? fmt::format("; CPU quota {:.2f} CPUs", *cpu_quota_cpus) : "");
}

Topology::Topology(hwloc_topology_t topology) : topology_(topology) {}

Topology Topology::load_for_this_process() {
  hwloc_topology_t raw;
  if (hwloc_topology_init(&raw) != 0) config_error("hwloc: cannot initialise a topology");
  Topology topology(raw);
  if (hwloc_topology_load(raw) != 0) config_error("hwloc: cannot load the machine topology");
  Bitmap bound;
  if (hwloc_get_cpubind(raw, bound.get(), HWLOC_CPUBIND_PROCESS) == 0 &&
      !hwloc_bitmap_iszero(bound.get())) {
    topology.restrict_to(bound);
  }
  topology.index_cores();
  topology.cpu_quota_ = read_cpu_quota();
  return topology;
}

Topology Topology::synthetic(std::string_view description, std::string_view allowed_pus,
                             std::optional<double> cpu_quota_cpus) {
  hwloc_topology_t raw;
  if (hwloc_topology_init(&raw) != 0) config_error("hwloc: cannot initialise a topology");
  Topology topology(raw);
  std::string text(description);
  if (hwloc_topology_set_synthetic(raw, text.c_str()) != 0) {
    config_error("invalid synthetic topology '{}'", text);
  }
  if (hwloc_topology_load(raw) != 0) config_error("hwloc: cannot load synthetic topology");
  if (!allowed_pus.empty()) topology.restrict_to(Bitmap::from_list(allowed_pus));
  topology.index_cores();
  if (cpu_quota_cpus) {
    if (!(*cpu_quota_cpus > 0) || !std::isfinite(*cpu_quota_cpus)) {
      config_error("CPU quota {} is not a positive number of CPUs", *cpu_quota_cpus);
    }
    topology.cpu_quota_ = CpuQuota{*cpu_quota_cpus, "synthetic"};
  }
  return topology;
}

void Topology::restrict_to(const Bitmap& allowed) {
  hwloc_const_cpuset_t all = hwloc_topology_get_topology_cpuset(handle());
  if (hwloc_bitmap_isequal(all, allowed.get())) return;
  if (!hwloc_bitmap_intersects(all, allowed.get())) {
    config_error("allowed PUs {} are not in the topology", allowed.list());
  }
  if (hwloc_topology_restrict(handle(), allowed.get(), HWLOC_RESTRICT_FLAG_REMOVE_CPULESS) != 0) {
    config_error("hwloc: cannot restrict the topology to PUs {}", allowed.list());
  }
}

void Topology::index_cores() {
  hwloc_topology_t topo = handle();
  // Machines (or VMs) that report no cores get one "core" per PU.
  const hwloc_obj_type_t core_type =
      hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE) > 0 ? HWLOC_OBJ_CORE : HWLOC_OBJ_PU;
  const int numa_count = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_NUMANODE);

  std::map<std::pair<int, int>, int> cores_per_numa;  // (package, numa) -> cores seen
  std::map<int, std::vector<int>> numas_per_package;  // package -> NUMA nodes seen, in order
  cores_.clear();
  for (hwloc_obj_t core = hwloc_get_next_obj_by_type(topo, core_type, nullptr); core != nullptr;
       core = hwloc_get_next_obj_by_type(topo, core_type, core)) {
    CoreInfo info;
    if (hwloc_obj_t package = hwloc_get_ancestor_obj_by_type(topo, HWLOC_OBJ_PACKAGE, core)) {
      info.package = static_cast<int>(package->logical_index);
    }
    // NUMA nodes hang off the CPU tree as memory children: match them by cpuset.
    for (int n = 0; n < numa_count; ++n) {
      hwloc_obj_t numa = hwloc_get_obj_by_type(topo, HWLOC_OBJ_NUMANODE, n);
      if (hwloc_bitmap_isincluded(core->cpuset, numa->cpuset)) {
        info.numa = static_cast<int>(numa->logical_index);
        break;
      }
    }
    auto& numas = numas_per_package[info.package];
    auto found = std::find(numas.begin(), numas.end(), info.numa);
    info.numa_in_package = static_cast<int>(found - numas.begin());
    if (found == numas.end()) numas.push_back(info.numa);
    info.index_in_numa = cores_per_numa[{info.package, info.numa}]++;
    info.pu_os_indices = Bitmap(core->cpuset).indices();
    if (!info.pu_os_indices.empty()) cores_.push_back(std::move(info));
  }
}

int Topology::pu_count() const {
  int count = 0;
  for (const CoreInfo& core : cores_) count += static_cast<int>(core.pu_os_indices.size());
  return count;
}

int Topology::usable_pu_count() const {
  return cpu_quota_ ? std::min(pu_count(), quota_cpu_count(cpu_quota_->cpus)) : pu_count();
}

int Topology::usable_core_count() const {
  return cpu_quota_ ? std::min(core_count(), quota_cpu_count(cpu_quota_->cpus)) : core_count();
}

TopologySummary Topology::summary() const {
  TopologySummary summary;
  summary.packages = std::max(1, hwloc_get_nbobjs_by_type(handle(), HWLOC_OBJ_PACKAGE));
  summary.numa_nodes = std::max(1, hwloc_get_nbobjs_by_type(handle(), HWLOC_OBJ_NUMANODE));
  summary.cores = core_count();
  summary.pus = pu_count();
  summary.allowed_cpuset = Bitmap(hwloc_topology_get_topology_cpuset(handle())).list();
  if (cpu_quota_) summary.cpu_quota_cpus = cpu_quota_->cpus;
  return summary;
}

}  // namespace sb
