// halo: a 2-D Jacobi stencil, its rows split across MPI ranks, halo rows exchanged every step.
//
//   for (i = 0; i < rows; ++i)          // row -1 and row `rows` are the fixed zero boundary
//     for (j = 1; j + 1 < columns; ++j)  // columns 0 and columns-1 are fixed
//       next[i][j] = 0.25 * (u[i-1][j] + u[i+1][j] + u[i][j-1] + u[i][j+1]);
//   swap(u, next);
//
// One run is one step. Each rank updates its rows (n / p points: compute falls with p), after a
// barrier (sync) it swaps its first and last row with its neighbours (comm: two messages of
// `columns` doubles each way, whatever p is), so communication takes a growing share as p grows.
// 16 bytes an element (one read, one write once rows stay in cache), 4 flops. Every order of the
// same four additions is the expression above, so the verifier compares with the sequential
// reference bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "harness/kernel/seeded_inputs.hpp"

namespace sb::halo {

inline constexpr double kBytesPerElement = 16;
inline constexpr double kFlopsPerElement = 4;
inline constexpr std::size_t kDefaultColumns = 1024;

inline double initial_value(std::uint64_t seed, std::size_t row, std::size_t column,
                            std::size_t columns) {
  return seeded_grid_unit(seed, row * columns + column);
}

// Updates rows [first, last) of a grid stored with one halo row above and below: row i of the
// grid is at (i + 1) * columns of `in` and `out`.
inline void update_rows(const double* __restrict in, double* __restrict out, std::size_t first,
                        std::size_t last, std::size_t columns) {
  for (std::size_t i = first; i < last; ++i) {
    const double* up = in + i * columns;
    const double* row = up + columns;
    const double* down = row + columns;
    double* target = out + (i + 1) * columns;
    target[0] = row[0];
    for (std::size_t j = 1; j + 1 < columns; ++j) {
      target[j] = 0.25 * (up[j] + down[j] + row[j - 1] + row[j + 1]);
    }
    target[columns - 1] = row[columns - 1];
  }
}

// The whole grid after `steps` steps from its seeded state, sequentially: what verification
// compares every rank's rows against. rows x columns values, row by row.
std::vector<double> reference_grid(std::uint64_t seed, std::size_t rows, std::size_t columns,
                                   std::uint64_t steps);

}  // namespace sb::halo
