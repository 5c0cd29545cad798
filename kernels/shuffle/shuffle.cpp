// The shuffle kernel's descriptor; its rank side is shuffle_mpi.cpp.
#include "kernels/shuffle/shuffle.hpp"

#include "harness/kernel/kernel.hpp"

namespace sb::shuffle {
namespace {

const KernelRegistration registration{KernelInfo{
    .name = "shuffle",
    .summary = "map-reduce over MPI ranks: keyed records range-partitioned by MPI_Alltoallv",
    .size_unit = "records",
    .default_size = std::size_t{1} << 22,
    .quick_size = std::size_t{1} << 20,
    .bytes_per_element = kBytesPerElement,
    .flops_per_element = kFlopsPerElement,
    // Records, their packed copy and what a rank receives (all of them, at worst), and rank 0's
    // reference sums.
    .footprint_bytes_per_element = 4 * sizeof(Record),
    .params = {{.name = "skew",
                .default_value = 0,
                .min_value = 0,
                .max_value = 16,
                .help = "keys drawn as keys x u^(1 + skew): 0 uniform, larger piles them on rank 0",
                .integer = false},
               {.name = "keys",
                .default_value = 1 << 16,
                .min_value = 1,
                .max_value = 1 << 26,
                .help = "distinct keys, split into one range a rank"}},
    .variants = {{kMpi, "omp"}},
    .distributed = true,
    .communication = "alltoall"}};

}  // namespace
}  // namespace sb::shuffle
