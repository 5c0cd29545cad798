// The allreduce kernel's descriptor; its rank side is allreduce_mpi.cpp.
#include "kernels/allreduce/allreduce.hpp"

#include "harness/kernel/kernel.hpp"

namespace sb::allreduce {
namespace {

const KernelRegistration registration{
    KernelInfo{.name = "allreduce",
               .summary = "sum of doubles across MPI ranks: local sums, then MPI_Allreduce",
               .size_unit = "elements",
               .default_size = std::size_t{1} << 24,
               .quick_size = std::size_t{1} << 22,
               .bytes_per_element = kBytesPerElement,
               .flops_per_element = kFlopsPerElement,
               .footprint_bytes_per_element = 8,
               .params = {},
               .variants = {{kMpi, "omp"}},
               .distributed = true,
               .communication = "allreduce"}};

}  // namespace
}  // namespace sb::allreduce
