#include "harness/runtime/backend.hpp"

#include <fmt/format.h>

#include "harness/core/error.hpp"
#include "harness/runtime/team_runtime.hpp"

namespace sb {

std::vector<Backend> registered_backends() {
  std::vector<Backend> backends;
  for (const BackendInfo& info : backend_registry()) backends.push_back(info.backend);
  return backends;
}

Backend parse_backend(std::string_view text) {
  std::vector<std::string_view> names;
  for (const BackendInfo& info : backend_registry()) {
    if (info.backend.name() == text) return info.backend;
    names.push_back(info.backend.name());
  }
  config_error("unknown backend '{}' (expected {})", text, fmt::join(names, ", "));
}

}  // namespace sb
