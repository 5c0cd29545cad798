// Checkpoints as a killed worker leaves them: a torn last line is no point, a damaged complete
// line is an error naming where it is.
#include "harness/sweep/worker_process.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "harness/core/error.hpp"

namespace sb {
namespace {

namespace fs = std::filesystem;

class WorkerProcessCheckpoint : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("scalebench-worker-process-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    Point point;
    point.kernel = "map";
    point.backend = "seq";
    point.variant = "reference";
    point.seconds = {0.1, 0.2};
    line_ = nlohmann::json(point).dump();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& text) {
    const fs::path file = checkpoint_path(dir_, 0);
    std::ofstream(file) << text;
    return file;
  }
  fs::path dir_;
  std::string line_;
};

TEST_F(WorkerProcessCheckpoint, ATornLastLineIsNoPoint) {
  EXPECT_EQ(read_checkpoint(write(line_ + "\n" + line_ + "\n")).size(), 2u);
  EXPECT_EQ(read_checkpoint(write(line_ + "\n" + line_.substr(0, line_.size() / 2))).size(), 1u);
  EXPECT_EQ(read_checkpoint(write(line_)).size(), 0u);  // finished only with its newline
  EXPECT_TRUE(read_checkpoint(write("")).empty());
  EXPECT_TRUE(read_checkpoint(dir_ / "missing.jsonl").empty());
}

TEST_F(WorkerProcessCheckpoint, ADamagedCompleteLineNamesTheFileAndLine) {
  nlohmann::json bad = nlohmann::json::parse(line_);
  bad["threads"] = 0;  // parses, but fails the point's own check
  for (const std::string& second : {bad.dump(), std::string("{\"kernel\": 1}"), std::string("x")}) {
    const fs::path file = write(line_ + "\n" + second + "\n" + line_ + "\n");
    try {
      read_checkpoint(file);
      ADD_FAILURE() << "accepted " << second;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(file.string() + " line 2"), std::string::npos)
          << e.what();
    }
  }
}

}  // namespace
}  // namespace sb
