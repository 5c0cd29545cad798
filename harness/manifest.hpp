// The machine manifest: everything a reviewer needs to know about where numbers came from.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "harness/topology.hpp"

namespace sb {

// Host, CPU, topology, allowed cpuset, compiler and flags, library versions, OMP_*/GOMP_*/KMP_*
// and TBB_* environment variables, git revision. Times are added by the sweep.
nlohmann::json collect_manifest(const Topology& topology);

// The source tree's commit and whether it had uncommitted changes; null outside a checkout.
nlohmann::json git_revision();

// UTC, ISO 8601 with seconds: "2026-11-29T16:00:00Z".
std::string utc_now();

}  // namespace sb
