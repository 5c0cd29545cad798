// fine_loop: many cheap iterations, where what a schedule costs a chunk decides the time.
//
//   for (std::size_t i = 0; i < n; ++i)
//     for (std::uint32_t k = 0; k < work; ++k) y[i] = kMultiplier * y[i] + kIncrement;
//
// skewed_map's loop with the uniform profile and a few steps an element (a few nanoseconds):
// dynamic,16 hands out a chunk every ~100 ns of work, so the shared counter's cache line and
// oneTBB's task spawns show up directly against static's single block.
#pragma once

#include "kernels/skewed_map/skewed_map.hpp"
