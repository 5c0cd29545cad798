#include "harness/manifest.hpp"

#include <fmt/format.h>
#include <oneapi/tbb/version.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <thread>

#include "generated/build_info.hpp"

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

std::string command_output(const std::string& command) {
  std::string output;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    std::array<char, 256> buffer{};
    while (fgets(buffer.data(), buffer.size(), pipe) != nullptr) output += buffer.data();
    pclose(pipe);
  }
  while (!output.empty() && (output.back() == '\n' || output.back() == ' ')) output.pop_back();
  return output;
}

}  // namespace

nlohmann::json git_revision() {
  const std::string git = fmt::format("git -C '{}' ", SCALEBENCH_SOURCE_DIR);
  const std::string revision = command_output(git + "rev-parse --verify -q HEAD 2>/dev/null");
  if (revision.empty()) return nullptr;
  const bool dirty =
      !command_output(git + "status --porcelain --untracked-files=no 2>/dev/null").empty();
  return {{"commit", revision}, {"dirty", dirty}};
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

std::string host_name() {
  std::array<char, 256> name{};
  return gethostname(name.data(), name.size()) == 0 ? name.data() : "unknown";
}

}  // namespace

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text.data();
}

nlohmann::json collect_manifest(const Topology& topology) {
  const TopologySummary summary = topology.summary();
  return {
      {"host", host_name()},
      {"cpu_model", cpu_model()},
      {"topology",
       {{"packages", summary.packages},
        {"numa_nodes", summary.numa_nodes},
        {"cores", summary.cores},
        {"pus", summary.pus},
        {"summary", summary.to_string()}}},
      {"allowed_cpuset", summary.allowed_cpuset},
      {"hardware_concurrency", std::thread::hardware_concurrency()},
      {"compiler", {{"id", SCALEBENCH_CXX_COMPILER}, {"version", __VERSION__}}},
      {"build_type", SCALEBENCH_BUILD_TYPE},
      {"cxx_flags", SCALEBENCH_CXX_FLAGS},
      {"libraries",
       {{"scalebench", SCALEBENCH_VERSION},
        {"oneTBB", fmt::format("{} (runtime interface {})", TBB_VERSION_STRING,
                               TBB_runtime_interface_version())},
        {"openmp", fmt::format("{} (_OPENMP {})", SCALEBENCH_OPENMP_VERSION, _OPENMP)},
        {"hwloc", fmt::format("{} (API {:#x})", SCALEBENCH_HWLOC_VERSION, hwloc_get_api_version())},
        {"google_benchmark", SCALEBENCH_BENCHMARK_VERSION},
        {"fmt", FMT_VERSION},
        {"nlohmann_json", fmt::format("{}.{}.{}", NLOHMANN_JSON_VERSION_MAJOR,
                                      NLOHMANN_JSON_VERSION_MINOR, NLOHMANN_JSON_VERSION_PATCH)}}},
      {"environment", runtime_environment()},
      {"git", git_revision()},
  };
}

}  // namespace sb
