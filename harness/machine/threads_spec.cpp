#include "harness/machine/threads_spec.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "harness/core/error.hpp"

namespace sb {
namespace {

int parse_count(std::string_view token, std::string_view whole) {
  int value = 0;
  const char* end = token.data() + token.size();
  auto [ptr, ec] = std::from_chars(token.data(), end, value);
  if (token.empty() || ec == std::errc::result_out_of_range) {
    config_error("invalid thread count '{}' in '{}'", token, whole);
  }
  if (ec != std::errc() || ptr != end) {
    config_error("invalid thread count '{}' in '{}' (expected a positive integer)", token, whole);
  }
  if (value < 1) config_error("thread count {} in '{}' must be at least 1", value, whole);
  if (value > kMaxThreads) {
    config_error("thread count {} in '{}' exceeds the cap of {}", value, whole, kMaxThreads);
  }
  return value;
}

}  // namespace

std::vector<int> parse_thread_list(std::string_view text) {
  if (text.empty()) config_error("empty thread list");
  std::vector<int> threads;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view item = text.substr(start, comma - start);
    const std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) {
      threads.push_back(parse_count(item, text));
    } else {
      const int first = parse_count(item.substr(0, colon), text);
      const int last = parse_count(item.substr(colon + 1), text);
      if (last < first) config_error("thread range '{}' runs backwards", item);
      for (int t = first; t <= last; ++t) threads.push_back(t);
    }
    start = comma + 1;
  }
  std::sort(threads.begin(), threads.end());
  auto duplicate = std::adjacent_find(threads.begin(), threads.end());
  if (duplicate != threads.end()) {
    config_error("thread count {} appears twice in '{}'", *duplicate, text);
  }
  return threads;
}

std::vector<int> default_thread_list(const Topology& topology) {
  std::vector<int> threads;
  for (int t = 1; t <= std::max(1, topology.usable_core_count()); ++t) threads.push_back(t);
  return threads;
}

}  // namespace sb
