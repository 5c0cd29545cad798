#include "harness/cli/run_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include "harness/core/error.hpp"
#include "harness/core/numbers.hpp"
#include "harness/kernel/kernel.hpp"
#include "harness/machine/threads_spec.hpp"
#include "harness/machine/topology.hpp"
#include "harness/sweep/mpi_launch.hpp"

namespace sb::cli {

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

double parse_duration_s(const std::string& flag, const std::string& text) {
  static const std::map<char, double> units{{'s', 1}, {'m', 60}, {'h', 3600}};
  std::string number = text;
  double unit = 1;
  if (!text.empty() && units.count(text.back())) {
    unit = units.at(text.back());
    number.pop_back();
  }
  const std::optional<double> value = parse_double(number);
  if (!value || !(*value > 0) || !std::isfinite(*value) || *value * unit > 7 * 24 * 3600) {
    config_error("invalid {} '{}' (expected a duration such as 10m, 90s or 1h, at most a week)",
                 flag, text);
  }
  return *value * unit;
}

namespace {

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

}  // namespace

Repeats resolve_repeats(const RunFlags& flags, const CLI::App& command) {
  Repeats repeats;
  const bool given = command.count("--processes") > 0;
  if (given && (flags.processes < 1 || flags.processes > kMaxProcesses)) {
    config_error("--processes {} is outside [1, {}]", flags.processes, kMaxProcesses);
  }
  if (command.count("--precision")) {
    const std::optional<double> target = parse_double(flags.precision);
    if (!target || !(*target > 0 && *target < 1)) {
      config_error("invalid --precision '{}' (expected a relative half-width in (0, 1), e.g. 0.02)",
                   flags.precision);
    }
    repeats.precision = *target;
  } else if (!given && !flags.quick) {
    repeats.precision = kDefaultPrecision;
  }
  repeats.processes = given ? flags.processes : (flags.quick ? kQuickProcesses : 1);
  if (command.count("--budget")) {
    repeats.budget_s = parse_duration_s("--budget", flags.budget);
  } else if (repeats.precision > 0) {
    repeats.budget_s = kDefaultBudgetS;
  }
  return repeats;
}

namespace {

// DIR/netcal-fit.json as `scalebench netcal` wrote it, with the path it came from. Throws
// ConfigError when it is missing, unreadable or holds no fit.
nlohmann::json read_netcal_fit(const std::string& dir) {
  const std::filesystem::path file = std::filesystem::path(dir) / "netcal-fit.json";
  std::ifstream in(file);
  if (!in) config_error("--netcal {}: no netcal-fit.json there (run scalebench netcal)", dir);
  nlohmann::json fit;
  try {
    fit = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    config_error("--netcal {}: netcal-fit.json is not JSON ({})", dir, e.what());
  }
  if (!fit.is_object() || !fit.value("fitted", false) || !fit.contains("segments") ||
      !fit.contains("barrier_s") || !fit.contains("allreduce_s")) {
    config_error("--netcal {}: netcal-fit.json holds no fit", dir);
  }
  // Fits written before they recorded their rank count: netcal.json holds it.
  if (!fit.contains("ranks")) {
    std::ifstream results(std::filesystem::path(dir) / "netcal.json");
    const nlohmann::json measured = nlohmann::json::parse(results, nullptr, false);
    if (measured.is_discarded() || !measured.is_object() || !measured.contains("ranks")) {
      config_error(
          "--netcal {}: neither netcal-fit.json nor netcal.json says how many ranks it ran", dir);
    }
    fit["ranks"] = measured.at("ranks");
  }
  return {{"source", std::filesystem::absolute(file).string()}, {"fit", fit}};
}

// --ranks, --threads-per-rank and --hostfile: they apply to distributed kernels only, and the
// rank counts default to the thread list's (this host's PUs, in powers of two).
void resolve_distributed(const RunFlags& flags, const CLI::App& run, SweepOptions& options) {
  const bool distributed =
      std::any_of(options.kernels.begin(), options.kernels.end(),
                  [](const std::string& k) { return find_kernel(k).distributed; });
  for (const char* flag : {"--ranks", "--threads-per-rank", "--hostfile", "--netcal"}) {
    if (run.count(flag) && !distributed) {
      config_error("{} applies to distributed kernels (halo, allreduce, ...), and none is selected",
                   flag);
    }
  }
  if (!distributed) return;
  // Before anything is created: a build without MPI, or a machine without Open MPI's mpirun,
  // says so in one line.
  rank_program();
  mpi_launcher();
  options.ranks = run.count("--ranks") ? parse_counts("--ranks", flags.ranks)
                                       : default_thread_list(Topology::load_for_this_process());
  if (run.count("--threads-per-rank")) {
    options.threads_per_rank = parse_counts("--threads-per-rank", flags.threads_per_rank);
  }
  if (run.count("--hostfile")) options.hostfile = checked_hostfile(flags.hostfile);
  if (run.count("--netcal")) options.netcal = read_netcal_fit(flags.netcal);
}

}  // namespace

std::vector<int> parse_counts(const char* flag, const std::string& text) {
  try {
    return parse_thread_list(text);
  } catch (const ConfigError& e) {
    config_error("{}: {}", flag, e.what());
  }
}

std::string checked_hostfile(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) config_error("--hostfile {}: no such file", path);
  return std::filesystem::absolute(path).string();
}

