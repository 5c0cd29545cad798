// The real program launcher: fork, set the child up (process group, affinity, signals, files),
// exec; one thread samples the process tree while this one waits for the exit.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "harness/core/error.hpp"
#include "harness/machine/machine_load.hpp"
#include "harness/sweep/program_launcher.hpp"
#include "harness/sweep/stop.hpp"

namespace sb {
namespace {

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; }

// Everything the child needs, made before fork: after it only async-signal-safe calls are made.
struct ChildSetup {
  std::vector<char*> argv, envp;
  cpu_set_t cpus;
  bool set_cpus = false;
  int stdout_fd = -1, stderr_fd = -1, stdin_fd = -1;
  int error_pipe = -1;
};

[[noreturn]] void run_child(const ChildSetup& setup, const char* executable) {
  setpgid(0, 0);  // its own group: the timeout kills everything it started, Ctrl-C reaches us only
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // a killed sweep leaves no program running
  // The worker ignores SIGINT and blocks signals of its own; the program gets the defaults.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int s : {SIGINT, SIGTERM, SIGUSR1, SIGPIPE, SIGQUIT}) sigaction(s, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  if (setup.set_cpus && sched_setaffinity(0, sizeof(setup.cpus), &setup.cpus) != 0) {
    const int e = errno;
    (void)!write(setup.error_pipe, &e, sizeof e);
    _exit(127);
  }
  dup2(setup.stdin_fd, 0);
  dup2(setup.stdout_fd, 1);
  dup2(setup.stderr_fd, 2);
  execve(executable, setup.argv.data(), setup.envp.data());
  const int e = errno;
  (void)!write(setup.error_pipe, &e, sizeof e);
  _exit(127);
}

int open_output(const std::filesystem::path& file) {
  const int fd = file.empty()
                     ? ::open("/dev/null", O_WRONLY | O_CLOEXEC)
                     : ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) config_error("cannot write {}: {}", file.string(), std::strerror(errno));
  return fd;
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

class ProcessLauncher final : public ProgramLauncher {
 public:
  LaunchResult launch(const LaunchRequest& request) override {
    std::vector<std::string> argv = request.argv, envp = request.environment;
    ChildSetup setup;
    for (std::string& a : argv) setup.argv.push_back(a.data());
    setup.argv.push_back(nullptr);
    for (std::string& e : envp) setup.envp.push_back(e.data());
    setup.envp.push_back(nullptr);
    CPU_ZERO(&setup.cpus);
    for (int cpu : request.cpus) {
      if (cpu >= 0 && cpu < CPU_SETSIZE) CPU_SET(cpu, &setup.cpus);
    }
    setup.set_cpus = !request.cpus.empty();
    Fd out{open_output(request.stdout_file)}, err{open_output(request.stderr_file)};
    Fd in{::open("/dev/null", O_RDONLY | O_CLOEXEC)};
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0)
      config_error("cannot make a pipe: {}", std::strerror(errno));
    Fd pipe_read{pipe_fds[0]}, pipe_write{pipe_fds[1]};
    setup.stdout_fd = out.fd;
    setup.stderr_fd = err.fd;
    setup.stdin_fd = in.fd;
    setup.error_pipe = pipe_write.fd;

    LaunchResult result;
    const double busy_before = busy_seconds_on(request.cpus), own_before = own_cpu_seconds();
    const double start = now_s();
    const pid_t pid = fork();
    if (pid < 0) config_error("cannot start a process: {}", std::strerror(errno));
    if (pid == 0) run_child(setup, request.executable.c_str());
    setpgid(pid, pid);  // also here, so the group exists before anything signals it
    ::close(pipe_write.fd);
    pipe_write.fd = -1;
    int exec_errno = 0;
    ssize_t n;
    while ((n = ::read(pipe_read.fd, &exec_errno, sizeof exec_errno)) < 0 && errno == EINTR) {
    }

    ActivityTracker tracker(request.cpus, request.planned_threads);
    std::mutex mutex;
    std::condition_variable wake;
    bool exited = false;
    std::atomic<bool> timed_out{false}, interrupted{false};
    // Samples every window until the exit; kills the group on a timeout or a stop request.
    std::thread sampler([&] {
      ProcessTreeSampler tree(pid);
      std::unique_lock lock(mutex);
      for (;;) {
        lock.unlock();
        const std::vector<TaskSample> samples = tree.sample();
        const double t = now_s();
        tracker.add(t, samples);
        if (!timed_out && request.timeout_s > 0 && t - start > request.timeout_s) {
          timed_out = true;
          ::kill(-pid, SIGKILL);
        }
        if (!interrupted && stop_requested()) {
          interrupted = true;
          ::kill(-pid, SIGKILL);
        }
        lock.lock();
        if (wake.wait_for(lock, std::chrono::duration<double>(kSampleIntervalS),
                          [&] { return exited; }))
          return;
      }
    });
    rusage usage{};
    int status = 0;
    while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    result.wall_s = now_s() - start;
    {
      std::lock_guard lock(mutex);
      exited = true;
    }
    wake.notify_one();
    sampler.join();
    // Whatever it started and left behind goes with it.
    ::kill(-pid, SIGKILL);
    if (n > 0) {
      result.start_error = std::strerror(exec_errno);
      return result;
    }
    result.wait_status = status;
    result.timed_out = timed_out;
    result.interrupted = interrupted;
    result.user_s = seconds(usage.ru_utime);
    result.system_s = seconds(usage.ru_stime);
    result.max_rss_kb = usage.ru_maxrss;
    result.voluntary_switches = usage.ru_nvcsw;
    result.involuntary_switches = usage.ru_nivcsw;
    result.other_busy_s =
        std::max(0.0, (busy_seconds_on(request.cpus) - busy_before) -
                          (result.user_s + result.system_s) - (own_cpu_seconds() - own_before));
    result.activity = tracker.summary();
    return result;
  }
};

}  // namespace

bool LaunchResult::succeeded() const {
  return start_error.empty() && !timed_out && !interrupted && WIFEXITED(wait_status) &&
         WEXITSTATUS(wait_status) == 0;
}

std::string LaunchResult::failure() const {
  if (!start_error.empty()) return "could not be executed: " + start_error;
  if (timed_out) return "killed after its timeout";
  if (interrupted) return "interrupted";
  if (WIFSIGNALED(wait_status)) {
    return fmt::format("killed by signal {} ({})", WTERMSIG(wait_status),
                       strsignal(WTERMSIG(wait_status)));
  }
  return fmt::format("exited with status {}", WEXITSTATUS(wait_status));
}

std::unique_ptr<ProgramLauncher> make_process_launcher() {
  return std::make_unique<ProcessLauncher>();
}

}  // namespace sb
