#include "harness/sweep.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <fstream>

#include "harness/atomic_file.hpp"
#include "harness/error.hpp"
#include "harness/kernel.hpp"
#include "harness/manifest.hpp"
#include "harness/pinning.hpp"

extern char** environ;

namespace sb {
namespace {

double physical_memory_bytes() {
  return static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

std::size_t size_for(const KernelInfo& kernel, const SweepOptions& options) {
  const std::size_t size =
      options.size != 0 ? options.size : (options.quick ? kernel.quick_size : kernel.default_size);
  const int largest = options.weak && !options.threads.empty() ? options.threads.back() : 1;
  const double footprint =
      kernel.footprint_bytes_per_element * static_cast<double>(size) * largest;
  // Leave a quarter of the machine to the OS, the verifier and the other process's leftovers.
  if (footprint > 0.75 * physical_memory_bytes()) {
    config_error("--size {} needs {:.1f} GiB for kernel '{}', more than this machine can hold", size,
                 footprint / (1u << 30), kernel.name);
  }
  return size;
}

std::string describe_status(int status) {
  if (WIFSIGNALED(status)) {
    return fmt::format("worker process killed by signal {} ({})", WTERMSIG(status),
                       strsignal(WTERMSIG(status)));
  }
  return fmt::format("worker process exited with status {}", WEXITSTATUS(status));
}

int spawn_worker(const std::filesystem::path& spec_file, const std::filesystem::path& emit_file) {
  std::string self = "/proc/self/exe", command = "worker", spec_flag = "--spec",
              spec = spec_file.string(), emit_flag = "--emit", emit = emit_file.string(),
              name = "scalebench";
  char* argv[] = {name.data(), command.data(), spec_flag.data(), spec.data(),
                  emit_flag.data(), emit.data(), nullptr};
  pid_t pid = 0;
  if (const int error = posix_spawn(&pid, self.c_str(), nullptr, nullptr, argv, environ)) {
    config_error("cannot start a worker process: {}", std::strerror(error));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

std::vector<Point> read_points(const std::filesystem::path& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in).get<std::vector<Point>>();
}

nlohmann::json describe_options(const SweepOptions& options) {
  std::vector<std::string> backends;
  for (Backend b : options.backends) backends.emplace_back(format_as(b));
  return {{"kernels", options.kernels},      {"backends", backends},
          {"threads", options.threads},      {"pin", format_as(options.pin)},
          {"quick", options.quick},          {"weak", options.weak},
          {"repetitions", options.repetitions},
          {"min_time_s", options.min_time_s}, {"seed", options.seed},
          {"params", options.params}};
}

}  // namespace

std::vector<GroupSpec> plan_groups(const SweepOptions& options) {
  GroupSpec common;
  common.pin = options.pin;
  common.repetitions = options.repetitions;
  common.min_time_s = options.min_time_s;
  common.seed = options.seed;
  common.params = options.params;
  for (const std::string& name : options.kernels) {
    const KernelInfo& kernel = find_kernel(name);
    common.sizes[name] = size_for(kernel, options);
    const auto overrides = options.params.count(name) ? options.params.at(name)
                                                      : std::map<std::string, double>{};
    make_config(kernel, common.sizes[name], options.seed, overrides);  // validates parameters
  }
  for (const auto& [name, unused] : options.params) {
    if (!common.sizes.count(name)) config_error("--param names kernel '{}', which is not selected", name);
  }

  std::vector<GroupSpec> groups;
  auto add_group = [&](Backend backend, int threads) {
    GroupSpec group = common;
    group.backend = backend;
    group.threads = threads;
    if (options.weak) {
      group.weak_scaling = true;
      for (auto& [name, size] : group.sizes) size *= static_cast<std::size_t>(threads);
    }
    for (const std::string& name : options.kernels) {
      for (const VariantSpec& v : find_kernel(name).variants) {
        if (v.backend == backend) group.points.push_back({name, v.name});
      }
    }
    if (!group.points.empty()) groups.push_back(std::move(group));
  };
  for (Backend backend : options.backends) {
    if (backend == Backend::seq) add_group(Backend::seq, 1);
  }
  for (int threads : options.threads) {
    for (Backend backend : options.backends) {
      if (backend != Backend::seq) add_group(backend, threads);
    }
  }
  if (groups.empty()) config_error("the selected kernels have no variants for the selected backends");
  int total = 0;
  for (const GroupSpec& g : groups) total += static_cast<int>(g.points.size());
  int offset = 0;
  for (GroupSpec& g : groups) {
    g.progress_offset = offset;
    g.progress_total = total;
    offset += static_cast<int>(g.points.size());
  }
  return groups;
}

Results run_sweep(const SweepOptions& options) {
  const Topology topology = Topology::load_for_this_process();
  const std::vector<GroupSpec> groups = plan_groups(options);
  ensure_writable_directory(options.out_dir);

  Results results;
  results.manifest = collect_manifest(topology);
  results.manifest["sweep"] = describe_options(options);
  results.manifest["start_time"] = utc_now();
  write_results(options.out_dir, results);

  for (std::size_t g = 0; g < groups.size(); ++g) {
    const GroupSpec& group = groups[g];
    const auto spec_file = options.out_dir / fmt::format(".group-{}.spec.json", g);
    const auto emit_file = options.out_dir / fmt::format(".group-{}.points.json", g);
    write_file_atomically(spec_file, nlohmann::json(group).dump());
    std::filesystem::remove(emit_file);
    const int status = spawn_worker(spec_file, emit_file);
    std::vector<Point> points;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
      points = read_points(emit_file);
    } else {
      // The worker died: its points are recorded as failed, never silently dropped.
      const PinPlan plan = plan_pinning(topology, group.threads, group.pin);
      for (const PointSpec& ps : group.points) {
        Point point = planned_point(group, ps, plan.oversubscribed, plan.uses_smt_siblings);
        point.error = describe_status(status);
        points.push_back(std::move(point));
      }
    }
    std::filesystem::remove(spec_file);
    std::filesystem::remove(emit_file);
    results.points.insert(results.points.end(), points.begin(), points.end());
    results.manifest["end_time"] = utc_now();
    results.complete = g + 1 == groups.size();
    write_results(options.out_dir, results);
  }
  return results;
}

void run_worker(const std::filesystem::path& spec_file, const std::filesystem::path& emit_file) {
  std::ifstream in(spec_file);
  if (!in) config_error("cannot read worker spec {}", spec_file.string());
  const GroupSpec spec = nlohmann::json::parse(in).get<GroupSpec>();
  const std::vector<Point> points = run_group(spec);
  write_file_atomically(emit_file, nlohmann::json(points).dump());
}

}  // namespace sb
