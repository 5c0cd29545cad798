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

// Uniform in [0, 1) on a grid of 2^-20. Sums of up to 2^33 such values, and a*x + y updates
// with a = 0.5 while values stay below 2^32, are exact in double in any order: verifiers can
// then compare bit for bit instead of guessing a rounding tolerance.
constexpr double kGridStep = 0x1.0p-20;
constexpr double seeded_grid_unit(std::uint64_t seed, std::uint64_t index) {
  return static_cast<double>(splitmix64(seed ^ splitmix64(index)) >> 44) * kGridStep;
}

}  // namespace sb
