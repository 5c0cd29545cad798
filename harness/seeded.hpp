// Deterministic, seeded inputs: element i of a stream depends only on (seed, i), so any backend
// can generate any slice in parallel and verifiers can recompute inputs without storing them.
#pragma once

#include <cstdint>

namespace sb {

constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Uniform in [0, 1), 53 random bits.
constexpr double seeded_unit(std::uint64_t seed, std::uint64_t index) {
  return static_cast<double>(splitmix64(seed ^ splitmix64(index)) >> 11) * 0x1.0p-53;
}

}  // namespace sb
