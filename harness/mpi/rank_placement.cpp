#include "harness/mpi/rank_placement.hpp"

#include <mpi.h>

#include <algorithm>

#include "harness/machine/pin_plan.hpp"
#include "harness/machine/placement.hpp"
#include "harness/mpi/rank_gather.hpp"

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
  std::vector<RankPlacement> placements;
  for (const nlohmann::json& rank : gather_json(session, nlohmann::json(mine))) {
    placements.push_back(rank.get<RankPlacement>());
  }
  return placements;
}

}  // namespace sb
