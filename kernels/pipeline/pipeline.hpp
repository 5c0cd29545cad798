// pipeline: three stages over a stream of items, input and output serial and in order.
//
//   for (std::size_t i = 0; i < items; ++i) {
//     std::uint64_t v = mix(seed ^ i, input_work);   // stage 1: serial, in order (a reader)
//     v = mix(v, middle_work);                        // stage 2: independent per item
//     out[i] = mix(v, output_work);                   // stage 3: serial, in order (a writer)
//   }
//
// At most `tokens` items are in flight. The serial stages bound the speedup at
// (in + mid + out) / max(in, out) (the seed's pipeline parallelism); the token limit and per-item
// scheduling cost show up as the gap to that bound.
#pragma once

#include <cstddef>
#include <cstdint>

#include "harness/kernel/kernel.hpp"
#include "harness/kernel/seeded_inputs.hpp"

namespace sb::pipeline {

struct Item {
  std::size_t index = 0;
  std::uint64_t value = 0;
};

struct alignas(64) Slot {  // an OpenMP in-flight item, one cache line each
  Item item;
};

struct Stream {
  std::size_t items = 0;
  std::size_t tokens = 0;
  std::uint64_t seed = 0;
  int input_work = 0, middle_work = 0, output_work = 0;
  std::uint64_t* out = nullptr;
  Slot* slots = nullptr;  // `tokens` slots, for the OpenMP variant
  // Written by the output stage; they accumulate over every run since reset_counts.
  std::size_t consumed = 0;
  std::size_t order_violations = 0;
};

// Work of a stage: `rounds` dependent splitmix steps (about a nanosecond each, never vectorised).
inline std::uint64_t mix(std::uint64_t value, int rounds) {
  for (int r = 0; r < rounds; ++r) value = splitmix64(value);
  return value;
}

inline Item produce(const Stream& s, std::size_t index) {
  return {index, mix(s.seed ^ index, s.input_work)};
}
inline std::uint64_t transform(const Stream& s, std::uint64_t value) {
  return mix(value, s.middle_work);
}
// The in-order writer: an item out of turn is counted, never hidden.
inline void consume(Stream& s, const Item& item) {
  if (item.index != s.consumed % s.items) ++s.order_violations;
  s.out[item.index] = mix(item.value, s.output_work);
  ++s.consumed;
}
inline void reset_counts(Stream& s) {
  s.consumed = 0;
  s.order_violations = 0;
}

void run_seq(Stream& s);
void run_omp(Stream& s, const Team& team);
void run_tbb(Stream& s, const Team& team);

inline std::uint64_t expected_output(const Stream& s, std::size_t index) {
  return mix(s.seed ^ index, s.input_work + s.middle_work + s.output_work);
}
// After `runs` runs since reset_counts: every item consumed once a run, in order, with the
// expected value.
Verdict verify(const Stream& s, const std::uint64_t* expected, std::uint64_t runs);

}  // namespace sb::pipeline