SweepOptions sweep_options(const RunFlags& flags, const CLI::App& run) {
  SweepOptions options;
  // The default sweep stays on this machine: distributed kernels run when named.
  if (!run.count("--kernels")) {
    for (const KernelInfo& k : kernels()) {
      if (!k.distributed) options.kernels.push_back(k.name);
    }
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
  resolve_distributed(flags, run, options);
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
  // The default sweep runs one chunk and one grain (256); --full-matrix all three sizes.
  if (!flags.full_matrix) options.schedules.chunks = options.schedules.grains = {kDefaultChunk};
  if (run.count("--chunks")) options.schedules.chunks = parse_sizes("--chunks", flags.chunks);
  if (run.count("--grains")) options.schedules.grains = parse_sizes("--grains", flags.grains);
  if (run.count("--schedules")) options.schedules.families = split(flags.schedules, ',');
  options.quick = flags.quick;
  options.inject_fault = flags.inject_fault;
  if (!valid_max_cv(flags.max_cv)) config_error("--max-cv {} is outside (0, 10)", flags.max_cv);
  options.max_cv = flags.max_cv;
  options.weak = flags.weak;
  options.repetitions = run.count("--repetitions")
                            ? flags.repetitions
                            : (flags.quick ? kQuickRepetitions : kDefaultRepetitions);
  if (!valid_repetitions(options.repetitions)) {
    config_error("--repetitions {} is outside [1, 1000]", options.repetitions);
  }
  if (options.repetitions < 2) {
    config_error("--repetitions {} is below 2: a process's own spread needs two repetitions",
                 options.repetitions);
  }
  const Repeats repeats = resolve_repeats(flags, run);
  options.processes = repeats.processes;
  options.precision = repeats.precision;
  options.budget_s = repeats.budget_s;
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

namespace {

// Each sweep flag and the manifest.sweep entry it sets.
constexpr std::pair<const char*, const char*> kSweepFlags[] = {
    {"--kernels", "kernels"},
    {"--backends", "backends"},
    {"--threads", "threads"},
    {"--ranks", "ranks"},
    {"--threads-per-rank", "threads_per_rank"},
    {"--hostfile", "hostfile"},
    {"--netcal", "netcal"},
    {"--pin", "pin"},
    {"--size", "size"},
    {"--param", "params"},
    {"--serial-fraction", "params"},
    {"--skew", "params"},
    {"--chunks", "chunks"},
    {"--grains", "grains"},
    {"--full-matrix", "chunks"},
    {"--full-matrix", "grains"},
    {"--schedules", "schedules"},
    {"--repetitions", "repetitions"},
    {"--processes", "processes"},
    {"--precision", "precision"},
    {"--budget", "budget_s"},
    {"--min-time", "min_time_s"},
    {"--seed", "seed"},
    {"--quick", "quick"},
    {"--weak", "weak"},
    {"--max-cv", "max_cv"},
    {"--inject-fault", "inject_fault"},
};

}  // namespace

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

}  // namespace sb::cli
