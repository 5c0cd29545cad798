#include "kernels/calibrate/calibrate.hpp"

namespace sb::calibrate {

void run_seq(const Work& w) {
  serial_section(w);
  for (std::size_t i = w.serial_items; i < w.items; ++i) w.out[i] = item(w, i);
}

}  // namespace sb::calibrate
