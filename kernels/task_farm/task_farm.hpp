// task_farm: a queue of independent tasks served by every rank. A rank claims the next `chunk`
// tasks from a shared counter on rank 0 (MPI_Fetch_and_op, passive target: no rank waits on
// another to hand work out), runs them, and claims again until the queue is empty; a barrier
// closes the run.
//
//   while ((t = fetch_and_add(counter, chunk)) < tasks)   // comm
//     for (k = t; k < min(t + chunk, tasks); ++k)
//       sum += task(k);                                    // compute: `work` rounds of a hash
//   barrier();                                             // sync: waiting for the last task
//
// Its capacity, tasks a second, is what the seed's capacity condition (lambda <= mu p) and its
// capacity table reason about: measured at 1 rank it is mu, and at p ranks the shortfall from
// mu p is the coordination overhead the table assumes, fitted rather than assumed. The tasks'
// results are hashes added modulo 2^64: exact in any order, checked against the sequential sum.
#pragma once

#include <cstdint>

#include "harness/kernel/seeded_inputs.hpp"

namespace sb::task_farm {

inline std::uint64_t task(std::uint64_t seed, std::uint64_t index, std::uint64_t work) {
  std::uint64_t h = seed ^ splitmix64(index);
  for (std::uint64_t k = 0; k < work; ++k) h = splitmix64(h);
  return h;
}

}  // namespace sb::task_farm
