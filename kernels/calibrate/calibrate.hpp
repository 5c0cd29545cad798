// calibrate: a workload whose serial fraction is known by construction, so that fitting its
// measurements checks the harness itself on real hardware.
//
//   for (std::size_t i = 0; i < serial_items; ++i) out[i] = mix(seed ^ i, item_work);  // 1 thread
//   for (std::size_t i = serial_items; i < items; ++i) out[i] = mix(seed ^ i, item_work); //
//   parallel
//
// serial_items = round(serial_fraction * items). Every item is the same compute-only work (no
// memory traffic), so T(p) = T1 (s + (1 - s) / p) plus fork-join overhead, and an Amdahl fit
// must recover s.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "harness/kernel/kernel.hpp"
#include "harness/kernel/seeded_inputs.hpp"

namespace sb {
class StdparBlocks;
}

namespace sb::calibrate {

struct Work {
  std::size_t items = 0;
  std::size_t serial_items = 0;
  int item_work = 0;
  std::uint64_t seed = 0;
  std::uint64_t* out = nullptr;
};

inline std::uint64_t item(const Work& w, std::size_t i) {
  std::uint64_t value = w.seed ^ i;
  for (int r = 0; r < w.item_work; ++r) value = splitmix64(value);
  return value;
}

inline void serial_section(const Work& w) {
  for (std::size_t i = 0; i < w.serial_items; ++i) w.out[i] = item(w, i);
}

void run_seq(const Work& w);
void run_omp(const Work& w, const Team& team);
void run_tbb(const Work& w, const Team& team);
void run_stdpar(const Work& w, const Team& team, const StdparBlocks& blocks,
                std::string_view policy);

Verdict verify(const Work& w, const std::uint64_t* expected);

}  // namespace sb::calibrate
