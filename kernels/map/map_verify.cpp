#include <cmath>
#include <limits>

#include "kernels/map/map.hpp"

namespace sb::map {

Verdict verify(const Arrays& arrays, std::uint64_t seed, std::uint64_t runs) {
  const double k = static_cast<double>(runs);
  // Each update rounds once, by at most half an ulp of a value no larger than 1 + k*a.
  const double tolerance = k * std::numeric_limits<double>::epsilon() * (1.0 + k * arrays.a);
  for (std::size_t i = 0; i < arrays.n; ++i) {
    const double expected = initial_y(seed, i) + k * arrays.a * initial_x(seed, i);
    if (!(std::fabs(arrays.y[i] - expected) <= tolerance)) {
      return {false, fmt::format("y[{}] = {} after {} runs, expected {} (tolerance {:.3g})", i,
                                 arrays.y[i], runs, expected, tolerance)};
    }
  }
  return {true, fmt::format("{} elements match y0 + {}*a*x", arrays.n, runs)};
}

}  // namespace sb::map
