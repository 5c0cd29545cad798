// C++17 parallel algorithms: std::execution::par and par_unseq, which libstdc++ runs on oneTBB.
// Their workers are oneTBB's, so this backend's team is a oneTBB arena pinned by the same observer
// as the tbb backend's, and a standard algorithm called inside it runs on that arena's workers.
// Include only from a kernel's stdpar source.
#pragma once

#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <cstddef>
#include <execution>
#include <functional>
#include <numeric>
#include <string_view>
#include <vector>

#include "harness/runtime/team.hpp"

namespace sb {

inline constexpr Backend kStdpar{"stdpar"};
// The variants a kernel gives this backend: the execution policy by name.
inline constexpr std::string_view kStdparPolicies[] = {"par", "par_unseq"};

struct StdparBlock {
  std::size_t begin, end;
};

// Contiguous blocks of [begin, end) for a standard algorithm to hand out to its workers, made
// with the kernel's data (never in a variant). Iterating blocks rather than elements gives the
// placement probe one sample a block, and leaves each block's inner loop to the kernel's own
// vectorised code; which worker takes which block is the algorithm's choice.
class StdparBlocks {
 public:
  static constexpr std::size_t kBlocksPerThread = 16;
  StdparBlocks(std::size_t begin, std::size_t end, int threads) {
    const std::size_t n = end - begin;
    const std::size_t count =
        std::max<std::size_t>(1, std::min(n, kBlocksPerThread * static_cast<std::size_t>(threads)));
    for (std::size_t b = 0; b < count; ++b) {
      blocks_.push_back({begin + n * b / count, begin + n * (b + 1) / count});
    }
  }
  const StdparBlock* begin() const { return blocks_.data(); }
  const StdparBlock* end() const { return blocks_.data() + blocks_.size(); }

 private:
  std::vector<StdparBlock> blocks_;
};

// std::for_each under `policy` ("par" or "par_unseq"): body(begin, end) on every block.
template <typename Body>
void stdpar_for_each(std::string_view policy, const Team& team, const StdparBlocks& blocks,
                     const Body& body) {
  const auto block_body = [&team, &body](const StdparBlock& block) {
    team.probe->sample(tbb::this_task_arena::current_thread_index());
    body(block.begin, block.end);
  };
  if (policy == "par_unseq") {
    std::for_each(std::execution::par_unseq, blocks.begin(), blocks.end(), block_body);
  } else {
    std::for_each(std::execution::par, blocks.begin(), blocks.end(), block_body);
  }
}

// std::transform_reduce under `policy`: the sum of body(begin, end) over the blocks.
template <typename Body>
double stdpar_sum(std::string_view policy, const Team& team, const StdparBlocks& blocks,
                  const Body& body) {
  const auto block_sum = [&team, &body](const StdparBlock& block) {
    team.probe->sample(tbb::this_task_arena::current_thread_index());
    return body(block.begin, block.end);
  };
  if (policy == "par_unseq") {
    return std::transform_reduce(std::execution::par_unseq, blocks.begin(), blocks.end(), 0.0,
                                 std::plus<>(), block_sum);
  }
  return std::transform_reduce(std::execution::par, blocks.begin(), blocks.end(), 0.0,
                               std::plus<>(), block_sum);
}

}  // namespace sb
