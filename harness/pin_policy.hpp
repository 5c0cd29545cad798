// How workers are placed on processing units (PUs).
#pragma once

#include <string_view>

namespace sb {

enum class PinPolicy {
  compact,  // fill cores in order, one PU a core, before any SMT sibling
  scatter,  // spread across packages and NUMA nodes first, then fill
  none,     // leave placement to the OS (observed PUs are still recorded)
};

constexpr std::string_view format_as(PinPolicy policy) {
  switch (policy) {
    case PinPolicy::compact:
      return "compact";
    case PinPolicy::scatter:
      return "scatter";
    case PinPolicy::none:
      return "none";
  }
  return "?";
}

// Throws ConfigError naming the unknown policy.
PinPolicy parse_pin_policy(std::string_view text);

}  // namespace sb
