// Bad input, tried end to end on the real binary: each case gets exactly one line on stderr that
// names the problem and exit status 2, never a signal, and leaves every output file as it was.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;
  bool signalled = false;
  std::string err;
};

// Per process, so that tests run side by side by ctest -j never share files.
fs::path root() {
  static const fs::path dir =
      fs::temp_directory_path() / fmt::format("scalebench-bad-input-{}", getpid());
  return dir;
}

class RemoveRoot : public ::testing::Environment {
 public:
  void TearDown() override { fs::remove_all(root()); }
};
[[maybe_unused]] const auto* const remove_root =
    ::testing::AddGlobalTestEnvironment(new RemoveRoot);

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

Outcome scalebench(const std::string& args) {
  fs::create_directories(root());
  const fs::path err = root() / "stderr";
  const std::string command =
      std::string(SCALEBENCH_EXE) + " " + args + " >/dev/null 2>" + err.string();
  const int raw = std::system(command.c_str());
  Outcome outcome;
  outcome.signalled = WIFSIGNALED(raw) || (WIFEXITED(raw) && WEXITSTATUS(raw) > 128);
  outcome.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  outcome.err = slurp(err);
  return outcome;
}

void expect_refused(const std::string& args, const std::string& mentions) {
  const Outcome outcome = scalebench(args);
  EXPECT_FALSE(outcome.signalled) << args;
  EXPECT_EQ(outcome.status, 2) << args << "\n" << outcome.err;
  EXPECT_EQ(outcome.err.rfind("scalebench: error: ", 0), 0u) << args << "\n" << outcome.err;
  const auto lines = std::count(outcome.err.begin(), outcome.err.end(), '\n');
  EXPECT_EQ(lines, 1) << args << "\n" << outcome.err;
  EXPECT_NE(outcome.err.find(mentions), std::string::npos) << args << "\n" << outcome.err;
}

// Every entry under a directory, hidden ones included: its bytes and when it was last written, so
// that a rewrite with the same bytes counts as a change too.
using Files = std::map<std::string, std::pair<std::string, fs::file_time_type>>;

Files snapshot(const fs::path& dir) {
  Files files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    files[fs::relative(entry.path(), dir).string()] = {
        entry.is_regular_file() ? slurp(entry.path()) : "(directory)", entry.last_write_time()};
  }
  return files;
}

void expect_unchanged(const Files& before, const fs::path& dir, const std::string& args) {
  const Files after = snapshot(dir);
  std::vector<std::string> names_before, names_after;
  for (const auto& [name, unused] : before) names_before.push_back(name);
  for (const auto& [name, unused] : after) names_after.push_back(name);
  EXPECT_EQ(names_before, names_after) << "files added or removed by: " << args;
  for (const auto& [name, file] : before) {
    const auto now = after.find(name);
    if (now == after.end()) continue;
    EXPECT_TRUE(now->second.first == file.first) << name << " rewritten by: " << args;
    EXPECT_TRUE(now->second.second == file.second) << name << " touched by: " << args;
  }
}

// One tiny analysed sweep a process, made the first time a test needs one.
const fs::path& sweep() {
  static const fs::path dir = [] {
    const fs::path out = root() / "sweep";
    const std::string options =
        "--kernels map --backends seq,omp --threads 1 --quick --repetitions 2 --processes 2 "
        "--min-time 0.01 --size 4096";
    const Outcome outcome = scalebench("run " + options + " --out " + out.string());
    EXPECT_EQ(outcome.status, 0) << outcome.err;
    return out;
  }();
  return dir;
}

std::string sweep_results_edited(const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json results = nlohmann::json::parse(slurp(sweep() / "results.json"));
  edit(results);
  return results.dump(1);
}

// Flags that keep a sweep cheap should bad input ever be accepted by mistake.
const std::string kCheap =
    "run --kernels map --backends seq --quick --repetitions 2 --processes 1 --min-time 0.01";

