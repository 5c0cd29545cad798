// Gathering what every rank measured onto rank 0: fixed-size timings as numbers, and records of
// any length (placements, host names) as JSON text.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <vector>

#include "harness/mpi/mpi_session.hpp"
#include "harness/results/results.hpp"

namespace sb {

// One rank's sums over a point's timed repetitions.
struct RankTimes {
  double elapsed_s = 0;                // its own time, barrier to last run
  std::array<double, 3> phase_s = {};  // compute, comm, sync (Phase order)
  double other_busy_s = 0;             // busy time others spent on its PUs
  double involuntary_switches = 0;
  RankTimes& operator+=(const RankTimes& other);
};

// Every rank's times in rank order on rank 0 (empty elsewhere). Collective.
std::vector<RankTimes> gather_rank_times(const RankTimes& mine);

// Every rank's JSON value, in rank order, on rank 0 (empty elsewhere). Collective.
std::vector<nlohmann::json> gather_json(const MpiSession& session, const nlohmann::json& mine);

// Every rank's workers, rank by rank, on rank 0 (empty elsewhere). Collective.
std::vector<WorkerPlacement> gather_workers(const MpiSession& session,
                                            const std::vector<WorkerPlacement>& mine);

}  // namespace sb
