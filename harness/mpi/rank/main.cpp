// scalebench-rank: the program `scalebench` starts under mpirun, one process a rank. It binds
// itself (mpirun's binding is off), measures, and rank 0 writes what every rank measured to the
// file the parent named. Only scalebench calls it; its usage:
//   scalebench-rank netcal --out FILE --sizes BYTES,... --repetitions R --target-s SECONDS
//   scalebench-rank group --spec FILE --emit CHECKPOINT   (a sweep group of distributed kernels)
//   scalebench-rank pin --threads N --pus A,B/C,D -- PATH ARGV0 ARGS...  (`exec --ranks`)
#include <fmt/format.h>
#include <sched.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/atomic_file.hpp"
#include "harness/core/error.hpp"
#include "harness/machine/topology.hpp"
#include "harness/mpi/mpi_group.hpp"
#include "harness/mpi/mpi_session.hpp"
#include "harness/mpi/netcal_probe.hpp"
#include "harness/mpi/rank_placement.hpp"

namespace {

template <typename T>
T parse_number(std::string_view flag, std::string_view text) {
  T value{};
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (status != std::errc() || end != text.data() + text.size()) {
    throw sb::ConfigError(fmt::format("{}: not a number: '{}'", flag, text));
  }
  return value;
}

struct Arguments {
  std::string out;
  sb::NetcalProbeOptions netcal;
};

Arguments parse(int argc, char** argv) {
  if (argc < 2 || std::string_view(argv[1]) != "netcal") {
    throw sb::ConfigError("usage: scalebench-rank netcal --out FILE --sizes BYTES,... ...");
  }
  Arguments arguments;
  if ((argc - 2) % 2 != 0) throw sb::ConfigError("a flag without its value");
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i], value = argv[i + 1];
    if (flag == "--out") {
      arguments.out = value;
    } else if (flag == "--repetitions") {
      arguments.netcal.repetitions = parse_number<int>(flag, value);
    } else if (flag == "--target-s") {
      arguments.netcal.repetition_target_s = parse_number<double>(flag, value);
    } else if (flag == "--sizes") {
      for (std::size_t start = 0; start <= value.size();) {
        const std::size_t comma = std::min(value.find(',', start), value.size());
        arguments.netcal.message_bytes.push_back(
            parse_number<std::size_t>(flag, value.substr(start, comma - start)));
        start = comma + 1;
      }
    } else {
      throw sb::ConfigError(fmt::format("unknown flag '{}'", flag));
    }
  }
  if (arguments.out.empty()) throw sb::ConfigError("--out is required");
  const auto& sizes = arguments.netcal.message_bytes;
  if (sizes.empty() || !std::is_sorted(sizes.begin(), sizes.end()) || sizes.front() == 0) {
    throw sb::ConfigError("--sizes must be ascending byte counts above 0");
  }
  return arguments;
}

// `group --spec FILE --emit CHECKPOINT`: the sweep's group, as `scalebench worker` runs one.
void run_group(const sb::MpiSession& session, int argc, char** argv) {
  if (argc != 6 || std::string_view(argv[2]) != "--spec" || std::string_view(argv[4]) != "--emit") {
    throw sb::ConfigError("usage: scalebench-rank group --spec FILE --emit CHECKPOINT");
  }
  std::ifstream in(argv[3]);
  if (!in) throw sb::ConfigError(fmt::format("cannot read group spec {}", argv[3]));
  const sb::GroupSpec spec = nlohmann::json::parse(in).get<sb::GroupSpec>();
  if (spec.ranks != session.size()) {
    throw sb::ConfigError(fmt::format("the group is planned for {} ranks; this job has {}",
                                      spec.ranks, session.size()));
  }
  sb::run_mpi_group(session, spec, argv[5]);
}

