#include "harness/mpi/rank_placement.hpp"

#include <mpi.h>

#include <algorithm>

#include "harness/machine/pin_plan.hpp"
#include "harness/machine/placement.hpp"

namespace sb {

RankPlacement bind_rank(const MpiSession& session, const Topology& topology) {
  RankPlacement placement;
  placement.rank = session.rank();
  placement.local_rank = session.local_rank();
  placement.host = session.host();
  const std::vector<int> order = pu_order(topology, PinPolicy::compact);
  const int usable = std::min<int>(static_cast<int>(order.size()), topology.usable_pu_count());
  if (usable <= 0) return placement;
  placement.oversubscribed = session.local_size() > usable;
  const int pu = order[static_cast<std::size_t>(session.local_rank() % usable)];
  placement.requested_pus = {pu};
  placement.bound = bind_current_thread(topology, pu);
  sample_rank_pu(placement);
  return placement;
}

void sample_rank_pu(RankPlacement& placement) {
  const int pu = current_pu();
  if (pu < 0) return;
  auto& seen = placement.observed_pus;
  const auto at = std::lower_bound(seen.begin(), seen.end(), pu);
  if (at == seen.end() || *at != pu) seen.insert(at, pu);
}

std::vector<RankPlacement> gather_placements(const MpiSession& session, const RankPlacement& mine) {
  // As JSON text: variable-length host names and PU lists without a fixed layout.
  const std::string text = nlohmann::json(mine).dump();
  int length = static_cast<int>(text.size());
  std::vector<int> lengths(static_cast<std::size_t>(session.size()));
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<int> offsets(lengths.size(), 0);
  std::string all;
  if (session.rank() == 0) {
    for (std::size_t i = 1; i < lengths.size(); ++i) offsets[i] = offsets[i - 1] + lengths[i - 1];
    all.resize(static_cast<std::size_t>(offsets.back() + lengths.back()));
  }
  MPI_Gatherv(text.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR,
              0, MPI_COMM_WORLD);
  std::vector<RankPlacement> placements;
  if (session.rank() != 0) return placements;
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    placements.push_back(nlohmann::json::parse(all.substr(static_cast<std::size_t>(offsets[i]),
                                                          static_cast<std::size_t>(lengths[i])))
                             .get<RankPlacement>());
  }
  return placements;
}

}  // namespace sb
