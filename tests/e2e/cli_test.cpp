// The scalebench binary as a user meets it: bad input gets one line and exit status 2; a small
// sweep covers every kernel and backend with verified, correctly placed points.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "harness/kernel/kernel.hpp"
#include "harness/results/point_key.hpp"
#include "harness/results/results.hpp"
#include "tests/support/run_cli.hpp"

namespace {

namespace fs = std::filesystem;

using sb::test::Outcome;
using sb::test::slurp;

// Every path of this test process's own.
fs::path temporary(const std::string& name) {
  return fs::temp_directory_path() / ("scalebench-cli-" + std::to_string(getpid()) + "-" + name);
}

Outcome scalebench(const std::string& args) {
  // Per process: two test runs at once (two checkouts) must not read each other's output.
  return sb::test::run_cli(
      SCALEBENCH_EXE, args,
      fs::temp_directory_path() / ("scalebench-cli-test-" + std::to_string(getpid())));
}

TEST(Cli, BadInputGetsOneLineAndStatusTwo) {
  const fs::path blocker = temporary("blocker");
  std::ofstream(blocker) << "a file, not a directory";
  const fs::path bad_out = temporary("bad");
  fs::remove_all(bad_out);
  const std::string out = " --out " + bad_out.string();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"run --threads 0" + out, "at least 1"},
      {"run --threads abc" + out, "abc"},
      {"run --threads 2,2" + out, "twice"},
      {"run --threads 1:99999" + out, "99999"},
      {"run --kernels nosuch" + out, "nosuch"},
      {"run --backends cuda" + out, "cuda"},
      {"run --pin spread" + out, "spread"},
      {"run --size 0" + out, "--size"},
      {"run --size -5" + out, "--size"},
      {"run --size 1125899906842624" + out, "GiB"},
      {"run --repetitions 0" + out, "repetitions"},
      {"run --min-time 0" + out, "min-time"},
      {"run --param pipeline.tokens=x" + out, "tokens=x"},
      {"run --param pipeline.tokens=1.5" + out, "whole number"},
      {"run --kernels map,map" + out, "twice"},
      {"run --kernels ''" + out, "unknown kernel ''"},
      {"run --backends omp,omp" + out, "twice"},
      {"topology --threads 5000", "5000"},
      {"run --param map.nosuch=1 --kernels map" + out, "nosuch"},
      {"run --out " + (blocker / "sub").string(), blocker.string() + "/sub"},
      {"run", "--out"},
      {"run --bogus" + out, "bogus"},
      {"nosuchcommand", "nosuchcommand"},
      {"topology --pin spread", "spread"},
      {"topology --synthetic pack:x", "pack:x"},
      {"audit --cases /nonexistent.csv", "/nonexistent.csv"},
      {"audit --cases " + blocker.string(), "case_name"},
      {"audit --cases x.csv --format xml", "xml"},
      {"tables amdahl --serial-fraction 2", "serial-fraction"},
      {"tables amdahl --processors 0", "at least 1"},
      {"tables capacity --overhead -1", "overhead"},
      {"fit /nonexistent.csv", "/nonexistent.csv"},
      {"fit " + blocker.string(), "threads"},
      {"fit", "file"},
      {"analyze /nonexistent-scalebench-dir", "results.json"},
      {"audit --cases " SCALEBENCH_SOURCE
       "/docs/examples/seed_cases.csv --evidence /nonexistent-dir",
       "results.json"},
      {"run --claims /nonexistent.csv" + out, "/nonexistent.csv"},
      {"run --chunks 0" + out, "--chunks"},
      {"run --chunks 16,x" + out, "'x'"},
      {"run --grains 8,8" + out, "twice"},
      {"run --schedules fastest" + out, "fastest"},
      {"run --skew steep --kernels skewed_map" + out, "steep"},
      {"run --skew linear --kernels map" + out, "skewed_map"},
      {"run --param skewed_map.skew=9 --kernels skewed_map" + out, "outside"},
      {"compare /nonexistent-a /nonexistent-b", "results.json"},
      {"compare " + bad_out.string(), "dir_b"},
      {"compare /tmp /tmp --margin 2", "--margin"},
      {"run --processes 0" + out, "--processes 0"},
      {"run --processes 101" + out, "--processes 101"},
      {"run --precision 0" + out, "--precision '0'"},
      {"run --precision 1.5" + out, "--precision '1.5'"},
      {"run --precision two" + out, "--precision 'two'"},
      {"run --budget 0" + out, "--budget '0'"},
      {"run --budget 5x" + out, "--budget '5x'"},
      {"run --budget 9999h" + out, "--budget '9999h'"},
      {"run --repetitions 1" + out, "below 2"},
      {"run --require-valid --no-analyze" + out, "--require-valid"},
  };
  for (const auto& [args, mentions] : cases) {
    const Outcome outcome = scalebench(args);
    EXPECT_FALSE(outcome.signalled) << args;
    EXPECT_EQ(outcome.status, 2) << args << "\n" << outcome.err;
    EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1) << args << "\n"
                                                                           << outcome.err;
    EXPECT_NE(outcome.err.find(mentions), std::string::npos) << args << "\n" << outcome.err;
  }
  EXPECT_FALSE(fs::exists(bad_out / "results.json"));
}

