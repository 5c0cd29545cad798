#include "harness/sweep/mpi_launch.hpp"

#include <fmt/format.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "harness/core/error.hpp"
#include "harness/machine/topology.hpp"

namespace sb {
namespace {

constexpr const char* kSingleCopy = "OMPI_MCA_btl_vader_single_copy_mechanism";

std::string find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string_view rest = path ? path : "/usr/bin:/bin";
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::filesystem::path dir(std::string(rest.substr(0, colon)));
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    const std::filesystem::path candidate = dir / name;
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return {};
}

// First line of `command`'s output, or "".
std::string first_line_of(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  if (!pipe) return {};
  std::array<char, 256> line{};
  if (std::fgets(line.data(), line.size(), pipe.get()) == nullptr) return {};
  std::string text(line.data());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace

std::vector<std::string> mpirun_argv(const MpiJob& job, const MpiLauncherFacts& facts) {
  std::vector<std::string> argv = {facts.mpirun, "-np", std::to_string(job.ranks), "--bind-to",
                                   "none"};
  if (!job.hostfile.empty()) {
    argv.insert(argv.end(), {"--hostfile", job.hostfile.string()});
  } else if (job.ranks > job.usable_cores) {
    argv.push_back("--oversubscribe");
  }
  if (job.timeout_s > 0) argv.insert(argv.end(), {"--timeout", std::to_string(job.timeout_s)});
  argv.insert(argv.end(), job.rank_argv.begin(), job.rank_argv.end());
  return argv;
}

std::vector<std::string> mpirun_settings(const MpiLauncherFacts& facts) {
  std::vector<std::string> settings;
  if (facts.running_as_root) {
    settings.push_back("OMPI_ALLOW_RUN_AS_ROOT=1");
    settings.push_back("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1");
  }
  if (facts.single_copy_blocked && std::getenv(kSingleCopy) == nullptr) {
    settings.push_back(std::string(kSingleCopy) + "=none");
  }
  return settings;
}

bool single_copy_allowed() {
  static volatile long marker = 0x5ca1ab1e;
  int gate[2];
  if (::pipe(gate) != 0) return false;
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(gate[0]);
    ::close(gate[1]);
    return false;
  }
  if (child == 0) {
    char byte;
    ::close(gate[1]);
    while (::read(gate[0], &byte, 1) < 0 && errno == EINTR) {
    }
    ::_exit(0);
  }
  ::close(gate[0]);
  long copy = 0;
  iovec local{&copy, sizeof copy};
  iovec remote{const_cast<long*>(&marker), sizeof marker};
  const ssize_t read = ::process_vm_readv(child, &local, 1, &remote, 1, 0);
  ::close(gate[1]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return read == static_cast<ssize_t>(sizeof copy) && copy == marker;
}

namespace {

MpiLauncherFacts detect_mpi_launcher() {
  MpiLauncherFacts facts;
  facts.mpirun = find_on_path("mpirun");
  if (facts.mpirun.empty()) {
    throw ConfigError("no mpirun on PATH: install Open MPI (Debian: openmpi-bin)");
  }
  facts.version = first_line_of(fmt::format("'{}' --version 2>/dev/null", facts.mpirun));
  if (facts.version.find("Open MPI") == std::string::npos) {
    throw ConfigError(
        fmt::format("{} is not Open MPI's mpirun (it says '{}'): put Open MPI's "
                    "(Debian: openmpi-bin) first on PATH",
                    facts.mpirun, facts.version));
  }
  facts.running_as_root = ::geteuid() == 0;
  facts.single_copy_blocked = !single_copy_allowed();
  facts.usable_cores = Topology::load_for_this_process().usable_core_count();
  return facts;
}

}  // namespace

const MpiLauncherFacts& mpi_launcher() {
  static const MpiLauncherFacts facts = detect_mpi_launcher();
  return facts;
}

std::filesystem::path rank_program() {
  std::error_code error;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    for (const std::filesystem::path& candidate :
         {exe.parent_path() / "scalebench-rank",
          exe.parent_path() / "../libexec/scalebench/scalebench-rank"}) {
      if (::access(candidate.c_str(), X_OK) == 0) return candidate.lexically_normal();
    }
  }
  throw ConfigError(
      "this scalebench was built without MPI (no scalebench-rank beside it): install Open MPI "
      "(Debian: libopenmpi-dev openmpi-bin) and configure with SCALEBENCH_MPI=ON");
}

nlohmann::json mpi_manifest(const MpiLauncherFacts& facts) {
  return {{"mpirun", facts.mpirun},
          {"version", facts.version},
          {"single_copy_blocked", facts.single_copy_blocked},
          {"settings", mpirun_settings(facts)}};
}

}  // namespace sb
