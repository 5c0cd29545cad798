#include <fmt/format.h>

#include "harness/kernel/seeded_inputs.hpp"
#include "kernels/skewed_map/skewed_map.hpp"

namespace sb::skewed_map {
namespace {

// h -> a*h + c, composed with itself `steps` times by repeated squaring (mod 2^64).
std::uint64_t advance(std::uint64_t h, std::uint64_t steps) {
  std::uint64_t a = kMultiplier, c = kIncrement;  // the map for the current power of two
  while (steps != 0) {
    if (steps & 1) h = a * h + c;
    c = a * c + c;
    a = a * a;
    steps >>= 1;
  }
  return h;
}

}  // namespace

std::uint64_t initial_y(std::uint64_t seed, std::size_t i) {
  return splitmix64(seed ^ splitmix64(0x5eed0000ULL + i));
}

Verdict verify(const Arrays& arrays, std::uint64_t seed, std::uint64_t runs) {
  double steps = 0;
  for (std::size_t i = 0; i < arrays.n; ++i) {
    const std::uint64_t expected = advance(initial_y(seed, i), runs * arrays.work[i]);
    if (arrays.y[i] != expected) {
      return {false, fmt::format("y[{}] = {:#x} after {} runs, expected {:#x} ({} steps a run)", i,
                                 arrays.y[i], runs, expected, arrays.work[i])};
    }
    steps += arrays.work[i];
  }
  return {true,
          fmt::format("{} elements advanced exactly {} runs x their steps ({:.0f} steps a run)",
                      arrays.n, runs, steps),
          {{"steps_per_run", steps}}};
}

}  // namespace sb::skewed_map
