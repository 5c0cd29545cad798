#include "harness/runtime/stdpar_runtime.hpp"
#include "kernels/calibrate/calibrate.hpp"

namespace sb::calibrate {

void run_stdpar(const Work& w, const Team& team, const StdparBlocks& blocks,
                std::string_view policy) {
  serial_section(w);
  stdpar_for_each(policy, team, blocks, [&w](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) w.out[i] = item(w, i);
  });
}

}  // namespace sb::calibrate
