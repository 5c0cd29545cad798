#include "harness/mpi/mpi_kernel.hpp"

#include <map>

#include "harness/core/error.hpp"

namespace sb {
namespace {

std::map<std::string, MpiKernelFactory, std::less<>>& registry() {
  static std::map<std::string, MpiKernelFactory, std::less<>> factories;
  return factories;
}

}  // namespace

MpiKernelRegistration::MpiKernelRegistration(std::string name, MpiKernelFactory create) {
  registry().emplace(std::move(name), std::move(create));
}

const MpiKernelFactory& find_mpi_kernel(std::string_view name) {
  const auto found = registry().find(name);
  if (found == registry().end()) {
    config_error("kernel '{}' has no distributed implementation in this rank program", name);
  }
  return found->second;
}

}  // namespace sb
