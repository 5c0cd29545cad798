// A worker group run in a child process, checkpointed point by point.
//
// The child appends each finished point to DIR/.group-N.points.jsonl (one JSON object a line,
// flushed to disk), so a sweep killed at any moment loses at most the point that was running.
// The parent watches that file and rewrites results.json as points arrive. Ctrl-C or SIGTERM
// reach the parent, which asks the child (SIGUSR1) to stop after its running repetition; the
// child dies with the parent if the parent is killed outright.
#pragma once

#include <filesystem>
#include <vector>

#include "harness/results/results.hpp"
#include "harness/sweep/executor.hpp"
#include "harness/sweep/group_runner.hpp"

namespace sb {

// Runs each group in `scalebench worker`, the executable this process runs.
class WorkerProcessRunner final : public GroupRunner {
 public:
  WorkerOutcome run(const GroupSpec& group, const std::filesystem::path& dir, int index,
                    const PointsSoFar& on_points) override;
};

// Child side of `scalebench worker`: runs the spec on the executor it names, checkpointing each
// point to `checkpoint`.
void run_worker(const std::filesystem::path& spec_file, const std::filesystem::path& checkpoint);

// Runs `spec` on `executor`, appending each finished point to `checkpoint` as one line, flushed
// to disk. What the child does, and what an in-process runner does in tests.
void run_checkpointed(const GroupSpec& spec, Executor& executor,
                      const std::filesystem::path& checkpoint);

// The points in a checkpoint file. A last line without its newline (the process died while
// writing it) is ignored; a complete line that is not a valid point throws ConfigError naming the
// file and line, rather than dropping it and everything after it.
std::vector<Point> read_checkpoint(const std::filesystem::path& file);
std::filesystem::path checkpoint_path(const std::filesystem::path& dir, int index);

// Whether `file` is one a worker group writes beside results.json (its spec or its checkpoint).
bool is_group_file(const std::filesystem::path& file);

// Where rank 0 of the MPI job writing `checkpoint` records its hosts, one host_manifest each.
std::filesystem::path hosts_file(const std::filesystem::path& checkpoint);

// Moves what every hosts file in `dir` holds into manifest.mpi.hosts (keyed by host name), and
// removes the files.
void collect_hosts(const std::filesystem::path& dir, nlohmann::json& manifest);

}  // namespace sb