TEST(BadInput, ResultsFilesThatCannotBeAnalysedOrResumedAreRefusedUntouched) {
  const std::string valid = slurp(sweep() / "results.json");
  ASSERT_FALSE(valid.empty());
  const std::vector<std::pair<std::string, std::string>> files = {
      {"{\"schema\": \"scalebench/1\", \"points\": [}", "not valid JSON"},
      {valid.substr(0, valid.size() / 2), "not valid JSON"},
      {"", "is empty"},
      {"[1, 2]", "no schema field"},
      {sweep_results_edited([](auto& j) { j["schema"] = "scalebench/99"; }), "scalebench/99"},
      {sweep_results_edited([](auto& j) { j["points"][0]["threads"] = "two"; }),
       "type must be number"},
      {sweep_results_edited([](auto& j) { j["points"][0].erase("seconds"); }), "'seconds'"},
      {sweep_results_edited([](auto& j) { j["points"][0]["threads"] = 0; }), "at least 1"},
      {sweep_results_edited([](auto& j) { j["points"] = 5; }), "malformed field"},
      {sweep_results_edited([](auto& j) { j.erase("manifest"); }), "'manifest'"},
      {sweep_results_edited([](auto& j) { j["manifest"] = 7; }), "manifest is not an object"},
      {sweep_results_edited([](auto& j) { j["manifest"]["topology"] = 5; }), "manifest.topology"},
      {sweep_results_edited([](auto& j) { j["manifest"]["topology"]["cores"] = "x"; }),
       "manifest.topology.cores"},
      {sweep_results_edited([](auto& j) { j["manifest"]["machine_load"]["before"] = 3; }),
       "manifest.machine_load.before"},
      {sweep_results_edited([](auto& j) { j["manifest"]["resumes"] = "x"; }), "manifest.resumes"},
  };
  for (std::size_t i = 0; i < files.size(); ++i) {
    const fs::path dir = root() / fmt::format("results-{}", i);
    write(dir / "results.json", files[i].first);
    const Files before = snapshot(dir);
    for (const char* command : {"analyze ", "run --resume "}) {
      expect_refused(command + dir.string(), files[i].second);
      expect_unchanged(before, dir, command + dir.string());
    }
  }

  const fs::path holds_a_directory = root() / "results-directory";
  fs::create_directories(holds_a_directory / "results.json");
  const fs::path empty = root() / "no-results";
  fs::create_directories(empty);
  const fs::path blocker = root() / "a-file";
  write(blocker, "a file, not a directory");
  for (const char* command : {"analyze ", "run --resume "}) {
    expect_refused(command + holds_a_directory.string(), "is a directory");
    expect_refused(command + empty.string(), "cannot read " + (empty / "results.json").string());
    expect_refused(command + blocker.string(), "a-file/results.json");
    expect_refused(command + (root() / "nonexistent").string(), "nonexistent/results.json");
  }
  EXPECT_TRUE(fs::is_empty(empty));
}

TEST(BadInput, ResumeRefusesAnEditedPlanBeforeTouchingCheckpoints) {
  const std::vector<std::pair<std::function<void(nlohmann::json&)>, std::string>> edits = {
      {[](nlohmann::json& j) { j["plan"] = "x"; }, "its plan is damaged"},
      {[](nlohmann::json& j) { j["plan"]["groups"][0]["threads"] = 0; }, "threads out of range"},
      {[](nlohmann::json& j) { j["plan"]["groups"][1]["executor"] = "nosuch"; }, "executor"},
      {[](nlohmann::json& j) { j["plan"]["rounds"]["stopping_rule"] = "never"; }, "stopping rule"},
      {[](nlohmann::json& j) { j["plan"]["groups"][0]["points"][0]["threads"] = 2; }, "differ"},
  };
  const nlohmann::json point = nlohmann::json::parse(slurp(sweep() / "results.json"))["points"][0];
  for (std::size_t i = 0; i < edits.size(); ++i) {
    const fs::path dir = root() / fmt::format("resume-plan-{}", i);
    write(dir / "results.json", sweep_results_edited(edits[i].first));
    write(dir / ".group-0.points.jsonl", point.dump() + "\n");
    const Files before = snapshot(dir);
    expect_refused("run --resume " + dir.string(), edits[i].second);
    expect_unchanged(before, dir, "run --resume " + dir.string());
  }
}

