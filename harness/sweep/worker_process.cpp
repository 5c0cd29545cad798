#include "harness/sweep/worker_process.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <memory>
#include <thread>

#include "harness/core/atomic_file.hpp"
#include "harness/core/error.hpp"
#include "harness/sweep/command_executor.hpp"
#include "harness/sweep/kernel_executor.hpp"
#include "harness/sweep/mpi_launch.hpp"
#include "harness/sweep/program_identity.hpp"
#include "harness/sweep/run_group.hpp"
#include "harness/sweep/stop.hpp"

namespace sb {
namespace {

void append_line(int fd, const std::string& line) {
  std::size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(fd, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) config_error("cannot write a checkpoint: {}", std::strerror(errno));
    written += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
}

// .group-N of .group-N.points.jsonl: what a group's other files are named after.
std::string group_stem(const std::filesystem::path& checkpoint) {
  const std::string path = checkpoint.string();
  return path.substr(0, path.rfind(".points.jsonl"));
}

// What starts a group's process: this executable as `scalebench worker`, or mpirun with a rank
// program a rank (whose rank 0 writes the checkpoint).
struct Spawn {
  std::string program;
  std::vector<std::string> argv, environment;
  // Sent to it when we die, even by SIGKILL. mpirun gets SIGTERM, on which it ends its ranks
  // (SIGKILL would leave them computing, each in a process group of its own).
  int parent_death_signal = SIGKILL;
};

Spawn worker_spawn(const std::filesystem::path& spec, const std::filesystem::path& checkpoint) {
  return {"/proc/self/exe",
          {"scalebench", "worker", "--spec", spec.string(), "--emit", checkpoint.string()},
          environment_with({})};
}

Spawn mpi_spawn(const GroupSpec& group, const std::filesystem::path& spec,
                const std::filesystem::path& checkpoint) {
  const MpiLauncherFacts& facts = mpi_launcher();
  MpiJob job;
  job.ranks = group.ranks;
  job.hostfile = group.hostfile;
  job.usable_cores = facts.usable_cores;
  // A rank stuck in a collective would hold the sweep for ever: mpirun ends the job (the group is
  // then recorded as failed) an hour in, or ten minutes past the sweep's budget.
  job.timeout_s =
      static_cast<int>(group.progress_budget_s > 0 ? group.progress_budget_s + 600 : 3600);
  // Absolute: rank 0 writes from its own working directory (a cluster shares the file system).
  job.rank_argv = {rank_program().string(),
                   "group",
                   "--spec",
                   std::filesystem::absolute(spec).string(),
                   "--emit",
                   std::filesystem::absolute(checkpoint).string()};
  return {facts.mpirun, mpirun_argv(job, facts), environment_with(mpirun_settings(facts)), SIGTERM};
}

// Forks and executes `spawn`. The child starts with SIGINT blocked, so a Ctrl-C during its
// start-up cannot kill it before it has set SIGINT to be ignored (which also discards one already
// pending). Only async-signal-safe calls between fork and exec: the parent has threads.
pid_t start(const Spawn& spawn) {
  std::vector<std::string> arguments = spawn.argv, environment = spawn.environment;
  std::vector<char*> argv, envp;
  for (std::string& a : arguments) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (std::string& e : environment) envp.push_back(e.data());
  envp.push_back(nullptr);
  sigset_t blocked, previous;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGINT);
  pthread_sigmask(SIG_BLOCK, &blocked, &previous);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, spawn.parent_death_signal);
    if (::getppid() != parent) ::_exit(127);  // we died before the request took hold
    ::execve(spawn.program.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  const int fork_error = errno;
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (pid < 0) config_error("cannot start a worker process: {}", std::strerror(fork_error));
  return pid;
}

}  // namespace

bool WorkerOutcome::succeeded() const {
  return WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0;
}

std::string WorkerOutcome::failure() const {
  if (WIFSIGNALED(wait_status)) {
    return fmt::format("worker process killed by signal {} ({})", WTERMSIG(wait_status),
                       strsignal(WTERMSIG(wait_status)));
  }
  return fmt::format("worker process exited with status {}", WEXITSTATUS(wait_status));
}

