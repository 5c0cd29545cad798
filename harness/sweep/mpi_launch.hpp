// How scalebench starts an MPI job: mpirun (Open MPI's, from openmpi-bin) running scalebench-rank,
// with what Open MPI needs here. scalebench itself never links MPI.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sb {

// Facts about this machine and user that change the mpirun command.
struct MpiLauncherFacts {
  std::string mpirun;                // resolved path
  std::string version;               // its first line of --version
  bool running_as_root = false;      // Open MPI refuses root unless told twice
  bool single_copy_blocked = false;  // process_vm_readv refused (containers): vader's CMA fails
  int usable_cores = 1;              // this host's, for --oversubscribe without a hostfile
};

struct MpiJob {
  int ranks = 2;
  std::filesystem::path hostfile;      // empty: every rank on this host
  int usable_cores = 1;                // this host's, when there is no hostfile
  int timeout_s = 0;                   // > 0: mpirun ends the job (every rank) after this long
  std::vector<std::string> rank_argv;  // the rank program and its arguments
};

// mpirun's own binding is off (--bind-to none): each rank binds itself and reports where it ran.
// Past this host's usable cores without a hostfile, --oversubscribe: Open MPI counts a slot a
// core, not a hardware thread (the ranks' own binding still applies, and marks them
// oversubscribed past the PUs). --timeout: mpirun kills its own ranks, which run in process
// groups of their own that killing mpirun's group would miss.
std::vector<std::string> mpirun_argv(const MpiJob& job, const MpiLauncherFacts& facts);

// NAME=VALUE settings for mpirun's environment: OMPI_ALLOW_RUN_AS_ROOT{,_CONFIRM}=1 as root, and
// OMPI_MCA_btl_vader_single_copy_mechanism=none where single copy is blocked (unless the user set
// it). Open MPI passes OMPI_MCA_ settings on to every rank.
std::vector<std::string> mpirun_settings(const MpiLauncherFacts& facts);

// Finds mpirun on PATH and probes the machine, once a process (the facts do not change while a
// sweep runs). Throws ConfigError naming what to install when there is no mpirun, or when it is
// not Open MPI's (the flags and the rank program are).
const MpiLauncherFacts& mpi_launcher();

// Whether this process may read another process's memory with process_vm_readv (Open MPI's CMA
// single copy): a forked child is asked.
bool single_copy_allowed();

// scalebench-rank beside this binary, or in ../libexec/scalebench/ once installed. Throws
// ConfigError when this build has none (configured without MPI).
std::filesystem::path rank_program();

// For the manifest: the launcher, its version line and the settings used.
nlohmann::json mpi_manifest(const MpiLauncherFacts& facts);

}  // namespace sb
