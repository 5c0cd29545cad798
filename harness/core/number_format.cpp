#include "harness/core/number_format.hpp"

#include <fmt/format.h>

#include <cmath>
#include <utility>

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

namespace {

struct TimeUnit {
  double seconds;
  const char* name;
  const char* format;  // three significant figures
};

TimeUnit time_unit(double seconds) {
  constexpr std::pair<double, const char*> kUnits[] = {
      {1, "s"}, {1e-3, "ms"}, {1e-6, "us"}, {1e-9, "ns"}};
  const double estimate = std::fabs(seconds);
  auto unit = kUnits[3];
  for (const auto& u : kUnits) {
    if (estimate >= u.first) {
      unit = u;
      break;
    }
  }
  const double scaled = estimate / unit.first;
  return {unit.first, unit.second, scaled >= 100 ? "{:.0f}" : scaled >= 10 ? "{:.1f}" : "{:.2f}"};
}

}  // namespace

std::string time_interval_text(const Interval& seconds) {
  // The estimate's unit and decimals serve its bounds too.
  const TimeUnit unit = time_unit(seconds.estimate);
  return interval_text(seconds, unit.format, 1 / unit.seconds) + " " + unit.name;
}

std::string time_text(double seconds) {
  const TimeUnit unit = time_unit(seconds);
  return number_text(seconds / unit.seconds, unit.format) + " " + unit.name;
}

}  // namespace sb
