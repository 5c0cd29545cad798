// What identifies the program `exec` measured, for the manifest: its resolved path, size and
// SHA-256, its version text, and the environment that can change how it runs (an allow-list,
// never the whole environment, which may hold secrets and ends up in files attached to reviews).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sb {

// `name` as execvp would find it: a path when it holds a '/', else the first match on PATH.
// Throws ConfigError when it does not exist or is not an executable file.
std::filesystem::path resolve_executable(const std::string& name);

// Lower-case hex SHA-256 of a file's bytes. Throws ConfigError when it cannot be read.
std::string sha256_of_file(const std::filesystem::path& file);

// Whether an environment variable can change how a parallel program runs (OMP_*, GOMP_*, KMP_*,
// TBB_*, MKL_*, OPENBLAS_*, GOMAXPROCS, RAYON_NUM_THREADS, LD_PRELOAD, ...).
bool relevant_environment_variable(const std::string& name);

// The allow-listed variables of this process's environment, by name.
nlohmann::json relevant_environment();

// The environment a program runs in: ours, with `set` (NAME=VALUE) laid over it.
std::vector<std::string> environment_with(const std::vector<std::string>& set);

}  // namespace sb
