// The rank side of `scalebench netcal`: ping-pong between ranks 0 and 1 over a range of message
// sizes, and the latency of a barrier and of an 8-byte allreduce over every rank. Every rank calls
// it; rank 0 holds the samples. Counts are chosen on rank 0 and broadcast, so no rank can run a
// different number of calls than another (a per-process count deadlocks a collective), and every
// repetition starts after a barrier.
#pragma once

#include <cstddef>
#include <vector>

#include "harness/mpi/mpi_session.hpp"
#include "harness/mpi/rank_placement.hpp"

namespace sb {

struct NetcalProbeOptions {
  std::vector<std::size_t> message_bytes;  // ascending
  int repetitions = 10;                    // timed repetitions per size and per collective
  double repetition_target_s = 0.002;      // rank 0 sizes each repetition to last about this long
};

struct NetcalSamples {
  std::vector<PingPongSamples> pingpong;
  CollectiveSamples barrier, allreduce;
};

// Needs at least 2 ranks. `placement` is sampled as the probe runs.
NetcalSamples run_netcal_probe(const MpiSession& session, const NetcalProbeOptions& options,
                               RankPlacement& placement);

}  // namespace sb
