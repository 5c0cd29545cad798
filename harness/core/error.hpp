// Error policy, stated once:
//  - a broken invariant is a bug: it asserts;
//  - a configuration or environment problem (bad flag, bad file, unusable machine state) throws
//    sb::ConfigError, which only main() catches: one line on stderr, exit status 2;
//  - a failed run (verification failure, crashed worker) is recorded in the results, never thrown.
#pragma once

#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace sb {

class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(const std::string& message) : std::runtime_error(message) {}
};

template <typename... Args>
[[noreturn]] void config_error(fmt::format_string<Args...> format, Args&&... args) {
  throw ConfigError(fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace sb
