// How the sweep runs a group: in a worker process of its own (worker_process), or in tests in this
// process on a fake executor. Either way the points arrive through the group's checkpoint file.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "harness/results/results.hpp"
#include "harness/sweep/group.hpp"

namespace sb {

struct WorkerOutcome {
  int wait_status = 0;          // as from waitpid
  std::vector<Point> points;    // every point the group finished
  bool succeeded() const;       // exited with status 0
  std::string failure() const;  // "killed by signal 9 (Killed)", ...
};

using PointsSoFar = std::function<void(const std::vector<Point>&)>;

class GroupRunner {
 public:
  virtual ~GroupRunner() = default;
  // Runs `group` (number `index` of the sweep in `dir`), calling on_points with the points so far
  // whenever more arrive. Honours stop_requested() by stopping between repetitions.
  virtual WorkerOutcome run(const GroupSpec& group, const std::filesystem::path& dir, int index,
                            const PointsSoFar& on_points) = 0;
};

}  // namespace sb
