#include "harness/analysis/comm_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <random>

#include "harness/results/measured_point.hpp"
#include "harness/results/point_key.hpp"

namespace sb {
namespace {

constexpr int kDraws = 4000;
constexpr std::uint64_t kSeed = 20261203;

// One of netcal's intervals as a distribution to draw from: normal, its spread from the t
// interval over `launches` launches.
struct Uncertain {
  double estimate = 0, sd = 0;
  static Uncertain from(const nlohmann::json& interval, int launches) {
    const double estimate = interval.at("estimate").get<double>();
    const double half = (interval.at("high").get<double>() - interval.at("low").get<double>()) / 2;
    const double dof = std::max(1, launches - 1);
    return {estimate, half / t_critical(dof, interval.value("confidence", 0.95))};
  }
  double draw(std::mt19937_64& engine) const {
    return std::max(0.0, estimate + sd * std::normal_distribution<double>()(engine));
  }
};

struct Segment {
  double from_bytes = 0, to_bytes = 0;
  Uncertain alpha_s, beta_s_per_byte;
};

// Netcal's fit, and one draw of every term it gives.
struct Network {
  std::vector<Segment> segments;
  Uncertain barrier_s, allreduce_s;
  int ranks = 2;  // netcal's own rank count: its collectives' latencies are at that p

