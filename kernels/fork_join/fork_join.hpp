// fork_join: an (almost) empty parallel loop, for EPCC-style overhead figures.
//
//   for (std::size_t i = 0; i < n; ++i) ++visits[i].count;   // one cache line an iteration
//
// Each iteration touches only its own cache line, so threads never share one: what a parallel
// run costs beyond the sequential reference's time divided by the threads is the runtime's
// fork, join and chunk hand-out, and nothing else (the report's overhead table,
// docs/scheduling.md).
#pragma once

#include <cstddef>
#include <cstdint>

#include "harness/kernel/kernel.hpp"
#include "harness/runtime/schedule.hpp"

namespace sb {
class AffinityMemory;
}

namespace sb::fork_join {

struct alignas(64) Slot {
  std::uint64_t count;
};

struct Arrays {
  Slot* visits;
  std::size_t n;
};

void run_seq(const Arrays& arrays);
void run_omp(const Arrays& arrays, const Team& team, const Schedule& schedule);
void run_tbb(const Arrays& arrays, const Team& team, const Schedule& schedule,
             AffinityMemory& affinity);

// Every slot must have been visited exactly `runs` times.
Verdict verify(const Arrays& arrays, std::uint64_t runs);

}  // namespace sb::fork_join
