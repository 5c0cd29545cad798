// Analysis reads only results.json: a build with no kernels at all, and a results file with a
// kernel no build has, give the report the measuring build gives, byte for byte.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/temp_path.hpp"

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int run(const std::string& exe, const std::string& args, const fs::path& log) {
  return std::system((exe + " " + args + " >" + log.string() + " 2>&1").c_str());
}

// Analyses a copy of `results` with `exe`; returns its directory.
fs::path analysed_copy(const std::string& exe, const fs::path& results, const fs::path& dir) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(results, dir / "results.json");
  EXPECT_EQ(run(exe, "analyze " + dir.string(), dir / "log"), 0) << slurp(dir / "log");
  return dir;
}

void expect_same_analysis(const fs::path& a, const fs::path& b) {
  for (const char* file : {"report.md", "analysis.json", "speedup.csv", "scheduling.csv"}) {
    EXPECT_EQ(slurp(a / file), slurp(b / file)) << file << " differs: " << a << " " << b;
  }
}

class AnalyzeWithoutKernels : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    sweep_ = sb::test::temp_path("analyze-without-kernels");
    fs::remove_all(sweep_);
    // Schedulable (map, fork_join via the overhead reference) and the triad ceiling, 1 thread.
    ASSERT_EQ(run(SCALEBENCH_EXE,
                  "run --quick --no-analyze --threads 1 --kernels triad,map --repetitions 3 "
                  "--processes 1 "
                  "--schedules static,dynamic --chunks 256 --out " +
                      sweep_.string(),
                  sweep_.string() + ".log"),
              0)
        << slurp(sweep_.string() + ".log");
  }
  static fs::path sweep_;
};

fs::path AnalyzeWithoutKernels::sweep_;

TEST_F(AnalyzeWithoutKernels, ABuildWithNoKernelsWritesTheSameReport) {
  expect_same_analysis(
      analysed_copy(SCALEBENCH_EXE, sweep_ / "results.json", sweep_.string() + "-full"),
      analysed_copy(SCALEBENCH_WITHOUT_KERNELS_EXE, sweep_ / "results.json",
                    sweep_.string() + "-bare"));
}

TEST_F(AnalyzeWithoutKernels, SchemaOneFilesToo) {
  // A schema-1 sweep (the scheduling reference run as measured on 2026-11-29), kept as test
  // data now that results/ holds newer runs.
  const fs::path committed = fs::path(SCALEBENCH_SOURCE) / "tests/data/schema1-results.json";
  expect_same_analysis(
      analysed_copy(SCALEBENCH_EXE, committed, sweep_.string() + "-v1-full"),
      analysed_copy(SCALEBENCH_WITHOUT_KERNELS_EXE, committed, sweep_.string() + "-v1-bare"));
}

TEST_F(AnalyzeWithoutKernels, AKernelNoBuildHasIsAnalysedByItsRecordedTraits) {
  // The same sweep with its kernels renamed (same length, same order): the report must be the
  // original one with the names replaced, ceiling and schedule sections included.
  std::string text = slurp(sweep_ / "results.json");
  const fs::path renamed = sweep_.string() + "-renamed.json";
  // The recorded command names them too ("--kernels triad,map").
  for (const auto& [from, to] :
       {std::pair{"\"triad\"", "\"triaz\""}, {"\"map\"", "\"maq\""}, {"triad,map", "triaz,maq"}}) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
      text.replace(at, std::string(from).size(), to);
    }
  }
  std::ofstream(renamed) << text;
  const fs::path original =
      analysed_copy(SCALEBENCH_EXE, sweep_ / "results.json", sweep_.string() + "-original");
  const fs::path foreign = analysed_copy(SCALEBENCH_EXE, renamed, sweep_.string() + "-foreign");
  std::string report = slurp(original / "report.md");
  for (const auto& [from, to] : {std::pair{"triad", "triaz"}, {"map", "maq"}}) {
    for (std::size_t at = report.find(from); at != std::string::npos;
         at = report.find(from, at + 1)) {
      report.replace(at, std::string(from).size(), to);
    }
  }
  // "heatmap" in plot names is not the kernel.
  for (std::size_t at = report.find("heatmaq"); at != std::string::npos;
       at = report.find("heatmaq")) {
    report.replace(at, 7, "heatmap");
  }
  EXPECT_EQ(slurp(foreign / "report.md"), report);
  EXPECT_NE(report.find("Against the triaz ceiling"), std::string::npos) << report;
}

}  // namespace
