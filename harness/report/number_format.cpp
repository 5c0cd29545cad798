#include "harness/report/number_format.hpp"

#include <fmt/format.h>

#include <cmath>

namespace sb {
namespace {

std::string number_text(double value, const char* format) {
  return std::isfinite(value) ? fmt::format(fmt::runtime(format), value) : "unbounded";
}

}  // namespace

std::string interval_text(const Interval& i, const char* format, double factor) {
  return fmt::format("{} [{}, {}]", number_text(i.estimate * factor, format),
                     number_text(i.low * factor, format), number_text(i.high * factor, format));
}

std::string time_interval_text(const Interval& seconds) {
  struct Unit {
    double seconds;
    const char* name;
  };
  constexpr Unit kUnits[] = {{1, "s"}, {1e-3, "ms"}, {1e-6, "us"}, {1e-9, "ns"}};
  const double estimate = std::fabs(seconds.estimate);
  Unit unit = kUnits[3];
  for (const Unit& u : kUnits) {
    if (estimate >= u.seconds) {
      unit = u;
      break;
    }
  }
  // Three significant figures for the estimate; its bounds get the same decimals.
  const double scaled = estimate / unit.seconds;
  const char* format = scaled >= 100 ? "{:.0f}" : scaled >= 10 ? "{:.1f}" : "{:.2f}";
  return interval_text(seconds, format, 1 / unit.seconds) + " " + unit.name;
}

}  // namespace sb
