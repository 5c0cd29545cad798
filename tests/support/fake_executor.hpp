// A fake executor with scripted timings, and a runner that runs a group in this process on it
// through the same checkpoint file a worker process writes: the sweep's execution, checkpointing,
// resume and stop logic tested without real kernels or an idle machine.
#pragma once

#include <csignal>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "harness/sweep/executor.hpp"
#include "harness/sweep/group_runner.hpp"
#include "harness/sweep/stop.hpp"
#include "harness/sweep/worker_process.hpp"

namespace sb::test {

struct FakeScript {
  // Seconds of one run of `point` in its repetition number `repetition` (0-based).
  std::function<double(const Point& point, int repetition)> seconds = [](const Point&, int) {
    return 1e-3;
  };
  std::string fail_verification;  // series whose verification fails
  std::string throw_in;           // series whose runs throw
  std::string stop_at;            // series during whose first repetition a stop is requested
  std::string kill_at;            // series during whose first repetition the process dies
  // Points whose timed runs others shared (a whole CPU's worth): flagged contended.
  std::function<bool(const Point& point)> contended = [](const Point&) { return false; };
};

// What a SIGKILL does to a worker: not a std::exception, so nothing on the way out records it.
struct Killed {};

class FakeExecutor final : public Executor {
 public:
  FakeExecutor(const GroupSpec& spec, const FakeScript& script,
               std::map<std::string, int>& repetitions_measured)
      : spec_(spec), script_(script), measured_(repetitions_measured) {}

  void prepare(std::size_t) override {}
  Repetition measure(std::size_t index) override {
    const Point& point = spec_.points[index];
    const int repetition = measured_[key(point)]++;
    if (point.series() == script_.kill_at) throw Killed{};
    if (point.series() == script_.stop_at && repetition == 0) request_stop();
    if (point.series() == script_.throw_in) throw std::runtime_error("scripted failure");
    const double seconds = script_.seconds(point, repetition);
    return {seconds, 100, seconds * 100, 0, script_.contended(point) ? seconds * 100 : 0};
  }
  Verdict verify(std::size_t index) override {
    const bool ok = spec_.points[index].series() != script_.fail_verification;
    // Each verdict numbers itself, so a test can tell which one the point kept.
    const double number = ++verdicts_[index];
    return {ok, ok ? "scripted pass" : "scripted failure", {{"verdict_number", number}}};
  }
  PlacementReport placement(std::size_t index) const override {
    PlacementReport report;
    for (int w = 0; w < spec_.threads; ++w) report.workers.push_back({w, w, {w}});
    report.oversubscribed = spec_.points[index].oversubscribed;
    return report;
  }
  static std::string key(const Point& p) { return p.series() + "@" + std::to_string(p.threads); }

 private:
  const GroupSpec& spec_;
  const FakeScript& script_;
  std::map<std::string, int>& measured_;
  std::map<std::size_t, int> verdicts_;
};

class InProcessRunner final : public GroupRunner {
 public:
  explicit InProcessRunner(FakeScript script = {}) : script_(std::move(script)) {}
  WorkerOutcome run(const GroupSpec& group, const std::filesystem::path& dir, int index,
                    const PointsSoFar& on_points) override {
    const std::filesystem::path checkpoint = checkpoint_path(dir, index);
    std::filesystem::remove(checkpoint);
    FakeExecutor executor(group, script_, repetitions_measured);
    WorkerOutcome outcome;
    try {
      run_checkpointed(group, executor, checkpoint);
    } catch (const Killed&) {
      outcome.wait_status = SIGKILL;  // as waitpid reports a process killed by signal 9
    }
    outcome.points = read_checkpoint(checkpoint);
    on_points(outcome.points);
    return outcome;
  }
  // Repetitions measured, by FakeExecutor::key: what ran, and how often.
  std::map<std::string, int> repetitions_measured;

 private:
  FakeScript script_;
};

}  // namespace sb::test
