#include "harness/results/results.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "harness/core/atomic_file.hpp"
#include "harness/core/error.hpp"
#include "harness/results/point_key.hpp"
#include "harness/results/schema_v1.hpp"
#include "tests/support/temp_path.hpp"

namespace sb {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = test::temp_path("results-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

Point sample_point() {
  Point p;
  p.kernel = "map";
  p.backend = "omp";
  p.variant = "static";
  p.threads = 2;
  p.pin = "compact";
  p.size = 1024;
  p.seconds = {0.5, 0.25};
  p.iterations = {3, 4};
  p.verified = true;
  p.verification = "ok";
  p.measures = {{"lost_updates", 2}};
  p.bytes_per_run = 24 * 1024.0;
  p.placement = {{0, 0, {0}}, {1, 1, {1}}};
  p.placement_ok = true;
  return p;
}

Results results_with_map() {
  Results results;
  results.workloads["map"] = {.bytes_per_element = 24, .flops_per_element = 2, .schedulable = true};
  return results;
}

TEST(Results, PointRoundTripsThroughJson) {
  const Point p = sample_point();
  const Point back = nlohmann::json(p).get<Point>();
  EXPECT_EQ(back.series(), "map/omp/static");
  EXPECT_EQ(back.seconds, p.seconds);
  EXPECT_EQ(back.iterations, p.iterations);
  EXPECT_EQ(back.bytes_per_run, p.bytes_per_run);
  EXPECT_FALSE(back.flops_per_run.has_value());
  EXPECT_EQ(back.placement[1].observed_pus, std::vector<int>{1});
  EXPECT_EQ(back.placement_ok, std::optional<bool>(true));
  EXPECT_EQ(back.measures.at("lost_updates"), 2);
}

TEST(Results, FitExclusionsNameEveryReason) {
  Point p = sample_point();
  EXPECT_TRUE(p.fit_exclusions().empty());
  p.verified = false;
  p.oversubscribed = true;
  p.placement_ok = false;
  EXPECT_EQ(p.fit_exclusions(),
            (std::vector<std::string>{"unverified", "oversubscribed", "placement_mismatch"}));
  p = sample_point();
  p.idle_workers = 1;
  EXPECT_EQ(p.fit_exclusions(), std::vector<std::string>{"idle_workers"});
  p = sample_point();
  p.teaching_only = true;
  EXPECT_EQ(p.fit_exclusions(), std::vector<std::string>{"teaching_only"});
}

TEST(Results, WriteReplacesAtomicallyAndLeavesNoTemporary) {
  const fs::path dir = fresh_dir("atomic");
  Results results = results_with_map();
  results.points = {sample_point()};
  write_results(dir, results);
  results.points.push_back(sample_point());
  results.complete = true;
  write_results(dir, results);
  const Results back = read_results(dir / "results.json");
  EXPECT_EQ(back.points.size(), 2u);
  EXPECT_TRUE(back.complete);
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    ++files;
    EXPECT_EQ(entry.path().filename(), "results.json");
  }
  EXPECT_EQ(files, 1);
}

TEST(Results, ReadRejectsMalformedTruncatedAndForeignFiles) {
  const fs::path dir = fresh_dir("bad");
  Results results = results_with_map();
  results.points = {sample_point()};
  write_results(dir, results);
  std::ifstream in(dir / "results.json");
  const std::string good((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto expect_rejected = [&](const std::string& content, const std::string& mentions) {
    std::ofstream(dir / "bad.json") << content;
    try {
      read_results(dir / "bad.json");
      ADD_FAILURE() << "accepted: " << content.substr(0, 60);
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(mentions), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    }
  };
  expect_rejected(good.substr(0, good.size() / 2), "not valid JSON");
  expect_rejected("[1, 2]", "no schema");
  expect_rejected(R"({"schema": "scalebench/0", "manifest": {}, "points": []})", "schema");
  nlohmann::json without_traits = nlohmann::json::parse(good);
  without_traits["workloads"].erase("map");
  expect_rejected(without_traits.dump(), "no workloads.map entry");
  expect_rejected(R"({"schema": "scalebench/1", "manifest": {}, "points": [{"kernel": 1}]})",
                  "malformed");
  EXPECT_THROW(read_results(dir / "missing.json"), ConfigError);
  expect_rejected(R"({"schema": "scalebench/1", "manifest": {"git": "abc"}, "points": []})",
                  "manifest.git is not an object or null");
  expect_rejected(R"({"schema": "scalebench/1", "manifest": {"cpu_quota": 1}, "points": []})",
                  "manifest.cpu_quota is not an object or null");
}

TEST(Results, FactsTheToolCouldNotReadAreNullAndReadBack) {
  // A build outside a git checkout, a machine without a CPU quota.
  const fs::path dir = fresh_dir("null-facts");
  Results results = results_with_map();
  results.manifest = {{"git", nullptr}, {"cpu_quota", nullptr}, {"resumes", {{{"git", nullptr}}}}};
  results.points = {sample_point()};
  write_results(dir, results);
  const Results back = read_results(dir / "results.json");
  EXPECT_TRUE(back.manifest.at("git").is_null());
  EXPECT_TRUE(back.manifest.at("cpu_quota").is_null());
  EXPECT_EQ(back.points.size(), 1u);
}

TEST(Results, UnwritableDirectoryIsAConfigError) {
  const fs::path dir = fresh_dir("unwritable");
  std::ofstream(dir / "file") << "x";
  EXPECT_THROW(ensure_writable_directory(dir / "file" / "sub"), ConfigError);
  EXPECT_THROW(ensure_writable_directory(dir / "file"), ConfigError);
  EXPECT_NO_THROW(ensure_writable_directory(dir / "new" / "deeper"));
}

TEST(Results, WorkloadTraitsAndChunksReadBack) {
  const fs::path dir = fresh_dir("traits");
  Results results = results_with_map();
  results.workloads["map"].params["skew"] = {1, {"uniform", "linear"}};
  results.points = {sample_point()};
  results.points[0].chunks_per_run = 64;
  write_results(dir, results);
  const Results back = read_results(dir / "results.json");
  EXPECT_EQ(back.schema, kResultsSchema);
  const WorkloadTraits& map = back.workloads.at("map");
  EXPECT_TRUE(map.schedulable);
  EXPECT_FALSE(map.bandwidth_ceiling);
  EXPECT_EQ(map.bytes_per_element, 24);
  EXPECT_EQ(map.params.at("skew").choices, (std::vector<std::string>{"uniform", "linear"}));
  EXPECT_EQ(describe_params(map, {{"skew", 1}, {"work", 64}}), "skew=linear, work=64");
  EXPECT_EQ(back.points[0].chunks_per_run, std::optional<double>(64));
}

TEST(Results, SchemaOneFilesReadWithTheirKernelsTraitsAtThatVersion) {
  const fs::path dir = fresh_dir("schema-1");
  nlohmann::json point = sample_point();
  point["kernel"] = "fork_join";
  point["variant"] = "dynamic,16";
  nlohmann::json triad = sample_point();
  triad["kernel"] = "triad";
  nlohmann::json other = sample_point();
  other["kernel"] = "a_kernel_of_another_build";
  std::ofstream(dir / "results.json") << nlohmann::json{{"schema", kResultsSchemaV1},
                                                        {"manifest", nlohmann::json::object()},
                                                        {"points", {point, triad, other}}};
  const Results back = read_results(dir / "results.json");
  EXPECT_EQ(back.schema, kResultsSchemaV1);
  EXPECT_TRUE(back.workloads.at("fork_join").overhead_reference);
  EXPECT_TRUE(back.workloads.at("fork_join").schedulable);
  EXPECT_TRUE(back.workloads.at("triad").bandwidth_ceiling);
  EXPECT_FALSE(back.workloads.at("a_kernel_of_another_build").schedulable);
  EXPECT_EQ(back.points[0].chunks_per_run, std::optional<double>(1024 / 16));
  EXPECT_FALSE(back.points[1].chunks_per_run);
}

TEST(Results, ADistributedPointKeepsItsRanksAndEachWorkersRankAndHost) {
  Point p;
  p.kernel = "halo";
  p.backend = kMpiBackend;
  p.variant = "omp";
  p.threads = 4;
  p.ranks = 2;
  p.under_mpi = true;
  p.pin = "compact";
  WorkerPlacement worker{1, 3, {3}};
  worker.rank = 1;
  worker.host = "node7";
  p.placement = {worker};
  const Point back = nlohmann::json(p).get<Point>();
  EXPECT_EQ(back.ranks, 2);
  EXPECT_EQ(back.threads_per_rank(), 2);
  ASSERT_EQ(back.placement.size(), 1u);
  EXPECT_EQ(back.placement[0].rank, 1);
  EXPECT_EQ(back.placement[0].host, "node7");
  EXPECT_TRUE(back.under_mpi);
  // One rank under mpirun (exec --ranks 1) is still a rank: "ranks" says so in the file.
  Point exec_one = p;
  exec_one.backend = kCommandBackend;
  exec_one.ranks = 1;
  exec_one.threads = 2;
  EXPECT_TRUE(nlohmann::json(exec_one).get<Point>().under_mpi);
  exec_one.under_mpi = false;
  EXPECT_FALSE(nlohmann::json(exec_one).contains("ranks"));
  EXPECT_FALSE(nlohmann::json(exec_one).get<Point>().under_mpi);
  // Two ranks of two threads and one rank of four are different points of different curves.
  Point one_rank = p;
  one_rank.ranks = 1;
  EXPECT_NE(point_key(p), point_key(one_rank));
  EXPECT_NE(series_key(p), series_key(one_rank));
  Point four_ranks = p;
  four_ranks.ranks = 4;
  four_ranks.threads = 8;
  EXPECT_EQ(series_key(p), series_key(four_ranks));
  // Ranks that do not divide the workers are refused.
  nlohmann::json damaged = nlohmann::json(p);
  damaged["ranks"] = 3;
  EXPECT_THROW(damaged.get<Point>(), std::exception);
  // A point of one machine writes no ranks, as before.
  Point threads = p;
  threads.ranks = 1;
  threads.under_mpi = false;
  EXPECT_FALSE(nlohmann::json(threads).contains("ranks"));
}

}  // namespace
}  // namespace sb
