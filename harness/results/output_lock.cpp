#include "harness/results/output_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "harness/core/error.hpp"
#include "harness/core/system.hpp"

namespace sb {

std::string lock_holder(const std::filesystem::path& dir) {
  std::ifstream in(dir / kLockFile);
  std::string line;
  std::getline(in, line);
  return line;
}

OutputLock OutputLock::acquire(const std::filesystem::path& dir, std::string_view command) {
  const std::filesystem::path file = dir / kLockFile;
  for (;;) {
    // O_CLOEXEC: worker processes and the plot script must not inherit (and prolong) the lock.
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) config_error("cannot create the lock {}: {}", file.string(), std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int saved = errno;
      ::close(fd);
      if (saved != EWOULDBLOCK)
        config_error("cannot lock {}: {}", file.string(), std::strerror(saved));
      const std::string holder = lock_holder(dir);
      config_error("{} is in use by {}; wait for it to finish or choose another directory",
                   dir.string(), holder.empty() ? "another scalebench process" : holder);
    }
    // A holder unlinks the file before letting go: locking a file that is no longer the one at
    // `file` proves nothing, so try again with the new one.
    struct stat held {};
    struct stat named {};
    if (::fstat(fd, &held) == 0 && ::stat(file.c_str(), &named) == 0 &&
        held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
      OutputLock lock(fd, file,
                      fmt::format("scalebench {}, pid {} on {}, started {}", command, getpid(),
                                  host_name(), utc_now()));
      lock.set_phase("starting");
      return lock;
    }
    ::close(fd);
  }
}

OutputLock::OutputLock(OutputLock&& other) noexcept
    : fd_(other.fd_), file_(std::move(other.file_)), holder_(std::move(other.holder_)) {
  other.fd_ = -1;
}

OutputLock::~OutputLock() {
  if (fd_ < 0) return;
  // Removed while still held, so the directory is left as it was found; a process that opened
  // the old file meanwhile sees it is gone once it gets the flock (see acquire).
  ::unlink(file_.c_str());
  ::close(fd_);
}

void OutputLock::set_phase(std::string_view phase) {
  const std::string text = fmt::format("{}, {}\n", holder_, phase);
  // Cosmetic if torn: only a refused process's message reads it.
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, text.data(), text.size(), 0) < 0) {
    config_error("cannot write the lock file: {}", std::strerror(errno));
  }
  // Tests: stop here, holding the lock in this phase, until SIGCONT (no polling for the phase).
  const char* stop_at = std::getenv("SCALEBENCH_STOP_AT_PHASE");
  if (stop_at != nullptr && phase == stop_at) ::raise(SIGSTOP);
}

}  // namespace sb
