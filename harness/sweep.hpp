// A sweep: every requested kernel, backend and thread count, each group of points measured in a
// worker process of its own, merged into DIR/results.json (rewritten atomically after each group).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "harness/backend.hpp"
#include "harness/pin_policy.hpp"
#include "harness/results.hpp"
#include "harness/worker.hpp"

namespace sb {

struct SweepOptions {
  std::vector<std::string> kernels;
  std::vector<Backend> backends;
  std::vector<int> threads;
  PinPolicy pin = PinPolicy::compact;
  std::size_t size = 0;  // 0: each kernel's default, or its quick size under `quick`
  bool quick = false;
  bool weak = false;  // weak scaling: each point runs size x threads
  int repetitions = 10;
  double min_time_s = 0.2;
  std::map<std::string, std::map<std::string, double>> params;  // kernel -> name -> value
  std::uint64_t seed = 42;
  std::filesystem::path out_dir;
};

// The worker groups a sweep runs, in order. The sequential reference runs once, at one thread.
// Throws ConfigError for sizes that cannot fit in memory or bad kernel parameters.
std::vector<GroupSpec> plan_groups(const SweepOptions& options);

Results run_sweep(const SweepOptions& options);

// Entry point of `scalebench worker`: runs the group in spec_file, writes points to emit_file.
void run_worker(const std::filesystem::path& spec_file, const std::filesystem::path& emit_file);

}  // namespace sb
