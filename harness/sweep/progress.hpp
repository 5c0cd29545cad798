// One line on stderr per finished point: which point, how many remain, what it measured. On a
// terminal the line first shows the point while it runs, then is overwritten by its result.
#pragma once

#include "harness/results/results.hpp"

namespace sb {

class Progress {
 public:
  // `started_s`: when the sweep started (seconds since the epoch), from which the time left is
  // extrapolated; `budget_s` caps it (0: none).
  Progress(int done_before, int total, double started_s = 0, double budget_s = 0);
  void point_started(const Point& point);
  void point_done(const Point& point);

 private:
  std::string prefix(const Point& point, int number) const;
  std::string time_left() const;
  int done_;
  int total_;
  double started_s_, budget_s_;
  bool terminal_;
};

}  // namespace sb
