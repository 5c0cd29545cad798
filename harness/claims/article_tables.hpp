// The seed article's two reference tables: Amdahl's speedup bound and the distributed capacity
// condition with a per-worker coordination overhead.
#pragma once

#include <vector>

#include "harness/core/table.hpp"

namespace sb {

// S_p = 1 / (s + (1 - s) / p), E_p = S_p / p; 4 decimal places, as in the seed.
double amdahl_speedup(double serial_fraction, double processors);
Table amdahl_table(double serial_fraction, const std::vector<int>& processors);

// ideal = mu * p, overhead = ideal * o * max(p - 1, 0), effective = max(ideal - overhead, 0);
// 3 decimal places, as in the seed.
Table capacity_table(double service_rate_per_worker, const std::vector<int>& workers,
                     double overhead_rate);

}  // namespace sb
