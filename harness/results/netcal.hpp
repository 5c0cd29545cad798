// The results of `scalebench netcal` (docs/netcal.md): ping-pong and collective latencies measured
// across MPI ranks, launch by launch, with each rank's placement. Written to DIR/netcal.json by the
// command and read back by the analysis, like results.json.
#pragma once

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sb {

inline constexpr const char* kNetcalSchema = "scalebench-netcal/1";

// Where a rank asked to run and where it was seen running.
struct RankPlacement {
  int rank = 0;
  int local_rank = 0;
  std::string host;
  std::vector<int> requested_pus;  // OS indices the rank bound itself to
  std::vector<int> observed_pus;   // where its sampling saw it (sorted)
  bool bound = false;              // the OS accepted the binding
  bool oversubscribed = false;     // more ranks on its host than usable PUs
};

struct PingPongSamples {
  std::size_t bytes = 0;
  int round_trips = 0;            // in each repetition
  std::vector<double> one_way_s;  // per repetition: its time over 2 x round_trips
  bool verified = false;          // an untimed round trip came back as the partner's transform
};

struct CollectiveSamples {
  int calls = 0;                         // in each repetition
  std::vector<double> seconds_per_call;  // per repetition: the slowest rank's time over calls
  bool verified = false;
};

// One mpirun launch: the unit that the intervals count (a fresh set of processes).
struct NetcalLaunch {
  int launch = 0;
  int ranks = 0;
  std::vector<RankPlacement> placement;
  std::vector<PingPongSamples> pingpong;
  CollectiveSamples barrier, allreduce;  // barrier; allreduce of one double
  double wall_s = 0;                     // the whole launch, mpirun included
  std::string error;                     // set when the launch failed: nothing else is
};

struct NetcalResults {
  nlohmann::json manifest;  // the machine manifest, plus "mpi": mpirun, its version, settings
  int ranks = 2;
  int repetitions = 0;
  std::vector<NetcalLaunch> launches;
};

void to_json(nlohmann::json& j, const RankPlacement& placement);
void from_json(const nlohmann::json& j, RankPlacement& placement);
void to_json(nlohmann::json& j, const NetcalLaunch& launch);
void from_json(const nlohmann::json& j, NetcalLaunch& launch);

// Written atomically. Reading throws ConfigError naming the file and what is wrong with it.
void write_netcal_results(const std::filesystem::path& path, const NetcalResults& results);
NetcalResults read_netcal_results(const std::filesystem::path& path);

}  // namespace sb
