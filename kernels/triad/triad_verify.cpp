#include "kernels/triad/triad.hpp"

namespace sb::triad {

Verdict verify(const Arrays& arrays, std::uint64_t seed) {
  for (std::size_t i = 0; i < arrays.n; ++i) {
    const double expected = initial_b(seed, i) + arrays.s * initial_c(seed, i);
    if (arrays.a[i] != expected) {
      return {false, fmt::format("a[{}] = {}, expected exactly {}", i, arrays.a[i], expected)};
    }
  }
  return {true, fmt::format("{} elements equal b + s*c exactly", arrays.n)};
}

}  // namespace sb::triad