// Parsed and checked on every rank alike, so every rank fails alike; what can fail on one rank
// only (its topology, its binding, the file rank 0 writes) ends the whole job with MPI_Abort.
int run(int argc, char** argv) {
  sb::MpiSession session(argc, argv);
  try {
    if (argc >= 2 && std::string_view(argv[1]) == "group") {
      run_group(session, argc, argv);
      return 0;
    }
    const Arguments arguments = parse(argc, argv);
    if (session.size() < 2) throw sb::ConfigError("netcal needs at least 2 ranks");
    const sb::Topology topology = sb::Topology::load_for_this_process();
    sb::RankPlacement placement = sb::bind_rank(session, topology);
    const sb::NetcalSamples samples = sb::run_netcal_probe(session, arguments.netcal, placement);
    const std::vector<sb::RankPlacement> placements = sb::gather_placements(session, placement);
    if (session.rank() == 0) {
      sb::NetcalLaunch launch;
      launch.ranks = session.size();
      launch.placement = placements;
      launch.pingpong = samples.pingpong;
      launch.barrier = samples.barrier;
      launch.allreduce = samples.allreduce;
      sb::write_file_atomically(arguments.out, nlohmann::json(launch).dump() + "\n");
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scalebench-rank: rank %d: error: %s\n", session.rank(), e.what());
    session.abort(2);
  }
  return 0;
}

// `pin --threads N --pus SLICES -- PATH ARGV0 ARGS...`: binds this process to its local rank's
// slice of the planned PUs (slices split by '/', PUs by ','; empty: unpinned), tells OpenMP its N
// threads and the same places, and becomes the user's program. No MPI here: the program is the
// MPI process.
[[noreturn]] void pin_and_exec(int argc, char** argv) {
  if (argc < 9 || std::string_view(argv[2]) != "--threads" ||
      std::string_view(argv[4]) != "--pus" || std::string_view(argv[6]) != "--") {
    throw sb::ConfigError(
        "usage: scalebench-rank pin --threads N --pus A,B/C,D -- PATH ARGV0 ARGS...");
  }
  // Here, not in mpirun's environment: Open MPI passes that to the ranks of this host only.
  setenv("OMP_NUM_THREADS", std::to_string(parse_number<int>("--threads", argv[3])).c_str(), 1);
  std::vector<std::vector<int>> slices;
  for (std::string_view rest = argv[5]; !rest.empty();) {
    const std::size_t slash = std::min(rest.find('/'), rest.size());
    std::vector<int>& slice = slices.emplace_back();
    for (std::string_view pus = rest.substr(0, slash); !pus.empty();) {
      const std::size_t comma = std::min(pus.find(','), pus.size());
      slice.push_back(parse_number<int>("--pus", pus.substr(0, comma)));
      pus = pus.substr(std::min(comma + 1, pus.size()));
    }
    rest = rest.substr(std::min(slash + 1, rest.size()));
  }
  if (!slices.empty()) {
    const char* local = std::getenv("OMPI_COMM_WORLD_LOCAL_RANK");
    const int rank = local ? parse_number<int>("OMPI_COMM_WORLD_LOCAL_RANK", local) : 0;
    const std::vector<int>& slice = slices[static_cast<std::size_t>(rank) % slices.size()];
    cpu_set_t set;
    CPU_ZERO(&set);
    std::string places;
    for (int pu : slice) {
      CPU_SET(pu, &set);
      places += fmt::format("{}{{{}}}", places.empty() ? "" : ",", pu);
    }
    if (sched_setaffinity(0, sizeof set, &set) != 0) {
      throw sb::ConfigError(fmt::format("cannot bind rank {} to PUs {}", rank, places));
    }
    setenv("OMP_PLACES", places.c_str(), 1);
    setenv("OMP_PROC_BIND", "close", 1);
  }
  execv(argv[7], argv + 8);
  throw sb::ConfigError(fmt::format("cannot run {}: {}", argv[7], std::strerror(errno)));
}

}  // namespace

int main(int argc, char** argv) {
  // Our parent is mpirun (or Open MPI's daemon on another host): if it is killed outright, end
  // with it rather than compute or wait in a collective for ever. Kept across exec.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  try {
    if (argc >= 2 && std::string_view(argv[1]) == "pin") pin_and_exec(argc, argv);
    return run(argc, argv);
  } catch (const std::exception& e) {  // MPI itself did not start
    std::fprintf(stderr, "scalebench-rank: error: %s\n", e.what());
    return 2;
  }
}
