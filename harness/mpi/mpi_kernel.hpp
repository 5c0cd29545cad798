// The distributed kernel interface and registry: a kernel that runs across MPI ranks, each rank
// with an OpenMP team. Its folder registers two things: its KernelInfo (distributed, no create)
// for scalebench's plan, and here, in the rank program only, how to create it on every rank.
//
// A run is collective: every rank calls run() the same number of times, and each run times its own
// phases on the rank's PhaseClock: compute (work on the rank's share), sync (waiting for the other
// ranks: a barrier before the exchange) and comm (moving data once all have arrived).
#pragma once

#include <mpi.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "harness/kernel/kernel.hpp"
#include "harness/runtime/team.hpp"

namespace sb {

enum class Phase { compute, comm, sync };
inline constexpr std::array<Phase, 3> kPhases{Phase::compute, Phase::comm, Phase::sync};

constexpr std::string_view format_as(Phase phase) {
  switch (phase) {
    case Phase::compute:
      return "compute";
    case Phase::comm:
      return "comm";
    case Phase::sync:
      return "sync";
  }
  return "?";
}

// Seconds this rank spent in each phase since clear().
class PhaseClock {
 public:
  template <typename Work>
  void time(Phase phase, Work&& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    seconds_[static_cast<std::size_t>(phase)] +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  double seconds(Phase phase) const { return seconds_[static_cast<std::size_t>(phase)]; }
  void clear() { seconds_ = {}; }

 private:
  std::array<double, 3> seconds_{};
};

// What a rank's kernel sees of the job: the communicator, its rank and the ranks' count, and its
// own OpenMP team (pinned inside the rank's PUs).
struct RankContext {
  MPI_Comm comm = MPI_COMM_WORLD;
  int rank = 0;
  int ranks = 1;
  const Team* team = nullptr;
};

// One distributed kernel's data on one rank. Created, reset and verified outside the timed region.
class MpiKernelInstance {
 public:
  virtual ~MpiKernelInstance() = default;
  // Restores this rank's share to its seeded initial state (local).
  virtual void reset() = 0;
  // One run, collective: every rank calls it alike.
  virtual void run(PhaseClock& clock) = 0;
  // Checks the output after `runs` runs since the last reset against the sequential reference.
  // Collective; rank 0's verdict is the point's (the others return theirs unused).
  virtual Verdict verify(std::uint64_t runs) = 0;
  // Damages rank 0's output the way a wrong kernel would (--inject-fault).
  virtual void corrupt_output() = 0;
};

using MpiKernelFactory =
    std::function<std::unique_ptr<MpiKernelInstance>(const KernelConfig&, const RankContext&)>;

struct MpiKernelRegistration {
  MpiKernelRegistration(std::string name, MpiKernelFactory create);
};

// The factory registered for a distributed kernel. Throws ConfigError for one without.
const MpiKernelFactory& find_mpi_kernel(std::string_view name);

// The contiguous share of [0, n) that `part` of `parts` takes: the first n % parts take one more.
struct Share {
  std::size_t begin = 0, count = 0;
};
constexpr Share share_of(std::size_t n, int parts, int part) {
  const std::size_t p = static_cast<std::size_t>(parts), i = static_cast<std::size_t>(part);
  const std::size_t quotient = n / p, remainder = n % p;
  return {i < remainder ? i * (quotient + 1) : remainder + i * quotient,
          quotient + (i < remainder ? 1 : 0)};
}

}  // namespace sb
