// netcal.md: the Hockney fit of `scalebench netcal` with its intervals, the times it was fitted
// to, the collectives' latencies, and where every rank ran in every launch.
#pragma once

#include <string>

#include "harness/analysis/hockney.hpp"
#include "harness/results/netcal.hpp"

namespace sb {

// Whether every rank of every launch ran only on the PU it asked for and no host had more ranks
// than usable PUs.
bool netcal_placement_ok(const NetcalResults& results);

std::string netcal_markdown(const NetcalResults& results, const HockneyFit& fit);

}  // namespace sb
