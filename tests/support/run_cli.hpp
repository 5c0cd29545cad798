// The built scalebench run as a user runs it, for end-to-end tests: exit status, stdout, stderr.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace sb::test {

struct Outcome {
  int status = -1;
  bool signalled = false;
  std::string out, err;
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `executable args` through the shell, its output in `io_dir` (one of the test's own).
inline Outcome run_cli(const std::string& executable, const std::string& args,
                       const std::filesystem::path& io_dir) {
  std::filesystem::create_directories(io_dir);
  const std::string command = executable + " " + args + " >" + (io_dir / "out").string() + " 2>" +
                              (io_dir / "err").string();
  const int raw = std::system(command.c_str());
  Outcome outcome;
  outcome.signalled = WIFSIGNALED(raw) || (WIFEXITED(raw) && WEXITSTATUS(raw) > 128);
  outcome.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  outcome.out = slurp(io_dir / "out");
  outcome.err = slurp(io_dir / "err");
  return outcome;
}

}  // namespace sb::test
