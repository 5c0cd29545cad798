#include "harness/results/point_key.hpp"

#include <fmt/format.h>

namespace sb {

std::string point_key(const Point& p) {
  return fmt::format("{}/{}/{}/{}/{}/{}/{}/{}", p.kernel, p.backend, p.variant, p.threads, p.pin,
                     p.size, p.weak_scaling ? "weak" : "strong", nlohmann::json(p.params).dump());
}

std::string measurement_key(const Point& p) {
  return fmt::format("{}#process{}", point_key(p), p.process);
}

SeriesKey series_key(const Point& p) {
  const std::size_t size = p.weak_scaling ? p.size / static_cast<std::size_t>(p.threads) : p.size;
  return {p.kernel, p.backend, p.variant, p.pin, size, p.params};
}

WorkloadKey workload_key(const Point& p) {
  return {p.kernel, p.size, p.params, p.weak_scaling, p.pin};
}

}  // namespace sb
