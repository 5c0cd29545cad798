// The halo kernel's descriptor (its rank side is halo_mpi.cpp) and its sequential reference.
#include "kernels/halo/halo.hpp"

#include <utility>

#include "harness/kernel/kernel.hpp"

namespace sb::halo {

std::vector<double> reference_grid(std::uint64_t seed, std::size_t rows, std::size_t columns,
                                   std::uint64_t steps) {
  std::vector<double> u((rows + 2) * columns, 0.0), next((rows + 2) * columns, 0.0);
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < columns; ++j) {
      u[(i + 1) * columns + j] = initial_value(seed, i, j, columns);
    }
  }
  for (std::uint64_t s = 0; s < steps; ++s) {
    update_rows(u.data(), next.data(), 0, rows, columns);
    std::swap(u, next);
  }
  return {u.begin() + static_cast<std::ptrdiff_t>(columns),
          u.end() - static_cast<std::ptrdiff_t>(columns)};
}

namespace {

const KernelRegistration registration{
    KernelInfo{.name = "halo",
               .summary = "2-D Jacobi stencil across MPI ranks: halo rows exchanged every step",
               .size_unit = "grid points",
               .default_size = std::size_t{1} << 22,
               .quick_size = std::size_t{1} << 20,
               .bytes_per_element = kBytesPerElement,
               .flops_per_element = kFlopsPerElement,
               // Two grids on every rank, and rank 0's reference (two more) with the gathered grid.
               .footprint_bytes_per_element = 40,
               .params = {{.name = "columns",
                           .default_value = static_cast<double>(kDefaultColumns),
                           .min_value = 3,
                           .max_value = 1 << 20,
                           .help = "grid width: each halo message is this many doubles"}},
               .variants = {{kMpi, "omp"}},
               .distributed = true,
               .communication = "halo_rows"}};

}  // namespace
}  // namespace sb::halo
