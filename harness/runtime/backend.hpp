// The three ways a kernel can run: the sequential reference, OpenMP and oneTBB.
#pragma once

#include <string_view>

namespace sb {

enum class Backend { seq, omp, tbb };

constexpr std::string_view format_as(Backend backend) {
  switch (backend) {
    case Backend::seq:
      return "seq";
    case Backend::omp:
      return "omp";
    case Backend::tbb:
      return "tbb";
  }
  return "?";
}

// Throws ConfigError naming the unknown backend.
Backend parse_backend(std::string_view text);

inline constexpr Backend kAllBackends[] = {Backend::seq, Backend::omp, Backend::tbb};

}  // namespace sb
