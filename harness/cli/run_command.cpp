#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "harness/analysis/sweep_analysis.hpp"
#include "harness/claims/audit.hpp"
#include "harness/cli/commands.hpp"
#include "harness/core/error.hpp"
#include "harness/core/numbers.hpp"
#include "harness/kernel/kernel.hpp"
#include "harness/machine/threads_spec.hpp"
#include "harness/report/write_report.hpp"
#include "harness/sweep/sweep.hpp"

namespace sb::cli {
namespace {

struct RunFlags {
  std::string kernels, backends, threads, pin = "compact", size, out_dir;
  std::string resume_dir, claims_file, inject_fault, serial_fraction, skew;
  std::string chunks, grains, schedules;
  std::vector<std::string> params;
  int repetitions = 0;
  double min_time = 0, max_cv = kDefaultMaxCv;
  bool quick = false, no_analyze = false, weak = false, force = false;
  std::string seed;
};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(separator, start);
    if (end == std::string::npos) end = text.size();
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::size_t parse_size(const std::string& text) {
  const std::optional<std::uint64_t> value = parse_unsigned(text);
  if (!value || *value == 0)
    config_error("invalid --size '{}' (expected a positive integer)", text);
  return *value;
}

// "16,256,4096" for --chunks and --grains; validate() then refuses zeros and repeats.
std::vector<std::size_t> parse_sizes(const std::string& flag, const std::string& text) {
  std::vector<std::size_t> sizes;
  for (const std::string& part : split(text, ',')) {
    const std::optional<std::uint64_t> value = parse_unsigned(part);
    if (!value || *value > (std::uint64_t{1} << 40)) {
      config_error("invalid {} entry '{}' in '{}' (expected iteration counts, e.g. 16,256)", flag,
                   part, text);
    }
    sizes.push_back(*value);
  }
  return sizes;
}

// A parameter value: a number, or one of the parameter's named choices (skew=linear).
double param_value(const std::string& kernel, const std::string& name, const std::string& value,
                   const std::string& text) {
  const std::optional<double> number = parse_double(value);
  if (number && std::isfinite(*number)) return *number;
  for (const KernelParam& param : find_kernel(kernel).params) {
    if (param.name != name) continue;
    const auto found = std::find(param.choices.begin(), param.choices.end(), value);
    if (found != param.choices.end()) return static_cast<double>(found - param.choices.begin());
    if (!param.choices.empty()) {
      config_error("invalid value '{}' in --param '{}' (expected {})", value, text,
                   fmt::join(param.choices, ", "));
    }
  }
  config_error("invalid value '{}' in --param '{}'", value, text);
}

// "--param pipeline.tokens=16" -> params["pipeline"]["tokens"] = 16
void parse_param(const std::string& text,
                 std::map<std::string, std::map<std::string, double>>& params) {
  const std::size_t dot = text.find('.'), equals = text.find('=');
  if (dot == std::string::npos || equals == std::string::npos || equals < dot) {
    config_error("invalid --param '{}' (expected KERNEL.NAME=VALUE)", text);
  }
  const std::string kernel = text.substr(0, dot), name = text.substr(dot + 1, equals - dot - 1);
  params[kernel][name] = param_value(kernel, name, text.substr(equals + 1), text);
}

void print_summary(const Results& results, const std::filesystem::path& dir) {
  int verified = 0, teaching = 0, failed = 0, mismatched = 0, oversubscribed = 0, idle = 0;
  for (const Point& p : results.points) {
    verified += p.verified && !p.teaching_only;
    teaching += p.teaching_only;
    failed += !p.verified && !p.teaching_only;
    mismatched += p.placement_ok == false;
    oversubscribed += p.oversubscribed;
    idle += p.idle_workers > 0;
  }
  fmt::print(
      "wrote {}: {} points, {} verified, {} not verified, {} teaching-only, "
      "{} placement mismatches, {} with idle workers, {} oversubscribed (kept out of fits)\n",
      (dir / "results.json").string(), results.points.size(), verified, failed, teaching,
      mismatched, idle, oversubscribed);
}

int finish_run(SweepOutcome outcome, const std::filesystem::path& dir, bool no_analyze,
               const std::string& claims_file) {
  print_summary(outcome.results, dir);
  std::fflush(stdout);
  if (outcome.interrupted) {
    fmt::print(stderr,
               "interrupted: every finished point is in {}; complete it with: scalebench run "
               "--resume {}\n",
               (dir / "results.json").string(), dir.string());
    return 130;
  }
  if (!no_analyze) {
    assert(outcome.lock);
    outcome.lock->set_phase("analysing");
    write_analysis(dir, claims_file);
    fmt::print("wrote {}\n", (dir / "report.md").string());
  }
  return 0;
}

SweepOptions sweep_options(const RunFlags& flags, const CLI::App& run) {
  SweepOptions options;
  if (!run.count("--kernels")) {
    for (const KernelInfo& k : kernels()) options.kernels.push_back(k.name);
  } else {
    for (const std::string& name : split(flags.kernels, ',')) {
      const std::string& kernel = find_kernel(name).name;
      if (std::find(options.kernels.begin(), options.kernels.end(), kernel) !=
          options.kernels.end()) {
        config_error("kernel '{}' appears twice in --kernels", kernel);
      }
      options.kernels.push_back(kernel);
    }
  }
  if (flags.backends.empty()) options.backends = registered_backends();
  for (const std::string& name :
       flags.backends.empty() ? std::vector<std::string>{} : split(flags.backends, ',')) {
    const Backend backend = parse_backend(name);
    if (std::find(options.backends.begin(), options.backends.end(), backend) !=
        options.backends.end()) {
      config_error("backend '{}' appears twice in --backends", name);
    }
    options.backends.push_back(backend);
  }
  options.threads = run.count("--threads") ? parse_thread_list(flags.threads)
                                           : default_thread_list(Topology::load_for_this_process());
  options.pin = parse_pin_policy(flags.pin);
  if (run.count("--size")) options.size = parse_size(flags.size);
  for (const std::string& text : flags.params) parse_param(text, options.params);
  if (run.count("--serial-fraction")) {
    parse_param("calibrate.serial_fraction=" + flags.serial_fraction, options.params);
  }
  if (run.count("--skew")) {
    if (std::find(options.kernels.begin(), options.kernels.end(), "skewed_map") ==
        options.kernels.end()) {
      config_error("--skew {} applies to the skewed_map kernel, which is not selected", flags.skew);
    }
    parse_param("skewed_map.skew=" + flags.skew, options.params);
  }
  if (run.count("--chunks")) options.schedules.chunks = parse_sizes("--chunks", flags.chunks);
  if (run.count("--grains")) options.schedules.grains = parse_sizes("--grains", flags.grains);
  if (run.count("--schedules")) options.schedules.families = split(flags.schedules, ',');
  options.quick = flags.quick;
  options.inject_fault = flags.inject_fault;
  if (!valid_max_cv(flags.max_cv)) config_error("--max-cv {} is outside (0, 10)", flags.max_cv);
  options.max_cv = flags.max_cv;
  options.weak = flags.weak;
  options.repetitions = run.count("--repetitions") ? flags.repetitions : (flags.quick ? 3 : 10);
  if (!valid_repetitions(options.repetitions)) {
    config_error("--repetitions {} is outside [1, 1000]", options.repetitions);
  }
  options.min_time_s =
      run.count("--min-time") ? flags.min_time : (flags.quick ? kQuickMinTimeS : kDefaultMinTimeS);
  if (!valid_min_time_s(options.min_time_s)) {
    config_error("--min-time {} is outside (0, 60] seconds", options.min_time_s);
  }
  if (run.count("--seed")) {
    const std::optional<std::uint64_t> seed = parse_unsigned(flags.seed);
    if (!seed) config_error("invalid --seed '{}' (expected an integer in [0, 2^64))", flags.seed);
    options.seed = *seed;
  }
  options.out_dir = flags.out_dir;
  options.force = flags.force;
  return options;
}

// Each sweep flag and the manifest.sweep entry it sets.
constexpr std::pair<const char*, const char*> kSweepFlags[] = {
    {"--kernels", "kernels"},
    {"--backends", "backends"},
    {"--threads", "threads"},
    {"--pin", "pin"},
    {"--size", "size"},
    {"--param", "params"},
    {"--serial-fraction", "params"},
    {"--skew", "params"},
    {"--chunks", "chunks"},
    {"--grains", "grains"},
    {"--schedules", "schedules"},
    {"--repetitions", "repetitions"},
    {"--min-time", "min_time_s"},
    {"--seed", "seed"},
    {"--quick", "quick"},
    {"--weak", "weak"},
    {"--max-cv", "max_cv"},
    {"--inject-fault", "inject_fault"},
};

// The sweep options given beside --resume, resolved as a new sweep would resolve them (so 1:2
// equals 1,2 and an explicit default equals an omitted one): each must match the recorded value.
nlohmann::json options_required_on_resume(const RunFlags& flags, const CLI::App& run) {
  nlohmann::json required = nlohmann::json::object();
  bool any = false;
  for (const auto& [flag, key] : kSweepFlags) any = any || run.count(flag) > 0;
  if (!any) return required;
  const nlohmann::json resolved = describe_options(sweep_options(flags, run));
  for (const auto& [flag, key] : kSweepFlags) {
    if (run.count(flag)) required[key] = resolved.at(key);
  }
  return required;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_status) {
  auto flags = std::make_shared<RunFlags>();
  auto* run = app.add_subcommand("run", "sweep kernels over thread counts");
  run->add_option("--kernels", flags->kernels, "comma-separated (default: all)");
  std::vector<std::string> backends;
  for (Backend b : registered_backends()) backends.emplace_back(format_as(b));
  run->add_option("--backends", flags->backends,
                  fmt::format("comma-separated (default: all of {})", fmt::join(backends, ",")));
  run->add_option("--threads", flags->threads,
                  "e.g. 1,2 or 1:8 (default: 1 to allowed cores, capped by a CPU quota)");
  run->add_option("--pin", flags->pin, "compact, scatter or none");
  run->add_option("--size", flags->size, "problem size for every selected kernel");
  run->add_option("--param", flags->params, "KERNEL.NAME=VALUE, repeatable");
  run->add_option(
      "--serial-fraction", flags->serial_fraction,
      "the calibrate kernel's serial fraction (same as --param calibrate.serial_fraction=S)");
  run->add_option(
      "--skew", flags->skew,
      "skewed_map's work profile: uniform, linear, heavy_tail or random (default linear; same as "
      "--param skewed_map.skew=NAME)");
  run->add_option("--chunks", flags->chunks, "OpenMP chunk sizes to sweep (default 16,256,4096)");
  run->add_option("--grains", flags->grains,
                  "oneTBB simple_partitioner grains (default 16,256,4096)");
  run->add_option("--schedules", flags->schedules,
                  "schedule families (default static,dynamic,guided,auto,simple,affinity; also "
                  "monotonic:dynamic)");
  run->add_option("--repetitions", flags->repetitions, "samples a point (default 10, quick 3)");
  run->add_option("--min-time", flags->min_time,
                  fmt::format("seconds a sample at least (default {}, quick {})", kDefaultMinTimeS,
                              kQuickMinTimeS));
  run->add_option("--seed", flags->seed, "input seed (default 42)");
  run->add_flag("--quick", flags->quick, "small sizes, few repetitions");
  run->add_flag("--no-analyze", flags->no_analyze, "write results.json only, no report");
  run->add_option(
      "--max-cv", flags->max_cv,
      fmt::format("flag points whose repetitions vary more (default {})", kDefaultMaxCv));
  run->add_option("--inject-fault", flags->inject_fault,
                  "tests: damage KERNEL's output before each verification (it must be caught)");
  run->add_option("--claims", flags->claims_file,
                  "a claims CSV to audit against this sweep's report");
  run->add_flag("--weak", flags->weak,
                "weak scaling: each point runs size x threads (fitted by Gustafson)");
  run->add_option("--out", flags->out_dir, "output directory");
  auto* resume = run->add_option("--resume", flags->resume_dir,
                                 "complete an interrupted sweep in DIR with its original options");
  auto* force = run->add_flag("--force", flags->force,
                              "replace a sweep --out already holds (and its report and plots)");
  force->excludes(resume);
  run->final_callback([flags, run, &exit_status] {
    // An empty value is a mistake, not a request for no audit.
    if (run->count("--claims") && flags->claims_file.empty())
      config_error("--claims names no file");
    if (!flags->claims_file.empty()) read_cases(flags->claims_file);  // refuse it before measuring
    if (run->count("--resume")) {
      // The original command repeated with --resume: its --out must name the same directory.
      std::error_code out_error, resume_error;
      if (run->count("--out") &&
          (std::filesystem::weakly_canonical(flags->out_dir, out_error) !=
               std::filesystem::weakly_canonical(flags->resume_dir, resume_error) ||
           out_error || resume_error)) {
        config_error("--out {} differs from --resume {}: a sweep resumes in its own directory",
                     flags->out_dir, flags->resume_dir);
      }
      exit_status =
          finish_run(resume_sweep(flags->resume_dir, options_required_on_resume(*flags, *run)),
                     flags->resume_dir, flags->no_analyze, flags->claims_file);
      return;
    }
    if (flags->out_dir.empty()) config_error("run needs --out DIR (or --resume DIR)");
    const SweepOptions options = sweep_options(*flags, *run);
    exit_status =
        finish_run(run_sweep(options), options.out_dir, flags->no_analyze, flags->claims_file);
  });
}

}  // namespace sb::cli
