// triad: STREAM's triad, the memory-bandwidth ceiling the other bandwidth kernels are held to.
//
//   for (std::size_t i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
//
// 24 bytes an element (read b and c, write a; STREAM's convention), 2 flops. The report gives
// every bandwidth kernel's figure as a fraction of this one at the same thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "harness/kernel/kernel.hpp"
#include "harness/kernel/seeded_inputs.hpp"

namespace sb {
class StdparBlocks;
}

namespace sb::triad {

inline constexpr double kBytesPerElement = 24;
inline constexpr double kFlopsPerElement = 2;
inline constexpr double kScalar = 0.5;

struct Arrays {
  double* a;
  const double* b;
  const double* c;
  std::size_t n;
  double s;
};

// On the 2^-20 grid, b + 0.5 c is exact: the verifier compares bit for bit.
inline double initial_b(std::uint64_t seed, std::size_t i) { return seeded_grid_unit(seed, i); }
inline double initial_c(std::uint64_t seed, std::size_t i) { return seeded_grid_unit(~seed, i); }

void run_seq(const Arrays& arrays);
void run_omp(const Arrays& arrays, const Team& team);
void run_tbb(const Arrays& arrays, const Team& team);
void run_stdpar(const Arrays& arrays, const Team& team, const StdparBlocks& blocks,
                std::string_view policy);

Verdict verify(const Arrays& arrays, std::uint64_t seed);

}  // namespace sb::triad
