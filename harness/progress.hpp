// One line on stderr per finished point: which point, how many remain, what it measured.
#pragma once

#include "harness/results.hpp"

namespace sb {

class Progress {
 public:
  Progress(int done_before, int total) : done_(done_before), total_(total) {}
  void point_done(const Point& point);

 private:
  int done_;
  int total_;
};

double median(std::vector<double> values);

}  // namespace sb
