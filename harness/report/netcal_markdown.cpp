#include "harness/report/netcal_markdown.hpp"

#include <fmt/format.h>

#include <cmath>

#include "harness/core/number_format.hpp"
#include "harness/core/table.hpp"

namespace sb {
namespace {

// A model that misses a measured size by more than this is not a description of the network.
constexpr double kLargeMisfit = 0.2;

std::string bytes_text(double bytes) {
  constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 3 && std::fmod(bytes, 1024) == 0) {
    bytes /= 1024;
    ++unit;
  }
  return fmt::format("{:g} {}", bytes, kUnits[unit]);
}

std::string bandwidth_text(const Interval& bytes_per_s) {
  if (!std::isfinite(bytes_per_s.estimate)) return "unbounded (beta not above 0)";
  return interval_text(bytes_per_s, "{:.2f}", 1e-9) + " GB/s";
}

std::string pus_text(const std::vector<int>& pus) {
  return pus.empty() ? "none" : fmt::format("{}", fmt::join(pus, ","));
}

bool rank_ok(const RankPlacement& rank) {
  return rank.bound && !rank.oversubscribed && !rank.observed_pus.empty() &&
         rank.observed_pus == rank.requested_pus;
}

std::string verdict(const NetcalResults& results, const HockneyFit& fit) {
  if (!fit.fitted) return fmt::format("no fit ({})", fit.refusal);
  std::vector<std::string> problems;
  if (!fit.excluded_launches.empty()) {
    problems.push_back(fmt::format("{} of {} launches failed or were not verified",
                                   fit.excluded_launches.size(), results.launches.size()));
  }
  if (!netcal_placement_ok(results)) problems.push_back("a rank ran off its planned PU");
  if (fit.launches_used < 2) problems.push_back("one launch verified: no interval for the fit");
  if (fit.worst_relative_residual > kLargeMisfit) {
    problems.push_back(
        fmt::format("the model misses a size by {:.0f}%", 100 * fit.worst_relative_residual));
  }
  if (problems.empty()) return "every launch verified, every rank on its planned PU";
  return fmt::format("{}", fmt::join(problems, "; "));
}

}  // namespace

bool netcal_placement_ok(const NetcalResults& results) {
  for (const NetcalLaunch& launch : results.launches) {
    for (const RankPlacement& rank : launch.placement) {
      if (!rank_ok(rank)) return false;
    }
  }
  return true;
}

std::string netcal_markdown(const NetcalResults& results, const HockneyFit& fit) {
  std::string md = fmt::format("# scalebench netcal: {}\n\n", verdict(results, fit));
  md += fmt::format(
      "Ping-pong between ranks 0 and 1 of {} ranks, {} launches of mpirun ({} verified), {} "
      "repetitions a size in each. One-way time = alpha + beta x bytes (Hockney), fitted in "
      "each launch; intervals are {:.0f}% Student t over the launches, a launch being a fresh "
      "set of processes.\n\n",
      results.ranks, results.launches.size(), fit.launches_used, results.repetitions,
      100 * fit.confidence);
  if (fit.fitted) {
    Table model{{{"messages"}, {"latency alpha"}, {"bandwidth 1/beta"}, {"worst residual"}}, {}};
    for (const HockneySegment& s : fit.segments) {
      model.rows.push_back({fmt::format("{} to {}", bytes_text(static_cast<double>(s.from_bytes)),
                                        bytes_text(static_cast<double>(s.to_bytes))),
                            time_interval_text(s.alpha_s), bandwidth_text(s.bandwidth_bytes_per_s),
                            fmt::format("{:.0f}%", 100 * s.worst_relative_residual)});
    }
    md += to_markdown(model) + "\n";
    md +=
        fit.switch_bytes
            ? fmt::format(
                  "The times change slope between {} and {} (a protocol switch, or a cache "
                  "size): two lines fit materially better than one. Above the switch, alpha is "
                  "where that line meets zero bytes, not a latency.\n\n",
                  bytes_text(static_cast<double>(fit.segments[0].to_bytes)),
                  bytes_text(static_cast<double>(*fit.switch_bytes)))
            : std::string("No switch found: two lines did not fit materially better than one.\n\n");
  }
  Table collectives{{{"collective"}, {"latency (slowest rank)"}}, {}};
  collectives.rows.push_back({fmt::format("barrier, {} ranks", results.ranks),
                              time_interval_text(fit.barrier_s.interval)});
  collectives.rows.push_back({fmt::format("allreduce of 8 bytes, {} ranks", results.ranks),
                              time_interval_text(fit.allreduce_s.interval)});
  md += to_markdown(collectives) + "\n";

  md += "## Message sizes\n\n";
  Table sizes{{{"bytes"}, {"one-way time"}, {"model"}, {"residual"}}, {}};
  for (const MessageTime& t : fit.sizes) {
    const double observed = t.one_way_s.interval.estimate;
    sizes.rows.push_back(
        {bytes_text(static_cast<double>(t.bytes)), time_interval_text(t.one_way_s.interval),
         fit.fitted ? time_text(t.model_s) : "",
         fit.fitted ? fmt::format("{:+.0f}%", 100 * (observed - t.model_s) / observed) : ""});
  }
  md += to_markdown(sizes) + "\n";

  md +=
      "## Proof of placement\n\n"
      "mpirun's binding is off; each rank binds itself to one PU of its host, in compact order "
      "by its rank on the host, and samples where it runs between repetitions.\n\n";
  Table placement{{{"launch"}, {"rank"}, {"host"}, {"requested PU"}, {"observed PUs"}, {"ok"}}, {}};
  for (const NetcalLaunch& launch : results.launches) {
    if (!launch.error.empty()) {
      placement.rows.push_back(
          {static_cast<long long>(launch.launch), "", "", "", "", "failed: " + launch.error});
    }
    for (const RankPlacement& rank : launch.placement) {
      placement.rows.push_back(
          {static_cast<long long>(launch.launch), static_cast<long long>(rank.rank), rank.host,
           pus_text(rank.requested_pus), pus_text(rank.observed_pus),
           rank_ok(rank) ? "yes" : (rank.oversubscribed ? "no (oversubscribed)" : "no")});
    }
  }
  md += to_markdown(placement);
  return md;
}

}  // namespace sb
