// skewed_map: a loop whose iterations cost different amounts, by a chosen profile.
//
//   for (std::size_t i = 0; i < n; ++i)
//     for (std::uint32_t k = 0; k < work[i]; ++k) y[i] = kMultiplier * y[i] + kIncrement;
//
// Each step is one link of a 64-bit linear congruential chain (a multiply and an add, about 4
// cycles of latency, no memory traffic), so an element's cost is work[i] steps and nothing else.
// The profile decides how work is spread over i (mean about `work` steps an element):
//   uniform     every element the same: schedules should tie;
//   linear      rising from 0 to 2*work along i: an even static split gives the last thread 3/4
//               of the work at 2 threads, the textbook imbalance;
//   heavy_tail  Pareto (alpha 1.1) at seeded positions: a few stragglers hold much of the work;
//   random      uniform in [0, 2*work) at seeded positions: imbalance that evens out in bulk.
// The verifier jumps each chain ahead in O(log) steps, so it checks every element exactly after
// any number of runs: a skipped or repeated iteration is caught.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "harness/kernel/kernel.hpp"
#include "harness/runtime/schedule.hpp"

namespace sb {
class AffinityMemory;
}

namespace sb::skewed_map {

inline constexpr std::uint64_t kMultiplier = 6364136223846793005ULL;  // Knuth's MMIX LCG
inline constexpr std::uint64_t kIncrement = 1442695040888963407ULL;

enum class Profile { uniform, linear, heavy_tail, random };
// The names `--skew` and the `skew` parameter take, in Profile order.
const std::vector<std::string>& profile_names();

struct Arrays {
  const std::uint32_t* work;  // steps of element i
  std::uint64_t* y;
  std::size_t n;
};

// Steps of element i of n for a profile with mean about `mean_work` (deterministic in seed, i).
std::uint32_t work_of(Profile profile, double mean_work, std::uint64_t seed, std::size_t i,
                      std::size_t n);
std::uint64_t initial_y(std::uint64_t seed, std::size_t i);

void run_seq(const Arrays& arrays);
void run_omp(const Arrays& arrays, const Team& team, const Schedule& schedule);
void run_tbb(const Arrays& arrays, const Team& team, const Schedule& schedule,
             AffinityMemory& affinity);

// Every y[i] must be initial_y advanced runs * work[i] steps.
Verdict verify(const Arrays& arrays, std::uint64_t seed, std::uint64_t runs);

// The instance behind skewed_map and fine_loop (the same loop at one step an element).
std::unique_ptr<KernelInstance> make_instance(const KernelConfig& config, const Team& team,
                                              Profile profile, double mean_work);

}  // namespace sb::skewed_map
