#include "harness/kernel/kernel.hpp"

#include <algorithm>
#include <cmath>

#include "harness/core/error.hpp"

namespace sb {
namespace {

std::vector<KernelInfo>& registry() {
  static std::vector<KernelInfo> kernels;
  return kernels;
}

}  // namespace

KernelRegistration::KernelRegistration(KernelInfo info) {
  auto& kernels = registry();
  auto at = std::lower_bound(kernels.begin(), kernels.end(), info.name,
                             [](const KernelInfo& k, const std::string& n) { return k.name < n; });
  kernels.insert(at, std::move(info));
}

const std::vector<KernelInfo>& kernels() { return registry(); }

const KernelInfo& find_kernel(std::string_view name) {
  for (const KernelInfo& kernel : registry()) {
    if (kernel.name == name) return kernel;
  }
  std::string known;
  for (const KernelInfo& kernel : registry()) known += (known.empty() ? "" : ", ") + kernel.name;
  config_error("unknown kernel '{}' (known: {})", name, known);
}

std::vector<VariantSpec> variants_for(const KernelInfo& kernel, Backend backend,
                                      const ScheduleMatrix& matrix) {
  std::vector<VariantSpec> variants;
  for (const VariantSpec& v : kernel.variants) {
    if (v.backend == backend) variants.push_back(v);
  }
  if (kernel.schedulable && backend != Backend::seq) {
    for (const Schedule& s : schedules_for(backend, matrix)) {
      variants.push_back({backend, format_as(s), false, s});
    }
  }
  return variants;
}

VariantSpec find_variant(const KernelInfo& kernel, Backend backend, std::string_view name) {
  for (const VariantSpec& v : kernel.variants) {
    if (v.backend == backend && v.name == name) return v;
  }
  if (kernel.schedulable && backend != Backend::seq) {
    const Schedule schedule = parse_schedule(backend, name);
    return {backend, format_as(schedule), false, schedule};
  }
  config_error("kernel '{}' has no {} variant '{}'", kernel.name, format_as(backend), name);
}

std::function<void()> by_backend(Backend backend, const VariantTable& table) {
  for (const auto& [b, body] : table) {
    if (b == backend) return body;
  }
  config_error("this kernel has no {} variants", format_as(backend));
}

WorkloadTraits workload_traits(const KernelInfo& kernel) {
  WorkloadTraits traits{.bytes_per_element = kernel.bytes_per_element,
                        .flops_per_element = kernel.flops_per_element,
                        .bandwidth_ceiling = kernel.bandwidth_ceiling,
                        .overhead_reference = kernel.overhead_reference,
                        .schedulable = kernel.schedulable,
                        .calibration = kernel.calibration,
                        .distributed = kernel.distributed,
                        .communication = kernel.communication};
  for (const KernelParam& p : kernel.params) traits.params[p.name] = {p.default_value, p.choices};
  return traits;
}

KernelConfig make_config(const KernelInfo& kernel, std::size_t size, std::uint64_t seed,
                         const std::map<std::string, double>& overrides) {
  KernelConfig config;
  config.size = size != 0 ? size : kernel.default_size;
  config.seed = seed;
  for (const KernelParam& param : kernel.params) config.params[param.name] = param.default_value;
  for (const auto& [name, value] : overrides) {
    auto found = config.params.find(name);
    if (found == config.params.end()) {
      config_error("kernel '{}' has no parameter '{}'", kernel.name, name);
    }
    const KernelParam& declared =
        *std::find_if(kernel.params.begin(), kernel.params.end(),
                      [&](const KernelParam& p) { return p.name == name; });
    if (declared.integer && value != std::floor(value)) {
      config_error("{}.{} = {} must be a whole number", kernel.name, name, value);
    }
    if (!(value >= declared.min_value && value <= declared.max_value)) {
      config_error("{}.{} = {} is outside [{}, {}]", kernel.name, name, value, declared.min_value,
                   declared.max_value);
    }
    found->second = value;
  }
  return config;
}

}  // namespace sb
