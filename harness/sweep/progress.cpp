#include "harness/sweep/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "harness/core/stats.hpp"
#include "harness/core/system.hpp"

namespace sb {

Progress::Progress(int done_before, int total, double started_s, double budget_s)
    : done_(done_before),
      total_(total),
      started_s_(started_s),
      budget_s_(budget_s),
      terminal_(isatty(STDERR_FILENO) == 1) {}

std::string Progress::time_left() const {
  if (started_s_ <= 0 || done_ <= 0 || total_ <= done_) return {};
  const double elapsed = unix_seconds() - started_s_;
  // The points done so far (every group's process start included) set the pace.
  double left = elapsed / done_ * (total_ - done_);
  std::string cap;
  if (budget_s_ > 0 && left > budget_s_ - elapsed) {
    left = std::max(0.0, budget_s_ - elapsed);
    cap = " (budget)";
  }
  const int seconds = static_cast<int>(left + 0.5);
  return fmt::format("  ~{}m{:02d}s left{}", seconds / 60, seconds % 60, cap);
}

std::string Progress::prefix(const Point& point, int number) const {
  const std::string workers =
      point.under_mpi ? fmt::format("{:>3} rank{} x {}", point.ranks, point.ranks == 1 ? " " : "s",
                                    point.threads_per_rank())
                      : fmt::format("{:>3} threads", point.threads);
  return fmt::format("[{:>{}}/{}] {:<32} {}", number, fmt::formatted_size("{}", total_), total_,
                     point.series(), workers);
}

void Progress::point_started(const Point& point) {
  if (!terminal_) return;
  // Interleaved variants start one after another before any finishes: show the latest.
  fmt::print(stderr, "\r\033[K{}  running", prefix(point, done_ + 1));
  std::fflush(stderr);
}

void Progress::point_done(const Point& point) {
  ++done_;
  const double seconds = median(point.seconds);
  std::string rate;
  if (point.bytes_per_run && seconds > 0) {
    rate = fmt::format("  {:6.1f} GB/s", *point.bytes_per_run / seconds / 1e9);
  }
  std::string status = point.verified ? "verified" : "NOT VERIFIED";
  if (point.teaching_only) status = point.verification;
  if (!point.error.empty()) status = "FAILED: " + point.error;
  if (point.oversubscribed) status += ", oversubscribed";
  if (point.placement_ok == false) status += ", PLACEMENT MISMATCH";
  if (!point.stability_flags.empty()) {
    status += fmt::format(", UNSTABLE ({})", fmt::join(point.stability_flags, ", "));
  }
  if (point.idle_workers > 0) status += fmt::format(", {} idle worker(s)", point.idle_workers);
  if (point.extra_threads > 0)
    status += fmt::format(", {} extra busy thread(s)", point.extra_threads);
  fmt::print(stderr, "{}{}  {:9.3f} ms{}  {}{}\n", terminal_ ? "\r\033[K" : "",
             prefix(point, done_), seconds * 1e3, rate, status, time_left());
  std::fflush(stderr);
}

}  // namespace sb
