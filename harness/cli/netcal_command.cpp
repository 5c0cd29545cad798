// `scalebench netcal --out DIR`: ping-pong and collective latencies across MPI ranks, launch by
// launch, fitted to the Hockney model (docs/netcal.md). Writes DIR/netcal.json (what was
// measured), DIR/netcal-fit.json and DIR/netcal.md (the fit, from netcal.json read back).
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <string>

#include "harness/analysis/hockney.hpp"
#include "harness/cli/commands.hpp"
#include "harness/core/atomic_file.hpp"
#include "harness/core/error.hpp"
#include "harness/core/number_format.hpp"
#include "harness/machine/topology.hpp"
#include "harness/report/netcal_markdown.hpp"
#include "harness/results/netcal.hpp"
#include "harness/results/output_lock.hpp"
#include "harness/sweep/command_executor.hpp"
#include "harness/sweep/manifest.hpp"
#include "harness/sweep/mpi_launch.hpp"
#include "harness/sweep/program_identity.hpp"
#include "harness/sweep/program_launcher.hpp"

namespace sb::cli {
namespace {

struct NetcalFlags {
  std::string out, hostfile;
  int ranks = 2, launches = 5, repetitions = 10;
  long long max_bytes = 4 << 20;
  double repetition_target_s = 0.002, timeout_s = 300;
  bool force = false;
};

std::vector<std::size_t> message_sizes(long long max_bytes) {
  std::vector<std::size_t> sizes;
  for (std::size_t bytes = 1; bytes <= static_cast<std::size_t>(max_bytes); bytes *= 2) {
    sizes.push_back(bytes);
  }
  return sizes;
}

void validate(const NetcalFlags& f) {
  if (f.ranks < 2) config_error("--ranks must be at least 2 (got {})", f.ranks);
  // Launches are what the intervals count: one launch has none.
  if (f.launches < 2) config_error("--launches must be at least 2 (got {})", f.launches);
  if (f.repetitions < 2) config_error("--repetitions must be at least 2 (got {})", f.repetitions);
  if (f.max_bytes < 4 || f.max_bytes > (1LL << 30)) {
    config_error("--max-bytes must be from 4 to 1073741824 (got {})", f.max_bytes);
  }
  if (!(f.repetition_target_s > 0 && f.repetition_target_s <= 10)) {
    config_error("--repetition-time must be above 0 and at most 10 seconds");
  }
  if (!(f.timeout_s > 0)) config_error("--timeout must be above 0 seconds");
  if (f.out.empty()) config_error("--out names no directory");
  if (!f.hostfile.empty() && !std::filesystem::is_regular_file(f.hostfile)) {
    config_error("--hostfile {}: no such file", f.hostfile);
  }
}

NetcalLaunch run_launch(ProgramLauncher& launcher, const NetcalFlags& f,
                        const MpiLauncherFacts& facts, int index) {
  const std::filesystem::path dir = f.out;
  // Absolute: rank 0 writes it from its own working directory (the same file system is assumed
  // on a cluster, docs/netcal.md).
  const std::filesystem::path samples_file =
      std::filesystem::absolute(dir / fmt::format(".netcal-launch-{}.json", index));
  const std::filesystem::path stderr_file = dir / fmt::format(".netcal-launch-{}.stderr", index);
  std::filesystem::remove(samples_file);
  MpiJob job;
  job.ranks = f.ranks;
  job.hostfile = f.hostfile;
  job.usable_cores = facts.usable_cores;
  // mpirun ends its ranks itself; ours is the backstop should mpirun hang.
  job.timeout_s = static_cast<int>(std::ceil(f.timeout_s));
  std::vector<std::string> sizes;
  for (const std::size_t bytes : message_sizes(f.max_bytes)) sizes.push_back(std::to_string(bytes));
  job.rank_argv = {rank_program().string(),
                   "netcal",
                   "--out",
                   samples_file.string(),
                   "--sizes",
                   fmt::format("{}", fmt::join(sizes, ",")),
                   "--repetitions",
                   std::to_string(f.repetitions),
                   "--target-s",
                   fmt::format("{}", f.repetition_target_s)};
  LaunchRequest request;
  request.executable = facts.mpirun;
  request.argv = mpirun_argv(job, facts);
  request.environment = environment_with(mpirun_settings(facts));
  request.planned_threads = f.ranks;
  request.stderr_file = stderr_file;
  request.timeout_s = f.timeout_s + 30;
  const LaunchResult result = launcher.launch(request);

  NetcalLaunch launch;
  if (result.succeeded()) {
    try {
      launch = nlohmann::json::parse(read_tail(samples_file, 64 << 20)).get<NetcalLaunch>();
    } catch (const nlohmann::json::exception& e) {
      launch.error = fmt::format("rank 0 wrote no readable samples: {}", e.what());
    }
  } else {
    launch.error = result.start_error.empty() ? result.failure() : result.start_error;
    const std::string tail = tail_of(stderr_file);
    if (!tail.empty()) launch.error += ": " + tail;
  }
  launch.launch = index;
  if (!launch.error.empty()) launch.ranks = f.ranks;  // otherwise as rank 0 counted them
  launch.wall_s = result.wall_s;
  std::filesystem::remove(samples_file);
  std::filesystem::remove(stderr_file);
  return launch;
}

int run_netcal(const NetcalFlags& f) {
  validate(f);
  // A build or machine without MPI is refused before the output directory exists.
  rank_program();
  const MpiLauncherFacts& facts = mpi_launcher();
  ensure_writable_directory(f.out);
  OutputLock lock = OutputLock::acquire(f.out, "netcal");
  const std::filesystem::path results_file = std::filesystem::path(f.out) / "netcal.json";
  if (std::filesystem::exists(results_file) && !f.force) {
    config_error("{} exists: pass --force to replace it", results_file.string());
  }
  const Topology topology = Topology::load_for_this_process();

  NetcalResults results;
  results.ranks = f.ranks;
  results.repetitions = f.repetitions;
  results.manifest = collect_manifest(topology);
  results.manifest["mpi"] = mpi_manifest(facts);
  results.manifest["mpi"]["hostfile"] =
      f.hostfile.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.hostfile);
  lock.set_phase("measuring");
  const std::unique_ptr<ProgramLauncher> launcher = make_process_launcher();
  for (int k = 0; k < f.launches; ++k) {
    NetcalLaunch launch = run_launch(*launcher, f, facts, k);
    fmt::print(stderr, "netcal: launch {} of {}: {}\n", k + 1, f.launches,
               launch.error.empty() ? fmt::format("{:.1f} s", launch.wall_s) : launch.error);
    results.launches.push_back(std::move(launch));
  }
  write_netcal_results(results_file, results);