TEST(BadInput, ResumeRefusesAnEditedManifestBeforeTouchingCheckpoints) {
  struct Edit {
    std::string option;
    nlohmann::json value;  // null: the option is removed
    std::string mentions;
  };
  const std::vector<Edit> edits = {
      {"kernels", {"nosuch"}, "unknown kernel 'nosuch'"},
      {"threads", {0}, "thread list [0]"},
      {"threads", {2, 1}, "thread list [2,1]"},
      {"repetitions", 0, "repetitions 0"},
      {"size", 1'000'000'000'000'000'000, "GiB"},
      {"params", {{"map", {{"nosuch", 1}}}}, "no parameter 'nosuch'"},
      {"backends", nullptr, "no usable sweep options"},
  };
  const nlohmann::json point = nlohmann::json::parse(slurp(sweep() / "results.json"))["points"][0];
  for (std::size_t i = 0; i < edits.size(); ++i) {
    const fs::path dir = root() / fmt::format("resume-{}", i);
    // Written before plans were recorded: the resume plans again from the options.
    write(dir / "results.json", sweep_results_edited([&](nlohmann::json& j) {
            j.erase("plan");
            nlohmann::json& options = j["manifest"]["sweep"];
            if (edits[i].value.is_null()) {
              options.erase(edits[i].option);
            } else {
              options[edits[i].option] = edits[i].value;
            }
          }));
    // A point a killed sweep left only in its checkpoint: a refused resume must keep it.
    write(dir / ".group-0.points.jsonl", point.dump() + "\n");
    const Files before = snapshot(dir);
    expect_refused("run --resume " + dir.string(), edits[i].mentions);
    expect_unchanged(before, dir, "run --resume " + dir.string());
  }
  // A resumed sweep keeps its own options: one given again must resolve to the recorded value.
  const std::vector<std::pair<std::string, std::string>> differing = {
      {"--kernels reduce", "kernels [\"reduce\"] (recorded [\"map\"])"},
      {"--threads 1:2", "threads [1,2] (recorded [1])"},
      {"--size 64", "size 64 (recorded 4096)"},
      {"--seed 1 --pin scatter", "pin \"scatter\" (recorded \"compact\"); seed 1 (recorded 42)"},
      {"--quick --repetitions 3", "repetitions 3 (recorded 2)"},
      {"--out " + (root() / "elsewhere").string(), "differs from --resume"},
  };
  for (const auto& [option, mentions] : differing) {
    const Files before = snapshot(sweep());
    expect_refused("run --resume " + sweep().string() + " " + option, mentions);
    expect_unchanged(before, sweep(), option);
  }
}

TEST(BadInput, BadClaimsChangeNoOutputFile) {
  const std::string header =
      "case_name,system_context,scale_claim,decomposability,partitioning_clarity,"
      "communication_awareness,synchronization_control,load_balance_evidence,"
      "data_locality_awareness,fault_tolerance,consistency_clarity,benchmark_support,"
      "cost_awareness,governance_readiness,communication_clarity";
  const std::string rest = ",0.9,0.9,0.9,0.9,0.9,0.9,0.9,0.9,0.9,0.9,0.9";
  const std::string evidence = header + ",evidence_series,claimed_threads,claimed_speedup\n";
  const std::vector<std::pair<std::string, std::string>> claims = {
      {"case_name,system_context,scale_claim,decomposability\nc,x,y,0.5\n",
       "no column 'partitioning_clarity'"},
      {"decomposability\n0.5\n", "no column 'case_name'"},
      {header + "\nc,x,y,1.5" + rest + "\n", "is 1.5, outside [0, 1]"},
      {header + "\nc,x,y,-0.1" + rest + "\n", "is -0.1, outside [0, 1]"},
      {header + "\nc,x,y,nan" + rest + "\n", "outside [0, 1]"},
      {header + "\nc,x,y,high" + rest + "\n", "'high', not a number"},
      {header + "\nc,x,y,\"0.9" + rest + "\n", "never closes"},
      {header + "\nc,x,y,0.9\n", "row 1 has 4 fields"},
      {header + "\n", "has no cases"},
      {"", "is empty"},
      {evidence + "c,x,y,0.9" + rest + ",map/omp/static,0,2\n", "claimed_threads 0"},
      {evidence + "c,x,y,0.9" + rest + ",map/omp/static,2,-1\n", "must be positive"},
      // A line break inside a quoted field must not break the one-line message.
      {evidence + "c,x,y,0.9" + rest + ",\"map\nomp\",2,1\n", "'map\\nomp' is not kernel"},
  };
  const fs::path run_out = root() / "claims-run-out";
  for (std::size_t i = 0; i < claims.size(); ++i) {
    const fs::path file = root() / fmt::format("claims-{}.csv", i);
    write(file, claims[i].first);
    const Files before = snapshot(sweep());
    for (const std::string& command :
         {"analyze " + sweep().string(), "run --resume " + sweep().string(),
          kCheap + " --size 4096 --out " + run_out.string()}) {
      expect_refused(command + " --claims " + file.string(), claims[i].second);
      expect_unchanged(before, sweep(), command + " --claims " + file.string());
    }
  }
  for (const std::string& command :
       {"analyze " + sweep().string(), kCheap + " --out " + run_out.string()}) {
    expect_refused(command + " --claims ''", "--claims names no file");
    expect_refused(command + " --claims " + root().string(), "cannot read");
  }
  EXPECT_FALSE(fs::exists(run_out));
}

