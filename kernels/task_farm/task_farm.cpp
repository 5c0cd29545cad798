// The task_farm kernel's descriptor; its rank side is task_farm_mpi.cpp.
#include "kernels/task_farm/task_farm.hpp"

#include "harness/kernel/kernel.hpp"

namespace sb::task_farm {
namespace {

const KernelRegistration registration{
    KernelInfo{.name = "task_farm",
               .summary = "independent tasks claimed from a shared counter by every MPI rank",
               .size_unit = "tasks",
               .default_size = 4096,
               .quick_size = 1024,
               .bytes_per_element = 0,
               .flops_per_element = 0,
               .footprint_bytes_per_element = 0,
               .params = {{.name = "work",
                           .default_value = 10000,
                           .min_value = 1,
                           .max_value = 1e9,
                           .help = "hash rounds a task (about 1 ns each)"},
                          {.name = "chunk",
                           .default_value = 1,
                           .min_value = 1,
                           .max_value = 1 << 20,
                           .help = "tasks a claim takes from the queue"}},
               .variants = {{kMpi, "omp"}},
               .distributed = true,
               .communication = "shared_counter"}};

}  // namespace
}  // namespace sb::task_farm
