#include "harness/sweep/command_executor.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

#include "harness/core/error.hpp"
#include "harness/core/utf8.hpp"
#include "harness/machine/topology.hpp"
#include "harness/sweep/command_template.hpp"
#include "harness/sweep/mpi_launch.hpp"
#include "harness/sweep/program_identity.hpp"

namespace sb {
namespace {

// How much of the end of a run's output --time-from searches.
constexpr std::size_t kTimeSearchBytes = 1 << 20;

std::filesystem::path with_suffix(const std::filesystem::path& scratch, const char* suffix) {
  return scratch.string() + suffix;
}

// {threads} is a rank's threads under exec --ranks, {ranks} its ranks; {size} grows with every
// worker.
Placeholders values_for(const CommandSpec& command, int threads, int ranks) {
  Placeholders values{{"threads", std::to_string(threads / ranks)}};
  if (command.mpi) values["ranks"] = std::to_string(ranks);
  if (command.weak_base > 0) values["size"] = std::to_string(command.weak_base * threads);
  return values;
}

// The distinct PUs of a plan, in worker order; empty when unpinned.
std::vector<int> planned_pus(const PinPlan& plan) {
  std::vector<int> pus;
  for (int pu : plan.pu_per_worker) {
    if (pu != kUnpinned && std::find(pus.begin(), pus.end(), pu) == pus.end()) pus.push_back(pu);
  }
  return pus;
}

// A rank's PUs, ranks split by '/' (scalebench-rank pin's --pus): consecutive slices of the plan,
// as run's distributed kernels take them; empty when unpinned.
std::string rank_slices(const PinPlan& plan, int threads_per_rank) {
  std::string slices;
  for (std::size_t i = 0; i < plan.pu_per_worker.size(); ++i) {
    if (plan.pu_per_worker[i] == kUnpinned) return "";
    if (i > 0) slices += i % threads_per_rank == 0 ? "/" : ",";
    slices += std::to_string(plan.pu_per_worker[i]);
  }
  return slices;
}

// Under exec --ranks on this host: each rank's threads against its own slice of the plan (a rank
// on its neighbour's PUs is inside the plan, but not where it was put). "" when all stayed.
std::string ranks_off_their_slice(const ActivitySummary& activity, const PinPlan& plan,
                                  int threads_per_rank) {
  std::map<int, std::set<int>> strays;
  for (const ThreadRecord& t : activity.threads) {
    if (t.rank < 0) continue;
    const std::size_t first =
        std::min(static_cast<std::size_t>(t.rank) * threads_per_rank, plan.pu_per_worker.size());
    const std::size_t last = std::min(first + threads_per_rank, plan.pu_per_worker.size());
    const auto begin = plan.pu_per_worker.begin() + static_cast<std::ptrdiff_t>(first);
    const auto end = plan.pu_per_worker.begin() + static_cast<std::ptrdiff_t>(last);
    for (int pu : t.pus) {
      if (std::find(begin, end, pu) == end) strays[t.rank].insert(pu);
    }
  }
  std::vector<std::string> text;
  for (const auto& [rank, pus] : strays)
    text.push_back(fmt::format("rank {} ran on PUs {} outside its own", rank, fmt::join(pus, ",")));
  return fmt::format("{}", fmt::join(text, "; "));
}

class CommandExecutor final : public Executor {
 public:
  CommandExecutor(const GroupSpec& spec, std::filesystem::path scratch,
                  std::unique_ptr<ProgramLauncher> launcher)
      : spec_(spec),
        command_(spec.command.get<CommandSpec>()),
        plan_(plan_pinning(Topology::load_for_this_process(), spec.threads, spec.pin)),
        scratch_(std::move(scratch)),
        launcher_(std::move(launcher)) {}

  ~CommandExecutor() override {
    std::error_code ignored;
    for (const char* suffix : {".stdout", ".stderr", ".check.stderr"})
      std::filesystem::remove(with_suffix(scratch_, suffix), ignored);
  }

