// The scalebench command line. Every configuration error ends here: one line, exit status 2.
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/analysis.hpp"
#include "harness/audit.hpp"
#include "harness/cli/analysis_commands.hpp"
#include "harness/cli/seed_commands.hpp"
#include "harness/error.hpp"
#include "harness/numbers.hpp"
#include "harness/kernel.hpp"
#include "harness/pinning.hpp"
#include "harness/sweep.hpp"
#include "harness/threads_spec.hpp"
#include "harness/worker_process.hpp"

namespace {

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

// User text quoted in a message (a file name, a flag's value) may hold line breaks or other
// control characters; escaped, the message stays the one line scripts and users expect.
std::string one_line(std::string_view message) {
  std::string line;
  for (const char c : message) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      line += "\\n";
    } else if (byte < 0x20 || byte == 0x7f) {
      line += fmt::format("\\x{:02x}", byte);
    } else {
      line += c;
    }
  }
  return line;
}

std::size_t parse_size(const std::string& text) {
  const std::optional<std::uint64_t> value = sb::parse_unsigned(text);
  if (!value || *value == 0) sb::config_error("invalid --size '{}' (expected a positive integer)", text);
  return *value;
}

// "--param pipeline.tokens=16" -> params["pipeline"]["tokens"] = 16
void parse_param(const std::string& text, std::map<std::string, std::map<std::string, double>>& params) {
  const std::size_t dot = text.find('.'), equals = text.find('=');
  if (dot == std::string::npos || equals == std::string::npos || equals < dot) {
    sb::config_error("invalid --param '{}' (expected KERNEL.NAME=VALUE)", text);
  }
  const std::string value = text.substr(equals + 1);
  const std::optional<double> number = sb::parse_double(value);
  if (!number || !std::isfinite(*number)) {
    sb::config_error("invalid value '{}' in --param '{}'", value, text);
  }
  params[text.substr(0, dot)][text.substr(dot + 1, equals - dot - 1)] = *number;
}

void print_topology(const sb::Topology& topology, int threads, sb::PinPolicy policy) {
  fmt::print("topology: {}\n", topology.summary().to_string());
  for (std::size_t c = 0; c < topology.cores().size(); ++c) {
    const sb::CoreInfo& core = topology.cores()[c];
    fmt::print("  core {:>3}: package {} numa {}  PUs {}\n", c, core.package, core.numa,
               fmt::join(core.pu_os_indices, ","));
  }
  const sb::PinPlan plan = sb::plan_pinning(topology, threads, policy);
  fmt::print("plan: {} threads, pin {}{}{}\n", threads, format_as(policy),
             plan.oversubscribed ? " (oversubscribed: more threads than PUs)" : "",
             plan.uses_smt_siblings ? " (SMT siblings in use)" : "");
  for (int w = 0; w < threads; ++w) {
    const int pu = plan.pu_per_worker[w];
    fmt::print("  worker {:>3} -> {}\n", w, pu == sb::kUnpinned ? "any PU" : fmt::format("PU {}", pu));
  }
}

void print_kernels() {
  for (const sb::KernelInfo& kernel : sb::kernels()) {
    fmt::print("{:<10} {}\n", kernel.name, kernel.summary);
    fmt::print("{:<10} size: {} {} (quick {})\n", "", kernel.default_size, kernel.size_unit,
               kernel.quick_size);
    for (const sb::KernelParam& p : kernel.params) {
      fmt::print("{:<10} --param {}.{}={} ({})\n", "", kernel.name, p.name, p.default_value, p.help);
    }
    std::vector<std::string> variants;
    for (const sb::VariantSpec& v : kernel.variants) {
      variants.push_back(fmt::format("{}:{}{}", format_as(v.backend), v.name,
                                     v.teaching_only ? " (teaching only)" : ""));
    }
    fmt::print("{:<10} variants: {}\n", "", fmt::join(variants, ", "));
  }
}

void print_summary(const sb::Results& results, const std::filesystem::path& dir) {
  int verified = 0, teaching = 0, failed = 0, mismatched = 0, oversubscribed = 0, idle = 0;
  for (const sb::Point& p : results.points) {
    verified += p.verified && !p.teaching_only;
    teaching += p.teaching_only;
    failed += !p.verified && !p.teaching_only;
    mismatched += p.placement_ok == false;
    oversubscribed += p.oversubscribed;
    idle += p.idle_workers > 0;
  }
  fmt::print("wrote {}: {} points, {} verified, {} not verified, {} teaching-only, "
             "{} placement mismatches, {} with idle workers, {} oversubscribed (kept out of fits)\n",
             (dir / "results.json").string(), results.points.size(), verified, failed, teaching,
             mismatched, idle, oversubscribed);
}

