#include "harness/sweep/plan.hpp"

#include <unistd.h>

#include <algorithm>
#include <random>
#include <set>
#include <stdexcept>

#include "harness/core/error.hpp"
#include "harness/core/two_level.hpp"
#include "harness/kernel/kernel.hpp"
#include "harness/machine/pin_plan.hpp"
#include "harness/machine/threads_spec.hpp"
#include "harness/runtime/team_runtime.hpp"

namespace sb {
namespace {

double physical_memory_bytes() {
  return static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

std::size_t size_for(const KernelInfo& kernel, const SweepOptions& options) {
  const std::size_t size =
      options.size != 0 ? options.size : (options.quick ? kernel.quick_size : kernel.default_size);
  const int largest = options.weak && !options.threads.empty() ? options.threads.back() : 1;
  const double footprint = kernel.footprint_bytes_per_element * static_cast<double>(size) * largest;
  // Leave a quarter of the machine to the OS, the verifier and the other process's leftovers.
  if (footprint > 0.75 * physical_memory_bytes()) {
    config_error("--size {} needs {:.1f} GiB for kernel '{}', more than this machine can hold",
                 size, footprint / (1u << 30), kernel.name);
  }
  return size;
}

}  // namespace

nlohmann::json describe_options(const SweepOptions& options) {
  std::vector<std::string> backends;
  for (Backend b : options.backends) backends.emplace_back(format_as(b));
  return {{"kernels", options.kernels},
          {"backends", backends},
          {"threads", options.threads},
          {"ranks", options.ranks},
          {"threads_per_rank", options.threads_per_rank},
          {"hostfile", options.hostfile},
          {"netcal", options.netcal},
          {"pin", format_as(options.pin)},
          {"quick", options.quick},
          {"weak", options.weak},
          {"repetitions", options.repetitions},
          {"processes", options.processes},
          {"precision", options.precision},
          {"budget_s", options.budget_s},
          {"min_time_s", options.min_time_s},
          {"seed", options.seed},
          {"size", options.size},
          {"inject_fault", options.inject_fault},
          {"max_cv", options.max_cv},
          {"params", options.params},
          {"chunks", options.schedules.chunks},
          {"grains", options.schedules.grains},
          {"schedules", options.schedules.families}};
}

namespace {

// The selected kernels and, when a schedulable one runs in parallel, the overhead reference
// (fork_join) that the report's overhead figures need.
std::vector<std::string> kernels_to_run(const SweepOptions& options) {
  std::vector<std::string> names = options.kernels;
  const bool parallel = std::any_of(options.backends.begin(), options.backends.end(),
                                    [](Backend b) { return b != Backend::seq; });
  const bool schedulable = std::any_of(names.begin(), names.end(), [](const std::string& name) {
    return find_kernel(name).schedulable;
  });
  if (!parallel || !schedulable) return names;
  for (const KernelInfo& kernel : kernels()) {
    if (kernel.overhead_reference &&
        std::find(names.begin(), names.end(), kernel.name) == names.end()) {
      names.push_back(kernel.name);
    }
  }
  return names;
}

}  // namespace

namespace {

// A point as planned, before it runs: identity, size, parameters (defaults filled in), traits and
// flags; nothing measured.
Point planned_point(const KernelInfo& kernel, const VariantSpec& variant, const GroupSpec& group,
                    std::size_t size, const std::map<std::string, double>& overrides,
                    const PinPlan& pins) {
  const KernelConfig config = make_config(kernel, size, group.seed, overrides);
  Point point;
  point.kernel = kernel.name;
  point.backend = std::string(format_as(group.backend));
  point.variant = variant.name;
  point.threads = group.threads;
  point.pin = std::string(format_as(group.pin));
  point.size = config.size;
  point.params = config.params;
  point.oversubscribed = pins.oversubscribed;
  point.uses_smt_siblings = pins.uses_smt_siblings;
  point.teaching_only = variant.teaching_only;
  if (variant.schedule) point.chunks_per_run = exact_chunks_per_run(*variant.schedule, config.size);
  if (kernel.bytes_per_element > 0) point.bytes_per_run = kernel.bytes_per_element * config.size;
  if (kernel.flops_per_element > 0) point.flops_per_run = kernel.flops_per_element * config.size;
  return point;
}

// One group a (ranks, threads per rank) pair for the distributed kernels among `names`, each
// launched by mpirun. Without a hostfile every rank is on this host: more workers than its PUs are
// oversubscribed, as for threads. With one, each rank judges its own host when it runs.
void add_distributed_groups(Plan& plan, const SweepOptions& options,
                            const std::vector<std::string>& names,
                            const std::map<std::string, std::size_t>& sizes,
                            const GroupSpec& common, const Topology& topology) {
  std::vector<const KernelInfo*> distributed;
  for (const std::string& name : names) {
    if (find_kernel(name).distributed) distributed.push_back(&find_kernel(name));
  }
  if (distributed.empty()) return;
  for (int ranks : options.ranks) {
    for (int per_rank : options.threads_per_rank) {
      GroupSpec group = common;
      group.executor = "mpi";
      group.backend = kMpi;
      group.ranks = ranks;
      group.threads = ranks * per_rank;
      group.hostfile = options.hostfile;
      PinPlan pins = plan_pinning(topology, group.threads, options.pin);
      if (!options.hostfile.empty()) pins.oversubscribed = pins.uses_smt_siblings = false;
      for (const KernelInfo* kernel : distributed) {
        const std::size_t size = sizes.at(kernel->name) * (options.weak ? group.threads : 1);
        const auto overrides = options.params.count(kernel->name) ? options.params.at(kernel->name)
                                                                  : std::map<std::string, double>{};
        for (const VariantSpec& v : kernel->variants) {
          group.points.push_back(planned_point(*kernel, v, group, size, overrides, pins));
          group.points.back().ranks = ranks;
          group.points.back().under_mpi = true;
          group.points.back().weak_scaling = options.weak;
        }
        plan.workloads.emplace(kernel->name, workload_traits(*kernel));
      }
      plan.backends[kMpiBackend] = "Open MPI ranks, an OpenMP team in each";
      plan.groups.push_back(std::move(group));
    }
  }
}

}  // namespace

Plan plan_sweep(const SweepOptions& options) {
  const std::vector<std::string> names = kernels_to_run(options);
  validate(options.schedules);
  if (!options.inject_fault.empty() && std::find(options.kernels.begin(), options.kernels.end(),
                                                 options.inject_fault) == options.kernels.end()) {
    config_error("--inject-fault names kernel '{}', which is not selected", options.inject_fault);
  }
  std::map<std::string, std::size_t> sizes;
  for (const std::string& name : names) {
    const KernelInfo& kernel = find_kernel(name);
    sizes[name] = size_for(kernel, options);
    const auto overrides =
        options.params.count(name) ? options.params.at(name) : std::map<std::string, double>{};
    make_config(kernel, sizes[name], options.seed, overrides);  // validates parameters
  }
  for (const auto& [name, unused] : options.params) {
    if (!sizes.count(name)) config_error("--param names kernel '{}', which is not selected", name);
  }

  const Topology topology = Topology::load_for_this_process();
  GroupSpec common;
  common.pin = options.pin;
  common.repetitions = options.repetitions;
  common.min_time_s = options.min_time_s;
  common.seed = options.seed;
  common.inject_fault = options.inject_fault;
  common.max_cv = options.max_cv;
  Plan plan;
  auto add_group = [&](Backend backend, int threads) {
    GroupSpec group = common;
    group.backend = backend;
    group.threads = threads;
    const PinPlan pins = plan_pinning(topology, threads, options.pin);
    for (const std::string& name : names) {
      const KernelInfo& kernel = find_kernel(name);
      // An overhead reference's sequential run is half of its figure: it runs without --backends
      // seq.
      const bool selected = std::find(options.backends.begin(), options.backends.end(), backend) !=
                            options.backends.end();
      if (!selected && !(backend == Backend::seq && kernel.overhead_reference)) continue;
      const std::size_t size = sizes.at(name) * (options.weak ? threads : 1);
      const auto overrides =
          options.params.count(name) ? options.params.at(name) : std::map<std::string, double>{};
      for (const VariantSpec& v : variants_for(kernel, backend, options.schedules)) {
        group.points.push_back(planned_point(kernel, v, group, size, overrides, pins));
        group.points.back().weak_scaling = options.weak;
      }
    }
    for (const Point& point : group.points) {
      plan.workloads.emplace(point.kernel, workload_traits(find_kernel(point.kernel)));
    }
    for (const BackendInfo& info : backend_registry()) {
      if (info.backend == backend) plan.backends[std::string(format_as(backend))] = info.runtime;
    }
    if (!group.points.empty()) plan.groups.push_back(std::move(group));
  };
  add_group(Backend::seq, 1);
  for (int threads : options.threads) {
    for (Backend backend : options.backends) {
      if (backend != Backend::seq) add_group(backend, threads);
    }
  }
  add_distributed_groups(plan, options, names, sizes, common, topology);
  if (plan.groups.empty())
    config_error("the selected kernels have no variants for the selected backends");
  plan.rounds = make_rounds(options.processes, options.precision, options.budget_s, options.seed);
  return plan;
}

RoundTemplate make_rounds(int processes, double precision, double budget_s, std::uint64_t seed) {
  RoundTemplate rounds;
  rounds.seed = seed;
  rounds.budget_s = budget_s;
  if (precision > 0) {
    rounds.stopping_rule = "precision";
    rounds.precision = precision;
    rounds.min_rounds = std::max(processes, kMinProcessesForPrecision);
    rounds.max_rounds = std::max(rounds.min_rounds, kMaxProcesses);
  } else {
    rounds.min_rounds = rounds.max_rounds = processes;
  }
  return rounds;
}

std::vector<std::size_t> Plan::round_order(int round) const {
  std::vector<std::size_t> order(groups.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (rounds.shuffle) {
    std::mt19937_64 engine(rounds.seed + static_cast<std::uint64_t>(round));
    std::shuffle(order.begin(), order.end(), engine);
  }
  return order;
}

void to_json(nlohmann::json& j, const Plan& plan) {
  j = {{"groups", plan.groups},
       {"workloads", plan.workloads},
       {"backends", plan.backends},
       {"rounds",
        {{"min_rounds", plan.rounds.min_rounds},
         {"max_rounds", plan.rounds.max_rounds},
         {"shuffle", plan.rounds.shuffle},
         {"seed", plan.rounds.seed},
         {"stopping_rule", plan.rounds.stopping_rule},
         {"precision", plan.rounds.precision},
         {"budget_s", plan.rounds.budget_s},
         {"remeasure_contended", plan.rounds.remeasure_contended}}}};
}

void from_json(const nlohmann::json& j, Plan& plan) {
  plan.groups = j.at("groups").get<std::vector<GroupSpec>>();
  plan.workloads = j.at("workloads").get<std::map<std::string, WorkloadTraits>>();
  plan.backends = j.at("backends").get<std::map<std::string, std::string>>();
  const nlohmann::json& rounds = j.at("rounds");
  rounds.at("min_rounds").get_to(plan.rounds.min_rounds);
  rounds.at("max_rounds").get_to(plan.rounds.max_rounds);
  rounds.at("shuffle").get_to(plan.rounds.shuffle);
  rounds.at("seed").get_to(plan.rounds.seed);
  rounds.at("stopping_rule").get_to(plan.rounds.stopping_rule);
  // Plans recorded before two-level repetition have none of these: one round, as they ran.
  plan.rounds.precision = rounds.value("precision", 0.0);
  plan.rounds.budget_s = rounds.value("budget_s", 0.0);
  plan.rounds.remeasure_contended = rounds.value("remeasure_contended", false);
  const bool precision = plan.rounds.stopping_rule == "precision";
  if ((plan.rounds.stopping_rule != "fixed" && !precision) || plan.rounds.min_rounds < 1 ||
      plan.rounds.max_rounds < plan.rounds.min_rounds || plan.rounds.max_rounds > kMaxProcesses ||
      (precision != (plan.rounds.precision > 0)) || !(plan.rounds.precision < 1) ||
      !(plan.rounds.budget_s >= 0)) {
    throw std::invalid_argument("rounds: unknown stopping rule, or rounds or target out of range");
  }
}

SweepOptions options_from_manifest(const nlohmann::json& sweep, const std::filesystem::path& dir) {
  SweepOptions options;
  try {
    options.kernels = sweep.at("kernels").get<std::vector<std::string>>();
    for (const std::string& b : sweep.at("backends").get<std::vector<std::string>>()) {
      options.backends.push_back(parse_backend(b));
    }
    options.threads = sweep.at("threads").get<std::vector<int>>();
    options.ranks = sweep.value("ranks", std::vector<int>{});
    options.threads_per_rank = sweep.value("threads_per_rank", std::vector<int>{1});
    options.hostfile = sweep.value("hostfile", std::string{});
    options.netcal = sweep.value("netcal", nlohmann::json());
    options.pin = parse_pin_policy(sweep.at("pin").get<std::string>());
    options.quick = sweep.at("quick").get<bool>();
    options.weak = sweep.value("weak", false);
    options.size = sweep.value("size", std::size_t{0});
    options.repetitions = sweep.at("repetitions").get<int>();
    options.processes = sweep.value("processes", 1);
    options.precision = sweep.value("precision", 0.0);
    options.budget_s = sweep.value("budget_s", 0.0);
    options.min_time_s = sweep.at("min_time_s").get<double>();
    options.seed = sweep.at("seed").get<std::uint64_t>();
    options.params = sweep.at("params").get<decltype(options.params)>();
    options.inject_fault = sweep.value("inject_fault", std::string{});
    options.max_cv = sweep.value("max_cv", kDefaultMaxCv);
    // Absent from sweeps written before the schedule matrix existed: the defaults apply.
    options.schedules.chunks = sweep.value("chunks", options.schedules.chunks);
    options.schedules.grains = sweep.value("grains", options.schedules.grains);
    options.schedules.families = sweep.value("schedules", options.schedules.families);
  } catch (const nlohmann::json::exception& e) {
    config_error("{} cannot be resumed: its manifest has no usable sweep options ({})",
                 (dir / "results.json").string(), e.what());
  }
  // What run checks on its flags, checked again: a manifest can be edited by hand.
  const std::string file = (dir / "results.json").string();
  const bool ascending = std::adjacent_find(options.threads.begin(), options.threads.end(),
                                            std::greater_equal<>()) == options.threads.end();
  if (options.threads.empty() || options.threads.front() < 1 ||
      options.threads.back() > kMaxThreads || !ascending) {
    config_error("{} cannot be resumed: its thread list {} is not ascending counts in [1, {}]",
                 file, nlohmann::json(options.threads).dump(), kMaxThreads);
  }
  const auto valid_counts = [](const std::vector<int>& counts) {
    return std::adjacent_find(counts.begin(), counts.end(), std::greater_equal<>()) ==
               counts.end() &&
           (counts.empty() || (counts.front() >= 1 && counts.back() <= kMaxThreads));
  };
  if (!valid_counts(options.ranks) || !valid_counts(options.threads_per_rank)) {
    config_error("{} cannot be resumed: its ranks or threads per rank are not ascending counts",
                 file);
  }
  if (!valid_repetitions(options.repetitions)) {
    config_error("{} cannot be resumed: its repetitions {} is outside [1, 1000]", file,
                 options.repetitions);
  }
  if (options.processes < 1 || options.processes > kMaxProcesses ||
      !(options.precision >= 0 && options.precision < 1) || !(options.budget_s >= 0)) {
    config_error(
        "{} cannot be resumed: its processes {}, precision {} or budget {} s is out of range", file,
        options.processes, options.precision, options.budget_s);
  }
  if (!valid_min_time_s(options.min_time_s) || !valid_max_cv(options.max_cv)) {
    config_error("{} cannot be resumed: its min_time_s {} or max_cv {} is out of range", file,
                 options.min_time_s, options.max_cv);
  }
  options.out_dir = dir;
  return options;
}

}  // namespace sb
