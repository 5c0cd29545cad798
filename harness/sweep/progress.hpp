// One line on stderr per finished point: which point, how many remain, what it measured. On a
// terminal the line first shows the point while it runs, then is overwritten by its result.
#pragma once

#include "harness/results/results.hpp"

namespace sb {

class Progress {
 public:
  Progress(int done_before, int total);
  void point_started(const Point& point);
  void point_done(const Point& point);

 private:
  std::string prefix(const Point& point, int number) const;
  int done_;
  int total_;
  bool terminal_;
};

}  // namespace sb
