// map: the STREAM-style update y = a*x + y.
//
//   for (std::size_t i = 0; i < n; ++i) y[i] = a * x[i] + y[i];
//
// 24 bytes of traffic an element (read x, read y, write y; STREAM's convention, which leaves
// out the write-allocate read), 2 flops an element. Memory-bound on every machine we know of:
// its speedup measures how much memory bandwidth more threads can draw.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "harness/kernel/kernel.hpp"
#include "harness/kernel/seeded_inputs.hpp"
#include "harness/runtime/schedule.hpp"

namespace sb {
class AffinityMemory;
class StdparBlocks;
}  // namespace sb

namespace sb::map {

inline constexpr double kBytesPerElement = 24;
inline constexpr double kFlopsPerElement = 2;
inline constexpr double kScale = 0.5;  // a: exact in binary, so a*x rounds nothing

struct Arrays {
  const double* x;
  double* y;
  std::size_t n;
  double a;
};

// Inputs on the 2^-20 grid, so every update is exact and the verifier compares bit for bit.
inline double initial_x(std::uint64_t seed, std::size_t i) { return seeded_grid_unit(seed, i); }
inline double initial_y(std::uint64_t seed, std::size_t i) { return seeded_grid_unit(~seed, i); }

void run_seq(const Arrays& arrays);
void run_omp(const Arrays& arrays, const Team& team, const Schedule& schedule);
void run_tbb(const Arrays& arrays, const Team& team, const Schedule& schedule,
             AffinityMemory& affinity);
void run_stdpar(const Arrays& arrays, const Team& team, const StdparBlocks& blocks,
                std::string_view policy);

// y must equal initial_y + runs * a * initial_x exactly (exact arithmetic on the input grid).
Verdict verify(const Arrays& arrays, std::uint64_t seed, std::uint64_t runs);

}  // namespace sb::map