TEST(Cli, FitReadsTimingsAndNamesTheSeedsKeys) {
  const fs::path csv = fs::temp_directory_path() / "scalebench-cli-fit.csv";
  std::ofstream(csv) << "threads,seconds\n1,1.0\n1,1.02\n2,0.6\n2,0.61\n4,0.41\n4,0.40\n";
  const Outcome outcome = scalebench("fit --format json " + csv.string());
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const nlohmann::json j = nlohmann::json::parse(outcome.out);
  EXPECT_NEAR(j["amdahl"]["serial_fraction"].get<double>(), 0.2, 0.03);
  EXPECT_TRUE(j["usl"].contains("sigma"));
  EXPECT_TRUE(j["usl"].contains("kappa"));
  EXPECT_EQ(j["by_threads"].size(), 3u);

  std::ofstream(csv) << "threads,seconds\n1,1.0\n0,0.5\n";
  const Outcome bad = scalebench("fit " + csv.string());
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("row 2"), std::string::npos) << bad.err;
}

TEST(Cli, InjectedFaultIsCaughtKeptOutOfFitsAndNamedInTheReport) {
  const fs::path dir = temporary("fault");
  fs::remove_all(dir);
  const Outcome outcome = scalebench(
      "run --kernels map,pipeline --backends omp --threads 1,2 --size 4099 --repetitions 2 "
      "--processes 1 --min-time 0.001 --param pipeline.middle_work=64 --inject-fault pipeline "
      "--out " +
      dir.string());
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  for (const sb::Point& p : sb::read_results(dir / "results.json").points) {
    EXPECT_EQ(p.verified, p.kernel != "pipeline") << p.series();
    EXPECT_EQ(p.fault_injected, p.kernel == "pipeline");
    if (p.kernel == "pipeline") {
      EXPECT_EQ(p.fit_exclusions(), std::vector<std::string>{"unverified"});
      EXPECT_EQ(p.seconds.size(), 2u);  // its time is kept all the same
    }
  }
  const std::string report = slurp(dir / "report.md");
  EXPECT_NE(report.find("**Failed verification:** pipeline/omp/task_depend (fault injected)"),
            std::string::npos);
  EXPECT_NE(report.find("thread(s): unverified"), std::string::npos);
  EXPECT_EQ(scalebench("run --kernels map --inject-fault pipeline --out " + dir.string()).status,
            2);
}

TEST(Cli, DryRunPrintsThePlanAndItsTimeAndRunsNothing) {
  const fs::path dir = temporary("dry");
  fs::remove_all(dir);
  const Outcome fixed =
      scalebench("run --dry-run --kernels map --threads 1,2 --processes 3 --out " + dir.string());
  EXPECT_EQ(fixed.status, 0) << fixed.err;
  EXPECT_NE(fixed.out.find("rounds: 3"), std::string::npos) << fixed.out;
  EXPECT_NE(fixed.out.find("estimated time: about"), std::string::npos) << fixed.out;
  const Outcome adaptive = scalebench(
      "run --dry-run --kernels map --threads 1,2 --precision 0.05 "
      "--budget 2m --out " +
      dir.string());
  EXPECT_EQ(adaptive.status, 0) << adaptive.err;
  EXPECT_NE(adaptive.out.find("within 5%"), std::string::npos) << adaptive.out;
  EXPECT_NE(adaptive.out.find("budget 2.0 min"), std::string::npos) << adaptive.out;
  EXPECT_FALSE(fs::exists(dir));
}

