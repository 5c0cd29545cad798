#include "harness/results.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "harness/atomic_file.hpp"
#include "harness/error.hpp"

namespace sb {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("scalebench-results-test-" + name);
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
  Results results;
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
  Results results;
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
  Results results;
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

}  // namespace
}  // namespace sb
