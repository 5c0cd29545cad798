// The kernel interface and registry. A kernel folder registers itself with one
// `static const sb::KernelRegistration` in its own .cpp file: no enum, name table or switch.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/results/workload.hpp"
#include "harness/runtime/backend.hpp"
#include "harness/runtime/schedule.hpp"
#include "harness/runtime/team.hpp"

namespace sb {

class AffinityMemory;  // runtime/tbb_schedule.hpp

struct KernelParam {
  std::string name;  // set with --param KERNEL.NAME=VALUE
  double default_value = 0;
  double min_value = 0;  // make_config refuses values outside [min_value, max_value]
  double max_value = 0;
  std::string help;
  bool integer = true;  // counts (rounds, tokens) refuse fractions rather than truncating them
  // A choice among names: the value is the index into `choices` (e.g. skew=linear is 1).
  std::vector<std::string> choices;
};

struct VariantSpec {
  Backend backend = Backend::seq;
  std::string name;                  // the schedule or synchronisation kind: "static", "mutex", ...
  bool teaching_only = false;        // wrong by design (e.g. racy): measured, never fitted
  std::optional<Schedule> schedule;  // set for a schedulable kernel's omp and tbb variants
};

struct KernelConfig {
  std::size_t size = 0;
  std::uint64_t seed = 0;
  std::map<std::string, double> params;  // every declared parameter, defaults filled in
  double param(const std::string& name) const { return params.at(name); }
};

struct Verdict {
  bool ok = false;
  std::string detail;                                    // why not, or what was checked
  std::vector<std::pair<std::string, double>> measures;  // e.g. {"lost_updates", 12}
};

// One kernel's data at one size, for one team. Created and destroyed outside the timed region.
class KernelInstance {
 public:
  virtual ~KernelInstance() = default;
  // Restores the inputs to their seeded initial state (untimed, inside the team's context).
  virtual void reset() = 0;
  // The timed body of one variant: a pure call that runs the kernel once.
  virtual std::function<void()> variant(const VariantSpec& spec) = 0;
  // Checks the output after `runs` calls of a variant since the last reset (untimed).
  virtual Verdict verify(std::uint64_t runs) = 0;
  // Damages the output the way a wrong kernel would, so tests can prove verify() catches it.
  virtual void corrupt_output() = 0;
};

struct KernelInfo {
  std::string name;
  std::string summary;    // what it measures, one line
  std::string size_unit;  // what --size counts: "elements", "items", "increments"
  std::size_t default_size = 0;
  std::size_t quick_size = 0;
  double bytes_per_element = 0;  // memory traffic a run, per element (0: not bandwidth-bound)
  double flops_per_element = 0;
  double footprint_bytes_per_element = 0;  // resident memory, for refusing sizes that cannot fit
  std::vector<KernelParam> params;
  std::vector<VariantSpec> variants;
  // Its omp and tbb variants are the sweep's schedule matrix (docs/scheduling.md), added to
  // `variants` by variants_for(): the kernel's loop runs under any Schedule.
  bool schedulable = false;
  // Its parallel runs minus its sequential reference are the runtimes' overhead (fork_join): a
  // sweep with a schedulable kernel in parallel runs it too, reference included.
  bool overhead_reference = false;
  // Its bandwidth at p threads is the ceiling the analysis holds bandwidth kernels against.
  bool bandwidth_ceiling = false;
  // It runs a configured serial fraction (its parameter serial_fraction) for fits to recover.
  bool calibration = false;
  // It runs across MPI ranks (variants of kMpi): scalebench-rank creates it under mpirun
  // (harness/mpi/mpi_kernel.hpp), so `create` stays unset and a sweep plans it by rank count.
  bool distributed = false;
  // A distributed kernel's messages a run, by name, for the communication-aware model
  // (analysis/comm_model.hpp): "halo_rows", "allreduce", "alltoall" or "shared_counter".
  std::string communication;
  std::function<std::unique_ptr<KernelInstance>(const KernelConfig&, const Team&)> create;
};

// The backend of distributed kernels: Open MPI ranks, each with an OpenMP team. Not a runtime
// scalebench itself hosts, so --backends does not take it: --ranks selects it.
inline constexpr Backend kMpi{kMpiBackend};

// A kernel's timed bodies, one a backend it has.
using VariantTable = std::vector<std::pair<Backend, std::function<void()>>>;

// The timed body for `backend` from the table. Throws ConfigError for a backend it lacks.
std::function<void()> by_backend(Backend backend, const VariantTable& table);

// The table of a kernel whose loop runs under any Schedule (map, skewed_map, fork_join): its
// sequential reference seq(data), and omp(data, team, schedule) and tbb(data, team, schedule,
// affinity) under the variant's schedule. A kernel adds the other backends it has to the table.
template <typename Data, typename Seq, typename Omp, typename Tbb>
VariantTable scheduled_variants(const VariantSpec& spec, const Data& data, const Team& team,
                                AffinityMemory& affinity, Seq seq, Omp omp, Tbb tbb) {
  const Schedule schedule = spec.schedule.value_or(Schedule{});
  return {{Backend::seq, [&data, seq] { seq(data); }},
          {Backend::omp, [&data, &team, schedule, omp] { omp(data, team, schedule); }},
          {Backend::tbb,
           [&data, &team, &affinity, schedule, tbb] { tbb(data, team, schedule, affinity); }}};
}

// KernelInfo::create for an instance type constructed from (config, team).
template <typename Instance>
std::unique_ptr<KernelInstance> create_instance(const KernelConfig& config, const Team& team) {
  return std::make_unique<Instance>(config, team);
}

struct KernelRegistration {
  explicit KernelRegistration(KernelInfo info);
};

// Registered kernels, sorted by name.
const std::vector<KernelInfo>& kernels();
// Throws ConfigError naming the unknown kernel and the known ones.
const KernelInfo& find_kernel(std::string_view name);
// The variants a sweep runs for `backend`: the declared ones and, for a schedulable kernel, one
// per schedule of the matrix.
std::vector<VariantSpec> variants_for(const KernelInfo& kernel, Backend backend,
                                      const ScheduleMatrix& matrix);
// A variant by name; a schedulable kernel takes any schedule name. Throws ConfigError.
VariantSpec find_variant(const KernelInfo& kernel, Backend backend, std::string_view name);
// What results.json records of the kernel for the analysis (docs/results-format.md).
WorkloadTraits workload_traits(const KernelInfo& kernel);

// The config for a size (0: the kernel's default), with parameter overrides checked against the
// declared parameters (keys are "name" for this kernel). Throws ConfigError on unknown names.
KernelConfig make_config(const KernelInfo& kernel, std::size_t size, std::uint64_t seed,
                         const std::map<std::string, double>& overrides);

}  // namespace sb
