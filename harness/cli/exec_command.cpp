// `scalebench exec -- PROGRAM ARGS...`: a sweep of the user's own program over thread counts,
// with the same rounds, gate, analysis and report as `run` (docs/exec.md).
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "harness/claims/audit.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/run_options.hpp"
#include "harness/core/error.hpp"
#include "harness/core/numbers.hpp"
#include "harness/core/utf8.hpp"
#include "harness/machine/threads_spec.hpp"
#include "harness/sweep/command_template.hpp"
#include "harness/sweep/exec_plan.hpp"
#include "harness/sweep/mpi_launch.hpp"
#include "harness/sweep/program_identity.hpp"
#include "harness/sweep/stop.hpp"
#include "harness/sweep/sweep.hpp"
#include "harness/sweep/worker_process.hpp"

namespace sb::cli {
namespace {

struct ExecFlags {
  RunFlags run;  // what exec shares with run: threads, pin, processes, out, claims, ...
  std::vector<std::string> program;
  std::string prepare, check, time_from, weak, label, timeout, program_version;
  bool same_output = false, shell = false;  // run's ranks and hostfile serve exec --ranks
  int warmup = 0;
};

// "64M" -> 64000000: --weak's base size.
std::size_t parse_weak_size(const std::string& text) {
  static const std::string kSuffixes = "KMG";
  std::string number = text;
  std::uint64_t scale = 1;
  if (!text.empty() && kSuffixes.find(text.back()) != std::string::npos) {
    for (std::size_t i = 0; i <= kSuffixes.find(text.back()); ++i) scale *= 1000;
    number.pop_back();
  }
  const std::optional<std::uint64_t> value = parse_unsigned(number);
  if (!value || *value == 0 || *value > (std::uint64_t{1} << 50) / scale)
    config_error("invalid --weak '{}' (expected a positive size such as 1000000 or 64M)", text);
  return *value * scale;
}

constexpr const char* kLabelCharacters =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";

// A label names the series (exec/LABEL): letters, digits, '.', '_' and '-'.
std::string checked_label(const std::string& label) {
  if (label.empty() || label.size() > 64 ||
      label.find_first_not_of(kLabelCharacters) != std::string::npos)
    config_error("invalid --label '{}' (letters, digits, '.', '_' and '-', at most 64)", label);
  return label;
}

// The default label: the program's file name, other characters as '_' ("g++" is "g__").
std::string default_label(const std::string& program) {
  std::string label = std::filesystem::path(program).filename().string().substr(0, 64);
  for (char& c : label) {
    if (std::string_view(kLabelCharacters).find(c) == std::string_view::npos) c = '_';
  }
  return label.empty() ? "program" : label;
}

CommandSpec command_from(const ExecFlags& flags, const CLI::App& exec) {
  if (flags.program.empty())
    config_error("exec needs a program after --: scalebench exec [options] -- PROGRAM ARGS...");
  if (flags.same_output && !flags.check.empty())
    config_error("--same-output and --check both verify the output: choose one");
  if (flags.same_output && !flags.weak.empty())
    config_error(
        "--same-output with --weak: each thread count runs another size, so no output "
        "can equal the 1-thread run's; verify with --check");
  for (const std::string& arg : flags.program) {
    // results.json is UTF-8: an argument it cannot hold could not be recorded.
    if (valid_utf8(arg) != arg) config_error("the command has an argument that is not UTF-8");
  }
  CommandSpec c;
  if (exec.count("--hostfile") && !exec.count("--ranks"))
    config_error("--hostfile places ranks: give --ranks too");
  if (exec.count("--ranks")) {
    // Before anything is created: a build without MPI, or no Open MPI, says so in one line.
    rank_program();
    mpi_launcher();
    c.mpi = true;
    if (exec.count("--hostfile")) c.hostfile = checked_hostfile(flags.run.hostfile);
  }
  c.shell = flags.shell;
  c.prepare = flags.prepare;
  c.check = flags.check;
  c.same_output = flags.same_output;
  c.time_from = flags.time_from;
  if (!c.time_from.empty()) check_time_pattern(c.time_from);
  if (!flags.weak.empty()) c.weak_base = parse_weak_size(flags.weak);
  if (!flags.timeout.empty()) c.timeout_s = parse_duration_s("--timeout", flags.timeout);
  const std::string text = fmt::format("{}", fmt::join(flags.program, " "));
  c.argv = c.shell ? std::vector<std::string>{"sh", "-c", text} : flags.program;
  // Every placeholder is checked with the values it will have, before anything runs.
  Placeholders values{{"threads", "1"}};
  if (c.mpi) values["ranks"] = "1";
  if (c.weak_base > 0) values["size"] = std::to_string(c.weak_base);
  for (const std::string& arg : flags.program) expand_placeholders(arg, values, "the command");
  expand_placeholders(c.prepare, values, "--prepare");
  values["stdout"] = "FILE";
  expand_placeholders(c.check, values, "--check");
  if (c.weak_base > 0 && !uses_placeholder(text + " " + c.prepare + " " + c.check, "size"))
    config_error("--weak {} but neither the command nor --prepare nor --check has a {{size}}",
                 flags.weak);
  const std::string& program = flags.program.front();
  if (c.shell) {
    // The shell text is the shell's to run (cd, VAR=1, loops): only the shell must exist.
    c.executable = resolve_executable("/bin/sh").string();
  } else {
    // One program for every point: it is resolved and hashed once.
    if (uses_placeholder(program, "threads") || uses_placeholder(program, "size"))
      config_error(
          "the program '{}' changes with a placeholder; exec runs and identifies one "
          "program (use --shell to choose one by thread count)",
          program);
    c.executable = resolve_executable(program).string();
  }
  c.label = flags.label.empty()
                ? default_label(c.shell ? program.substr(0, program.find(' ')) : program)
                : checked_label(flags.label);
  std::error_code error;
  c.working_directory = std::filesystem::current_path(error).string();
  return c;
}

ExecOptions exec_options(const ExecFlags& flags, const CLI::App& exec) {
  ExecOptions options;
  options.command = command_from(flags, exec);
  if (exec.count("--ranks")) options.ranks = parse_counts("--ranks", flags.run.ranks);
  // Under --ranks, a rank's threads: one each unless asked, as for run's distributed kernels.
  options.threads = exec.count("--threads") ? parse_thread_list(flags.run.threads)
                    : exec.count("--ranks")
                        ? std::vector<int>{1}
                        : default_thread_list(Topology::load_for_this_process());
  options.pin = parse_pin_policy(flags.run.pin);
  const Repeats repeats = resolve_repeats(flags.run, exec);
  options.processes = repeats.processes;
  options.precision = repeats.precision;
  options.budget_s = repeats.budget_s;
  if (flags.warmup < 0 || flags.warmup > 100)
    config_error("--warmup {} is outside [0, 100]", flags.warmup);
  options.warmup = flags.warmup;
  options.program_version = flags.program_version;
  if (!valid_max_cv(flags.run.max_cv))
    config_error("--max-cv {} is out of range", flags.run.max_cv);
  options.max_cv = flags.run.max_cv;
  if (!flags.run.seed.empty()) {
    const std::optional<std::uint64_t> seed = parse_unsigned(flags.run.seed);
    if (!seed) config_error("invalid --seed '{}'", flags.run.seed);
    options.seed = *seed;
  }
  options.out_dir = flags.run.out_dir;
  options.force = flags.run.force;
  return options;
}

}  // namespace

void add_exec_command(CLI::App& app, int& exit_status) {
  auto flags = std::make_shared<ExecFlags>();
  RunFlags& run = flags->run;
  auto* exec = app.add_subcommand("exec", "sweep your own program over thread counts");
  exec->add_option("--threads", run.threads, "e.g. 1,2 or 1:8 (default: 1 to allowed cores)");
  exec->add_option("--ranks", run.ranks,
                   "MPI ranks, e.g. 1,2: each run an mpirun launch, --threads then a rank's");
  exec->add_option("--hostfile", run.hostfile, "mpirun's hostfile under --ranks (default: here)");
  exec->add_option("--pin", run.pin, "compact, scatter or none: the PUs the program may use");
  exec->add_option("--processes", run.processes, "runs at each thread count (fixed)");
  exec->add_option("--precision", run.precision,
                   fmt::format("add runs until every point's 95% half-width is within this share "
                               "(default {} unless --processes)",
                               kDefaultPrecision));
  exec->add_option("--budget", run.budget, "start no run past this time, e.g. 10m (default 8m)");
  exec->add_option("--warmup", flags->warmup, "untimed runs at each thread count first");
  exec->add_option("--prepare", flags->prepare, "shell command run (untimed) before each run");
  exec->add_option("--check", flags->check,
                   "shell command run after each run; must exit 0 ({stdout}: the run's output)");
  exec->add_flag("--same-output", flags->same_output,
                 "every run's standard output must equal the 1-thread run's");
  exec->add_option("--time-from", flags->time_from,
                   "regex whose first group is the time the program reports (second: its unit)");
  exec->add_option("--weak", flags->weak, "weak scaling: {size} becomes SIZE x threads");
  exec->add_option("--label", flags->label, "the series name, exec/LABEL (default: program name)");
  exec->add_option("--timeout", flags->timeout, "kill a run after this long, e.g. 30s");
  exec->add_option("--program-version", flags->program_version,
                   "shell command whose output names the program's version (recorded)");
  exec->add_flag("--shell", flags->shell, "run the command through /bin/sh -c");
  exec->add_option("--max-cv", run.max_cv, "flag points whose runs vary more");
  exec->add_option("--seed", run.seed, "seed of the shuffled run order (default 42)");
  exec->add_option("--claims", run.claims_file, "a claims CSV to audit (cite exec/LABEL)");
  exec->add_flag("--no-analyze", run.no_analyze, "write results.json only, no report");
  exec->add_flag("--require-valid", run.require_valid,
                 "exit with status 3 when the sweep fails the validity gate");
  exec->add_option("--out", run.out_dir, "output directory");
  auto* resume = exec->add_option("--resume", run.resume_dir,
                                  "complete an interrupted exec sweep in DIR as it was started");
  exec->add_flag("--force", run.force, "replace a sweep --out already holds")->excludes(resume);
  exec->add_option("program", flags->program, "-- PROGRAM ARGS... ({threads}, {size})");
  exec->final_callback([flags, exec, &exit_status] {
    RunFlags& run = flags->run;
    if (exec->count("--claims") && run.claims_file.empty()) config_error("--claims names no file");
    if (!run.claims_file.empty()) read_cases(run.claims_file);
    if (run.require_valid && run.no_analyze)
      config_error("--require-valid needs the analysis that --no-analyze leaves out");
    if (exec->count("--resume")) {
      if (!flags->program.empty())
        config_error("--resume runs the recorded command: give no program after --");
      // The recorded options are the sweep's: refuse others rather than ignore them.
      for (const CLI::Option* option : exec->get_options()) {
        const std::string name = option->get_name();
        if (option->count() > 0 && name != "--resume" && name != "--no-analyze" &&
            name != "--claims" && name != "--require-valid" && name != "program")
          config_error("--resume runs the sweep as it was started: {} cannot be given again", name);
      }
      exit_status = finish_run(resume_sweep(run.resume_dir), run.resume_dir, run);
      return;
    }
    const ExecOptions options = exec_options(*flags, *exec);
    if (run.out_dir.empty()) config_error("exec needs --out DIR (or --resume DIR)");
    if (!options.ranks.empty() && options.command.time_from.empty()) {
      fmt::print(stderr,
                 "scalebench: warning: --ranks without --time-from times each whole mpirun launch, "
                 "its start-up included, which hides a program's own scaling\n");
    }
    WorkerProcessRunner runner;
    const std::filesystem::path scratch = options.out_dir / ".group-untimed";
    try {
      exit_status = finish_run(
          run_plan(plan_exec(options), describe_exec_options(options), options.out_dir,
                   options.force, runner,
                   [&](Plan& plan, Results& results) {
                     const std::unique_ptr<ProgramLauncher> launcher = make_process_launcher();
                     results.manifest["program"] = describe_program(options, *launcher, scratch);
                     run_untimed(plan, options, *launcher, scratch);
                     // The reference hash the runs are held to, in the manifest too.
                     results.manifest["sweep"]["command"] = plan.groups.front().command;
                   }),
          options.out_dir, run);
    } catch (const Interrupted& e) {  // during the untimed runs: nothing to resume
      fmt::print(stderr, "{}: nothing was measured\n", e.what());
      exit_status = 130;
    }
  });
}

}  // namespace sb::cli