  void prepare(std::size_t) override {
    if (command_.prepare.empty()) return;
    const std::string text = expand_placeholders(
        command_.prepare, values_for(command_, spec_.threads, spec_.ranks), "--prepare");
    const LaunchResult result = run_shell(*launcher_, text, scratch_, command_);
    if (!result.succeeded()) {
      throw std::runtime_error(fmt::format("--prepare {}: {}", result.failure(),
                                           tail_of(with_suffix(scratch_, ".stderr"))));
    }
  }

  Repetition measure(std::size_t) override {
    last_ =
        launcher_->launch(command_request(command_, spec_.threads, plan_, scratch_, spec_.ranks));
    if (last_.interrupted) throw std::runtime_error("interrupted");
    if (!last_.succeeded()) {
      const std::string tail = tail_of(with_suffix(scratch_, ".stderr"));
      std::string failure = last_.failure();
      if (last_.timed_out)
        failure = fmt::format("killed after the --timeout of {:g} s", command_.timeout_s);
      throw std::runtime_error(tail.empty() ? failure : failure + "; stderr: " + tail);
    }
    Repetition repetition;
    repetition.runs = 1;
    repetition.seconds_per_run = last_.wall_s;
    repetition.timed_seconds = last_.wall_s;
    repetition.involuntary_switches = last_.involuntary_switches;
    repetition.other_busy_seconds = last_.other_busy_s;
    if (!command_.time_from.empty()) {
      // Its last match in the end of stdout, else of stderr: a program prints its time last, and
      // a regex over all of a compressor's output would take longer than the run.
      std::optional<double> reported = reported_seconds(
          command_.time_from, read_tail(with_suffix(scratch_, ".stdout"), kTimeSearchBytes));
      if (!reported) {
        reported = reported_seconds(command_.time_from,
                                    read_tail(with_suffix(scratch_, ".stderr"), kTimeSearchBytes));
      }
      if (!reported || !(*reported > 0)) {
        throw std::runtime_error(
            fmt::format("--time-from '{}' matched no positive time in the program's output",
                        command_.time_from));
      }
      repetition.seconds_per_run = *reported;
    }
    return repetition;
  }

  Verdict verify(std::size_t) override {
    Verdict verdict = check_output();
    const ActivitySummary& a = last_.activity;
    verdict.measures = {{"wall_s", last_.wall_s},
                        {"user_s", last_.user_s},
                        {"system_s", last_.system_s},
                        {"max_rss_bytes", 1024.0 * static_cast<double>(last_.max_rss_kb)},
                        {"voluntary_switches", static_cast<double>(last_.voluntary_switches)},
                        {"involuntary_switches", static_cast<double>(last_.involuntary_switches)},
                        {"sample_windows", a.windows},
                        {"busy_threads_peak", a.most_busy},
                        {"working_threads", a.working_threads},
                        {"threads_seen", static_cast<double>(a.threads.size())},
                        {"sampler_cpu_s", last_.sampler_cpu_s}};
    return verdict;
  }

