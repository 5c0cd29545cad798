#include "harness/backend.hpp"
#include "harness/error.hpp"
#include "harness/pin_policy.hpp"

namespace sb {

Backend parse_backend(std::string_view text) {
  for (Backend backend : kAllBackends) {
    if (format_as(backend) == text) return backend;
  }
  config_error("unknown backend '{}' (expected seq, omp or tbb)", text);
}

PinPolicy parse_pin_policy(std::string_view text) {
  for (PinPolicy policy : {PinPolicy::compact, PinPolicy::scatter, PinPolicy::none}) {
    if (format_as(policy) == text) return policy;
  }
  config_error("unknown pin policy '{}' (expected compact, scatter or none)", text);
}

}  // namespace sb
