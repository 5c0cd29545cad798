#include "harness/results/results.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "harness/core/atomic_file.hpp"
#include "harness/core/error.hpp"
#include "harness/results/schema_v1.hpp"

namespace sb {

std::vector<std::string> Point::fit_exclusions() const {
  std::vector<std::string> reasons;
  if (!error.empty()) reasons.push_back("failed");
  if (teaching_only) reasons.push_back("teaching_only");
  if (!verified && !teaching_only) reasons.push_back("unverified");
  if (oversubscribed) reasons.push_back("oversubscribed");
  if (placement_ok == false) reasons.push_back("placement_mismatch");
  if (idle_workers > 0) reasons.push_back("idle_workers");
  if (extra_threads > 0) reasons.push_back("extra_threads");
  if (seconds.empty()) reasons.push_back("no_samples");
  return reasons;
}

const WorkloadTraits& Results::traits(const std::string& kernel) const {
  static const WorkloadTraits none;
  const auto found = workloads.find(kernel);
  return found == workloads.end() ? none : found->second;
}

std::string Results::runtime_of(const std::string& backend) const {
  const auto found = backends.find(backend);
  return found == backends.end() ? backend : found->second;
}

int precision_first_stage(const Results& results) {
  if (!results.plan.is_object() || !results.plan.contains("rounds")) return 0;
  const nlohmann::json& rounds = results.plan.at("rounds");
  if (rounds.value("stopping_rule", std::string()) != "precision") return 0;
  return rounds.value("min_rounds", 0);
}

double precision_target(const Results& results) {
  if (precision_first_stage(results) == 0) return 0;
  return results.plan.at("rounds").value("precision", 0.0);
}

int usable_cores(const nlohmann::json& manifest) {
  const nlohmann::json topology = manifest.value("topology", nlohmann::json::object());
  return topology.value("usable_cores", topology.value("cores", 0));
}

void to_json(nlohmann::json& j, const WorkerPlacement& p) {
  j = {{"worker", p.worker}, {"requested_pu", p.requested_pu}, {"observed_pus", p.observed_pus}};
  if (!p.name.empty()) j["name"] = p.name;
  if (p.busy_share) j["busy_share"] = *p.busy_share;
  if (p.rank) j["rank"] = *p.rank;
  if (!p.host.empty()) j["host"] = p.host;
}

void from_json(const nlohmann::json& j, WorkerPlacement& p) {
  j.at("worker").get_to(p.worker);
  j.at("requested_pu").get_to(p.requested_pu);
  j.at("observed_pus").get_to(p.observed_pus);
  p.name = j.value("name", std::string{});
  if (j.contains("busy_share") && !j.at("busy_share").is_null())
    p.busy_share = j.at("busy_share").get<double>();
  if (j.contains("rank")) p.rank = j.at("rank").get<int>();
  p.host = j.value("host", std::string{});
}

void to_json(nlohmann::json& j, const Point& p) {
  j = nlohmann::json{
      {"kernel", p.kernel},
      {"backend", p.backend},
      {"variant", p.variant},
      {"threads", p.threads},
      {"pin", p.pin},
      {"size", p.size},
      {"params", p.params},
      {"oversubscribed", p.oversubscribed},
      {"uses_smt_siblings", p.uses_smt_siblings},
      {"teaching_only", p.teaching_only},
      {"weak_scaling", p.weak_scaling},
      {"seconds", p.seconds},
      {"iterations", p.iterations},
      {"verified", p.verified},
      {"verification", p.verification},
      {"measures", p.measures},
      {"bytes_per_run", p.bytes_per_run ? nlohmann::json(*p.bytes_per_run) : nullptr},
      {"flops_per_run", p.flops_per_run ? nlohmann::json(*p.flops_per_run) : nullptr},
      {"chunks_per_run", p.chunks_per_run ? nlohmann::json(*p.chunks_per_run) : nullptr},
      {"placement", p.placement},
      {"placement_ok", p.placement_ok ? nlohmann::json(*p.placement_ok) : nullptr},
      {"idle_workers", p.idle_workers},
      {"extra_threads", p.extra_threads},
      {"placement_note", p.placement_note},
      {"error", p.error},
      {"fault_injected", p.fault_injected},
      {"cv", p.cv ? nlohmann::json(*p.cv) : nullptr},
      {"outliers", p.outliers},
      {"preemptions_per_second", p.preemptions_per_second},
      {"other_busy_cpus", p.other_busy_cpus},
      {"stability_flags", p.stability_flags},
      {"process", p.process},
      {"round", p.round},
      {"fit_exclusions", p.fit_exclusions()}};
  if (p.under_mpi || p.ranks != 1) j["ranks"] = p.ranks;
}

namespace {
template <typename T>
std::optional<T> optional_field(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return j.at(key).get<T>();
}
}  // namespace

void from_json(const nlohmann::json& j, Point& p) {
  j.at("kernel").get_to(p.kernel);
  j.at("backend").get_to(p.backend);
  j.at("variant").get_to(p.variant);
  j.at("threads").get_to(p.threads);
  p.ranks = j.value("ranks", 1);
  p.under_mpi = j.contains("ranks") || p.backend == kMpiBackend;
  if (p.ranks < 1 || p.threads % p.ranks != 0) {
    throw std::invalid_argument("ranks must be at least 1 and divide threads");
  }
  j.at("pin").get_to(p.pin);
  j.at("size").get_to(p.size);
  p.params = j.value("params", std::map<std::string, double>{});
  j.at("oversubscribed").get_to(p.oversubscribed);
  p.uses_smt_siblings = j.value("uses_smt_siblings", false);
  p.teaching_only = j.value("teaching_only", false);
  p.weak_scaling = j.value("weak_scaling", false);
  j.at("seconds").get_to(p.seconds);
  p.iterations = j.value("iterations", std::vector<std::int64_t>{});
  j.at("verified").get_to(p.verified);
  p.verification = j.value("verification", std::string{});
  p.measures = j.value("measures", std::map<std::string, double>{});
  p.bytes_per_run = optional_field<double>(j, "bytes_per_run");
  p.flops_per_run = optional_field<double>(j, "flops_per_run");
  p.chunks_per_run = optional_field<double>(j, "chunks_per_run");
  j.at("placement").get_to(p.placement);
  p.placement_ok = optional_field<bool>(j, "placement_ok");
  p.idle_workers = j.value("idle_workers", 0);
  p.extra_threads = j.value("extra_threads", 0);
  p.placement_note = j.value("placement_note", std::string{});
  p.error = j.value("error", std::string{});
  p.fault_injected = j.value("fault_injected", false);
  p.cv = optional_field<double>(j, "cv");
  p.outliers = j.value("outliers", 0);
  p.preemptions_per_second = j.value("preemptions_per_second", 0.0);
  p.other_busy_cpus = j.value("other_busy_cpus", 0.0);
  p.stability_flags = j.value("stability_flags", std::vector<std::string>{});
  p.process = j.value("process", 0);
  p.round = j.value("round", 0);
  if (p.threads < 1) throw std::invalid_argument("threads must be at least 1");
  if (p.process < 0 || p.round < 0) throw std::invalid_argument("process and round must be >= 0");
}

nlohmann::json to_json(const Results& results) {
  nlohmann::json j = {{"schema", kResultsSchema},
                      {"complete", results.complete},
                      {"manifest", results.manifest},
                      {"workloads", results.workloads}};
  if (!results.plan.is_null()) j["plan"] = results.plan;
  j["backends"] = results.backends;
  j["points"] = results.points;
  return j;
}

namespace {

// The manifest entries that analysis, reports and resume read as a given type (the rest is only
// printed): what is wrong with them, or nothing. Caught here, a hand-edited or foreign manifest
// is a bad file, not an internal error halfway through a report or a resume.
std::optional<std::string> manifest_problem(const nlohmann::json& m) {
  if (!m.is_object()) return "manifest is not an object";
  for (const char* key : {"topology", "machine_load", "git", "cpu_quota"}) {
    if (!m.contains(key)) continue;
    // The tool writes null where a fact could not be read (no git, no CPU quota).
    const bool may_be_null =
        std::string_view(key) != "topology" && std::string_view(key) != "machine_load";
    if (!m.at(key).is_object() && !(may_be_null && m.at(key).is_null())) {
      return fmt::format("manifest.{} is not an object{}", key, may_be_null ? " or null" : "");
    }
  }
  if (m.contains("resumes") && !m.at("resumes").is_array()) return "manifest.resumes is not a list";
  std::vector<std::pair<std::string, const nlohmann::json*>> numbers;
  for (const char* key : {"cores", "usable_cores", "numa_nodes", "packages"}) {
    if (m.contains("topology") && m.at("topology").contains(key)) {
      numbers.emplace_back(fmt::format("manifest.topology.{}", key), &m.at("topology").at(key));
    }
  }
  for (const char* when : {"before", "after"}) {
    if (!m.contains("machine_load") || !m.at("machine_load").contains(when)) continue;
    const nlohmann::json& load = m.at("machine_load").at(when);
    if (!load.is_object()) return fmt::format("manifest.machine_load.{} is not an object", when);
    for (const char* key : {"other_busy_cpus", "load_average_1min"}) {
      if (load.contains(key)) {
        numbers.emplace_back(fmt::format("manifest.machine_load.{}.{}", when, key), &load.at(key));
      }
    }
  }
  for (const auto& [path, value] : numbers) {
    if (!value->is_number()) return path + " is not a number";
  }
  if (m.contains("git") && m.at("git").is_object() && m.at("git").contains("dirty") &&
      !m.at("git").at("dirty").is_boolean()) {
    return "manifest.git.dirty is not true or false";
  }
  return std::nullopt;
}

}  // namespace

void write_results(const std::filesystem::path& dir, const Results& results) {
  write_file_atomically(dir / "results.json", to_json(results).dump(1) + "\n");
}

void require_results_directory(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    config_error("cannot read {}: {} is not a directory", (dir / "results.json").string(),
                 dir.string());
  }
}

