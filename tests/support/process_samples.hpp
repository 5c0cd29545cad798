// Two-level synthetic timings: each process shifts every repetition it takes by an offset it
// shares with every point it runs (so paired ratios within a process cancel it), and repetitions
// add their own noise. Seeded, deterministic.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "harness/results/results.hpp"

namespace sb::test {

struct TwoLevelNoise {
  int processes = 4;
  int repetitions = 5;
  double process_sd = 0.03;     // log-scale sd of a process's offset
  double repetition_sd = 0.01;  // log-scale sd of a repetition
};

// The offset process `process` of runtime `stream` gives all it measures.
inline double process_offset(std::uint64_t stream, int process, double sd) {
  std::mt19937_64 generator(stream * 1000003 + static_cast<std::uint64_t>(process));
  return std::exp(std::normal_distribution<double>(0, sd)(generator));
}

// `point` measured in noise.processes processes (entries process 0..K-1, round = process), its
// centre `center` seconds. `stream` names the runtime's processes: points given the same stream
// share their offsets.
inline std::vector<Point> in_processes(const Point& point, double center, std::uint64_t stream,
                                       std::uint64_t seed, const TwoLevelNoise& noise = {}) {
  std::vector<Point> out;
  std::mt19937_64 generator(seed);
  std::normal_distribution<double> repetition(0, noise.repetition_sd);
  for (int k = 0; k < noise.processes; ++k) {
    Point p = point;
    p.process = p.round = k;
    p.seconds.clear();
    const double offset = process_offset(stream, k, noise.process_sd);
    for (int r = 0; r < noise.repetitions; ++r) {
      p.seconds.push_back(center * offset * std::exp(repetition(generator)));
    }
    out.push_back(std::move(p));
  }
  return out;
}

inline std::uint64_t stream_of(const std::string& backend) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a: the same on every platform
  for (char c : backend) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

}  // namespace sb::test
