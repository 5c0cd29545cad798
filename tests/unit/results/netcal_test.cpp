#include "harness/results/netcal.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "harness/core/error.hpp"
#include "tests/support/temp_path.hpp"

namespace sb {
namespace {

NetcalResults sample() {
  NetcalResults results;
  results.manifest = {{"host", "h"}};
  results.ranks = 2;
  results.repetitions = 2;
  NetcalLaunch launch;
  launch.launch = 0;
  launch.ranks = 2;
  launch.placement = {{0, 0, "h", {0}, {0}, true, false}, {1, 1, "h", {1}, {1, 3}, true, false}};
  launch.pingpong = {{1, 64, {1e-6, 1.1e-6}, true}, {8, 32, {1.2e-6, 1.3e-6}, false}};
  launch.barrier = {128, {5e-7, 6e-7}, true};
  launch.allreduce = {64, {9e-7, 8e-7}, true};
  launch.wall_s = 1.5;
  NetcalLaunch failed;
  failed.launch = 1;
  failed.ranks = 2;
  failed.error = "exited with status 1: mpirun was unable to launch";
  results.launches = {launch, failed};
  return results;
}

TEST(NetcalResults, WhatIsWrittenReadsBackTheSame) {
  const auto path = test::temp_path("netcal-results.json");
  write_netcal_results(path, sample());
  const NetcalResults back = read_netcal_results(path);
  EXPECT_EQ(nlohmann::json(back.launches), nlohmann::json(sample().launches));
  EXPECT_EQ(back.manifest, sample().manifest);
  EXPECT_EQ(back.ranks, 2);
  EXPECT_EQ(back.launches[1].error, sample().launches[1].error);
  EXPECT_EQ(back.launches[0].placement[1].observed_pus, (std::vector<int>{1, 3}));
  std::filesystem::remove(path);
}

TEST(NetcalResults, ForeignTruncatedAndMissingFilesAreConfigErrors) {
  const auto path = test::temp_path("netcal-bad.json");
  EXPECT_THROW(read_netcal_results(path), ConfigError);
  std::ofstream(path) << R"({"schema": "scalebench/2", "points": []})";
  EXPECT_THROW(read_netcal_results(path), ConfigError);
  write_netcal_results(path, sample());
  std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
  EXPECT_THROW(read_netcal_results(path), ConfigError);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace sb
