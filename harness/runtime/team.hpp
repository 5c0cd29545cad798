// What a kernel variant sees of the team that runs it. Variants are pure: they get the team,
// never create one, and do no timing, I/O or allocation.
#pragma once

#include <cstddef>
#include <functional>

#include "harness/machine/placement.hpp"
#include "harness/runtime/backend.hpp"

namespace sb {

struct Team {
  Backend backend = Backend::seq;
  int threads = 1;
  PlacementProbe* probe = nullptr;  // workers report where they run: probe->sample(worker_index)
};

// Initialises [0, n) in parallel with the same static partition the backend's loops use, so
// that each page is first touched (and placed, on NUMA machines) by the worker that uses it.
// Untimed set-up only. For the tbb backend, call it inside the team's arena.
void first_touch(const Team& team, std::size_t n,
                 const std::function<void(std::size_t begin, std::size_t end)>& init);

}  // namespace sb
