// Runs one group of points (one backend, one thread count) in this process, timed by Google
// Benchmark. The sweep gives every group its own process, so one runtime's idle-spinning threads
// never share cores with another runtime's measurement.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/machine/machine_load.hpp"
#include "harness/machine/pin_plan.hpp"
#include "harness/results/results.hpp"
#include "harness/results/stability.hpp"
#include "harness/runtime/backend.hpp"

namespace sb {

// Seconds a sample lasts at least (Google Benchmark's min_time), by default and under --quick.
inline constexpr double kDefaultMinTimeS = 0.2;
inline constexpr double kQuickMinTimeS = 0.05;

struct PointSpec {
  std::string kernel;
  std::string variant;
};

struct GroupSpec {
  Backend backend = Backend::seq;
  int threads = 1;
  PinPolicy pin = PinPolicy::compact;
  std::vector<PointSpec> points;
  std::map<std::string, std::size_t> sizes;                     // kernel -> size
  std::map<std::string, std::map<std::string, double>> params;  // kernel -> overrides
  bool weak_scaling = false;      // sizes were multiplied by the thread count
  std::string inject_fault;       // tests: damage this kernel's output before each verification
  double max_cv = kDefaultMaxCv;  // above: flagged high_cv
  double max_other_busy_cpus = kBusyCpus;  // above: flagged contended (others ran on our PUs)
  int repetitions = 10;
  double min_time_s = kDefaultMinTimeS;
  std::uint64_t seed = 0;
  int progress_offset = 0;  // points finished before this group, for the progress line
  int progress_total = 0;
};

void to_json(nlohmann::json& j, const GroupSpec& spec);
void from_json(const nlohmann::json& j, GroupSpec& spec);

// Called with each point as soon as it is finished (measured and verified, or failed).
using PointSink = std::function<void(const Point&)>;

// The points of `spec`, measured and verified, each also passed to `sink` when it finishes. A
// point that fails is recorded as failed. Once `stop_requested()` turns true, no further point
// starts (nor further repetitions of the running one, which is then dropped as unfinished).
std::vector<Point> run_group(const GroupSpec& spec, const PointSink& sink = {});

// A point as planned, before it runs: identity, sizes and flags filled in, nothing measured.
Point planned_point(const GroupSpec& spec, const PointSpec& point, bool oversubscribed,
                    bool uses_smt_siblings);

}  // namespace sb
