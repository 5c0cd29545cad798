#include "harness/sweep/manifest.hpp"

#include <fmt/format.h>
#include <oneapi/tbb/version.h>

#include <fstream>
#include <string_view>
#include <thread>

#include "generated/build_info.hpp"
#include "generated/git_revision.hpp"
#include "harness/core/system.hpp"
#include "harness/machine/platform.hpp"

extern char** environ;

namespace sb {
namespace {

std::string cpu_model() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) == 0) {
      const std::size_t colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return "unknown";
}

// The command as the user typed it (arguments with spaces quoted), so a reviewer can rerun it:
// read back from the kernel rather than threaded through from main.
std::string command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string argument, command;
  while (std::getline(in, argument, '\0')) {
    if (!command.empty()) command += ' ';
    command +=
        argument.find_first_of(" \t'\"") == std::string::npos ? argument : "'" + argument + "'";
  }
  return command;
}

}  // namespace

nlohmann::json git_revision() {
  return git_revision(SCALEBENCH_BUILD_COMMIT, SCALEBENCH_BUILD_DIRTY != 0);
}

nlohmann::json git_revision(std::string_view commit, bool dirty) {
  if (commit.empty()) return nullptr;
  return {{"commit", commit}, {"dirty", dirty}};
}

nlohmann::json linked_libraries() {
  return {
      {"scalebench", SCALEBENCH_VERSION},
      {"oneTBB", fmt::format("{} (runtime interface {})", TBB_VERSION_STRING,
                             TBB_runtime_interface_version())},
      {"openmp", fmt::format("{} (_OPENMP {})", SCALEBENCH_OPENMP_VERSION, _OPENMP)},
      {"hwloc", fmt::format("{} (API {:#x})", SCALEBENCH_HWLOC_VERSION, hwloc_get_api_version())},
      {"google_benchmark", SCALEBENCH_BENCHMARK_VERSION},
      {"fmt", FMT_VERSION},
      {"nlohmann_json", fmt::format("{}.{}.{}", NLOHMANN_JSON_VERSION_MAJOR,
                                    NLOHMANN_JSON_VERSION_MINOR, NLOHMANN_JSON_VERSION_PATCH)}};
}

std::string version_text() { return version_text(git_revision()); }

std::string version_text(const nlohmann::json& git) {
  std::string text = fmt::format(
      "scalebench {}\nbuilt from: {}\ncompiler: {} ({}, {})\n", SCALEBENCH_VERSION,
      git.is_null() ? std::string("unknown (not built from a git checkout)")
                    : git.at("commit").get<std::string>() +
                          (git.at("dirty").get<bool>() ? " with uncommitted changes" : ""),
      SCALEBENCH_CXX_COMPILER, SCALEBENCH_BUILD_TYPE, SCALEBENCH_CXX_FLAGS);
  const nlohmann::json libraries = linked_libraries();
  for (const auto& [name, version] : libraries.items()) {
    if (name == "scalebench") continue;
    text += fmt::format("{}: {}\n", name,
                        version.is_string() ? version.get<std::string>() : version.dump());
  }
  return text;
}

namespace {

nlohmann::json runtime_environment() {
  nlohmann::json env = nlohmann::json::object();
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text = *entry;
    for (const char* prefix : {"OMP_", "GOMP_", "KMP_", "TBB_", "HWLOC_"}) {
      if (text.rfind(prefix, 0) == 0) {
        const std::size_t equals = text.find('=');
        env[text.substr(0, equals)] = text.substr(equals + 1);
      }
    }
  }
  return env;
}

}  // namespace

nlohmann::json host_manifest(const Topology& topology) {
  const TopologySummary summary = topology.summary();
  return {{"host", host_name()},
          {"cpu_model", cpu_model()},
          {"topology",
           {{"packages", summary.packages},
            {"numa_nodes", summary.numa_nodes},
            {"cores", summary.cores},
            {"usable_cores", topology.usable_core_count()},
            {"pus", summary.pus},
            {"summary", summary.to_string()}}},
          {"allowed_cpuset", summary.allowed_cpuset}};
}

nlohmann::json collect_manifest(const Topology& topology) {
  nlohmann::json manifest = host_manifest(topology);
  manifest.update(nlohmann::json{
      {"command", command_line()},
      {"cpu_quota", topology.cpu_quota() ? nlohmann::json{{"cpus", topology.cpu_quota()->cpus},
                                                          {"source", topology.cpu_quota()->source}}
                                         : nlohmann::json()},
      {"hardware_concurrency", std::thread::hardware_concurrency()},
      {"compiler", {{"id", SCALEBENCH_CXX_COMPILER}, {"version", __VERSION__}}},
      {"build_type", SCALEBENCH_BUILD_TYPE},
      {"cxx_flags", SCALEBENCH_CXX_FLAGS},
      {"libraries", linked_libraries()},
      {"environment", runtime_environment()},
      {"git", git_revision()},
      {"platform", to_json(read_platform(topology))},
  });
  return manifest;
}

}  // namespace sb
