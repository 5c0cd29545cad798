// The Hockney model of a message's time, T(n) = alpha + beta n (alpha: latency in seconds, beta:
// seconds per byte, 1/beta: bandwidth), fitted to `scalebench netcal` ping-pong times. MPI
// switches protocol at some size (eager to rendezvous, or shared-memory single copy), so the fit
// may be piecewise: one line below a switch size and one above, where two lines win by AIC and
// leave at most a quarter of one line's squared misfit. docs/netcal.md states the method.
//
// Each mpirun launch is a fresh set of processes and the unit an interval counts (as a process is
// for thread sweeps): every launch is fitted on its own, with the switch chosen once on all
// launches together, and the intervals are Student t over the launches' coefficients.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/stats.hpp"
#include "harness/core/two_level.hpp"
#include "harness/results/netcal.hpp"

namespace sb {

struct HockneySegment {
  std::size_t from_bytes = 0, to_bytes = 0;  // message sizes the line was fitted to, inclusive
  Interval alpha_s;                          // intercept: the latency (or, above a switch, what
                                             // the line extrapolates to at zero bytes)
  Interval beta_s_per_byte;
  Interval bandwidth_bytes_per_s;      // 1 / beta, ends from beta's ends
  double worst_relative_residual = 0;  // of the pooled fit, over this segment's sizes
};

// One message size over the launches.
struct MessageTime {
  std::size_t bytes = 0;
  LevelEstimate one_way_s;  // geometric mean of per-launch medians, t interval over launches
  double model_s = 0;       // the fitted model at this size
};

struct HockneyFit {
  bool fitted = false;
  std::string refusal;                      // why not, when !fitted
  std::vector<HockneySegment> segments;     // one, or two split at switch_bytes
  std::optional<std::size_t> switch_bytes;  // first size of the upper segment
  std::vector<MessageTime> sizes;
  LevelEstimate barrier_s, allreduce_s;
  double worst_relative_residual = 0;  // over every size
  int launches_used = 0;               // verified launches that entered the fit
  std::vector<int> excluded_launches;  // left out: failed or unverified
  double confidence = 0.95;
};

// Predicted one-way time of an n-byte message from the fitted model.
double hockney_time_s(const HockneyFit& fit, std::size_t bytes);

HockneyFit fit_hockney(const NetcalResults& results, double confidence = 0.95);

// DIR/netcal-fit.json: the segments, the switch, each size's time and model value, the
// collectives, in seconds and bytes per second (intervals as {estimate, low, high, confidence}).
nlohmann::json to_json(const HockneyFit& fit);

}  // namespace sb
