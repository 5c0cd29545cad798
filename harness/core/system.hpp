// Facts the operating system tells every layer: which host this is and what time it is.
#pragma once

#include <string>

namespace sb {

// This machine's host name, or "unknown".
std::string host_name();

// UTC, ISO 8601 with seconds: "2026-11-29T16:00:00Z".
std::string utc_now();

// Seconds since the epoch, wall clock (fractional): for elapsed times across processes.
double unix_seconds();

}  // namespace sb
