#include "harness/runtime/schedule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "harness/core/error.hpp"
#include "harness/core/numbers.hpp"

namespace sb {
namespace {

struct Family {
  ScheduleKind kind;
  std::string_view name;  // the variant name before ",c"
  bool chunked;           // takes a chunk or grain; "static" takes one optionally
};

constexpr Family kFamilies[] = {
    {ScheduleKind::omp_static, "static", true},
    {ScheduleKind::omp_dynamic, "dynamic", true},
    {ScheduleKind::omp_monotonic_dynamic, "monotonic:dynamic", true},
    {ScheduleKind::omp_guided, "guided", true},
    {ScheduleKind::tbb_auto, "auto", false},
    {ScheduleKind::tbb_simple, "simple", true},
    {ScheduleKind::tbb_static, "static", false},
    {ScheduleKind::tbb_affinity, "affinity", false},
};

const Family& family_of(ScheduleKind kind) {
  return *std::find_if(std::begin(kFamilies), std::end(kFamilies),
                       [&](const Family& f) { return f.kind == kind; });
}

Backend backend_of(ScheduleKind kind) {
  return kind <= ScheduleKind::omp_guided ? Backend::omp : Backend::tbb;
}

// A chunk must be named where the runtime needs one: dynamic and guided default to 1 in OpenMP,
// which is rarely what anyone means, and a simple partitioner without a grain splits to single
// iterations.
bool chunk_required(ScheduleKind kind) {
  return family_of(kind).chunked && kind != ScheduleKind::omp_static;
}

std::string known_names(Backend backend) {
  std::string names;
  for (const Family& f : kFamilies) {
    if (backend_of(f.kind) != backend) continue;
    names += fmt::format("{}{}{}", names.empty() ? "" : ", ", f.name,
                         chunk_required(f.kind) ? ",N" : (f.chunked ? "[,N]" : ""));
  }
  return names;
}

}  // namespace

Backend Schedule::backend() const { return backend_of(kind); }

std::string format_as(const Schedule& schedule) {
  const std::string_view name = family_of(schedule.kind).name;
  return schedule.chunk == 0 ? std::string(name) : fmt::format("{},{}", name, schedule.chunk);
}

std::optional<Schedule> schedule_named(Backend backend, std::string_view name, std::string* why) {
  auto refuse = [&](std::string reason) {
    if (why != nullptr) *why = std::move(reason);
    return std::nullopt;
  };
  const std::size_t comma = name.find(',');
  const std::string_view family = name.substr(0, comma);
  for (const Family& f : kFamilies) {
    if (backend_of(f.kind) != backend || f.name != family) continue;
    Schedule schedule{f.kind, 0};
    if (comma != std::string_view::npos) {
      const auto chunk = parse_unsigned(name.substr(comma + 1));
      if (!f.chunked || !chunk || *chunk == 0) {
        return refuse(fmt::format("{} schedule '{}' has no valid chunk (expected {})",
                                  format_as(backend), name, known_names(backend)));
      }
      schedule.chunk = static_cast<std::size_t>(*chunk);
    } else if (chunk_required(f.kind)) {
      return refuse(fmt::format("{} schedule '{}' needs a chunk, e.g. '{},64'", format_as(backend),
                                name, name));
    }
    return schedule;
  }
  return refuse(fmt::format("unknown {} schedule '{}' (expected {})", format_as(backend), name,
                            known_names(backend)));
}

Schedule parse_schedule(Backend backend, std::string_view name) {
  std::string why;
  if (const std::optional<Schedule> schedule = schedule_named(backend, name, &why))
    return *schedule;
  throw ConfigError(why);
}

std::vector<Schedule> schedules_for(Backend backend, const ScheduleMatrix& matrix) {
  std::vector<Schedule> schedules;
  for (const Family& f : kFamilies) {
    if (backend_of(f.kind) != backend || std::find(matrix.families.begin(), matrix.families.end(),
                                                   f.name) == matrix.families.end()) {
      continue;
    }
    if (!chunk_required(f.kind)) schedules.push_back({f.kind, 0});
    if (!f.chunked) continue;
    for (std::size_t chunk : f.kind == ScheduleKind::tbb_simple ? matrix.grains : matrix.chunks) {
      schedules.push_back({f.kind, chunk});
    }
  }
  return schedules;
}

void validate(const ScheduleMatrix& matrix) {
  for (const std::string& name : matrix.families) {
    if (std::none_of(std::begin(kFamilies), std::end(kFamilies),
                     [&](const Family& f) { return f.name == name; })) {
      config_error(
          "unknown schedule family '{}' in --schedules (expected static, dynamic, "
          "monotonic:dynamic, guided, auto, simple or affinity)",
          name);
    }
  }
  if (matrix.families.empty()) config_error("--schedules names no schedule family");
  for (const auto& [flag, sizes] :
       {std::pair{"--chunks", &matrix.chunks}, std::pair{"--grains", &matrix.grains}}) {
    if (sizes->empty()) config_error("{} names no size", flag);
    std::set<std::size_t> seen;
    for (std::size_t size : *sizes) {
      if (size == 0) config_error("{} has a size of 0 (sizes are iterations, at least 1)", flag);
      if (!seen.insert(size).second) config_error("{} names {} twice", flag, size);
    }
  }
}

std::optional<double> exact_chunks_per_run(const Schedule& s, std::size_t iterations) {
  const bool exact = s.kind == ScheduleKind::omp_static || s.kind == ScheduleKind::omp_dynamic ||
                     s.kind == ScheduleKind::omp_monotonic_dynamic;
  if (!exact || s.chunk == 0) return std::nullopt;
  return std::ceil(static_cast<double>(iterations) / static_cast<double>(s.chunk));
}

}  // namespace sb