  // The analysis reads back what was written, as `analyze` would.
  lock.set_phase("analysing");
  const NetcalResults written = read_netcal_results(results_file);
  const HockneyFit fit = fit_hockney(written);
  // With the rank count its collectives were timed at, for the communication-aware model.
  nlohmann::json fit_json = to_json(fit);
  fit_json["ranks"] = f.ranks;
  write_file_atomically(std::filesystem::path(f.out) / "netcal-fit.json", fit_json.dump(1) + "\n");
  write_file_atomically(std::filesystem::path(f.out) / "netcal.md", netcal_markdown(written, fit));
  if (!fit.fitted) {
    fmt::print(stderr, "netcal: no fit: {} (see {}/netcal.md)\n", fit.refusal, f.out);
    return 1;
  }
  for (const HockneySegment& s : fit.segments) {
    fmt::print("{} to {} bytes: alpha {}, bandwidth {} GB/s\n", s.from_bytes, s.to_bytes,
               time_interval_text(s.alpha_s),
               interval_text(s.bandwidth_bytes_per_s, "{:.2f}", 1e-9));
  }
  fmt::print("barrier {}, allreduce {}\nwrote {}/netcal.json, netcal-fit.json and netcal.md\n",
             time_interval_text(fit.barrier_s.interval),
             time_interval_text(fit.allreduce_s.interval), f.out);
  return 0;
}

}  // namespace

void add_netcal_command(CLI::App& app, int& exit_status) {
  auto flags = std::make_shared<NetcalFlags>();
  auto* netcal = app.add_subcommand(
      "netcal", "measure MPI ping-pong, barrier and allreduce latency and fit alpha + beta n");
  netcal->add_option("--out", flags->out, "output directory (netcal.json, netcal.md)")->required();
  netcal->add_option("--ranks", flags->ranks, "MPI ranks (ping-pong between ranks 0 and 1)");
  netcal->add_option("--launches", flags->launches,
                     "mpirun launches: the unit the intervals count");
  netcal->add_option("--repetitions", flags->repetitions, "timed repetitions a size, each launch");
  netcal->add_option("--max-bytes", flags->max_bytes, "largest message (sizes are powers of 2)");
  netcal->add_option("--repetition-time", flags->repetition_target_s,
                     "seconds a repetition lasts (rank 0 sets the round trips to reach it)");
  netcal->add_option("--hostfile", flags->hostfile, "Open MPI hostfile: ranks across hosts");
  netcal->add_option("--timeout", flags->timeout_s, "seconds before a launch is killed");
  netcal->add_flag("--force", flags->force, "replace an existing netcal.json");
  netcal->final_callback([flags, &exit_status] { exit_status = run_netcal(*flags); });
}

}  // namespace sb::cli
