#include "kernels/map/map.hpp"

namespace sb::map {

Verdict verify(const Arrays& arrays, std::uint64_t seed, std::uint64_t runs) {
  // a*x is a multiple of 2^-21 below 0.5, so y stays exact while runs < 2^31.
  const double k = static_cast<double>(runs);
  for (std::size_t i = 0; i < arrays.n; ++i) {
    const double expected = initial_y(seed, i) + k * (arrays.a * initial_x(seed, i));
    if (arrays.y[i] != expected) {
      return {false, fmt::format("y[{}] = {} after {} runs, expected exactly {}", i, arrays.y[i],
                                 runs, expected)};
    }
  }
  return {true, fmt::format("{} elements equal y0 + {}*a*x exactly", arrays.n, runs)};
}

}  // namespace sb::map
