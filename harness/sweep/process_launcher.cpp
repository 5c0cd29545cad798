// The real program launcher: fork, set the child up (process group, affinity, signals, files,
// working directory), exec; one thread samples the process tree while this one waits for the exit.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

#include "harness/core/error.hpp"
#include "harness/machine/machine_load.hpp"
#include "harness/sweep/program_launcher.hpp"
#include "harness/sweep/stop.hpp"

namespace sb {
namespace {

// Windows between two searches of /proc for new processes in the tree (100 ms).
constexpr long kRescanEvery = 4;

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; }

double thread_cpu_s() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// Everything the child needs, made before fork: after it only async-signal-safe calls are made.
struct ChildSetup {
  std::vector<char*> argv, envp;
  cpu_set_t cpus;
  bool set_cpus = false;
  int stdout_fd = -1, stderr_fd = -1, stdin_fd = -1;
  int error_pipe = -1;
  const char* working_directory = nullptr;
  pid_t parent = 0;
};

[[noreturn]] void fail_child(int error_pipe) {
  const int e = errno;
  (void)!write(error_pipe, &e, sizeof e);
  _exit(127);
}

[[noreturn]] void run_child(const ChildSetup& setup, const char* executable) {
  setpgid(0, 0);  // its own group: the timeout kills everything it started, Ctrl-C reaches us only
  prctl(PR_SET_PDEATHSIG, SIGKILL);           // a killed sweep leaves no program running
  if (getppid() != setup.parent) _exit(127);  // the worker died before the line above
  // The worker ignores SIGINT and blocks signals of its own; the program gets the defaults.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int s : {SIGINT, SIGTERM, SIGUSR1, SIGPIPE, SIGQUIT}) sigaction(s, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  if (setup.set_cpus && sched_setaffinity(0, sizeof(setup.cpus), &setup.cpus) != 0)
    fail_child(setup.error_pipe);
  if (setup.working_directory != nullptr && chdir(setup.working_directory) != 0)
    fail_child(setup.error_pipe);
  dup2(setup.stdin_fd, 0);
  dup2(setup.stdout_fd, 1);
  dup2(setup.stderr_fd, 2);
  execve(executable, setup.argv.data(), setup.envp.data());
  fail_child(setup.error_pipe);
}

int open_output(const std::filesystem::path& file) {
  const int fd = file.empty()
                     ? ::open("/dev/null", O_WRONLY | O_CLOEXEC)
                     : ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) config_error("cannot write {}: {}", file.string(), std::strerror(errno));
  return fd;
}

// The PUs this process may use that the plan did not give the program, for the sampler.
std::vector<int> spare_cpus(const std::vector<int>& planned) {
  cpu_set_t allowed;
  std::vector<int> spare;
  if (planned.empty() || sched_getaffinity(0, sizeof allowed, &allowed) != 0) return spare;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &allowed) && std::find(planned.begin(), planned.end(), cpu) == planned.end())
      spare.push_back(cpu);
  }
  return spare;
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Watches one run from its own thread: samples the tree every window, and kills the program's
// group on a timeout or a stop request, until the run's exit is announced.
class Watcher {
 public:
  Watcher(pid_t pid, const LaunchRequest& request, double start_s)
      : pid_(pid),
        request_(request),
        start_s_(start_s),
        spare_(spare_cpus(request.cpus)),
        tracker_(request.cpus, request.planned_threads),
        thread_([this] { watch(); }) {}

  // Call once the program has been reaped.
  void finish() {
    {
      std::lock_guard lock(mutex_);
      exited_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

  std::atomic<bool> timed_out{false}, interrupted{false}, sampling_failed{false};
  double cpu_s = 0;
  const ActivitySummary& activity() const { return tracker_.summary(); }

 private:
  void watch() {
    const double cpu_before_s = thread_cpu_s();
    // On a PU the plan left free when there is one: watching must not take the program's time.
    if (!spare_.empty()) {
      cpu_set_t mask;
      CPU_ZERO(&mask);
      for (int cpu : spare_) CPU_SET(cpu, &mask);
      sched_setaffinity(0, sizeof mask, &mask);  // this thread only
    }
    ProcessTreeSampler tree(pid_, "/proc", request_.rank_launcher);
    std::unique_lock lock(mutex_);
    for (long window = 0;; ++window) {
      lock.unlock();
      try {
        // New processes are looked for every few windows only: that reads every process's stat.
        tracker_.add(now_s(), tree.sample(window % kRescanEvery == 0));
      } catch (const std::exception&) {
        sampling_failed = true;  // the run goes on; its placement is not judged
      }
      const double t = now_s();
      if (!timed_out && request_.timeout_s > 0 && t - start_s_ > request_.timeout_s) {
        timed_out = true;
        ::kill(-pid_, SIGKILL);
      }
      if (!interrupted && stop_requested()) {
        interrupted = true;
        ::kill(-pid_, SIGKILL);
      }
      lock.lock();
      if (wake_.wait_for(lock, std::chrono::duration<double>(kSampleIntervalS),
                         [this] { return exited_; }))
        break;
    }
    cpu_s = thread_cpu_s() - cpu_before_s;
  }

  pid_t pid_;
  const LaunchRequest& request_;
  double start_s_;
  std::vector<int> spare_;
  ActivityTracker tracker_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool exited_ = false;
  std::thread thread_;  // last: started once everything it uses exists
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
    const std::string working_directory = request.working_directory.string();
    if (!working_directory.empty()) setup.working_directory = working_directory.c_str();
    setup.parent = getpid();
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
    const double busy_before_s = busy_seconds_on(request.cpus);
    const double own_before_s = own_cpu_seconds();
    const double start_s = now_s();
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

    std::optional<Watcher> watcher;
    try {
      watcher.emplace(pid, request, start_s);
    } catch (...) {  // no thread to watch it: the program must not outlive the failure
      ::kill(-pid, SIGKILL);
      waitpid(pid, nullptr, 0);
      throw;
    }
    rusage usage{};
    int status = 0;
    while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    result.wall_s = now_s() - start_s;
    watcher->finish();
    ::kill(-pid, SIGKILL);  // whatever it started and left behind goes with it
    if (n > 0) {
      result.start_error = std::strerror(exec_errno);
      return result;
    }
    result.wait_status = status;
    // Only a run our SIGKILL ended was cut short: one that exited on its own just as the watcher
    // decided otherwise ran to completion.
    const bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    result.timed_out = watcher->timed_out && killed;
    result.interrupted = watcher->interrupted && killed;
    result.user_s = seconds(usage.ru_utime);
    result.system_s = seconds(usage.ru_stime);
    result.max_rss_kb = usage.ru_maxrss;
    result.voluntary_switches = usage.ru_nvcsw;
    result.involuntary_switches = usage.ru_nivcsw;
    result.other_busy_s =
        std::max(0.0, (busy_seconds_on(request.cpus) - busy_before_s) -
                          (result.user_s + result.system_s) - (own_cpu_seconds() - own_before_s));
    result.sampler_cpu_s = watcher->cpu_s;
    result.activity = watcher->activity();
    if (watcher->sampling_failed) result.activity.windows = 0;  // not judged
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
