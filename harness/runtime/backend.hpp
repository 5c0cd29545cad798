// The ways a kernel can run: the sequential reference and each registered parallel runtime. A
// backend is a name; what it does (its worker pool, pinning and first touch) is registered by its
// runtime file (team_runtime.hpp), so nothing here lists the backends there are.
#pragma once

#include <compare>
#include <string_view>
#include <vector>

namespace sb {

class Backend {
 public:
  // The sequential reference and the two runtimes every kernel has. Another backend declares its
  // own constant beside its runtime (stdpar_runtime.hpp).
  static const Backend seq, omp, tbb;

  constexpr Backend() = default;
  constexpr explicit Backend(std::string_view name) : name_(name) {}
  constexpr std::string_view name() const { return name_; }
  constexpr bool operator==(const Backend& other) const { return name_ == other.name_; }
  constexpr auto operator<=>(const Backend& other) const { return name_ <=> other.name_; }

 private:
  std::string_view name_ = "seq";  // static storage: a literal
};

inline constexpr Backend Backend::seq{"seq"};
inline constexpr Backend Backend::omp{"omp"};
inline constexpr Backend Backend::tbb{"tbb"};

constexpr std::string_view format_as(Backend backend) { return backend.name(); }

// A registered backend by name. Throws ConfigError naming the unknown backend and the known ones.
Backend parse_backend(std::string_view text);

// Every registered backend, the sequential reference first, then in registration order.
std::vector<Backend> registered_backends();

}  // namespace sb