  PlacementReport placement(std::size_t) const override {
    const ActivitySummary& a = last_.activity;
    PlacementReport report;
    for (std::size_t i = 0; i < a.threads.size(); ++i) {
      const ThreadRecord& t = a.threads[i];
      WorkerPlacement w{static_cast<int>(i), kUnpinned, t.pus};
      w.name = fmt::format("{} (pid {}, tid {})", t.name, t.pid, t.tid);
      w.busy_share = a.windows > 0 ? static_cast<double>(t.busy_windows) / a.windows : 0.0;
      if (t.rank >= 0) w.rank = t.rank;
      report.workers.push_back(std::move(w));
    }
    report.pinned = spec_.pin != PinPolicy::none;
    report.oversubscribed = plan_.oversubscribed;
    report.uses_smt_siblings = plan_.uses_smt_siblings;
    report.judged_by_executor = true;
    if (!a.judged()) {
      report.note = "not judged: the run lasted fewer than 2 sampling windows";
      return report;
    }
    // Two busy threads on one PU is a finding only where the plan gave each thread a PU.
    const bool one_pu_each = report.pinned && !plan_.oversubscribed &&
                             static_cast<int>(planned_pus(plan_).size()) >= spec_.threads;
    std::vector<std::string> findings;
    if (a.outside_plan())
      findings.push_back(
          fmt::format("ran on PUs outside the plan: {}", fmt::join(a.pus_outside_plan, ",")));
    if (one_pu_each && a.shared_pu())
      findings.push_back(
          fmt::format("two threads each wanting a whole CPU shared a PU in {} of {} windows",
                      a.windows_shared_pu, a.windows));
    report.placed = report.pinned ? std::optional<bool>(findings.empty()) : std::nullopt;
    // A rank on another rank's PUs (inside the plan) is said, not held against placement: the MPI
    // library may move a rank's main thread for a moment (Open MPI's UCX start-up binds it to PU 0
    // here for about 100 ms). With a hostfile a rank's slice is by its rank on its own host, which
    // is not watched from here.
    if (report.pinned && command_.mpi && command_.hostfile.empty()) {
      const std::string strays = ranks_off_their_slice(a, plan_, spec_.threads / spec_.ranks);
      if (!strays.empty()) findings.push_back(strays + " (inside the plan: not counted)");
    }
    if (a.extra_threads(spec_.threads)) {
      report.extra_threads = a.most_demanding - spec_.threads;
      findings.push_back(
          fmt::format("{} threads each wanting a whole CPU at once in {} of {} windows, {} planned",
                      a.most_demanding, a.windows_over_plan, a.windows, spec_.threads));
    }
    if (a.fewer_threads(spec_.threads)) {
      report.idle_workers = spec_.threads - a.working_threads;
      findings.push_back(
          fmt::format("only {} of {} threads did work", a.working_threads, spec_.threads));
    } else {
      report.idle_workers = 0;
    }
    report.note = findings.empty() ? "as planned" : fmt::format("{}", fmt::join(findings, "; "));
    return report;
  }

 private:
  Verdict check_output() {
    if (command_.same_output) {
      const std::string hash = sha256_of_file(with_suffix(scratch_, ".stdout"));
      if (hash == command_.reference_sha256)
        return {true, "standard output equals the 1-thread reference run's (SHA-256)", {}};
      return {false,
              fmt::format("standard output differs from the 1-thread reference run's (SHA-256 {} "
                          "vs {})",
                          hash.substr(0, 12), command_.reference_sha256.substr(0, 12)),
              {}};
    }
    if (!command_.check.empty()) {
      Placeholders values = values_for(command_, spec_.threads, spec_.ranks);
      values["stdout"] = quoted_for_shell(with_suffix(scratch_, ".stdout").string());
      const std::string text = expand_placeholders(command_.check, values, "--check");
      const LaunchResult result =
          run_shell(*launcher_, text, with_suffix(scratch_, ".check"), command_);
      if (result.succeeded()) return {true, "--check exited 0: " + command_.check, {}};
      const std::string tail = tail_of(with_suffix(scratch_, ".check.stderr"));
      return {false,
              fmt::format("--check {}{}", result.failure(), tail.empty() ? "" : ": " + tail),
              {}};
    }
    return {true, "exit status 0 (no --check or --same-output: nothing else verified)", {}};
  }

