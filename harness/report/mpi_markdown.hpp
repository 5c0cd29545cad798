// The report's section on distributed kernels: each point's ranks and threads per rank, its time,
// where each phase went (compute, communication, synchronisation: the slowest rank and the mean
// rank), the POP efficiencies that explain a shortfall, and the proof of placement rank by rank.
#pragma once

#include <string>

#include "harness/results/results.hpp"

namespace sb {

// "## Distributed kernels"; empty when no distributed kernel was measured.
std::string mpi_markdown(const Results& results);

// Whether a point's measure is one the section shows (phases, efficiencies, each rank's time), so
// the report's list of kernel findings need not repeat it.
bool shown_with_distributed_kernels(const std::string& measure);

}  // namespace sb
