// The executor for registered kernels: a group's thread team created and pinned once, each
// point's data created outside the timer, each repetition timed by Google Benchmark.
#pragma once

#include <memory>

#include "harness/sweep/executor.hpp"
#include "harness/sweep/group.hpp"

namespace sb {

// Throws ConfigError when a point names a kernel or variant this build does not have.
std::unique_ptr<Executor> make_kernel_executor(const GroupSpec& spec);

}  // namespace sb
