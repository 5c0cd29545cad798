#include "harness/sweep/exec_plan.hpp"

#include <fstream>

#include "harness/core/error.hpp"
#include "harness/core/utf8.hpp"
#include "harness/machine/topology.hpp"
#include "harness/sweep/command_executor.hpp"
#include "harness/sweep/program_identity.hpp"
#include "harness/sweep/stop.hpp"

namespace sb {
namespace {

std::string command_text(const CommandSpec& command) {
  return command.shell ? command.argv.back() : fmt::format("{}", fmt::join(command.argv, " "));
}

std::filesystem::path with_suffix(const std::filesystem::path& scratch, const char* suffix) {
  return scratch.string() + suffix;
}

}  // namespace

nlohmann::json describe_exec_options(const ExecOptions& o) {
  return {{"command", o.command},
          {"threads", o.threads},
          {"ranks", o.ranks},
          {"pin", format_as(o.pin)},
          {"processes", o.processes},
          {"precision", o.precision},
          {"budget_s", o.budget_s},
          {"warmup", o.warmup},
          {"program_version", o.program_version},
          {"max_cv", o.max_cv},
          {"seed", o.seed}};
}

Plan plan_exec(const ExecOptions& options) {
  Plan plan;
  const nlohmann::json command = options.command;
  const std::vector<int> rank_counts = options.ranks.empty() ? std::vector<int>{1} : options.ranks;
  for (int ranks : rank_counts) {
    for (int per_rank : options.threads) {
      const int threads = ranks * per_rank;
      GroupSpec group;
      group.executor = "command";
      group.backend = Backend(kCommandBackend);
      group.threads = threads;
      group.ranks = ranks;
      group.pin = options.pin;
      group.command = command;
      group.repetitions = 1;  // every repetition a fresh process: the rounds repeat it
      group.max_cv = options.max_cv;
      group.seed = options.seed;
      Point point;
      point.kernel = kExecKernel;
      point.backend = kCommandBackend;
      point.variant = options.command.label;
      point.threads = threads;
      point.ranks = ranks;
      point.under_mpi = options.command.mpi;
      point.pin = std::string(format_as(options.pin));
      point.weak_scaling = options.command.weak_base > 0;
      point.size = options.command.weak_base * static_cast<std::size_t>(threads);
      group.points.push_back(point);
      plan.groups.push_back(std::move(group));
    }
  }
  WorkloadTraits traits;
  traits.kind = "command";
  traits.command = command_text(options.command);
  plan.workloads[kExecKernel] = traits;
  plan.backends[kCommandBackend] = "the program under test";
  plan.rounds = make_rounds(options.processes, options.precision, options.budget_s, options.seed);
  return plan;
}

void run_untimed(Plan& plan, const ExecOptions& options, ProgramLauncher& launcher,
                 const std::filesystem::path& scratch) {
  // Its output files go whatever happens: a refused reference run leaves nothing behind.
  struct Cleanup {
    const std::filesystem::path& scratch;
    ~Cleanup() {
      std::error_code ignored;
      for (const char* suffix : {".stdout", ".stderr", ".version"})
        std::filesystem::remove(with_suffix(scratch, suffix), ignored);
    }
  } cleanup{scratch};
  const Topology topology = Topology::load_for_this_process();
  const auto stop_if_asked = [] {
    if (stop_requested()) throw Interrupted("interrupted before the first timed run");
  };
  for (int i = 0; i < options.warmup; ++i) {
    for (const GroupSpec& group : plan.groups) {
      stop_if_asked();
      const PinPlan pins = plan_pinning(topology, group.threads, group.pin);
      const LaunchResult run = launcher.launch(
          command_request(options.command, group.threads, pins, scratch, group.ranks));
      if (!run.succeeded()) {
        fmt::print(stderr, "scalebench: warning: warm-up run at {} threads {}\n", group.threads,
                   run.failure());
      }
    }
  }
  if (!options.command.same_output) return;
  stop_if_asked();
  const PinPlan pins = plan_pinning(topology, 1, options.pin);
  const LaunchResult reference =
      launcher.launch(command_request(options.command, 1, pins, scratch, 1));
  stop_if_asked();
  if (!reference.succeeded()) {
    config_error(
        "--same-output: the 1-thread reference run {}; nothing can be verified against "
        "it (stderr: {})",
        reference.failure(), tail_of(with_suffix(scratch, ".stderr")));
  }
  const std::string hash = sha256_of_file(with_suffix(scratch, ".stdout"));
  for (GroupSpec& group : plan.groups) group.command["reference_sha256"] = hash;
}

nlohmann::json describe_program(const ExecOptions& options, ProgramLauncher& launcher,
                                const std::filesystem::path& scratch) {
  const CommandSpec& c = options.command;
  std::error_code error;
  const auto size = std::filesystem::file_size(c.executable, error);
  nlohmann::json program = {{"label", c.label},
                            {"command", command_text(c)},
                            {"argv", c.argv},
                            {"shell", c.shell},
                            {"executable", c.executable},
                            {"size_bytes", error ? nlohmann::json() : nlohmann::json(size)},
                            {"sha256", sha256_of_file(c.executable)},
                            {"version", nullptr},
                            {"environment_set",
                             {{"OMP_NUM_THREADS", "{threads} (a rank's, under --ranks)"},
                              {"OMP_PLACES",
                               "the planned PUs, one place a thread, in order "
                               "(not under --pin none; under --ranks, a rank's slice)"},
                              {"OMP_PROC_BIND", "close (not under --pin none)"}}},
                            {"environment_inherited", relevant_environment()}};
  if (!options.program_version.empty()) {
    const std::filesystem::path out = with_suffix(scratch, ".version");
    const LaunchResult run = run_shell(launcher, options.program_version, scratch, c, out);
    std::ifstream in(out);
    std::string text(2000, '\0');  // the start: where a version is
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    program["version"] =
        run.succeeded() ? nlohmann::json(valid_utf8(text)) : nlohmann::json(run.failure());
    std::filesystem::remove(out, error);
    std::filesystem::remove(with_suffix(scratch, ".stderr"), error);
  }
  return program;
}

}  // namespace sb
