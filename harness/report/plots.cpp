#include "harness/report/plots.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <vector>

#include "generated/build_info.hpp"

extern char** environ;

namespace sb {
namespace {

std::vector<std::filesystem::path>& extra_directories() {
  static std::vector<std::filesystem::path> directories;
  return directories;
}

// plot.py lies beside the binary in a build tree (CMake copies it there) and in
// ../libexec/scalebench/ once installed; the binary, not the source tree, says where.
std::filesystem::path find_plot_script() {
  std::error_code error;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  std::vector<std::filesystem::path> candidates;
  if (!error) {
    candidates = {exe.parent_path() / "plot.py",
                  exe.parent_path() / "../libexec/scalebench/plot.py"};
  }
  for (const std::filesystem::path& dir : extra_directories())
    candidates.push_back(dir / "plot.py");
  for (const std::filesystem::path& candidate : candidates) {
    if (std::filesystem::exists(candidate, error)) return candidate;
  }
  return {};
}

}  // namespace

void add_plot_script_directory(const std::filesystem::path& dir) {
  extra_directories().push_back(dir);
}

Plots draw_plots(const std::filesystem::path& dir) {
  const std::filesystem::path script = find_plot_script();
  if (script.empty()) return {{}, "plot.py is neither beside the scalebench binary nor installed"};
  // The python3 CMake found with matplotlib (Debian's python3-matplotlib), else python3 on PATH.
  std::string interpreter = SCALEBENCH_PYTHON, path = script.string(), target = dir.string();
  char* argv[] = {interpreter.data(), path.data(), target.data(), nullptr};
  pid_t pid = 0;
  if (posix_spawnp(&pid, interpreter.c_str(), nullptr, nullptr, argv, environ) != 0) {
    return {{}, "python3 could not be started (is it installed and on PATH?)"};
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return {{}, "plot.py failed (is python3-matplotlib installed? its error is on stderr)"};
  }
  Plots plots;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "plots", error)) {
    if (entry.path().extension() == ".png")
      plots.files.push_back("plots/" + entry.path().filename().string());
  }
  std::sort(plots.files.begin(), plots.files.end());
  return plots;
}

}  // namespace sb