// A synthetic run: map/omp/static at 2 threads in three processes, `scale` times 1 ms.
fs::path synthetic_run(const std::string& name, double scale) {
  const fs::path dir = temporary(name);
  fs::create_directories(dir);
  sb::Results results;
  results.complete = true;
  results.workloads["map"] = {};
  for (int k = 0; k < 3; ++k) {
    sb::Point p;
    p.kernel = "map";
    p.backend = "omp";
    p.variant = "static";
    p.threads = 2;
    p.pin = "compact";
    p.size = 1024;
    p.verified = true;
    p.process = p.round = k;
    for (double jitter : {1.0, 1.002, 0.998})
      p.seconds.push_back(scale * 1e-3 * (1 + 0.01 * k) * jitter);
    results.points.push_back(p);
  }
  sb::write_results(dir, results);
  return dir;
}

TEST(Cli, CompareFailIfSlowerExitsThreeOnlyWhenBIsReallySlower) {
  const fs::path a = synthetic_run("compare-a", 1.0), b = synthetic_run("compare-b", 1.5);
  const Outcome same = scalebench("compare " + a.string() + " " + a.string() + " --fail-if-slower");
  EXPECT_EQ(same.status, 0) << same.err;
  const Outcome faster =
      scalebench("compare " + b.string() + " " + a.string() + " --fail-if-slower");
  EXPECT_EQ(faster.status, 0) << faster.err;
  const Outcome slower =
      scalebench("compare " + a.string() + " " + b.string() + " --fail-if-slower");
  EXPECT_EQ(slower.status, 3) << slower.out;
  EXPECT_NE(slower.err.find("really slower than A at 1 point"), std::string::npos) << slower.err;
  EXPECT_NE(slower.out.find("real_difference"), std::string::npos) << slower.out;
  EXPECT_EQ(scalebench("compare " + a.string() + " " + b.string()).status, 0);
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(Cli, VersionNamesTheRevisionAndTheLibraries) {
  const Outcome outcome = scalebench("--version");
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  for (const char* line : {"scalebench 0.", "\nbuilt from: ", "\ncompiler: ", "\noneTBB: ",
                           "\nhwloc: ", "\nopenmp: ", "\ngoogle_benchmark: "}) {
    EXPECT_NE(outcome.out.find(line), std::string::npos) << line << " in\n" << outcome.out;
  }
}

TEST(Cli, ResultsWithoutAGitRevisionAreAnalysedAndResumed) {
  // What a build outside a checkout writes: manifest.git and each resume's git are null.
  const fs::path dir = temporary("no-git");
  fs::remove_all(dir);
  ASSERT_EQ(scalebench("run --kernels map --backends seq --threads 1 --size 4096 --repetitions 2 "
                       "--processes 1 --min-time 0.001 --no-analyze --out " +
                       dir.string())
                .status,
            0);
  nlohmann::json results = nlohmann::json::parse(slurp(dir / "results.json"));
  results["manifest"]["git"] = nullptr;
  results["manifest"]["resumes"] = {{{"time", "2026-12-01T00:00:00Z"}, {"git", nullptr}}};
  results["complete"] = false;
  std::ofstream(dir / "results.json") << results.dump(1);
  const Outcome resumed = scalebench("run --resume " + dir.string());
  EXPECT_EQ(resumed.status, 0) << resumed.err;
  const Outcome analysed = scalebench("analyze " + dir.string());
  EXPECT_EQ(analysed.status, 0) << analysed.err;
  EXPECT_NE(slurp(dir / "report.md").find("built outside a git checkout"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Cli, KernelsListsEveryRegisteredBackendsVariants) {
  const Outcome outcome = scalebench("kernels");
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  for (const char* variant : {"omp:static", "tbb:auto", "stdpar:par", "stdpar:par_unseq"}) {
    EXPECT_NE(outcome.out.find(variant), std::string::npos) << variant;
  }
}

TEST(Cli, TopologyPrintsThePlan) {
  const Outcome outcome =
      scalebench("topology --synthetic 'pack:2 numa:2 core:8 pu:2' --threads 4 --pin scatter");
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("2 packages, 4 NUMA nodes, 32 cores, 64 PUs"), std::string::npos);
  EXPECT_NE(outcome.out.find("worker   1 -> PU 32"), std::string::npos) << outcome.out;
}

TEST(Cli, SmallSweepCoversEveryKernelAndBackendVerifiedAndPlaced) {
  const fs::path dir = temporary("sweep");
  fs::remove_all(dir);
  const Outcome outcome = scalebench(
      "run --threads 1,2 --size 4099 --repetitions 2 --processes 2 --min-time 0.001 --chunks 7 "
      "--grains 7 "
      "--schedules static,dynamic,monotonic:dynamic,guided,auto,simple,affinity "
      "--param pipeline.middle_work=128 --out " +
      dir.string());
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  // Every registered variant and schedule: sequential ones once, parallel ones at 1 and 2 threads.
  const sb::ScheduleMatrix matrix{
      {7}, {7}, {"static", "dynamic", "monotonic:dynamic", "guided", "auto", "simple", "affinity"}};
  std::size_t expected_points = 0;
  for (const sb::KernelInfo& kernel : sb::kernels()) {
    for (sb::Backend backend : sb::registered_backends()) {
      expected_points +=
          sb::variants_for(kernel, backend, matrix).size() * (backend == sb::Backend::seq ? 1 : 2);
    }
  }
  EXPECT_TRUE(fs::exists(dir / "report.md"));

  const sb::Results results = sb::read_results(dir / "results.json");
  // Two processes a point (a third where a contended group was measured once more), the last
  // progress line numbering every measurement.
  const std::string last = fmt::format("[{0}/{0}]", results.points.size());
  EXPECT_NE(outcome.err.find(last), std::string::npos) << outcome.err;
  std::map<std::string, std::set<int>> processes;
  for (const sb::Point& p : results.points) processes[sb::point_key(p)].insert(p.process);
  EXPECT_EQ(processes.size(), expected_points);
  for (const auto& [key, seen] : processes) {
    EXPECT_TRUE(seen.count(0) && seen.count(1)) << key;
  }
  EXPECT_TRUE(results.complete);
  for (const char* key :
       {"host", "cpu_model", "topology", "allowed_cpuset", "compiler", "cxx_flags", "libraries",
        "environment", "platform", "start_time", "end_time"}) {
    EXPECT_TRUE(results.manifest.contains(key)) << key;
  }
  std::set<std::string> covered;
  for (const sb::Point& p : results.points) {
    covered.insert(p.kernel + "/" + p.backend);
    EXPECT_EQ(p.seconds.size(), 2u) << p.series();
    if (!p.teaching_only) {
      EXPECT_TRUE(p.verified) << p.series() << ": " << p.verification;
    }
    ASSERT_TRUE(p.placement_ok.has_value()) << p.series();
    EXPECT_TRUE(*p.placement_ok) << p.series() << " at " << p.threads;
    EXPECT_EQ(static_cast<int>(p.placement.size()), p.threads);
  }
  // Every kernel on seq, omp and tbb; the standard-algorithm ones on stdpar too. Distributed
  // kernels run only when named (with --ranks).
  const auto on_one_machine = std::count_if(sb::kernels().begin(), sb::kernels().end(),
                                            [](const sb::KernelInfo& k) { return !k.distributed; });
  EXPECT_EQ(covered.size(), 3 * static_cast<std::size_t>(on_one_machine) + 4);
  for (const char* kernel : {"calibrate", "map", "reduce", "triad"}) {
    EXPECT_TRUE(covered.count(std::string(kernel) + "/stdpar")) << kernel;
  }
  EXPECT_GE(results.points.size(), 2 * expected_points);
}

}  // namespace
