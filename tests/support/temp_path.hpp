// A temporary path unique to this test process, so that tests running at once (ctest -j, two
// builds on one machine) never share a file.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace sb::test {

inline std::filesystem::path temp_path(std::string_view name) {
  return std::filesystem::temp_directory_path() /
         ("scalebench-" + std::string(name) + "-" + std::to_string(getpid()));
}

}  // namespace sb::test
