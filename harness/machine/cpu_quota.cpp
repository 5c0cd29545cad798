#include "harness/machine/cpu_quota.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

#include "harness/core/numbers.hpp"

namespace sb {
namespace {

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

bool has_item(std::string_view list, std::string_view item) {
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    if (list.substr(start, comma - start) == item) return true;
    start = comma + 1;
  }
  return false;
}

std::string first_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

// One cgroup hierarchy holding a cpu controller: where it is mounted, and our place in it.
struct Hierarchy {
  bool v2 = false;
  std::filesystem::path mount_point;
  std::string mount_root;  // the part of the hierarchy the mount shows (a container's own subtree)
  std::string path;        // this process's cgroup, from /proc/self/cgroup
};

// quota / period when both are positive and the ratio finite; nullopt otherwise (-1: no limit).
std::optional<double> ratio(std::optional<double> quota, std::optional<double> period) {
  if (!quota || !period || !(*quota > 0) || !(*period > 0) || !std::isfinite(*quota / *period)) {
    return std::nullopt;
  }
  return *quota / *period;
}

// The quota one cgroup directory sets, if any.
std::optional<double> quota_in(const std::filesystem::path& dir, bool v2) {
  if (v2) return parse_cpu_max(first_line(dir / "cpu.max"));
  return ratio(parse_double(first_line(dir / "cpu.cfs_quota_us")),
               parse_double(first_line(dir / "cpu.cfs_period_us")));
}

// mountinfo escapes space, tab, newline and backslash in paths as octal: "\040".
std::string unescape_octal(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool octal = text[i] == '\\' && i + 3 < text.size() &&
                       std::isdigit(static_cast<unsigned char>(text[i + 1])) &&
                       std::isdigit(static_cast<unsigned char>(text[i + 2])) &&
                       std::isdigit(static_cast<unsigned char>(text[i + 3]));
    if (octal) {
      out += static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 +
                               (text[i + 3] - '0'));
      i += 3;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Whether `path` is `root` or lies below it ("/docker/abc" is not below "/docker/ab").
bool is_within(const std::string& path, const std::string& root) {
  if (root == "/") return true;
  return path.rfind(root, 0) == 0 && (path.size() == root.size() || path[root.size()] == '/');
}

}  // namespace

std::optional<double> parse_cpu_max(std::string_view text) {
  const std::vector<std::string> fields = words(std::string(text));
  if (fields.size() != 2 || fields[0] == "max") return std::nullopt;
  return ratio(parse_double(fields[0]), parse_double(fields[1]));
}

std::optional<CpuQuota> read_cpu_quota(const std::filesystem::path& mountinfo,
                                       const std::filesystem::path& cgroups) {
  std::vector<Hierarchy> hierarchies;
  std::ifstream mounts(mountinfo);
  for (std::string line; std::getline(mounts, line);) {
    // id parent dev root mount-point options [optional...] - fstype source super-options
    const std::vector<std::string> f = words(line);
    const auto dash = std::find(f.begin(), f.end(), "-");
    if (f.size() < 5 || dash == f.end() || f.end() - dash < 4) continue;
    const std::string& type = *(dash + 1);
    const std::string& super_options = *(dash + 3);
    if (type == "cgroup2" || (type == "cgroup" && has_item(super_options, "cpu"))) {
      hierarchies.push_back({type == "cgroup2", unescape_octal(f[4]), unescape_octal(f[3]), ""});
    }
  }
  std::ifstream membership(cgroups);
  for (std::string line; std::getline(membership, line);) {
    // hierarchy-id:controllers:path; v2 is "0::path"
    const std::size_t first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const std::string path = line.substr(second + 1);
    for (Hierarchy& h : hierarchies) {
      if (h.v2 ? controllers.empty() : has_item(controllers, "cpu")) h.path = path;
    }
  }
  std::optional<CpuQuota> tightest;
  for (const Hierarchy& h : hierarchies) {
    if (h.path.empty()) continue;
    // Inside a container the mount shows only its own subtree: strip that part of our path.
    // A cgroup outside what the mount shows has no files we can read.
    if (!is_within(h.path, h.mount_root)) continue;
    const std::string relative = h.mount_root == "/" ? h.path : h.path.substr(h.mount_root.size());
    // The cgroup and every ancestor up to the mount point limit us.
    std::filesystem::path dir = h.mount_point;
    const std::filesystem::path below = std::filesystem::path(relative).relative_path();
    auto part = below.begin();
    while (true) {
      const std::optional<double> cpus = quota_in(dir, h.v2);
      if (cpus && (!tightest || *cpus < tightest->cpus)) {
        tightest = CpuQuota{*cpus, (dir / (h.v2 ? "cpu.max" : "cpu.cfs_quota_us")).string()};
      }
      while (part != below.end() && part->empty()) ++part;
      if (part == below.end() || *part == "..") break;  // "..": our cgroup is outside the mount
      dir /= *part++;
    }
  }
  return tightest;
}

int quota_cpu_count(double cpus) {
  // A tiny tolerance: 1.9999999 CPUs from rounding in quota/period is 2. Capped before the
  // conversion, so an absurd quota (2^44 us over 1 ms) cannot overflow an int.
  return static_cast<int>(std::clamp(std::floor(cpus + 1e-9), 1.0, 1e6));
}

}  // namespace sb
