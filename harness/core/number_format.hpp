// Numbers as the report prints them: intervals "estimate [low, high]" ("unbounded" past the
// finite), and times in the unit that gives them three significant figures.
#pragma once

#include <string>

#include "harness/core/stats.hpp"

namespace sb {

// `format` applies to each number after multiplying by `factor`.
std::string interval_text(const Interval& interval, const char* format = "{:.2f}",
                          double factor = 1);
// "14.2 [13.2, 15.2] ms", "2.71 [2.35, 3.12] us": the unit chosen by the estimate.
std::string time_interval_text(const Interval& seconds);
// "14.2 ms": one time, the same way.
std::string time_text(double seconds);

}  // namespace sb
