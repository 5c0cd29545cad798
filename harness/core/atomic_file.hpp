// Results are never half-written: write a temporary file beside the target, flush it to disk,
// then rename it over the target.
#pragma once

#include <filesystem>
#include <string_view>

namespace sb {

// Throws ConfigError when the directory is not writable.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// Creates `dir` if needed and proves a file can be written there. Throws ConfigError otherwise.
void ensure_writable_directory(const std::filesystem::path& dir);

}  // namespace sb
