// allreduce: the distributed counterpart of reduce. Each rank sums its share of the array with its
// OpenMP team (reduce's vectorised block sum), then the ranks combine their sums.
//
//   double local = 0;
//   for (std::size_t i = begin; i < end; ++i) local += x[i];  // this rank's share
//   MPI_Allreduce(&local, &sum, 1, MPI_DOUBLE, MPI_SUM, comm);  // after a barrier (sync)
//
// 8 bytes an element, 1 flop; one 8-byte message per rank whatever n is. Inputs are reduce's
// grid values: every summation order is exact, so every rank's sum must equal the reference.
#pragma once

namespace sb::allreduce {

inline constexpr double kBytesPerElement = 8;
inline constexpr double kFlopsPerElement = 1;

}  // namespace sb::allreduce
