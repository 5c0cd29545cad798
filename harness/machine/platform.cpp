#include "harness/machine/platform.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "harness/core/numbers.hpp"

namespace sb {
namespace {

namespace fs = std::filesystem;

constexpr const char* kNotReadable = "not readable";

std::string trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

// The whole file; nullopt when it cannot be opened or read (a directory, EACCES, EIO on sysfs).
std::optional<std::string> read_text(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

// A one-value sysfs file, trimmed; an empty file is as good as an unreadable one.
std::optional<std::string> read_value(const fs::path& file) {
  const std::optional<std::string> text = read_text(file);
  if (!text) return std::nullopt;
  std::string value = trimmed(*text);
  if (value.empty()) return std::nullopt;
  return value;
}

// The selected choice, or the raw value when a kernel writes the file without brackets.
std::optional<std::string> read_choice(const fs::path& file) {
  const std::optional<std::string> value = read_value(file);
  if (!value) return std::nullopt;
  return bracketed_choice(*value).value_or(*value);
}

std::optional<std::uint64_t> mem_total_bytes(const fs::path& meminfo) {
  std::ifstream in(meminfo);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("MemTotal:", 0) != 0) continue;
    std::istringstream fields(line.substr(9));
    std::string number, unit;
    fields >> number >> unit;
    const std::optional<std::uint64_t> kib = parse_unsigned(number);
    // The kernel has always written kB here; any other unit is not a number we can trust.
    if (!kib || unit != "kB") return std::nullopt;
    return *kib * 1024;
  }
  return std::nullopt;
}

// true or false from the first x86 "flags" line; nullopt when there is none (other ISAs).
std::optional<bool> hypervisor_flag(const fs::path& cpuinfo) {
  std::ifstream in(cpuinfo);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("flags", 0) != 0) continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::istringstream flags(line.substr(colon + 1));
    for (std::string flag; flags >> flag;) {
      if (flag == "hypervisor") return true;
    }
    return false;
  }
  return std::nullopt;
}