int finish_run(const sb::SweepOutcome& outcome, const std::filesystem::path& dir, bool no_analyze,
               const std::string& claims_file) {
  print_summary(outcome.results, dir);
  std::fflush(stdout);
  if (outcome.interrupted) {
    fmt::print(stderr, "interrupted: every finished point is in {}; complete it with: scalebench run "
                       "--resume {}\n",
               (dir / "results.json").string(), dir.string());
    return 130;
  }
  if (!no_analyze) {
    sb::write_analysis(dir, claims_file);
    fmt::print("wrote {}\n", (dir / "report.md").string());
  }
  return 0;
}

int run_cli(int argc, char** argv) {
  CLI::App app{"scalebench: measured evidence for scale claims"};
  app.require_subcommand(1);

  auto* topology_cmd = app.add_subcommand("topology", "print the topology and a pinning plan");
  int plan_threads = 0;
  std::string plan_pin = "compact", synthetic, allowed;
  topology_cmd->add_option("--threads", plan_threads, "threads to plan (default: allowed cores)");
  topology_cmd->add_option("--pin", plan_pin, "compact, scatter or none");
  topology_cmd->add_option("--synthetic", synthetic, "an hwloc synthetic topology instead of this machine");
  topology_cmd->add_option("--allowed", allowed, "with --synthetic: the PUs the process may use");

  app.add_subcommand("kernels", "list kernels, their parameters and variants");

  auto* run_cmd = app.add_subcommand("run", "sweep kernels over thread counts");
  std::string kernels_text, backends_text = "seq,omp,tbb", threads_text, pin_text = "compact",
                            size_text, out_dir;
  std::vector<std::string> param_texts;
  int repetitions = 0;
  double min_time = 0;
  bool quick = false, no_analyze = false, weak = false;
  std::string seed_text;
  run_cmd->add_option("--kernels", kernels_text, "comma-separated (default: all)");
  run_cmd->add_option("--backends", backends_text, "comma-separated: seq,omp,tbb");
  run_cmd->add_option("--threads", threads_text, "e.g. 1,2 or 1:8 (default: 1 to allowed cores)");
  run_cmd->add_option("--pin", pin_text, "compact, scatter or none");
  run_cmd->add_option("--size", size_text, "problem size for every selected kernel");
  run_cmd->add_option("--param", param_texts, "KERNEL.NAME=VALUE, repeatable");
  std::string serial_fraction_text;
  run_cmd->add_option("--serial-fraction", serial_fraction_text,
                      "the calibrate kernel's serial fraction (same as --param calibrate.serial_fraction=S)");
  run_cmd->add_option("--repetitions", repetitions, "samples a point (default 10, quick 3)");
  run_cmd->add_option("--min-time", min_time, "seconds a sample at least (default 0.2, quick 0.05)");
  run_cmd->add_option("--seed", seed_text, "input seed (default 42)");
  run_cmd->add_flag("--quick", quick, "small sizes, few repetitions");
  run_cmd->add_flag("--no-analyze", no_analyze, "write results.json only, no report");
  std::string claims_file, inject_fault;
  double max_cv = 0.05;
  run_cmd->add_option("--max-cv", max_cv, "flag points whose repetitions vary more (default 0.05)");
  run_cmd->add_option("--inject-fault", inject_fault,
                      "tests: damage KERNEL's output before each verification (it must be caught)");
  run_cmd->add_option("--claims", claims_file, "a claims CSV to audit against this sweep's report");
  run_cmd->add_flag("--weak", weak, "weak scaling: each point runs size x threads (fitted by Gustafson)");
  auto* out_option = run_cmd->add_option("--out", out_dir, "output directory");
  std::string resume_dir;
  auto* resume_option = run_cmd->add_option(
      "--resume", resume_dir, "complete an interrupted sweep in DIR with its original options");
  out_option->excludes(resume_option);
  // A resumed sweep keeps the options it started with; these beside --resume would be ignored.
  for (const char* sweep_option : {"--kernels", "--backends", "--threads", "--pin", "--size",
                                   "--param", "--serial-fraction", "--repetitions", "--min-time",
                                   "--seed", "--quick", "--weak", "--max-cv", "--inject-fault"}) {
    resume_option->excludes(run_cmd->get_option(sweep_option));
  }

  sb::cli::add_seed_commands(app);
  sb::cli::add_analysis_commands(app);

  auto* worker_cmd = app.add_subcommand("worker", "");  // internal: one group in its own process
  worker_cmd->group("");
  std::string spec_file, emit_file;
  worker_cmd->add_option("--spec", spec_file)->required();
  worker_cmd->add_option("--emit", emit_file)->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const std::vector<CLI::App*> commands = app.get_subcommands([](CLI::App*) { return true; });
    const bool unknown_command =
        argc > 1 && argv[1][0] != '-' &&
        std::none_of(commands.begin(), commands.end(),
                     [&](const CLI::App* sub) { return sub->get_name() == argv[1]; });
    if (unknown_command) {
      fmt::print(stderr,
                 "scalebench: error: unknown command '{}' (expected topology, kernels, run, "
                 "analyze, fit, tables or audit)\n",
                 one_line(argv[1]));
    } else {
      fmt::print(stderr, "scalebench: error: {}\n", one_line(e.what()));
    }
    return 2;
  }

  // These print from their callbacks during parsing.
  for (const char* printed : {"tables", "audit", "fit", "analyze"}) {
    if (app.got_subcommand(printed)) return 0;
  }
  if (*topology_cmd) {
    const sb::Topology topology = synthetic.empty() ? sb::Topology::load_for_this_process()
                                                    : sb::Topology::synthetic(synthetic, allowed);
    if (plan_threads < 0 || plan_threads > sb::kMaxThreads) {
      sb::config_error("--threads {} is outside [1, {}]", plan_threads, sb::kMaxThreads);
    }
    print_topology(topology, plan_threads > 0 ? plan_threads : topology.core_count(),
                   sb::parse_pin_policy(plan_pin));
    return 0;
  }
  if (app.got_subcommand("kernels")) {
    print_kernels();
    return 0;
  }
  if (*worker_cmd) {
    sb::run_worker(spec_file, emit_file);
    return 0;
  }

  // An empty value is a mistake, not a request for the default.
  if (run_cmd->count("--claims") && claims_file.empty()) sb::config_error("--claims names no file");
  if (!claims_file.empty()) sb::read_cases(claims_file);  // refuse a bad file before measuring
  if (run_cmd->count("--resume")) {
    const sb::SweepOutcome outcome = sb::resume_sweep(resume_dir);
    return finish_run(outcome, resume_dir, no_analyze, claims_file);
  }
  if (out_dir.empty()) sb::config_error("run needs --out DIR (or --resume DIR)");
  sb::SweepOptions options;
  if (!run_cmd->count("--kernels")) {
    for (const sb::KernelInfo& k : sb::kernels()) options.kernels.push_back(k.name);
  } else {
    for (const std::string& name : split(kernels_text, ',')) {
      const std::string& kernel = sb::find_kernel(name).name;
      if (std::find(options.kernels.begin(), options.kernels.end(), kernel) != options.kernels.end()) {
        sb::config_error("kernel '{}' appears twice in --kernels", kernel);
      }
      options.kernels.push_back(kernel);
    }
  }
  for (const std::string& name : split(backends_text, ',')) {
    const sb::Backend backend = sb::parse_backend(name);
    if (std::find(options.backends.begin(), options.backends.end(), backend) !=
        options.backends.end()) {
      sb::config_error("backend '{}' appears twice in --backends", name);
    }
    options.backends.push_back(backend);
  }
  options.threads = run_cmd->count("--threads")
                        ? sb::parse_thread_list(threads_text)
                        : sb::default_thread_list(sb::Topology::load_for_this_process());
  options.pin = sb::parse_pin_policy(pin_text);
  if (run_cmd->count("--size")) options.size = parse_size(size_text);
  for (const std::string& text : param_texts) parse_param(text, options.params);
  if (run_cmd->count("--serial-fraction")) {
    parse_param("calibrate.serial_fraction=" + serial_fraction_text, options.params);
  }
  options.quick = quick;
  options.inject_fault = inject_fault;
  if (!(max_cv > 0 && max_cv < 10)) sb::config_error("--max-cv {} is outside (0, 10)", max_cv);
  options.max_cv = max_cv;
  options.weak = weak;
  options.repetitions = run_cmd->count("--repetitions") ? repetitions : (quick ? 3 : 10);
  if (options.repetitions < 1 || options.repetitions > 1000) {
    sb::config_error("--repetitions {} is outside [1, 1000]", options.repetitions);
  }
  options.min_time_s = run_cmd->count("--min-time") ? min_time : (quick ? 0.05 : 0.2);
  if (!(options.min_time_s > 0 && options.min_time_s <= 60)) {
    sb::config_error("--min-time {} is outside (0, 60] seconds", options.min_time_s);
  }
  if (run_cmd->count("--seed")) {
    const std::optional<std::uint64_t> seed = sb::parse_unsigned(seed_text);
    if (!seed) {
      sb::config_error("invalid --seed '{}' (expected an integer in [0, 2^64))", seed_text);
    }
    options.seed = *seed;
  }
  options.out_dir = out_dir;
  return finish_run(sb::run_sweep(options), options.out_dir, no_analyze, claims_file);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run_cli(argc, argv);
  } catch (const sb::ConfigError& e) {
    fmt::print(stderr, "scalebench: error: {}\n", one_line(e.what()));
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "scalebench: internal error: {}\n", one_line(e.what()));
    return 1;
  }
}
