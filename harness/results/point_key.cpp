#include "harness/results/point_key.hpp"

#include <fmt/format.h>

namespace sb {

std::string point_key(const Point& p) {
  std::string key =
      fmt::format("{}/{}/{}/{}/{}/{}/{}/{}", p.kernel, p.backend, p.variant, p.threads, p.pin,
                  p.size, p.weak_scaling ? "weak" : "strong", nlohmann::json(p.params).dump());
  if (p.ranks != 1) key += fmt::format("/ranks{}", p.ranks);
  return key;
}

std::string measurement_key(const Point& p) {
  return fmt::format("{}#process{}", point_key(p), p.process);
}

SeriesKey series_key(const Point& p) {
  const std::size_t size = p.weak_scaling ? p.size / static_cast<std::size_t>(p.threads) : p.size;
  // A distributed kernel's curve runs over ranks at one thread count per rank.
  const int per_rank = p.under_mpi ? p.threads_per_rank() : 0;
  return {p.kernel, p.backend, p.variant, p.pin, size, p.params, per_rank};
}

WorkloadKey workload_key(const Point& p) {
  return {p.kernel, p.size, p.params, p.weak_scaling, p.pin};
}

}  // namespace sb
