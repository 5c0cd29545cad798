// One writer at a time in an output directory: a sweep (measuring, then analysing) or an
// analysis holds DIR/.scalebench.lock for as long as it writes there. The lock is an flock(2) on
// that file, so it dies with its holder: a SIGKILLed sweep leaves the file but no lock, and the
// next process takes it over. A holder that ends normally removes the file.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace sb {

class OutputLock {
 public:
  // Takes the lock of `dir` (which must exist) for `command` ("run", "analyze"). Throws
  // ConfigError naming the holder when another process has it.
  static OutputLock acquire(const std::filesystem::path& dir, std::string_view command);

  OutputLock(OutputLock&& other) noexcept;
  OutputLock& operator=(OutputLock&&) = delete;
  OutputLock(const OutputLock&) = delete;
  ~OutputLock();

  // What the holder is doing ("measuring", "analysing"): a refused second process names it.
  // Tests: when SCALEBENCH_STOP_AT_PHASE names the phase, the process stops itself (SIGSTOP)
  // right after, holding the lock, so a test can act in that phase without polling for it.
  void set_phase(std::string_view phase);

 private:
  OutputLock(int fd, std::filesystem::path file, std::string holder)
      : fd_(fd), file_(std::move(file)), holder_(std::move(holder)) {}
  int fd_ = -1;
  std::filesystem::path file_;
  std::string holder_;  // "scalebench run, pid 123 on host, started 2026-12-01T21:00:00Z"
};

// The lock file's name inside an output directory.
inline constexpr const char* kLockFile = ".scalebench.lock";

// What a refused process reports about the holder: the lock file's text, or "" when none.
std::string lock_holder(const std::filesystem::path& dir);

}  // namespace sb
