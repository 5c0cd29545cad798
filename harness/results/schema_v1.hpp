// Files of schema scalebench/1 carry no workload traits; they are read with the traits their
// kernels had at that version, which this reader alone knows.
#pragma once

#include "harness/results/results.hpp"

namespace sb {

inline constexpr const char* kResultsSchemaV1 = "scalebench/1";

// Fills results.workloads and each point's chunks_per_run as a schema-2 sweep would have.
void upgrade_from_schema_v1(Results& results);

}  // namespace sb
