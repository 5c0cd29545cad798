#include "harness/report/mpi_markdown.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>
#include <tuple>
#include <vector>

#include "harness/analysis/comm_model.hpp"
#include "harness/claims/article_tables.hpp"
#include "harness/core/number_format.hpp"
#include "harness/core/stats.hpp"
#include "harness/results/measured_point.hpp"
#include "harness/results/point_key.hpp"

namespace sb {
namespace {

std::string phase_text(const MeasuredPoint& point, const char* phase) {
  const std::optional<double> max = median_measure(point, fmt::format("{}_s_max", phase));
  const std::optional<double> mean = median_measure(point, fmt::format("{}_s_mean", phase));
  if (!max || !mean) return "—";
  return fmt::format("{} / {}", time_text(*max), time_text(*mean));
}

std::string share_text(std::optional<double> value) {
  return value ? fmt::format("{:.3f}", *value) : "—";
}

// "rank 0 on vm: PU 0; rank 1 on vm: PU 1", from the first used process.
std::string placement_text(const MeasuredPoint& point) {
  std::map<int, std::pair<std::string, std::vector<int>>> ranks;
  for (const WorkerPlacement& w : point.used().front()->placement) {
    auto& [host, pus] = ranks[w.rank.value_or(0)];
    host = w.host;
    pus.insert(pus.end(), w.observed_pus.begin(), w.observed_pus.end());
  }
  std::vector<std::string> parts;
  for (auto& [rank, entry] : ranks) {
    auto& [host, pus] = entry;
    std::sort(pus.begin(), pus.end());
    pus.erase(std::unique(pus.begin(), pus.end()), pus.end());
    parts.push_back(fmt::format("rank {} on `{}`: PU {}", rank, host, fmt::join(pus, ",")));
  }
  const std::optional<bool> ok = point.placement_ok();
  const char* verdict = !ok ? "not judged" : *ok ? "as planned" : "**off plan**";
  return fmt::format("{} ({})", fmt::join(parts, "; "), verdict);
}

std::string term_text(const ModelTerm& term) {
  return fmt::format("{} / {}", time_text(term.predicted_s.estimate),
                     term.measured_s ? time_text(*term.measured_s) : "—");
}

std::string model_markdown(const Results& results) {
  const std::vector<CommModel> models = predict_communication(results);
  const nlohmann::json netcal =
      results.manifest.value("sweep", nlohmann::json::object()).value("netcal", nlohmann::json());
  std::string out = fmt::format(
      "### The communication-aware model\n\nT_p = T_1 / p (its compute and the local work of its "
      "communication calls, as its 1-rank phases split it) + the kernel's messages a run (each "
      "alpha + beta m, netcal's Hockney fit at that size) + c log2 p (c: netcal's barrier "
      "latency), from the 1-rank time and the network's calibration alone{}. The 95% intervals "
      "hold the inputs' uncertainty only, not the model's own error. Each term is shown predicted "
      "/ measured (the phase's largest over ranks); the measured sync holds waiting for a slower "
      "rank as well as the barrier's latency, which is all the model's sync term is. Rank counts "
      "past the largest measured are **predictions**, not measurements: the network was measured "
      "where netcal ran (one host here means shared memory), and a claim beyond them stays not "
      "testable here. The compute term assumes the work divides evenly: where ranks share one "
      "memory system (one host here) a memory-bound kernel's compute does not halve with 2 ranks, "
      "and the compute term is then the one furthest off, at every prediction beyond as well.\n\n",
      netcal.is_object() && netcal.contains("source")
          ? fmt::format(" (netcal: `{}`, at {} ranks)", netcal.at("source").get<std::string>(),
                        netcal.at("fit").value("ranks", 2))
          : "");
  bool any = false;
  for (const CommModel& model : models) {
    if (!model.fitted) {
      out += fmt::format("- {} ({} threads a rank): not predicted: {}.\n", model.series,
                         model.threads_per_rank, model.refusal);
      continue;
    }
    any = true;
    out += fmt::format(
        "\n**{}**, {} thread(s) a rank, messages `{}`:\n\n| ranks | predicted a run | measured | "
        "compute | comm | sync | verdict |\n|---:|---|---|---|---|---|---|\n",
        model.series, model.threads_per_rank, model.communication);
    for (const RankPrediction& p : model.predictions) {
      std::string verdict = "not measured";
      if (p.beyond_measured) verdict = "**prediction** (beyond the measured ranks)";
      if (p.ranks == 1 && p.within) {
        verdict = "input: the model's baseline";
      } else if (p.within) {
        const Interval& r = *p.measured_over_predicted;
        const std::string ratio =
            fmt::format("measured / predicted {:.3f} [{:.3f}, {:.3f}]", r.estimate, r.low, r.high);
        verdict =
            *p.within ? fmt::format("measurement inside the interval ({})", ratio)
            : *p.consistent
                ? fmt::format(
                      "outside the interval, but consistent within the "
                      "measurement's own spread ({}); the {} term is furthest off",
                      ratio, p.worst_term)
                : fmt::format("**missed** ({}): the {} term is furthest off", ratio, p.worst_term);
      }
      out += fmt::format(
          "| {} | {} | {} | {} | {} | {} | {} |\n", p.ranks, time_interval_text(p.predicted_s),
          p.measured_s ? time_interval_text(p.measured_s->interval) : "—", term_text(p.terms[0]),
          term_text(p.terms[1]), term_text(p.terms[2]), verdict);
    }
  }
  return any || !models.empty() ? out + "\n" : "";
}

// task_farm's capacity against the seed's capacity condition: mu measured at 1 rank, each rank
// count's capacity from its speedup S_p = C_p / mu (its interval over processes), and the
// coordination overhead rate o the seed's table assumes, fitted: C_p = mu p (1 - o (p - 1)).
std::string capacity_markdown(const Results& results) {
  std::map<SeriesKey, std::vector<MeasuredPoint>> series;
  for (MeasuredPoint& m : measured_points(results)) {
    const Point& p = m.point();
    if (p.backend == kMpiBackend && results.traits(p.kernel).communication == "shared_counter" &&
        m.fit_exclusions().empty()) {
      series[series_key(p)].push_back(std::move(m));
    }
  }
  std::string out;
  for (auto& [key, points] : series) {
    std::sort(points.begin(), points.end(), [](const MeasuredPoint& a, const MeasuredPoint& b) {
      return a.point().ranks < b.point().ranks;
    });
    if (points.front().point().ranks != 1) continue;
    const LevelEstimate one = points.front().level();
    const double tasks = static_cast<double>(points.front().point().size);
    const double mu = tasks / one.interval.estimate;
    out += fmt::format(
        "### Capacity: {} ({} thread(s) a rank)\n\nThe seed's capacity condition: an arrival "
        "rate lambda is sustainable while lambda <= mu p (1 - o (p - 1)). Measured at 1 rank, mu = "
        "{:.4g} tasks/s [{:.4g}, {:.4g}]; at p ranks the capacity C_p = mu S_p, and the overhead "
        "rate o = (1 - S_p / p) / (p - 1) is fitted from the speedup's 95% interval (negative: "
        "better than linear).\n\n| ranks | capacity (tasks/s) | ideal mu p | efficiency S_p / p "
        "| overhead rate o |\n|---:|---|---:|---|---|\n",
        key.kernel, key.threads_per_rank, mu, tasks / one.interval.high, tasks / one.interval.low);
    double fitted = 0;
    for (const MeasuredPoint& m : points) {
      const int p = m.point().ranks;
      if (p == 1) {
        out += fmt::format("| 1 | {:.4g} | {:.4g} | 1 | — |\n", mu, mu);
        continue;
      }
      const Interval inverse = ratio_unpaired(m.level(), one).at(0.95);  // T_p / T_1
      const double s = 1 / inverse.estimate, s_low = 1 / inverse.high, s_high = 1 / inverse.low;
      const auto rate = [p](double speedup) { return (1 - speedup / p) / (p - 1); };
      fitted = rate(s);
      out += fmt::format(
          "| {} | {:.4g} [{:.4g}, {:.4g}] | {:.4g} | {:.3f} [{:.3f}, {:.3f}] | {:.4f} [{:.4f}, "
          "{:.4f}] |\n",
          p, mu * s, mu * s_low, mu * s_high, mu * p, s / p, s_low / p, s_high / p, fitted,
          rate(s_high), rate(s_low));
    }
    if (points.size() < 2) continue;
    const double o = std::clamp(fitted, 0.0, 1.0);
    out += fmt::format(
        "\nThe seed's capacity table with the measured mu and the overhead rate fitted at the "
        "largest measured p ({:.4f}{}); rows past {} ranks are **predictions**:\n\n{}\n",
        fitted, o != fitted ? fmt::format(", taken as {:g} for the table", o) : "",
        points.back().point().ranks, to_markdown(capacity_table(mu, {1, 2, 4, 8, 16, 32}, o)));
  }
  return out;
}

}  // namespace

bool shown_with_distributed_kernels(const std::string& measure) {
  const auto ends_with = [&measure](std::string_view suffix) {
    return measure.size() >= suffix.size() &&
           measure.compare(measure.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with("_s_max") || ends_with("_s_mean") || measure == "load_balance" ||
         measure == "communication_efficiency" || measure == "parallel_efficiency" ||
         (measure.rfind("rank_", 0) == 0 && ends_with("_s"));
}

std::string mpi_markdown(const Results& results) {
  std::vector<MeasuredPoint> points;
  for (MeasuredPoint& m : measured_points(results)) {
    if (m.point().backend == kMpiBackend) points.push_back(std::move(m));
  }
  if (points.empty()) return {};
  std::stable_sort(points.begin(), points.end(),
                   [](const MeasuredPoint& a, const MeasuredPoint& b) {
                     return std::tie(a.point().kernel, a.point().threads, a.point().ranks) <
                            std::tie(b.point().kernel, b.point().threads, b.point().ranks);
                   });
  const nlohmann::json mpi = results.manifest.value("mpi", nlohmann::json::object());
  std::string out = fmt::format(
      "## Distributed kernels\n\nEach point ran as one `mpirun` launch a process ({}), every rank "
      "binding its OpenMP team to its own PUs (mpirun's binding off). Rank 0 fixed the runs a "
      "repetition takes; each repetition started after a barrier, and its time is the slowest "
      "rank's. Each run timed its phases on every rank: **compute** (the rank's share), **sync** "
      "(a barrier: waiting for the last rank, before the exchange or, for task_farm, after the "
      "last task) and **comm** (moving data once all had arrived; at 1 rank, the local work of "
      "those calls, such as shuffle's copy to itself); each is shown as its largest over ranks / "
      "its mean over ranks, a run, each taken on its own (the largest compute and the largest "
      "sync may be different ranks'). The POP efficiencies: load balance = mean / max compute, "
      "communication efficiency = max compute / the slowest rank's time, parallel efficiency = "
      "their product. Times are geometric means of per-process medians with 95% intervals over "
      "processes; phases and efficiencies are medians over processes of per-process means, so a "
      "phase can exceed the time by the spread between the two summaries.\n\n"
      "| kernel | ranks x threads | time a run | compute max / mean | comm max / mean | sync "
      "max / mean | load balance | comm. efficiency | parallel efficiency | verified | placement "
      "|\n|---|---|---|---|---|---|---:|---:|---:|---|---|\n",
      mpi.value("version", std::string("mpirun")));
  for (const MeasuredPoint& m : points) {
    const Point& p = m.point();
    out += fmt::format(
        "| {} | {} x {}{} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", p.kernel, p.ranks,
        p.threads_per_rank(), p.oversubscribed ? " (oversubscribed)" : "",
        p.seconds.empty() ? "—" : time_interval_text(m.level().interval), phase_text(m, "compute"),
        phase_text(m, "comm"), phase_text(m, "sync"), share_text(median_measure(m, "load_balance")),
        share_text(median_measure(m, "communication_efficiency")),
        share_text(median_measure(m, "parallel_efficiency")), m.verified() ? "yes" : "**no**",
        placement_text(m));
  }
  return out + "\n" + model_markdown(results) + capacity_markdown(results);
}

}  // namespace sb
