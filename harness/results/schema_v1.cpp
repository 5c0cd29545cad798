#include "harness/results/schema_v1.hpp"

#include <cmath>
#include <string_view>

namespace sb {
namespace {

// The kernels of scalebench/1 and their traits at that version. A kernel not listed gets none.
WorkloadTraits v1_traits(const std::string& kernel) {
  WorkloadTraits t;
  if (kernel == "triad") {
    t.bytes_per_element = 24;
    t.flops_per_element = 2;
    t.bandwidth_ceiling = true;
  } else if (kernel == "map") {
    t.bytes_per_element = 24;
    t.flops_per_element = 2;
    t.schedulable = true;
  } else if (kernel == "reduce") {
    t.bytes_per_element = 8;
    t.flops_per_element = 1;
  } else if (kernel == "fork_join") {
    t.schedulable = true;
    t.overhead_reference = true;
  } else if (kernel == "skewed_map") {
    t.schedulable = true;
    t.params["skew"] = {1, {"uniform", "linear", "heavy_tail", "random"}};
    t.params["work"] = {64, {}};
  } else if (kernel == "fine_loop") {
    t.schedulable = true;
    t.params["work"] = {4, {}};
  } else if (kernel == "calibrate") {
    t.calibration = true;
    t.params["serial_fraction"] = {0.2, {}};
    t.params["item_work"] = {2048, {}};
  } else if (kernel == "pipeline") {
    t.params["tokens"] = {8, {}};
    t.params["input_work"] = {64, {}};
    t.params["middle_work"] = {4096, {}};
    t.params["output_work"] = {64, {}};
  }
  return t;
}

// Chunks an OpenMP run handed out, where the count is exact: "static,c", "dynamic,c" and
// "monotonic:dynamic,c" (the schedule names of scalebench/1).
std::optional<double> v1_chunks_per_run(const Point& p) {
  std::string_view name = p.variant;
  if (p.backend != "omp") return std::nullopt;
  for (std::string_view family : {"static,", "dynamic,", "monotonic:dynamic,"}) {
    if (name.substr(0, family.size()) != family) continue;
    const std::string chunk(name.substr(family.size()));
    if (chunk.empty() || chunk.find_first_not_of("0123456789") != std::string::npos) break;
    const double c = std::stod(chunk);
    if (c <= 0) break;
    return std::ceil(static_cast<double>(p.size) / c);
  }
  return std::nullopt;
}

}  // namespace

void upgrade_from_schema_v1(Results& results) {
  for (Point& p : results.points) {
    const auto [traits, added] = results.workloads.try_emplace(p.kernel, v1_traits(p.kernel));
    if (traits->second.schedulable) p.chunks_per_run = v1_chunks_per_run(p);
  }
}

}  // namespace sb
