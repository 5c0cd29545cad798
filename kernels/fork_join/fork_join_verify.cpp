#include <fmt/format.h>

#include "kernels/fork_join/fork_join.hpp"

namespace sb::fork_join {

Verdict verify(const Arrays& arrays, std::uint64_t runs) {
  for (std::size_t i = 0; i < arrays.n; ++i) {
    if (arrays.visits[i].count != runs) {
      return {false,
              fmt::format("iteration {} ran {} times in {} runs", i, arrays.visits[i].count, runs)};
    }
  }
  return {true, fmt::format("each of {} iterations ran once a run ({} runs)", arrays.n, runs)};
}

}  // namespace sb::fork_join