TEST(BadInput, ThreadListsAreRefusedBeforeAnythingIsWritten) {
  const fs::path out = root() / "threads-out";
  const std::vector<std::pair<std::string, std::string>> lists = {
      {"-1", "must be at least 1"},
      {"0", "must be at least 1"},
      {"1,-2", "-2"},
      {"1,1", "appears twice"},
      {"1,2,2:3", "appears twice"},
      {"4:2", "runs backwards"},
      {"1025", "exceeds the cap of 1024"},
      {"1:1025", "exceeds the cap of 1024"},
      {"''", "empty thread list"},
      {"1,", "'' in '1,'"},
      {",1", "'' in ',1'"},
      {"1,,2", "'' in '1,,2'"},
      {"1:", "'' in '1:'"},
      {":4", "'' in ':4'"},
      {"1:2:3", "'2:3'"},
      {"99999999999", "99999999999"},
      {"1.5", "positive integer"},
      {"' 1'", "' 1'"},
      {"'1\n2'", "'1\\n2'"},
  };
  for (const auto& [list, mentions] : lists) {
    expect_refused(kCheap + " --size 4096 --out " + out.string() + " --threads " + list, mentions);
  }
  EXPECT_FALSE(fs::exists(out));
}

TEST(BadInput, SizesKernelsParametersAndSeedsAreRefusedBeforeAnythingIsWritten) {
  const fs::path out = root() / "options-out";
  const std::string run = kCheap + " --out " + out.string();
  const std::string run_sized = run + " --size 4096";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {run + " --size 1e30", "invalid --size '1e30'"},
      {run + " --size 18446744073709551616", "invalid --size '18446744073709551616'"},
      {run + " --size 18446744073709551615", "more than this machine can hold"},
      {run + " --size ''", "invalid --size ''"},
      {run + " --size 4096.5", "invalid --size '4096.5'"},
      {run + " --size -0", "invalid --size '-0'"},
      {run + " --size 0x10", "invalid --size '0x10'"},
      {"run --kernels map,nosuch --out " + out.string(), "unknown kernel 'nosuch'"},
      {"run --kernels MAP --out " + out.string(), "unknown kernel 'MAP'"},
      {run_sized + " --param map.nosuch=1", "kernel 'map' has no parameter 'nosuch'"},
      {run_sized + " --param map.=1", "has no parameter ''"},
      {run_sized + " --param pipeline.tokens=4", "'pipeline', which is not selected"},
      {run_sized + " --param pipelinetokens=3", "expected KERNEL.NAME=VALUE"},
      {run_sized + " --param map.a=", "invalid value ''"},
      {run_sized + " --param map.a=inf", "invalid value 'inf'"},
      {run_sized + " --param map.a=nan", "invalid value 'nan'"},
      {run_sized + " --param map.a=1=2", "invalid value '1=2'"},
      {"run --kernels pipeline --size 64 --param pipeline.tokens=0 --out " + out.string(),
       "pipeline.tokens = 0 is outside"},
      {"run --kernels pipeline --size 64 --param pipeline.tokens=1e30 --out " + out.string(),
       "pipeline.tokens = 1e+30 is outside"},
      {"run --kernels pipeline --size 64 --param pipeline.middle_work=-5 --out " + out.string(),
       "pipeline.middle_work = -5 is outside"},
      {"run --kernels calibrate --size 64 --serial-fraction 1.5 --out " + out.string(),
       "calibrate.serial_fraction = 1.5 is outside [0, 1]"},
      {run_sized + " --seed -1", "invalid --seed '-1'"},
      {run_sized + " --seed 18446744073709551616", "invalid --seed '18446744073709551616'"},
      {run_sized + " --seed ''", "invalid --seed ''"},
      {"run --kernels map --repetitions 1001 --out " + out.string(), "--repetitions 1001"},
      {"run --kernels map --min-time 61 --out " + out.string(), "--min-time 61"},
      {run_sized + " --max-cv 0", "--max-cv 0"},
      {run_sized + " --inject-fault 'ma\np'", "'ma\\np'"},
  };
  for (const auto& [args, mentions] : cases) expect_refused(args, mentions);
  EXPECT_FALSE(fs::exists(out));
}

TEST(BadInput, UnwritableOutputDirectoriesAreRefused) {
  // Tests may run as root, whom permissions do not stop: a path under a regular file stops anyone.
  const fs::path file = root() / "plain-file";
  write(file, "a file, not a directory");
  const std::string run = kCheap + " --size 4096 --out ";
  expect_refused(run + file.string(), "plain-file");
  expect_refused(run + (file / "sub").string(), "plain-file/sub");
  expect_refused(run + (file / "sub" / "deeper").string(), "plain-file/sub/deeper");
  expect_refused(run + "/dev/null", "/dev/null");
  expect_refused(run + "''", "run needs --out DIR");
  expect_refused("analyze " + (file / "sub").string(), "plain-file/sub/results.json");
  EXPECT_EQ(slurp(file), "a file, not a directory");
}

}  // namespace
