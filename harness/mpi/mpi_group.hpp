// A sweep group of distributed kernels, run by every rank of an mpirun job (scalebench-rank
// group). Rank 0 drives: it runs the sweep's own run_group() on an executor whose every call is
// first broadcast to the other ranks, which follow it call by call. So every rank makes the same
// collective calls in the same order, and a stop, a failed verification or a point's end is
// decided once, on rank 0.
//
// Timing as MPI benchmarks do it: rank 0 fixes how many runs a repetition takes (calibrated on the
// first repetition, untimed, and broadcast), each repetition starts after a barrier, and its time
// is the slowest rank's; every rank's time and phases are kept too.
#pragma once

#include <filesystem>

#include "harness/mpi/mpi_session.hpp"
#include "harness/sweep/group.hpp"

namespace sb {

// Runs `spec` on every rank; rank 0 appends each finished point to `checkpoint`. Collective.
void run_mpi_group(const MpiSession& session, const GroupSpec& spec,
                   const std::filesystem::path& checkpoint);

}  // namespace sb
