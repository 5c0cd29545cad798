#include <cmath>
#include <limits>

#include "kernels/reduce/reduce.hpp"

namespace sb::reduce {

double reference_sum(const double* x, std::size_t n) {
  double sum = 0, compensation = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = sum + x[i];
    compensation += std::fabs(sum) >= std::fabs(x[i]) ? (sum - t) + x[i] : (x[i] - t) + sum;
    sum = t;
  }
  return sum + compensation;
}

Verdict verify(double sum, double reference, std::size_t n, int threads) {
  if (n < (std::size_t{1} << 33)) {
    if (sum != reference) {
      return {false, fmt::format("sum {:.17g} differs from the exact sum {:.17g} by {:.3g}", sum,
                                 reference, sum - reference)};
    }
    return {true, fmt::format("sum of {} grid values equals the exact sum", n)};
  }
  // Inputs are non-negative, so the sum of magnitudes is the reference itself. The longest
  // chain of dependent additions is a lane's n/16 terms plus the lane, block and thread merges.
  const double chain = static_cast<double>(n / kLanes + kLanes + 64 + threads);
  const double tolerance = chain * std::numeric_limits<double>::epsilon() * std::fabs(reference);
  if (!(std::fabs(sum - reference) <= tolerance)) {
    return {false, fmt::format("sum {:.17g} differs from the compensated reference {:.17g} by "
                               "{:.3g} (tolerance {:.3g})",
                               sum, reference, sum - reference, tolerance)};
  }
  return {true, fmt::format("sum within {:.3g} of the compensated reference", tolerance)};
}

}  // namespace sb::reduce
