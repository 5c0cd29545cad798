#include "harness/claims/article_tables.hpp"

#include <algorithm>
#include <cmath>

#include "harness/core/error.hpp"

namespace sb {

double amdahl_speedup(double serial_fraction, double processors) {
  return 1.0 / (serial_fraction + (1.0 - serial_fraction) / processors);
}

Table amdahl_table(double serial_fraction, const std::vector<int>& processors) {
  if (!(serial_fraction >= 0 && serial_fraction <= 1)) {
    config_error("--serial-fraction {} is outside [0, 1]", serial_fraction);
  }
  Table table{{{"processors"},
               {"serial_fraction", 4},
               {"amdahl_speedup_bound", 4},
               {"parallel_efficiency", 4}},
              {}};
  for (int p : processors) {
    const double speedup = amdahl_speedup(serial_fraction, p);
    table.rows.push_back({static_cast<long long>(p), serial_fraction, speedup, speedup / p});
  }
  return table;
}

Table capacity_table(double service_rate_per_worker, const std::vector<int>& workers,
                     double overhead_rate) {
  if (!(service_rate_per_worker >= 0 && std::isfinite(service_rate_per_worker))) {
    config_error("--service-rate {} must be non-negative", service_rate_per_worker);
  }
  if (!(overhead_rate >= 0 && overhead_rate <= 1)) {
    config_error("--overhead {} is outside [0, 1]", overhead_rate);
  }
  Table table{
      {{"workers"}, {"ideal_capacity", 3}, {"estimated_overhead", 3}, {"effective_capacity", 3}},
      {}};
  for (int p : workers) {
    const double ideal = service_rate_per_worker * p;
    const double overhead = ideal * overhead_rate * std::max(p - 1, 0);
    table.rows.push_back(
        {static_cast<long long>(p), ideal, overhead, std::max(ideal - overhead, 0.0)});
  }
  return table;
}

}  // namespace sb
