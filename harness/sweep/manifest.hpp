// The machine manifest: everything a reviewer needs to know about where numbers came from.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "harness/machine/topology.hpp"

namespace sb {

// Host, CPU, topology, allowed cpuset, compiler and flags, library versions, OMP_*/GOMP_*/KMP_*
// and TBB_* environment variables, git revision, platform (OS, kernel, memory, frequency scaling,
// huge pages, virtualisation, SMT). Times are added by the sweep.
nlohmann::json collect_manifest(const Topology& topology);

// The part of it that describes one host: host, cpu_model, topology, allowed_cpuset. Every host
// of an MPI job records its own (manifest.mpi.hosts).
nlohmann::json host_manifest(const Topology& topology);

// The commit this binary was built from and whether the tree had uncommitted changes then;
// null for a build outside a git checkout (a tarball, `git archive` output, no git).
nlohmann::json git_revision();
// The same from a commit ("" outside a checkout) and its dirty flag.
nlohmann::json git_revision(std::string_view commit, bool dirty);

// Library name -> version, as built and as linked at run time.
nlohmann::json linked_libraries();

// What `scalebench --version` prints: version, build revision (or "unknown"), compiler, libraries.
std::string version_text();
// The same for a given git_revision() value.
std::string version_text(const nlohmann::json& git);

}  // namespace sb
