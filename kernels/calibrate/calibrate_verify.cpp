#include "kernels/calibrate/calibrate.hpp"

namespace sb::calibrate {

Verdict verify(const Work& w, const std::uint64_t* expected) {
  for (std::size_t i = 0; i < w.items; ++i) {
    if (w.out[i] != expected[i]) {
      return {false, fmt::format("item {} is {:#x}, expected {:#x}", i, w.out[i], expected[i])};
    }
  }
  return {true, fmt::format("{} items ({} serial) computed", w.items, w.serial_items)};
}

}  // namespace sb::calibrate