bool is_cpu_directory_name(const std::string& name) {
  return name.size() > 3 && name.rfind("cpu", 0) == 0 &&
         std::all_of(name.begin() + 3, name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::vector<std::string>> governors_under(const fs::path& cpu_dir) {
  std::set<std::string> seen;
  std::error_code error;
  fs::directory_iterator entry(cpu_dir, error);
  // The error_code forms throw nothing; a directory that vanishes halfway ends the walk.
  for (; !error && entry != fs::directory_iterator(); entry.increment(error)) {
    const std::string name = entry->path().filename().string();
    if (!is_cpu_directory_name(name)) continue;
    if (auto governor = read_value(entry->path() / "cpufreq/scaling_governor")) {
      seen.insert(*governor);
    }
  }
  if (seen.empty()) return std::nullopt;
  return std::vector<std::string>(seen.begin(), seen.end());
}

// results.json is dumped strictly, so a DMI string with a stray byte would lose the whole file:
// invalid UTF-8 becomes U+FFFD here instead.
nlohmann::json valid_utf8(const std::string& text) {
  return nlohmann::json::parse(
      nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

nlohmann::json text_or_not_readable(const std::optional<std::string>& value) {
  return value ? valid_utf8(*value) : nlohmann::json(kNotReadable);
}

template <typename T>
nlohmann::json value_or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

}  // namespace

std::optional<std::string> bracketed_choice(std::string_view text) {
  const std::size_t open = text.find('[');
  if (open == std::string_view::npos) return std::nullopt;
  const std::size_t close = text.find(']', open + 1);
  if (close == std::string_view::npos || close == open + 1) return std::nullopt;
  return std::string(text.substr(open + 1, close - open - 1));
}

std::optional<std::string> os_release_value(std::string_view text, std::string_view key) {
  std::optional<std::string> found;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    line = trimmed(line);
    if (line.size() <= key.size() || line.compare(0, key.size(), key) != 0 ||
        line[key.size()] != '=') {
      continue;
    }
    const std::string raw = line.substr(key.size() + 1);
    std::string value;
    // Shell quoting, as os-release(5) defines it; a later assignment wins, as in a shell.
    const char quote = raw.empty() ? '\0' : raw.front();
    if ((quote == '"' || quote == '\'') && raw.size() >= 2 && raw.back() == quote) {
      const std::string inner = raw.substr(1, raw.size() - 2);
      for (std::size_t i = 0; i < inner.size(); ++i) {
        if (quote == '"' && inner[i] == '\\' && i + 1 < inner.size()) ++i;
        value += inner[i];
      }
    } else {
      value = raw;
    }
    found = value;
  }
  return found;
}

KernelFacts read_kernel_facts() {
  KernelFacts facts;
  utsname names{};
  if (uname(&names) == 0) {
    facts.sysname = names.sysname;
    facts.release = names.release;
    facts.version = names.version;
    facts.machine = names.machine;
  }
  const long pages = sysconf(_SC_PHYS_PAGES), page_bytes = sysconf(_SC_PAGE_SIZE);
  if (pages > 0 && page_bytes > 0) {
    facts.physical_memory_bytes =
        static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_bytes);
  }
  return facts;
}

Platform read_platform(const fs::path& root, const KernelFacts& kernel) {
  Platform p;
  // os-release(5): /etc/os-release, falling back to /usr/lib/os-release.
  for (const char* file : {"etc/os-release", "usr/lib/os-release"}) {
    if (const auto text = read_text(root / file)) {
      p.os = os_release_value(*text, "PRETTY_NAME");
      break;
    }
  }
  p.kernel = kernel;
  p.memory_bytes = mem_total_bytes(root / "proc/meminfo");
  if (!p.memory_bytes) p.memory_bytes = kernel.physical_memory_bytes;

  const fs::path cpu = root / "sys/devices/system/cpu";
  p.governors = governors_under(cpu);
  p.cpufreq_boost = read_value(cpu / "cpufreq/boost");
  p.intel_pstate_no_turbo = read_value(cpu / "intel_pstate/no_turbo");
  p.amd_pstate_status = read_value(cpu / "amd_pstate/status");

  const fs::path thp = root / "sys/kernel/mm/transparent_hugepage";
  p.thp_enabled = read_choice(thp / "enabled");
  p.thp_defrag = read_choice(thp / "defrag");

  p.cpuinfo_hypervisor_flag = hypervisor_flag(root / "proc/cpuinfo");
  p.hypervisor_type = read_value(root / "sys/hypervisor/type");
  p.dmi_sys_vendor = read_value(root / "sys/class/dmi/id/sys_vendor");
  p.dmi_product_name = read_value(root / "sys/class/dmi/id/product_name");

  p.smt_control = read_value(cpu / "smt/control");
  p.smt_active = read_value(cpu / "smt/active");
  return p;
}

int threads_per_core(const Topology& topology) {
  std::size_t most = 0;
  for (const CoreInfo& core : topology.cores()) most = std::max(most, core.pu_os_indices.size());
  return static_cast<int>(most);
}

Platform read_platform(const Topology& topology) {
  Platform p = read_platform("/", read_kernel_facts());
  if (const int threads = threads_per_core(topology); threads > 0) p.threads_per_core = threads;
  return p;
}

nlohmann::json to_json(const Platform& p) {
  nlohmann::json governors = kNotReadable;
  if (p.governors) {
    governors = nlohmann::json::array();
    for (const std::string& governor : *p.governors) governors.push_back(valid_utf8(governor));
  }
  return {
      {"os", text_or_not_readable(p.os)},
      {"kernel",
       {{"sysname", text_or_not_readable(p.kernel.sysname)},
        {"release", text_or_not_readable(p.kernel.release)},
        {"version", text_or_not_readable(p.kernel.version)},
        {"machine", text_or_not_readable(p.kernel.machine)}}},
      {"memory_bytes", value_or_null(p.memory_bytes)},
      {"cpufreq",
       {{"governors", governors},
        {"boost", text_or_not_readable(p.cpufreq_boost)},
        {"intel_pstate_no_turbo", text_or_not_readable(p.intel_pstate_no_turbo)},
        {"amd_pstate_status", text_or_not_readable(p.amd_pstate_status)}}},
      {"transparent_hugepages",
       {{"enabled", text_or_not_readable(p.thp_enabled)},
        {"defrag", text_or_not_readable(p.thp_defrag)}}},
      {"virtualisation",
       {{"cpuinfo_hypervisor_flag", value_or_null(p.cpuinfo_hypervisor_flag)},
        {"hypervisor_type", text_or_not_readable(p.hypervisor_type)},
        {"dmi_sys_vendor", text_or_not_readable(p.dmi_sys_vendor)},
        {"dmi_product_name", text_or_not_readable(p.dmi_product_name)}}},
      {"smt",
       {{"control", text_or_not_readable(p.smt_control)},
        {"active", text_or_not_readable(p.smt_active)},
        {"threads_per_core", value_or_null(p.threads_per_core)}}},
  };
}

}  // namespace sb
