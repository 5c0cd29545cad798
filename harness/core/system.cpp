#include "harness/core/system.hpp"

#include <unistd.h>

#include <array>
#include <chrono>
#include <ctime>

namespace sb {

std::string host_name() {
  std::array<char, 256> name{};
  return gethostname(name.data(), name.size()) == 0 ? name.data() : "unknown";
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text.data();
}

double unix_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace sb
