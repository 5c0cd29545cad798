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
#include "harness/machine/threads_spec.hpp"
#include "harness/sweep/command_template.hpp"
#include "harness/sweep/exec_plan.hpp"
#include "harness/sweep/program_identity.hpp"
#include "harness/sweep/sweep.hpp"
#include "harness/sweep/worker_process.hpp"

namespace sb::cli {
namespace {

struct ExecFlags {
  RunFlags run;  // what exec shares with run: threads, pin, processes, out, claims, ...
  std::vector<std::string> program;
  std::string prepare, check, time_from, weak, label, timeout, program_version;
  bool same_output = false, shell = false;
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

// A label names the series (exec/LABEL): letters, digits, '.', '_' and '-'.
std::string checked_label(const std::string& label) {
  if (label.empty() || label.size() > 64 ||
      label.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != std::string::npos)
    config_error("invalid --label '{}' (letters, digits, '.', '_' and '-', at most 64)", label);
  return label;
}

CommandSpec command_from(const ExecFlags& flags) {
  if (flags.program.empty())
    config_error("exec needs a program after --: scalebench exec [options] -- PROGRAM ARGS...");
  if (flags.same_output && !flags.check.empty())
    config_error("--same-output and --check both verify the output: choose one");
  CommandSpec c;
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
  if (c.weak_base > 0) values["size"] = std::to_string(c.weak_base);
  for (const std::string& arg : flags.program) expand_placeholders(arg, values, "the command");
  expand_placeholders(c.prepare, values, "--prepare");
  values["stdout"] = "FILE";
  expand_placeholders(c.check, values, "--check");
  if (c.weak_base > 0 && !uses_placeholder(text, "size"))
    config_error("--weak {} but the command has no {{size}} to put it in", flags.weak);
  const std::string first = expand_placeholders(flags.program.front(), values, "the command");
  c.executable =
      c.shell ? resolve_executable("/bin/sh").string() : resolve_executable(first).string();
  if (c.shell) resolve_executable(first.substr(0, first.find(' ')));
  std::string label = flags.label;
  if (label.empty()) {
    label = std::filesystem::path(first.substr(0, first.find(' '))).filename().string();
  }
  c.label = checked_label(label);
  return c;
}

ExecOptions exec_options(const ExecFlags& flags, const CLI::App& exec) {
  ExecOptions options;
  options.command = command_from(flags);
  options.threads = exec.count("--threads")
                        ? parse_thread_list(flags.run.threads)
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
      exit_status = finish_run(resume_sweep(run.resume_dir), run.resume_dir, run);
      return;
    }
    const ExecOptions options = exec_options(*flags, *exec);
    if (run.out_dir.empty()) config_error("exec needs --out DIR (or --resume DIR)");
    WorkerProcessRunner runner;
    const std::filesystem::path scratch = options.out_dir / ".group-untimed";
    exit_status = finish_run(
        run_plan(plan_exec(options), describe_exec_options(options), options.out_dir, options.force,
                 runner,
                 [&](Plan& plan, Results& results) {
                   const std::unique_ptr<ProgramLauncher> launcher = make_process_launcher();
                   results.manifest["program"] = describe_program(options, *launcher, scratch);
                   run_untimed(plan, options, *launcher, scratch);
                   // The reference hash the runs are held to, in the manifest too.
                   results.manifest["sweep"]["command"] = plan.groups.front().command;
                 }),
        options.out_dir, run);
  });
}

}  // namespace sb::cli
