// `scalebench topology`: this machine's (or a synthetic) topology and a pinning plan.
#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>

#include "harness/cli/commands.hpp"
#include "harness/core/error.hpp"
#include "harness/machine/pin_plan.hpp"
#include "harness/machine/threads_spec.hpp"

namespace sb::cli {
namespace {

struct TopologyFlags {
  int threads = 0;
  std::string pin = "compact", synthetic, allowed;
  std::optional<double> cpu_quota;
};

void print_topology(const Topology& topology, int threads, PinPolicy policy) {
  fmt::print("topology: {}\n", topology.summary().to_string());
  for (std::size_t c = 0; c < topology.cores().size(); ++c) {
    const CoreInfo& core = topology.cores()[c];
    fmt::print("  core {:>3}: package {} numa {}  PUs {}\n", c, core.package, core.numa,
               fmt::join(core.pu_os_indices, ","));
  }
  const PinPlan plan = plan_pinning(topology, threads, policy);
  fmt::print("plan: {} threads, pin {}{}{}\n", threads, format_as(policy),
             plan.oversubscribed ? " (oversubscribed: more threads than PUs or the CPU quota)" : "",
             plan.uses_smt_siblings ? " (SMT siblings in use)" : "");
  for (int w = 0; w < threads; ++w) {
    const int pu = plan.pu_per_worker[w];
    fmt::print("  worker {:>3} -> {}\n", w, pu == kUnpinned ? "any PU" : fmt::format("PU {}", pu));
  }
}

}  // namespace

void add_topology_command(CLI::App& app, int&) {
  auto flags = std::make_shared<TopologyFlags>();
  auto* command = app.add_subcommand("topology", "print the topology and a pinning plan");
  command->add_option("--threads", flags->threads, "threads to plan (default: allowed cores)");
  command->add_option("--pin", flags->pin, "compact, scatter or none");
  command->add_option("--synthetic", flags->synthetic,
                      "an hwloc synthetic topology instead of this machine");
  command->add_option("--allowed", flags->allowed, "with --synthetic: the PUs the process may use");
  command->add_option("--cpu-quota", flags->cpu_quota,
                      "with --synthetic: a cgroup CPU quota in CPUs");
  command->final_callback([flags] {
    if (flags->synthetic.empty() && (!flags->allowed.empty() || flags->cpu_quota)) {
      config_error("--allowed and --cpu-quota describe a --synthetic topology");
    }
    const Topology topology =
        flags->synthetic.empty()
            ? Topology::load_for_this_process()
            : Topology::synthetic(flags->synthetic, flags->allowed, flags->cpu_quota);
    if (flags->threads < 0 || flags->threads > kMaxThreads) {
      config_error("--threads {} is outside [1, {}]", flags->threads, kMaxThreads);
    }
    print_topology(topology, flags->threads > 0 ? flags->threads : topology.usable_core_count(),
                   parse_pin_policy(flags->pin));
  });
}

}  // namespace sb::cli
