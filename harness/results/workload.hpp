// What the analysis needs to know about a workload, written into results.json when it is measured
// (schema scalebench/2), so that any build analyses any sweep the same way: no kernel registry is
// consulted after measurement.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sb {

// A user's program measured by exec, as results.json names its points: kernel "exec", backend
// "command", the label as the variant. Claims may cite exec/LABEL for exec/command/LABEL.
inline constexpr const char* kExecKernel = "exec";
inline constexpr const char* kCommandBackend = "command";
// A distributed kernel's points (kernels run across MPI ranks): their backend, and Point::ranks.
inline constexpr const char* kMpiBackend = "mpi";

struct WorkloadParam {
  double default_value = 0;
  std::vector<std::string> choices;  // a choice among names: the value is the index
};

struct WorkloadTraits {
  // "kernel": a registered kernel; "command": a user's program run by exec (its command line).
  std::string kind = "kernel";
  std::string command;
  double bytes_per_element = 0;  // memory traffic a run, per element (0: not bandwidth-bound)
  double flops_per_element = 0;
  // Its GB/s at p threads is the ceiling other bandwidth-bound workloads are held against
  // (STREAM's triad).
  bool bandwidth_ceiling = false;
  // Its parallel runs minus its sequential reference are the runtimes' overhead (fork_join).
  bool overhead_reference = false;
  // Its omp and tbb variants are loop schedules, compared by the scheduling analysis.
  bool schedulable = false;
  // It runs a configured serial fraction (parameter serial_fraction) that fits should recover.
  bool calibration = false;
  // It runs across MPI ranks: its points carry ranks, and measures of each phase (docs/mpi.md).
  bool distributed = false;
  std::string communication;  // its messages a run, by name (docs/mpi.md)
  std::map<std::string, WorkloadParam> params;
};

void to_json(nlohmann::json& j, const WorkloadTraits& traits);
void from_json(const nlohmann::json& j, WorkloadTraits& traits);

// "skew=linear, work=64": parameters as a reader names them (choices by name).
std::string describe_params(const WorkloadTraits& traits,
                            const std::map<std::string, double>& params);

}  // namespace sb
