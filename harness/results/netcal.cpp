#include "harness/results/netcal.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "harness/core/atomic_file.hpp"
#include "harness/core/error.hpp"

namespace sb {

void to_json(nlohmann::json& j, const RankPlacement& p) {
  j = {{"rank", p.rank},
       {"local_rank", p.local_rank},
       {"host", p.host},
       {"requested_pus", p.requested_pus},
       {"observed_pus", p.observed_pus},
       {"bound", p.bound},
       {"oversubscribed", p.oversubscribed}};
}

void from_json(const nlohmann::json& j, RankPlacement& p) {
  j.at("rank").get_to(p.rank);
  j.at("local_rank").get_to(p.local_rank);
  j.at("host").get_to(p.host);
  j.at("requested_pus").get_to(p.requested_pus);
  j.at("observed_pus").get_to(p.observed_pus);
  j.at("bound").get_to(p.bound);
  j.at("oversubscribed").get_to(p.oversubscribed);
}

namespace {

nlohmann::json collective_json(const CollectiveSamples& c) {
  return {{"calls", c.calls}, {"seconds_per_call", c.seconds_per_call}, {"verified", c.verified}};
}

CollectiveSamples collective_from(const nlohmann::json& j) {
  CollectiveSamples c;
  j.at("calls").get_to(c.calls);
  j.at("seconds_per_call").get_to(c.seconds_per_call);
  j.at("verified").get_to(c.verified);
  return c;
}

}  // namespace

void to_json(nlohmann::json& j, const NetcalLaunch& l) {
  nlohmann::json pingpong = nlohmann::json::array();
  for (const PingPongSamples& s : l.pingpong) {
    pingpong.push_back({{"bytes", s.bytes},
                        {"round_trips", s.round_trips},
                        {"one_way_s", s.one_way_s},
                        {"verified", s.verified}});
  }
  j = {{"launch", l.launch},
       {"ranks", l.ranks},
       {"placement", l.placement},
       {"pingpong", pingpong},
       {"barrier", collective_json(l.barrier)},
       {"allreduce", collective_json(l.allreduce)},
       {"wall_s", l.wall_s},
       {"error", l.error}};
}

void from_json(const nlohmann::json& j, NetcalLaunch& l) {
  j.at("launch").get_to(l.launch);
  j.at("ranks").get_to(l.ranks);
  j.at("placement").get_to(l.placement);
  for (const nlohmann::json& s : j.at("pingpong")) {
    PingPongSamples samples;
    s.at("bytes").get_to(samples.bytes);
    s.at("round_trips").get_to(samples.round_trips);
    s.at("one_way_s").get_to(samples.one_way_s);
    s.at("verified").get_to(samples.verified);
    l.pingpong.push_back(std::move(samples));
  }
  l.barrier = collective_from(j.at("barrier"));
  l.allreduce = collective_from(j.at("allreduce"));
  j.at("wall_s").get_to(l.wall_s);
  j.at("error").get_to(l.error);
}

void write_netcal_results(const std::filesystem::path& path, const NetcalResults& results) {
  const nlohmann::json j = {{"schema", kNetcalSchema},
                            {"manifest", results.manifest},
                            {"ranks", results.ranks},
                            {"repetitions", results.repetitions},
                            {"launches", results.launches}};
  write_file_atomically(path, j.dump(1) + "\n");
}

NetcalResults read_netcal_results(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(fmt::format("cannot read {}", path.string()));
  std::stringstream text;
  text << in.rdbuf();
  try {
    const nlohmann::json j = nlohmann::json::parse(text.str());
    if (j.at("schema") != kNetcalSchema) {
      throw ConfigError(fmt::format("{} is not a netcal results file (schema {}, expected {})",
                                    path.string(), j.at("schema").dump(), kNetcalSchema));
    }
    NetcalResults results;
    results.manifest = j.at("manifest");
    j.at("ranks").get_to(results.ranks);
    j.at("repetitions").get_to(results.repetitions);
    j.at("launches").get_to(results.launches);
    return results;
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError(
        fmt::format("{} is not a readable netcal results file: {}", path.string(), e.what()));
  }
}

}  // namespace sb
