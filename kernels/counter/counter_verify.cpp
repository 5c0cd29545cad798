#include "kernels/counter/counter.hpp"

namespace sb::counter {

Verdict verify(const State& s) {
  const double lost = static_cast<double>(s.increments) - static_cast<double>(s.total);
  if (s.sync == Sync::racy) {
    return {s.total == s.increments,
            fmt::format("racy: {} of {} increments lost", s.increments - s.total, s.increments),
            {{"lost_updates", lost}}};
  }
  if (s.total != s.increments) {
    return {false, fmt::format("counter ended at {}, expected {}", s.total, s.increments)};
  }
  return {true, fmt::format("counter ended at exactly {}", s.increments)};
}

}  // namespace sb::counter
