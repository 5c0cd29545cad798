#include "harness/mpi/rank_gather.hpp"

#include <mpi.h>

#include <string>

namespace sb {

RankTimes& RankTimes::operator+=(const RankTimes& other) {
  elapsed_s += other.elapsed_s;
  for (std::size_t i = 0; i < phase_s.size(); ++i) phase_s[i] += other.phase_s[i];
  other_busy_s += other.other_busy_s;
  involuntary_switches += other.involuntary_switches;
  return *this;
}

std::vector<RankTimes> gather_rank_times(const RankTimes& mine) {
  constexpr int kFields = 6;
  const double fields[kFields] = {mine.elapsed_s,  mine.phase_s[0],   mine.phase_s[1],
                                  mine.phase_s[2], mine.other_busy_s, mine.involuntary_switches};
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  std::vector<double> all(rank == 0 ? static_cast<std::size_t>(size * kFields) : 0);
  MPI_Gather(fields, kFields, MPI_DOUBLE, all.data(), kFields, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  std::vector<RankTimes> times;
  for (std::size_t r = 0; rank == 0 && r < static_cast<std::size_t>(size); ++r) {
    const double* f = all.data() + r * kFields;
    times.push_back({f[0], {f[1], f[2], f[3]}, f[4], f[5]});
  }
  return times;
}

std::vector<nlohmann::json> gather_json(const MpiSession& session, const nlohmann::json& mine) {
  const std::string text = mine.dump();
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
  std::vector<nlohmann::json> values;
  if (session.rank() != 0) return values;
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    values.push_back(nlohmann::json::parse(
        all.substr(static_cast<std::size_t>(offsets[i]), static_cast<std::size_t>(lengths[i]))));
  }
  return values;
}

std::vector<WorkerPlacement> gather_workers(const MpiSession& session,
                                            const std::vector<WorkerPlacement>& mine) {
  std::vector<WorkerPlacement> workers;
  for (const nlohmann::json& rank : gather_json(session, nlohmann::json(mine))) {
    for (const WorkerPlacement& w : rank.get<std::vector<WorkerPlacement>>()) workers.push_back(w);
  }
  return workers;
}

}  // namespace sb
