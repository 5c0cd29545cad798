// Where each rank of a job asked to run and where it was seen running: the per-rank proof of
// placement, gathered on rank 0.
#pragma once

#include <vector>

#include "harness/machine/topology.hpp"
#include "harness/mpi/mpi_session.hpp"
#include "harness/results/netcal.hpp"

namespace sb {

// This rank's PU on its host: the host's PUs in compact order, one each by local rank (wrapping,
// and so marked oversubscribed, when the host has more ranks than usable PUs). Binds the calling
// thread there.
RankPlacement bind_rank(const MpiSession& session, const Topology& topology);

// Records the PU the calling thread is on now into `placement.observed_pus`.
void sample_rank_pu(RankPlacement& placement);

// Every rank's placement, in rank order, on rank 0 (empty elsewhere). Collective.
std::vector<RankPlacement> gather_placements(const MpiSession& session, const RankPlacement& mine);

}  // namespace sb
