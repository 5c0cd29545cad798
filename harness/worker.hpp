// Runs one group of points (one backend, one thread count) in this process, timed by Google
// Benchmark. The sweep gives every group its own process, so one runtime's idle-spinning threads
// never share cores with another runtime's measurement.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/backend.hpp"
#include "harness/pin_policy.hpp"
#include "harness/results.hpp"

namespace sb {

struct PointSpec {
  std::string kernel;
  std::string variant;
};

struct GroupSpec {
  Backend backend = Backend::seq;
  int threads = 1;
  PinPolicy pin = PinPolicy::compact;
  std::vector<PointSpec> points;
  std::map<std::string, std::size_t> sizes;  // kernel -> size
  std::map<std::string, std::map<std::string, double>> params;  // kernel -> overrides
  bool weak_scaling = false;  // sizes were multiplied by the thread count
  int repetitions = 10;
  double min_time_s = 0.1;
  std::uint64_t seed = 0;
  int progress_offset = 0;  // points finished before this group, for the progress line
  int progress_total = 0;
};

void to_json(nlohmann::json& j, const GroupSpec& spec);
void from_json(const nlohmann::json& j, GroupSpec& spec);

// The points of `spec`, measured and verified. A point that fails is recorded as failed.
std::vector<Point> run_group(const GroupSpec& spec);

// A point as planned, before it runs: identity, sizes and flags filled in, nothing measured.
Point planned_point(const GroupSpec& spec, const PointSpec& point, bool oversubscribed,
                    bool uses_smt_siblings);

}  // namespace sb
