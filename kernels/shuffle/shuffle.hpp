// shuffle: a map-reduce whose shuffle is an all-to-all. Each rank holds its share of n keyed
// records; a run routes every record to the rank owning its key's range, exchanges them with
// MPI_Alltoallv, and sums the values of each key it owns.
//
//   for (r : my_records) count[owner(r.key)]++;  pack by owner;      // map (compute)
//   MPI_Alltoall(count) ; MPI_Alltoallv(records);                     // shuffle (comm)
//   for (r : received) sum[r.key - my_first_key] += r.value;          // reduce (compute)
//
// Keys are drawn as floor(keys x u^(1 + skew)) for a seeded uniform u: skew 0 spreads them evenly
// over the key ranges, a larger skew piles them onto the low keys, whose owner (rank 0) then
// receives and reduces more than the others: the straggler a skewed shuffle creates, which the
// load balance measures. 16 bytes a record each way. Values are grid values, so every order of the
// sums is exact and the verifier compares each key's sum bit for bit.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "harness/kernel/seeded_inputs.hpp"

namespace sb::shuffle {

struct Record {
  std::uint64_t key = 0;
  double value = 0;
};

inline constexpr double kBytesPerElement = 2 * sizeof(Record);  // sent and received
inline constexpr double kFlopsPerElement = 1;

inline Record initial_record(std::uint64_t seed, std::uint64_t index, std::uint64_t keys,
                             double skew) {
  const double u = seeded_unit(seed ^ 0x5bd1e995u, index);
  const auto key = static_cast<std::uint64_t>(static_cast<double>(keys) * std::pow(u, 1 + skew));
  return {key < keys ? key : keys - 1, seeded_grid_unit(seed, index)};
}

// The first key rank `rank` of `ranks` owns: ranges of keys / ranks, the remainder to the first.
inline std::uint64_t first_key(std::uint64_t keys, int ranks, int rank) {
  const std::uint64_t p = static_cast<std::uint64_t>(ranks), r = static_cast<std::uint64_t>(rank);
  return r * (keys / p) + (r < keys % p ? r : keys % p);
}

inline int owner(std::uint64_t key, std::uint64_t keys, int ranks) {
  // The inverse of first_key: ranges of q + 1 keys for the first keys % p ranks, then of q.
  const std::uint64_t p = static_cast<std::uint64_t>(ranks), q = keys / p, extra = keys % p;
  const std::uint64_t long_part = extra * (q + 1);
  return static_cast<int>(key < long_part ? key / (q + 1) : extra + (key - long_part) / q);
}

}  // namespace sb::shuffle
