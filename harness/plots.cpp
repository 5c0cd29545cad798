#include "harness/plots.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>

#include "generated/build_info.hpp"

extern char** environ;

namespace sb {

Plots draw_plots(const std::filesystem::path& dir) {
  const std::filesystem::path script = std::filesystem::path(SCALEBENCH_SOURCE_DIR) / "scripts/plot.py";
  const char* python = "/usr/bin/python3";  // Debian's, where python3-matplotlib lives
  if (!std::filesystem::exists(script)) return {{}, "scripts/plot.py is not in the source tree"};
  if (!std::filesystem::exists(python)) return {{}, "/usr/bin/python3 is missing"};
  std::string interpreter = python, path = script.string(), target = dir.string();
  char* argv[] = {interpreter.data(), path.data(), target.data(), nullptr};
  pid_t pid = 0;
  if (posix_spawn(&pid, python, nullptr, nullptr, argv, environ) != 0) {
    return {{}, "/usr/bin/python3 could not be started"};
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return {{}, "scripts/plot.py failed (is python3-matplotlib installed? its error is on stderr)"};
  }
  Plots plots;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "plots", error)) {
    if (entry.path().extension() == ".png") plots.files.push_back("plots/" + entry.path().filename().string());
  }
  std::sort(plots.files.begin(), plots.files.end());
  return plots;
}

}  // namespace sb
