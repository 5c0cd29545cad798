// An MPI program as a user brings one, for `exec --ranks` (its test and the exec-mpi reference
// run): `mpi_probe TASKS ROUNDS` runs TASKS independent hash chains of ROUNDS steps, dealt
// round-robin to the ranks and shared by each rank's OpenMP team, and sums their results on rank 0
// with MPI_Reduce. Standard output is that sum alone (integer arithmetic: the same at every rank
// and thread count, so --same-output holds it); the time is on standard error ("elapsed S s").
#include <mpi.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

std::uint64_t chain(std::uint64_t seed, long rounds) {
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 1;
  for (long r = 0; r < rounds; ++r) {  // splitmix64's finaliser, iterated
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 29;
  }
  return x;
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const long tasks = argc > 1 ? std::atol(argv[1]) : 4096;
  const long rounds = argc > 2 ? std::atol(argv[2]) : 20000;
  MPI_Barrier(MPI_COMM_WORLD);
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t local = 0;
#pragma omp parallel for reduction(+ : local) schedule(static)
  for (long t = rank; t < tasks; t += size) local += chain(static_cast<std::uint64_t>(t), rounds);
  std::uint64_t total = 0;
  MPI_Reduce(&local, &total, 1, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
  const double elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (rank == 0) {
    std::printf("checksum %016llx\n", static_cast<unsigned long long>(total));
    std::fprintf(stderr, "elapsed %.6f s\n", elapsed_s);
  }
  MPI_Finalize();
  return 0;
}
