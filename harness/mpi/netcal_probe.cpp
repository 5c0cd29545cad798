#include "harness/mpi/netcal_probe.hpp"

#include <mpi.h>

#include <algorithm>
#include <cassert>
#include <cstdint>

namespace sb {
namespace {

constexpr int kPartner = 1;
constexpr int kMaxCalls = 1 << 22;

// `round_trips` exchanges of `bytes` between ranks 0 and 1; seconds on rank 0 (0 elsewhere).
double ping_pong(const MpiSession& session, std::vector<unsigned char>& buffer, std::size_t bytes,
                 int round_trips) {
  const int count = static_cast<int>(bytes);
  const double start = MPI_Wtime();
  for (int i = 0; i < round_trips; ++i) {
    if (session.rank() == 0) {
      MPI_Send(buffer.data(), count, MPI_BYTE, kPartner, 0, MPI_COMM_WORLD);
      MPI_Recv(buffer.data(), count, MPI_BYTE, kPartner, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else if (session.rank() == kPartner) {
      MPI_Recv(buffer.data(), count, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      MPI_Send(buffer.data(), count, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
    }
  }
  return MPI_Wtime() - start;
}

// Rank 0 doubles the count until one batch of `run(count)` lasts `target_s`; every rank learns
// each count from a broadcast, so all run the same batches.
// One untimed batch first: the first messages of a size touch fresh pages and set up
// connections, and a count chosen from that batch would stay too small. Every batch starts after
// a barrier, so rank 0 does not time its partner's late arrival.
template <typename Run>
int calibrate_calls(double target_s, Run run) {
  MPI_Barrier(MPI_COMM_WORLD);
  run(1);
  int calls = 1;
  for (;;) {
    MPI_Bcast(&calls, 1, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Barrier(MPI_COMM_WORLD);
    const double elapsed = run(calls);
    int next = 0;  // 0: this count is the one
    if (elapsed < target_s && calls < kMaxCalls) next = calls * 2;
    MPI_Bcast(&next, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (next == 0) return calls;
    calls = next;
  }
}

// The partner returns every byte plus one: rank 0 checks that what came back is its seeded
// pattern transformed, so a message that was truncated or never delivered fails.
bool verify_round_trip(const MpiSession& session, std::vector<unsigned char>& buffer,
                       std::size_t bytes) {
  const int count = static_cast<int>(bytes);
  int ok = 1;
  if (session.rank() == 0) {
    for (std::size_t i = 0; i < bytes; ++i) buffer[i] = static_cast<unsigned char>(i * 31 + 7);
    MPI_Send(buffer.data(), count, MPI_BYTE, kPartner, 1, MPI_COMM_WORLD);
    MPI_Recv(buffer.data(), count, MPI_BYTE, kPartner, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    for (std::size_t i = 0; i < bytes && ok; ++i) {
      ok = buffer[i] == static_cast<unsigned char>(i * 31 + 8);
    }
  } else if (session.rank() == kPartner) {
    MPI_Recv(buffer.data(), count, MPI_BYTE, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    for (std::size_t i = 0; i < bytes; ++i) ++buffer[i];
    MPI_Send(buffer.data(), count, MPI_BYTE, 0, 1, MPI_COMM_WORLD);
  }
  return ok == 1;
}

// Per repetition, the slowest rank's seconds per call: a collective is done when its last rank
// is.
template <typename Call>
CollectiveSamples time_collective(const NetcalProbeOptions& options, RankPlacement& placement,
                                  Call call) {
  CollectiveSamples samples;
  samples.calls = calibrate_calls(options.repetition_target_s, [&](int calls) {
    const double start = MPI_Wtime();
    for (int i = 0; i < calls; ++i) call();
    return MPI_Wtime() - start;
  });
  for (int r = 0; r < options.repetitions; ++r) {
    MPI_Barrier(MPI_COMM_WORLD);
    const double start = MPI_Wtime();
    for (int i = 0; i < samples.calls; ++i) call();
    const double mine = (MPI_Wtime() - start) / samples.calls;
    double slowest = 0;
    MPI_Reduce(&mine, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    samples.seconds_per_call.push_back(slowest);
    sample_rank_pu(placement);
  }
  return samples;
}

}  // namespace

NetcalSamples run_netcal_probe(const MpiSession& session, const NetcalProbeOptions& options,
                               RankPlacement& placement) {
  assert(session.size() >= 2);
  assert(std::is_sorted(options.message_bytes.begin(), options.message_bytes.end()));
  NetcalSamples samples;
  const std::size_t largest = options.message_bytes.empty() ? 1 : options.message_bytes.back();
  // Only the two ranks that exchange messages hold a buffer (sizes go up to a gigabyte).
  const bool exchanges = session.rank() == 0 || session.rank() == kPartner;
  std::vector<unsigned char> buffer(exchanges ? std::max<std::size_t>(largest, 1) : 0, 0);
  for (const std::size_t bytes : options.message_bytes) {
    PingPongSamples size;
    size.bytes = bytes;
    size.round_trips = calibrate_calls(options.repetition_target_s, [&](int calls) {
      return ping_pong(session, buffer, bytes, calls);
    });
    for (int r = 0; r < options.repetitions; ++r) {
      MPI_Barrier(MPI_COMM_WORLD);
      const double elapsed = ping_pong(session, buffer, bytes, size.round_trips);
      size.one_way_s.push_back(elapsed / (2.0 * size.round_trips));
      sample_rank_pu(placement);
    }
    size.verified = verify_round_trip(session, buffer, bytes);
    samples.pingpong.push_back(std::move(size));
  }

  samples.barrier = time_collective(options, placement, [] { MPI_Barrier(MPI_COMM_WORLD); });
  samples.barrier.verified = true;  // a barrier that returns on every rank has done its job
  double value = session.rank() + 1.0, sum = 0;
  samples.allreduce = time_collective(options, placement, [&] {
    MPI_Allreduce(&value, &sum, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  });
  const double ranks = session.size();
  samples.allreduce.verified = sum == ranks * (ranks + 1) / 2;  // 1 + 2 + ... + size, exact
  return samples;
}

}  // namespace sb
