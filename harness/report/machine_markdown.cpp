#include "harness/report/machine_markdown.hpp"

#include <fmt/format.h>

#include <ctime>

#include "harness/core/table.hpp"

namespace sb {
namespace {

std::string text_of(const nlohmann::json& j) {
  if (j.is_null()) return "not recorded";
  if (j.is_string()) return j.get<std::string>();
  if (j.is_array()) {
    std::vector<std::string> items;
    for (const nlohmann::json& item : j) items.push_back(text_of(item));
    return items.empty() ? std::string("none") : fmt::format("{}", fmt::join(items, ", "));
  }
  return j.dump();
}

std::string value_or(const nlohmann::json& j, const char* key, const std::string& fallback = "?") {
  if (!j.is_object() || !j.contains(key) || j.at(key).is_null()) return fallback;
  return text_of(j.at(key));
}

std::optional<std::time_t> utc_seconds(const std::string& iso) {
  std::tm tm{};
  if (strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) == nullptr) return std::nullopt;
  return timegm(&tm);
}

// OS, kernel, memory, virtualisation, SMT, huge pages, frequency: what the manifest's platform
// (machine/platform.hpp) holds, short. "not readable" stays as said: a reader must not guess.
std::vector<std::string> platform_facts(const nlohmann::json& m) {
  const nlohmann::json p = m.value("platform", nlohmann::json::object());
  if (p.empty()) return {"platform not recorded (results from before scalebench recorded it)"};
  std::vector<std::string> facts;
  facts.push_back(value_or(p, "os", "OS not readable"));
  const nlohmann::json kernel = p.value("kernel", nlohmann::json::object());
  facts.push_back(fmt::format("{} {} ({})", value_or(kernel, "sysname"),
                              value_or(kernel, "release"), value_or(kernel, "machine")));
  if (p.contains("memory_bytes") && p.at("memory_bytes").is_number()) {
    facts.push_back(
        fmt::format("{:.1f} GiB memory", p.at("memory_bytes").get<double>() / (1ull << 30)));
  }
  const nlohmann::json virt = p.value("virtualisation", nlohmann::json::object());
  const nlohmann::json flag = virt.value("cpuinfo_hypervisor_flag", nlohmann::json());
  std::string product = value_or(virt, "hypervisor_type", "not readable");
  if (product == "not readable") product = value_or(virt, "dmi_product_name", "not readable");
  facts.push_back(flag.is_boolean() && flag.get<bool>()
                      ? fmt::format("virtualised (hypervisor {})",
                                    product == "not readable" ? "not named" : product)
                  : flag.is_boolean() ? std::string("no hypervisor flag (bare metal)")
                                      : std::string("virtualisation not readable"));
  const nlohmann::json smt = p.value("smt", nlohmann::json::object());
  facts.push_back(fmt::format("SMT {} thread(s) a core (control {})",
                              value_or(smt, "threads_per_core"), value_or(smt, "control")));
  const nlohmann::json thp = p.value("transparent_hugepages", nlohmann::json::object());
  facts.push_back(fmt::format("transparent huge pages {} (defrag {})", value_or(thp, "enabled"),
                              value_or(thp, "defrag")));
  const nlohmann::json freq = p.value("cpufreq", nlohmann::json::object());
  facts.push_back(fmt::format("frequency governor {}, boost {}", value_or(freq, "governors"),
                              value_or(freq, "boost")));
  return facts;
}

}  // namespace

std::string build_and_time_text(const Results& results) {
  const nlohmann::json& m = results.manifest;
  std::string built = "built outside a git checkout";
  if (m.contains("git") && m.at("git").is_object()) {
    built =
        fmt::format("built from commit `{}` ({})", value_or(m.at("git"), "commit").substr(0, 12),
                    m.at("git").value("dirty", false) ? "**with uncommitted changes**" : "clean");
  }
  const std::string start = value_or(m, "start_time"), end = value_or(m, "end_time");
  std::string took;
  const auto from = utc_seconds(start), to = utc_seconds(end);
  if (from && to && *to >= *from) {
    const long seconds = static_cast<long>(*to - *from);
    took = fmt::format(" ({}m{:02}s)", seconds / 60, seconds % 60);
  }
  return fmt::format("{}; measured {} to {}{}", built, start, end, took);
}

std::string machine_line(const Results& results) {
  const nlohmann::json& m = results.manifest;
  std::string out =
      fmt::format("**Machine.** `{}`, {}", value_or(m, "host"), value_or(m, "cpu_model"));
  if (m.contains("topology")) out += "; " + value_or(m.at("topology"), "summary");
  for (const std::string& fact : platform_facts(m)) out += "; " + fact;
  const nlohmann::json load = m.value("machine_load", nlohmann::json::object());
  const auto busy = [&](const char* when) {
    return load.contains(when) ? fmt::format("{:.2f} (load average {:.2f})",
                                             load[when].value("other_busy_cpus", 0.0),
                                             load[when].value("load_average_1min", 0.0))
                               : std::string("not measured");
  };
  return out + fmt::format(
                   ". **Load:** other processes kept {} CPUs busy before the sweep and {} "
                   "after.",
                   busy("before"), busy("after"));
}

std::string machine_markdown(const Results& results) {
  const nlohmann::json& m = results.manifest;
  std::string out = "## Machine, build and settings\n\n";
  out += fmt::format("- host `{}`, CPU {}\n", value_or(m, "host"), value_or(m, "cpu_model"));
  if (m.contains("topology")) {
    out += fmt::format("- topology: {}; allowed PUs {}; CPU quota {}\n",
                       value_or(m.at("topology"), "summary"), value_or(m, "allowed_cpuset"),
                       m.value("cpu_quota", nlohmann::json()).is_object()
                           ? value_or(m.at("cpu_quota"), "cpus") + " CPUs"
                           : std::string("none"));
  }
  for (const std::string& fact : platform_facts(m)) out += "- " + fact + "\n";
  if (m.contains("compiler")) {
    out += fmt::format("- compiler {} (`{}`), build {}\n", value_or(m.at("compiler"), "id"),
                       value_or(m, "cxx_flags"), value_or(m, "build_type"));
  }
  if (m.contains("libraries")) {
    std::vector<std::string> libraries;
    for (const auto& [name, version] : m.at("libraries").items()) {
      libraries.push_back(fmt::format("{} {}", name, text_of(version)));
    }
    out += fmt::format("- libraries: {}\n", fmt::join(libraries, "; "));
  }
  const nlohmann::json environment = m.value("environment", nlohmann::json::object());
  out +=
      fmt::format("- scalebench's own environment (OMP_*, GOMP_*, KMP_*, TBB_*, HWLOC_*): {}\n",
                  environment.empty() ? std::string("none set") : "`" + environment.dump() + "`");
  out += "- " + build_and_time_text(results) + "\n";
  out += fmt::format("- command: `{}`\n\n", value_or(m, "command", "not recorded"));
  if (!m.contains("sweep") || !m.at("sweep").is_object()) return out;
  out += "| sweep setting | value |\n|---|---|\n";
  for (const auto& [name, value] : m.at("sweep").items()) {
    // The network calibration is recorded whole; where it came from names it.
    const bool calibration = name == "netcal" && value.is_object() && value.contains("source");
    out += fmt::format("| `{}` | {} |\n", name,
                       markdown_cell(calibration ? text_of(value.at("source")) : text_of(value)));
  }
  for (const char* key : {"rounds_run", "budget_spent", "remeasured_groups"}) {
    if (m.contains(key)) out += fmt::format("| `{}` | {} |\n", key, text_of(m.at(key)));
  }
  return out + "\n";
}

}  // namespace sb