std::filesystem::path checkpoint_path(const std::filesystem::path& dir, int index) {
  return dir / fmt::format(".group-{}.points.jsonl", index);
}

bool is_group_file(const std::filesystem::path& file) {
  return file.filename().string().rfind(".group-", 0) == 0;
}

std::filesystem::path hosts_file(const std::filesystem::path& checkpoint) {
  return group_stem(checkpoint) + ".hosts.json";
}

void collect_hosts(const std::filesystem::path& dir, nlohmann::json& manifest) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (!is_group_file(entry.path()) || !entry.path().string().ends_with(".hosts.json")) continue;
    std::ifstream in(entry.path());
    const nlohmann::json hosts = nlohmann::json::parse(in, nullptr, false);
    if (hosts.is_array()) {
      for (const nlohmann::json& host : hosts) {
        if (host.is_object() && host.contains("host"))
          manifest["mpi"]["hosts"][host.at("host").get<std::string>()] = host;
      }
    }
    std::filesystem::remove(entry.path(), error);
  }
}

std::vector<Point> read_checkpoint(const std::filesystem::path& file) {
  std::vector<Point> points;
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  int number = 0;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = text.find('\n', start);
    // A point is written with its newline in one write: a last line without one was torn by a
    // kill (or is still being written) and was never a finished point.
    if (end == std::string::npos) break;
    ++number;
    try {
      points.push_back(nlohmann::json::parse(text.substr(start, end - start)).get<Point>());
    } catch (const std::exception& e) {  // nlohmann's errors and Point's own checks
      config_error("{} line {} is not a valid point ({}); the checkpoint is damaged", file.string(),
                   number, e.what());
    }
    start = end + 1;
  }
  return points;
}

WorkerOutcome WorkerProcessRunner::run(const GroupSpec& group, const std::filesystem::path& dir,
                                       int index, const PointsSoFar& on_points) {
  const std::filesystem::path spec_file = dir / fmt::format(".group-{}.spec.json", index);
  const std::filesystem::path checkpoint = checkpoint_path(dir, index);
  write_file_atomically(spec_file, nlohmann::json(group).dump());
  std::filesystem::remove(checkpoint);

  const pid_t pid = start(group.executor == "mpi" ? mpi_spawn(group, spec_file, checkpoint)
                                                  : worker_spawn(spec_file, checkpoint));

  WorkerOutcome outcome;
  std::uintmax_t seen_size = 0;
  bool forwarded = false;
  for (;;) {
    const pid_t done = waitpid(pid, &outcome.wait_status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) break;
    if (stop_requested() && !forwarded) {
      ::kill(pid, SIGUSR1);
      forwarded = true;
    }
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(checkpoint, error);
    if (!error && size != seen_size) {
      seen_size = size;
      on_points(read_checkpoint(checkpoint));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  outcome.points = read_checkpoint(checkpoint);
  std::filesystem::remove(spec_file);
  return outcome;
}

void run_checkpointed(const GroupSpec& spec, Executor& executor,
                      const std::filesystem::path& checkpoint) {
  const int fd = ::open(checkpoint.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) config_error("cannot write {}: {}", checkpoint.string(), std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};  // also when a run unwinds out of run_group
  run_group(spec, executor,
            [fd](const Point& point) { append_line(fd, nlohmann::json(point).dump() + "\n"); });
}

void run_worker(const std::filesystem::path& spec_file, const std::filesystem::path& checkpoint) {
  // start() gave it a parent-death signal: a sweep killed outright leaves no worker measuring on.
  install_worker_stop_handlers();

  std::ifstream in(spec_file);
  if (!in) config_error("cannot read worker spec {}", spec_file.string());
  const GroupSpec spec = nlohmann::json::parse(in).get<GroupSpec>();
  // A command's runs write their output beside the checkpoint (.group-N.stdout, ...), so a new
  // sweep or a resume clears them with the group's other files.
  const std::string scratch = group_stem(checkpoint);
  const std::unique_ptr<Executor> executor =
      spec.executor == "command" ? make_command_executor(spec, scratch, make_process_launcher())
                                 : make_kernel_executor(spec);
  run_checkpointed(spec, *executor, checkpoint);
}

}  // namespace sb