  const Segment& segment_for(double bytes) const {
    for (const Segment& s : segments) {
      if (bytes <= s.to_bytes) return s;
    }
    return segments.back();
  }
};

struct NetworkDraw {
  std::vector<std::pair<double, double>> alpha_beta;
  double barrier_s = 0, allreduce_s = 0;
};

Network read_network(const nlohmann::json& fit) {
  Network network;
  const int launches = fit.value("launches_used", 2);
  for (const nlohmann::json& s : fit.at("segments")) {
    network.segments.push_back({s.at("from_bytes").get<double>(), s.at("to_bytes").get<double>(),
                                Uncertain::from(s.at("alpha_s"), launches),
                                Uncertain::from(s.at("beta_s_per_byte"), launches)});
  }
  network.barrier_s = Uncertain::from(fit.at("barrier_s"), launches);
  network.allreduce_s = Uncertain::from(fit.at("allreduce_s"), launches);
  network.ranks = std::max(2, fit.value("ranks", 2));
  return network;
}

// Every term's estimate (engine null) or one draw.
NetworkDraw network_draw(const Network& network, std::mt19937_64* engine) {
  const auto value = [engine](const Uncertain& u) { return engine ? u.draw(*engine) : u.estimate; };
  NetworkDraw draw;
  for (const Segment& s : network.segments) {
    draw.alpha_beta.emplace_back(value(s.alpha_s), value(s.beta_s_per_byte));
  }
  draw.barrier_s = value(network.barrier_s);
  draw.allreduce_s = value(network.allreduce_s);
  return draw;
}

double message_s(const Network& network, const NetworkDraw& draw, double bytes) {
  const Segment& segment = network.segment_for(bytes);
  const auto& [alpha, beta] =
      draw.alpha_beta[static_cast<std::size_t>(&segment - network.segments.data())];
  return alpha + beta * bytes;
}

// The messages of one run on the busiest rank at p ranks (0 at one rank), by pattern.
using CommTerm = std::function<double(const NetworkDraw&, int ranks)>;

std::optional<CommTerm> comm_term(const std::string& pattern, const Point& point,
                                  const Network& network) {
  const double n = static_cast<double>(point.size);
  const auto param = [&point](const char* name, double fallback) {
    const auto found = point.params.find(name);
    return found == point.params.end() ? fallback : found->second;
  };
  // A collective's latency grows with log2 p from netcal's rank count (a tree or recursive
  // doubling); one message at a time otherwise.
  const double netcal_depth = std::log2(network.ranks);
  if (pattern == "halo_rows") {
    const double bytes = 8 * param("columns", 1024);
    return [&network, bytes](const NetworkDraw& d, int p) {
      return std::min(2, p - 1) * message_s(network, d, bytes);
    };
  }
  if (pattern == "allreduce") {
    return [netcal_depth](const NetworkDraw& d, int p) {
      return p < 2 ? 0.0 : d.allreduce_s * std::log2(p) / netcal_depth;
    };
  }
  if (pattern == "alltoall") {
    // The counts (a small all-to-all, as costly as an allreduce), then p - 1 messages of the
    // records a rank sends each other rank when keys are uniform: 16 n / p^2 bytes.
    return [&network, n, netcal_depth](const NetworkDraw& d, int p) {
      if (p < 2) return 0.0;
      const double bytes = 16 * n / (static_cast<double>(p) * p);
      return d.allreduce_s * std::log2(p) / netcal_depth + (p - 1) * message_s(network, d, bytes);
    };
  }
  if (pattern == "shared_counter") {
    // Each claim is a round trip of 8 bytes to rank 0; a rank claims its share of the tasks and
    // once more to find the queue empty.
    const double chunk = param("chunk", 1);
    return [&network, n, chunk](const NetworkDraw& d, int p) {
      if (p < 2) return 0.0;
      return (n / chunk / p + 1) * 2 * message_s(network, d, 8);
    };
  }
  return std::nullopt;
}

Interval percentile_interval(std::vector<double> draws, double estimate) {
  std::sort(draws.begin(), draws.end());
  const auto at = [&draws](double q) {
    return draws[static_cast<std::size_t>(q * static_cast<double>(draws.size() - 1))];
  };
  return {estimate, at(0.025), at(0.975), 0.95};
}

}  // namespace

std::vector<CommModel> predict_communication(const Results& results, int largest_ranks) {
  std::map<SeriesKey, std::vector<MeasuredPoint>> series;
  for (MeasuredPoint& m : measured_points(results)) {
    if (m.point().backend == kMpiBackend) series[series_key(m.point())].push_back(std::move(m));
  }
  const nlohmann::json netcal =
      results.manifest.value("sweep", nlohmann::json::object()).value("netcal", nlohmann::json());
  std::vector<CommModel> models;
  for (auto& [key, points] : series) {
    std::sort(points.begin(), points.end(), [](const MeasuredPoint& a, const MeasuredPoint& b) {
      return a.point().ranks < b.point().ranks;
    });
    CommModel model;
    model.series = points.front().point().series();
    model.threads_per_rank = key.threads_per_rank;
    model.key = key;
    model.communication = results.traits(key.kernel).communication;
    const auto baseline = std::find_if(points.begin(), points.end(), [](const MeasuredPoint& m) {
      return m.point().ranks == 1 && m.fit_exclusions().empty();
    });
    if (!netcal.is_object() || !netcal.contains("fit")) {
      model.refusal = "no network calibration: run with --netcal DIR (scalebench netcal's output)";
    } else if (baseline == points.end()) {
      model.refusal = "no eligible 1-rank point to take the compute term from";
    }
    std::optional<Network> network;
    std::optional<CommTerm> comm;
    if (model.refusal.empty()) {
      network = read_network(netcal.at("fit"));
      comm = comm_term(model.communication, baseline->point(), *network);
      if (!comm) model.refusal = fmt::format("no message model for '{}'", model.communication);
    }
    if (!model.refusal.empty()) {
      models.push_back(std::move(model));
      continue;
    }
    model.fitted = true;
    const LevelEstimate one = baseline->level();
    const double sync_per_level = 1 / std::log2(network->ranks);
    // T_1's share that is work: its compute phase, and the local work inside its communication
    // calls (an all-to-all with oneself is a copy); both divide among p ranks. Its 1-rank sync (a
    // barrier of one) is left out. Measured shares of the slowest (only) rank.
    // Without a compute phase recorded, all of T_1 is compute; a phase not recorded took no time.
    const std::optional<double> compute_1 = median_measure(*baseline, "compute_s_max");
    const double local_comm_1 = median_measure(*baseline, "comm_s_max").value_or(0.0);
    const double sync_1 = median_measure(*baseline, "sync_s_max").value_or(0.0);
    const double phases_1 = compute_1 ? *compute_1 + local_comm_1 + sync_1 : 0.0;
    const double compute_share = phases_1 > 0 ? *compute_1 / phases_1 : 1.0;
    const double local_comm_share = phases_1 > 0 ? local_comm_1 / phases_1 : 0.0;
    const auto terms = [&](double t1, const NetworkDraw& d, int p) {
      return std::array<double, 3>{t1 * compute_share / p,
                                   t1 * local_comm_share / p + (*comm)(d, p),
                                   d.barrier_s * sync_per_level * std::log2(p)};
    };
    std::vector<int> rank_counts;
    for (const MeasuredPoint& m : points) rank_counts.push_back(m.point().ranks);
    const int largest_measured = rank_counts.back();
    for (int p = 1; p <= std::min(largest_ranks, 8 * largest_measured); p *= 2) {
      if (p > largest_measured) rank_counts.push_back(p);
    }
    std::mt19937_64 engine(kSeed);
    std::student_t_distribution<double> t_draw(std::isfinite(one.dof) && one.dof > 0 ? one.dof
                                                                                     : 1e6);
    std::vector<double> t1_draws;
    std::vector<NetworkDraw> network_draws;
    for (int i = 0; i < kDraws; ++i) {
      t1_draws.push_back(std::exp(one.log_mean + one.log_se * t_draw(engine)));
      network_draws.push_back(network_draw(*network, &engine));
    }
    const NetworkDraw estimate = network_draw(*network, nullptr);
    for (int p : rank_counts) {
      RankPrediction prediction;
      prediction.ranks = p;
      prediction.beyond_measured = p > largest_measured;
      const std::array<double, 3> point = terms(one.interval.estimate, estimate, p);
      std::array<std::vector<double>, 3> term_draws;
      std::vector<double> total_draws;
      for (int i = 0; i < kDraws; ++i) {
        const std::array<double, 3> t = terms(t1_draws[i], network_draws[i], p);
        for (std::size_t k = 0; k < 3; ++k) term_draws[k].push_back(t[k]);
        total_draws.push_back(t[0] + t[1] + t[2]);
      }
      prediction.predicted_s = percentile_interval(total_draws, point[0] + point[1] + point[2]);
      const auto measured = std::find_if(points.begin(), points.end(), [p](const MeasuredPoint& m) {
        return m.point().ranks == p && m.fit_exclusions().empty();
      });
      const char* names[3] = {"compute", "comm", "sync"};
      double worst = -1;
      for (std::size_t k = 0; k < 3; ++k) {
        ModelTerm term{names[k], percentile_interval(term_draws[k], point[k]), std::nullopt};
        if (measured != points.end()) {
          const std::optional<double> value =
              median_measure(*measured, std::string(names[k]) + "_s_max");
          if (value) {
            term.measured_s = *value;
            // The worst term is judged by the time it misses by, not its ratio: a 1 us term off
            // by a factor of 3 matters less than a 1 ms term off by 20%.
            const double missed_s = std::fabs(*value - point[k]);
            if (missed_s > worst) {
              worst = missed_s;
              prediction.worst_term = names[k];
            }
          }
        }
        prediction.terms.push_back(term);
      }
      if (measured != points.end()) {
        prediction.measured_s = measured->level();
        const double value = prediction.measured_s->interval.estimate;
        prediction.within =
            value >= prediction.predicted_s.low && value <= prediction.predicted_s.high;
        // Measured over predicted, with both uncertainties: the prediction's (the spread of the
        // draws' logs) and the measurement's own between processes (its t on its dof).
        double sum = 0, squares = 0;
        for (double d : total_draws) {
          sum += std::log(d);
          squares += std::log(d) * std::log(d);
        }
        const double mean = sum / kDraws;
        const double predicted_se = std::sqrt(std::max(0.0, squares / kDraws - mean * mean));
        const LevelEstimate& m = *prediction.measured_s;
        const double log_ratio = m.log_mean - std::log(prediction.predicted_s.estimate);
        const double half =
            t_critical(m.dof > 0 ? m.dof : 1, 0.95) * std::hypot(predicted_se, m.log_se);
        prediction.measured_over_predicted = {std::exp(log_ratio), std::exp(log_ratio - half),
                                              std::exp(log_ratio + half), 0.95};
        prediction.consistent = prediction.measured_over_predicted->low <= 1 &&
                                prediction.measured_over_predicted->high >= 1;
      }
      model.predictions.push_back(std::move(prediction));
    }
    models.push_back(std::move(model));
  }
  return models;
}

nlohmann::json to_json(const CommModel& model) {
  nlohmann::json j = {{"series", model.series},
                      {"threads_per_rank", model.threads_per_rank},
                      {"communication", model.communication},
                      {"fitted", model.fitted},
                      {"refusal", model.refusal},
                      {"predictions", nlohmann::json::array()}};
  for (const RankPrediction& p : model.predictions) {
    nlohmann::json row = {{"ranks", p.ranks},
                          {"predicted_s", p.predicted_s},
                          {"beyond_measured", p.beyond_measured},
                          {"terms", nlohmann::json::array()}};
    for (const ModelTerm& t : p.terms) {
      row["terms"].push_back(
          {{"name", t.name},
           {"predicted_s", t.predicted_s},
           {"measured_s", t.measured_s ? nlohmann::json(*t.measured_s) : nlohmann::json()}});
    }
    if (p.measured_s) {
      row["measured_s"] = p.measured_s->interval;
      row["within"] = *p.within;
      row["consistent"] = *p.consistent;
      row["measured_over_predicted"] = *p.measured_over_predicted;
      row["worst_term"] = p.worst_term;
    }
    j["predictions"].push_back(row);
  }
  return j;
}

}  // namespace sb
