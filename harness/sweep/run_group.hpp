// Measures one group's points through an executor: repetitions of a workload's variants
// interleaved in a seeded order, every repetition verified, stability and placement assessed.
#pragma once

#include <functional>
#include <vector>

#include "harness/results/results.hpp"
#include "harness/sweep/executor.hpp"
#include "harness/sweep/group.hpp"

namespace sb {

// Called with each point as soon as it is finished (measured and verified, or failed).
using PointSink = std::function<void(const Point&)>;

// The points of `spec`, measured by `executor`, each also passed to `sink` when it finishes. A
// point whose run throws is recorded as failed. Once `stop_requested()` turns true no further
// repetition starts, and points with repetitions left are dropped as unfinished.
std::vector<Point> run_group(const GroupSpec& spec, Executor& executor, const PointSink& sink = {});

}  // namespace sb
