#include "kernels/pipeline/pipeline.hpp"

namespace sb::pipeline {

Verdict verify(const Stream& s, const std::uint64_t* expected, std::uint64_t runs) {
  if (s.order_violations != 0) {
    return {false,
            fmt::format("{} items reached the output stage out of order", s.order_violations)};
  }
  if (s.consumed != runs * s.items) {
    return {false, fmt::format("{} of {} items reached the output stage in {} runs", s.consumed,
                               runs * s.items, runs)};
  }
  for (std::size_t i = 0; i < s.items; ++i) {
    if (s.out[i] != expected[i]) {
      return {false, fmt::format("item {} output {:#x}, expected {:#x}", i, s.out[i], expected[i])};
    }
  }
  return {true,
          fmt::format("{} runs of {} items in order with the expected values", runs, s.items)};
}

}  // namespace sb::pipeline