Results read_results(const std::filesystem::path& file) {
  // A directory opens as an empty stream; said plainly, not as a JSON syntax error.
  if (std::filesystem::is_directory(file)) {
    config_error("{} is a directory, not a file", file.string());
  }
  std::ifstream in(file);
  if (!in) config_error("cannot read {}", file.string());
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().empty()) config_error("{} is empty", file.string());
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    config_error("{} is not valid JSON (byte {})", file.string(), e.byte);
  }
  if (!j.is_object() || !j.contains("schema")) {
    config_error("{} has no schema field", file.string());
  }
  if (j.at("schema") != kResultsSchema && j.at("schema") != kResultsSchemaV1) {
    config_error("{} has schema {}, expected \"{}\" or \"{}\"", file.string(),
                 j.at("schema").dump(), kResultsSchema, kResultsSchemaV1);
  }
  const nlohmann::json manifest = j.value("manifest", nlohmann::json::object());
  if (const std::optional<std::string> problem = manifest_problem(manifest)) {
    config_error("{} has a malformed field: {}", file.string(), *problem);
  }
  Results results;
  try {
    results.manifest = j.at("manifest");
    results.schema = j.at("schema").get<std::string>();
    results.complete = j.value("complete", false);
    results.plan = j.value("plan", nlohmann::json());
    results.backends = j.value("backends", results.backends);
    for (const nlohmann::json& point : j.at("points")) results.points.push_back(point.get<Point>());
    if (results.schema == kResultsSchema) {
      results.workloads = j.at("workloads").get<std::map<std::string, WorkloadTraits>>();
    }
  } catch (const std::exception& e) {
    config_error("{} has a malformed field: {}", file.string(), e.what());
  }
  if (results.schema == kResultsSchemaV1) upgrade_from_schema_v1(results);
  for (const Point& p : results.points) {
    if (!results.workloads.count(p.kernel)) {
      config_error("{} has a point of kernel '{}' but no workloads.{} entry", file.string(),
                   p.kernel, p.kernel);
    }
  }
  return results;
}

}  // namespace sb
