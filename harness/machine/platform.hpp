// The platform under the numbers: OS, kernel, memory, frequency scaling, huge pages, hypervisor
// and SMT. Each one can move a timing by more than the effect a sweep measures, so a reviewer who
// reruns elsewhere needs them. Facts are read, never guessed: a file that cannot be read leaves its
// field empty, and the manifest says "not readable".
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/machine/topology.hpp"

namespace sb {

// What uname(2) and sysconf(3) say. They cannot be pointed at a fake tree, so they are a
// parameter of read_platform rather than read inside it.
struct KernelFacts {
  std::optional<std::string> sysname, release, version, machine;  // uname; empty if it failed
  std::optional<std::uint64_t> physical_memory_bytes;             // _SC_PHYS_PAGES * _SC_PAGE_SIZE
};

KernelFacts read_kernel_facts();

struct Platform {
  std::optional<std::string> os;  // PRETTY_NAME from os-release
  KernelFacts kernel;
  std::optional<std::uint64_t> memory_bytes;  // MemTotal from meminfo, else sysconf's

  // Frequency scaling: every distinct cpu*/cpufreq/scaling_governor, sorted (empty optional: not
  // one could be read), and the raw boost / turbo switches.
  std::optional<std::vector<std::string>> governors;
  std::optional<std::string> cpufreq_boost;          // cpufreq/boost: "1" boost allowed
  std::optional<std::string> intel_pstate_no_turbo;  // "1" turbo off
  std::optional<std::string> amd_pstate_status;      // "active", "passive", "guided", "disable"

  // Transparent huge pages: the selected (bracketed) choice of enabled and defrag.
  std::optional<std::string> thp_enabled, thp_defrag;

  // Virtualisation: the CPUID hypervisor bit as /proc/cpuinfo shows it (empty where cpuinfo has no
  // x86 "flags" line), Xen-style /sys/hypervisor/type, and the DMI system vendor and product.
  std::optional<bool> cpuinfo_hypervisor_flag;
  std::optional<std::string> hypervisor_type, dmi_sys_vendor, dmi_product_name;

  // SMT: the kernel's switch ("on", "off", "forceoff", "notsupported", "notimplemented"), whether
  // siblings are active now, and the most PUs any allowed core has (set from the topology).
  std::optional<std::string> smt_control, smt_active;
  std::optional<int> threads_per_core;
};

// The selected choice of a sysfs multiple-choice file: "always [madvise] never" -> "madvise";
// nullopt without a bracketed word.
std::optional<std::string> bracketed_choice(std::string_view text);

// The value of KEY=value in os-release syntax, quotes and backslash escapes removed; nullopt when
// the key is absent.
std::optional<std::string> os_release_value(std::string_view text, std::string_view key);

// Reads every file below `root` ("/" for this machine; a test passes a fake tree). A missing or
// unreadable file is an empty field, never an error. threads_per_core is left empty.
Platform read_platform(const std::filesystem::path& root, const KernelFacts& kernel);

// This machine: read_platform("/", read_kernel_facts()), threads_per_core from the topology.
Platform read_platform(const Topology& topology);

// The most PUs any core in the topology has (within the allowed cpuset); 0 without cores.
int threads_per_core(const Topology& topology);

// Unreadable strings and lists are "not readable", unreadable numbers and flags null.
nlohmann::json to_json(const Platform& platform);

}  // namespace sb
