#include "kernels/counter/counter.hpp"

namespace sb::counter {

Verdict verify(const State& s, std::uint64_t runs) {
  const std::uint64_t expected = runs * s.increments;
  if (s.sync == Sync::racy) {
    const double lost = static_cast<double>(expected) - static_cast<double>(s.total);
    return {s.total == expected,
            fmt::format("racy: {} of {} increments lost over {} runs", expected - s.total, expected,
                        runs),
            {{"lost_update_fraction", lost / static_cast<double>(expected)}}};
  }
  if (s.total != expected) {
    return {false,
            fmt::format("counter ended at {} after {} runs, expected {}", s.total, runs, expected)};
  }
  return {true, fmt::format("counter ended at exactly {} after {} runs", expected, runs)};
}

}  // namespace sb::counter
