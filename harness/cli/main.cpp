// The scalebench command line. Every configuration error ends here: one line, exit status 2.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/analysis/sweep_analysis.hpp"
#include "harness/claims/audit.hpp"
#include "harness/cli/analysis_commands.hpp"
#include "harness/cli/run_command.hpp"
#include "harness/cli/seed_commands.hpp"
#include "harness/core/error.hpp"
#include "harness/core/numbers.hpp"
#include "harness/kernel/kernel.hpp"
#include "harness/machine/pin_plan.hpp"
#include "harness/machine/threads_spec.hpp"
#include "harness/sweep/manifest.hpp"
#include "harness/sweep/sweep.hpp"
#include "harness/sweep/worker_process.hpp"

namespace {

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

void print_topology(const sb::Topology& topology, int threads, sb::PinPolicy policy) {
  fmt::print("topology: {}\n", topology.summary().to_string());
  for (std::size_t c = 0; c < topology.cores().size(); ++c) {
    const sb::CoreInfo& core = topology.cores()[c];
    fmt::print("  core {:>3}: package {} numa {}  PUs {}\n", c, core.package, core.numa,
               fmt::join(core.pu_os_indices, ","));
  }
  const sb::PinPlan plan = sb::plan_pinning(topology, threads, policy);
  fmt::print("plan: {} threads, pin {}{}{}\n", threads, format_as(policy),
             plan.oversubscribed ? " (oversubscribed: more threads than PUs or the CPU quota)" : "",
             plan.uses_smt_siblings ? " (SMT siblings in use)" : "");
  for (int w = 0; w < threads; ++w) {
    const int pu = plan.pu_per_worker[w];
    fmt::print("  worker {:>3} -> {}\n", w,
               pu == sb::kUnpinned ? "any PU" : fmt::format("PU {}", pu));
  }
}

void print_kernels() {
  for (const sb::KernelInfo& kernel : sb::kernels()) {
    fmt::print("{:<10} {}\n", kernel.name, kernel.summary);
    fmt::print("{:<10} size: {} {} (quick {})\n", "", kernel.default_size, kernel.size_unit,
               kernel.quick_size);
    for (const sb::KernelParam& p : kernel.params) {
      fmt::print("{:<10} --param {}.{}={} ({})\n", "", kernel.name, p.name,
                 p.choices.empty() ? fmt::format("{}", p.default_value)
                                   : p.choices[static_cast<std::size_t>(p.default_value)],
                 p.help);
    }
    std::vector<std::string> variants;
    for (sb::Backend backend : sb::registered_backends()) {
      for (const sb::VariantSpec& v : sb::variants_for(kernel, backend, sb::ScheduleMatrix{})) {
        variants.push_back(fmt::format("{}:{}{}", format_as(v.backend), v.name,
                                       v.teaching_only ? " (teaching only)" : ""));
      }
    }
    fmt::print("{:<10} variants: {}\n", "", fmt::join(variants, ", "));
  }
}

int run_cli(int argc, char** argv) {
  CLI::App app{"scalebench: measured evidence for scale claims"};
  app.require_subcommand(1);
  app.set_version_flag("--version", [] { return sb::version_text(); });

  auto* topology_cmd = app.add_subcommand("topology", "print the topology and a pinning plan");
  int plan_threads = 0;
  std::string plan_pin = "compact", synthetic, allowed;
  topology_cmd->add_option("--threads", plan_threads, "threads to plan (default: allowed cores)");
  topology_cmd->add_option("--pin", plan_pin, "compact, scatter or none");
  topology_cmd->add_option("--synthetic", synthetic,
                           "an hwloc synthetic topology instead of this machine");
  topology_cmd->add_option("--allowed", allowed, "with --synthetic: the PUs the process may use");
  std::optional<double> cpu_quota;
  topology_cmd->add_option("--cpu-quota", cpu_quota,
                           "with --synthetic: a cgroup CPU quota in CPUs");

  app.add_subcommand("kernels", "list kernels, their parameters and variants");

  int run_status = 0;
  sb::cli::add_run_command(app, run_status);
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
  } catch (const CLI::CallForVersion& e) {
    fmt::print("{}", e.what());
    return 0;
  } catch (const CLI::ParseError& e) {
    const std::vector<CLI::App*> commands = app.get_subcommands([](CLI::App*) { return true; });
    const bool unknown_command =
        argc > 1 && argv[1][0] != '-' &&
        std::none_of(commands.begin(), commands.end(),
                     [&](const CLI::App* sub) { return sub->get_name() == argv[1]; });
    if (unknown_command) {
      fmt::print(stderr,
                 "scalebench: error: unknown command '{}' (expected topology, kernels, run, "
                 "analyze, compare, fit, tables or audit)\n",
                 one_line(argv[1]));
    } else {
      fmt::print(stderr, "scalebench: error: {}\n", one_line(e.what()));
    }
    return 2;
  }

  // These print from their callbacks during parsing.
  for (const char* printed : {"tables", "audit", "fit", "analyze", "compare"}) {
    if (app.got_subcommand(printed)) return 0;
  }
  if (*topology_cmd) {
    if (synthetic.empty() && (!allowed.empty() || cpu_quota)) {
      sb::config_error("--allowed and --cpu-quota describe a --synthetic topology");
    }
    const sb::Topology topology = synthetic.empty()
                                      ? sb::Topology::load_for_this_process()
                                      : sb::Topology::synthetic(synthetic, allowed, cpu_quota);
    if (plan_threads < 0 || plan_threads > sb::kMaxThreads) {
      sb::config_error("--threads {} is outside [1, {}]", plan_threads, sb::kMaxThreads);
    }
    print_topology(topology, plan_threads > 0 ? plan_threads : topology.usable_core_count(),
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

  return run_status;  // `run` ran from its callback
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
