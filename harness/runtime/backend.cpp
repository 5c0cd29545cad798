#include "harness/runtime/backend.hpp"

#include "harness/core/error.hpp"

namespace sb {

Backend parse_backend(std::string_view text) {
  for (Backend backend : kAllBackends) {
    if (format_as(backend) == text) return backend;
  }
  config_error("unknown backend '{}' (expected seq, omp or tbb)", text);
}

}  // namespace sb
