// The execution of a plan's rounds: every round runs each group still owing points as a fresh
// process, in the round's shuffled order; a precision rule retires groups whose points reached
// the target; a budget keeps groups from starting past it; a last round measures once more each
// group with a contended process.
#pragma once

#include <filesystem>
#include <set>
#include <string>

#include "harness/results/results.hpp"
#include "harness/sweep/group_runner.hpp"
#include "harness/sweep/plan.hpp"

namespace sb {

// Runs `plan` into `results` (rewriting DIR/results.json as points arrive), skipping the
// measurements in `done` (measurement_key). Returns false when a stop was requested.
bool execute_plan(const Plan& plan, const std::filesystem::path& dir, Results& results,
                  GroupRunner& runner, std::set<std::string> done);

}  // namespace sb
