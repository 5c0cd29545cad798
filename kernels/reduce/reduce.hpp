// reduce: the sum of an array of doubles.
//
//   double sum = 0;
//   for (std::size_t i = 0; i < n; ++i) sum += x[i];
//
// 8 bytes an element, 1 flop. Written as above the loop is latency-bound (one dependent add at
// a time); every backend instead sums blocks with sixteen independent lanes, which the compiler
// turns into four vector accumulators, so the kernel is bound by memory bandwidth. Reassociating
// would change the rounding of arbitrary inputs; on the input grid every order is exact, so the
// verifier compares bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "harness/kernel/kernel.hpp"
#include "harness/kernel/seeded_inputs.hpp"

namespace sb {
class StdparBlocks;
}

namespace sb::reduce {

inline constexpr double kBytesPerElement = 8;
inline constexpr double kFlopsPerElement = 1;
inline constexpr std::size_t kLanes = 16;

// Inputs on the 2^-20 grid: every summation order gives the same, exact sum (n < 2^33).
inline double initial_x(std::uint64_t seed, std::size_t i) { return seeded_grid_unit(seed, i); }

// The vectorised block sum every backend uses for its share of the array.
inline double sum_block(const double* __restrict x, std::size_t n) {
  double lanes[kLanes] = {};
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
#pragma omp simd
    for (std::size_t l = 0; l < kLanes; ++l) lanes[l] += x[i + l];
  }
  double sum = 0;
  for (; i < n; ++i) sum += x[i];
  for (std::size_t l = 0; l < kLanes; ++l) sum += lanes[l];
  return sum;
}

double run_seq(const double* x, std::size_t n);
double run_omp(const double* x, std::size_t n, const Team& team);
double run_tbb(const double* x, std::size_t n, const Team& team);
double run_stdpar(const double* x, const Team& team, const StdparBlocks& blocks,
                  std::string_view policy);

// Compensated (Neumaier) sum: the reference the verifier compares against.
double reference_sum(const double* x, std::size_t n);
// Grid inputs (n < 2^33): the sum must equal the reference exactly. Otherwise |sum - reference|
// must stay within the rounding a blocked sum of n values can accumulate.
Verdict verify(double sum, double reference, std::size_t n, int threads);

}  // namespace sb::reduce