  const GroupSpec& spec_;
  CommandSpec command_;
  PinPlan plan_;
  std::filesystem::path scratch_;
  std::unique_ptr<ProgramLauncher> launcher_;
  LaunchResult last_;
};

}  // namespace

std::vector<std::string> openmp_environment(int threads, const PinPlan& plan) {
  std::vector<std::string> set{"OMP_NUM_THREADS=" + std::to_string(threads)};
  std::vector<std::string> places;
  for (int pu : plan.pu_per_worker) {
    if (pu != kUnpinned) places.push_back("{" + std::to_string(pu) + "}");
  }
  if (!places.empty()) {
    set.push_back(fmt::format("OMP_PLACES={}", fmt::join(places, ",")));
    set.push_back("OMP_PROC_BIND=close");
  }
  return set;
}

LaunchRequest command_request(const CommandSpec& command, int threads, const PinPlan& plan,
                              const std::filesystem::path& scratch, int ranks) {
  LaunchRequest request;
  request.executable = command.executable;
  const Placeholders values = values_for(command, threads, ranks);
  for (const std::string& arg : command.argv)
    request.argv.push_back(expand_placeholders(arg, values, "the command"));
  if (!command.mpi) {
    request.environment = environment_with(openmp_environment(threads, plan));
  } else {
    // mpirun starts scalebench-rank a rank, which binds itself to its slice of the plan and sets
    // OpenMP's places to it before it becomes the program.
    const MpiLauncherFacts& facts = mpi_launcher();
    MpiJob job;
    job.ranks = ranks;
    job.hostfile = command.hostfile;
    job.usable_cores = facts.usable_cores;
    // mpirun ends its ranks itself on time; ours (the process group) is the backstop.
    if (command.timeout_s > 0) job.timeout_s = static_cast<int>(std::ceil(command.timeout_s));
    job.rank_argv = {rank_program().string(),
                     "pin",
                     "--threads",
                     std::to_string(threads / ranks),
                     "--pus",
                     rank_slices(plan, threads / ranks),
                     "--",
                     request.executable};
    job.rank_argv.insert(job.rank_argv.end(), request.argv.begin(), request.argv.end());
    request.executable = facts.mpirun;
    request.argv = mpirun_argv(job, facts);
    request.rank_launcher = "scalebench-rank";
    std::vector<std::string> set = {"OMP_NUM_THREADS=" + std::to_string(threads / ranks)};
    for (const std::string& s : mpirun_settings(facts)) set.push_back(s);
    request.environment = environment_with(set);
  }
  request.cpus = planned_pus(plan);
  request.planned_threads = threads;
  if (command.keeps_stdout()) request.stdout_file = with_suffix(scratch, ".stdout");
  request.stderr_file = with_suffix(scratch, ".stderr");
  request.timeout_s = command.timeout_s;
  request.working_directory = command.working_directory;
  return request;
}

std::string read_tail(const std::filesystem::path& file, std::size_t bytes) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return "";
  const std::streamoff size = in.tellg();
  const std::streamoff start =
      std::max<std::streamoff>(0, size - static_cast<std::streamoff>(bytes));
  in.seekg(start);
  std::string text(static_cast<std::size_t>(size - start), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  return text;
}

std::string tail_of(const std::filesystem::path& file, std::size_t bytes) {
  std::string text = read_tail(file, bytes);
  const bool cut = std::filesystem::exists(file) && std::filesystem::file_size(file) > bytes;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  // One line, never a table cell's end: the report puts failures in tables.
  std::string line;
  for (char c : text)
    line += c == '\n' ? std::string(" / ") : c == '|' ? std::string("\\|") : std::string(1, c);
  return valid_utf8((cut ? "..." : "") + line);
}

LaunchResult run_shell(ProgramLauncher& launcher, const std::string& text,
                       const std::filesystem::path& scratch, const CommandSpec& command,
                       const std::filesystem::path& stdout_file) {
  LaunchRequest request;
  request.executable = "/bin/sh";
  request.argv = {"sh", "-c", text};
  request.environment = environment_with({});
  request.stdout_file = stdout_file;
  request.stderr_file = with_suffix(scratch, ".stderr");
  request.timeout_s = command.timeout_s;
  request.working_directory = command.working_directory;
  return launcher.launch(request);
}

std::unique_ptr<Executor> make_command_executor(const GroupSpec& spec,
                                                const std::filesystem::path& scratch,
                                                std::unique_ptr<ProgramLauncher> launcher) {
  return std::make_unique<CommandExecutor>(spec, scratch, std::move(launcher));
}

}  // namespace sb
