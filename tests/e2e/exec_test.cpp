// `scalebench exec` on programs built for the purpose (tests/support/exec_probe.cpp) and on
// programs Debian ships: misbehaviour is flagged, failures are recorded and the sweep goes on, bad
// input is refused before anything runs.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "harness/results/results.hpp"
#include "tests/support/claims_csv.hpp"
#include "tests/support/run_cli.hpp"

namespace {

namespace fs = std::filesystem;

using sb::test::Outcome;
using sb::test::slurp;

fs::path temporary(const std::string& name) {
  return fs::temp_directory_path() / ("scalebench-exec-" + std::to_string(getpid()) + "-" + name);
}

Outcome scalebench(const std::string& args) {
  return sb::test::run_cli(SCALEBENCH_EXE, args, temporary("io"));
}

// Runs the probe in `mode` at 1 and 2 threads, two runs each, and reads what exec wrote.
sb::Results exec_probe(const std::string& mode, const std::string& extra = "",
                       const std::string& threads = "1,2") {
  const fs::path out = temporary(mode);
  fs::remove_all(out);
  const Outcome o = scalebench("exec --threads " + threads + " --processes 2 --out " +
                               out.string() + " " + extra + " -- " + EXEC_PROBE + " " + mode +
                               " {threads} " + temporary(mode + "-count").string());
  EXPECT_TRUE(o.status == 0 || o.status == 3) << o.err;
  EXPECT_TRUE(fs::exists(out / "report.md")) << o.err;
  return sb::read_results(out / "results.json");
}

bool enough_cpus() { return std::thread::hardware_concurrency() >= 2; }

TEST(Exec, AWellBehavedProgramIsVerifiedAndPlacedAndClaimsCiteIt) {
  if (!enough_cpus()) GTEST_SKIP() << "needs 2 CPUs";
  const fs::path claims = temporary("claims.csv");
  std::ofstream(claims) << sb::test::claims_csv(
      {"probe-claim,ctx,2x at 2,.5,.5,.5,.5,.5,.5,.5,.5,.9,.5,.5,.5,exec/exec_probe,2,2"});
  const sb::Results r = exec_probe("work", "--claims " + claims.string());
  const std::string report = slurp(temporary("work") / "report.md");
  EXPECT_NE(report.find("probe-claim"), std::string::npos);
  EXPECT_NE(report.find("exec/command/exec_probe"), std::string::npos);
  EXPECT_EQ(report.find("has no fit-eligible measurements"), std::string::npos);
  // The headline reads as a program's, and is still a table.
  EXPECT_NE(report.find("one PU\n| kernel | series | threads | time | speedup | efficiency |\n"),
            std::string::npos);
  EXPECT_NE(report.find("## Proof of placement"), std::string::npos);
  ASSERT_GE(r.points.size(), 4u);  // more when a contended group was measured again
  for (const sb::Point& p : r.points) {
    EXPECT_TRUE(p.verified) << p.error;
    EXPECT_EQ(p.idle_workers, 0) << p.placement_note;
    EXPECT_EQ(p.extra_threads, 0) << p.placement_note;
    EXPECT_EQ(p.placement_note.find("outside"), std::string::npos) << p.placement_note;
    EXPECT_EQ(p.measures.at("working_threads"), p.threads);
    EXPECT_EQ(p.kernel, "exec");
    EXPECT_EQ(p.variant, "exec_probe");
  }
  EXPECT_EQ(r.traits("exec").kind, "command");
  EXPECT_EQ(r.manifest.at("program").at("sha256").get<std::string>().size(), 64u);
}

// Whether the proof of placement judged a run. A sampler starved by another build sharing the
// cores (or slowed by a sanitizer) can see a run in fewer than 2 windows: that run says so and is
// left out of fits, and a test of what judging finds looks at the runs that were judged.
bool judged(const sb::Point& p) { return p.placement_note.rfind("not judged", 0) != 0; }

std::vector<sb::Point> judged_points(const sb::Results& r) {
  std::vector<sb::Point> points;
  for (const sb::Point& p : r.points) {
    if (judged(p)) points.push_back(p);
  }
  return points;
}

TEST(Exec, AProgramIgnoringTheThreadCountIsFlagged) {
  const sb::Results r = exec_probe("ignore", "", "1");
  const std::vector<sb::Point> points = judged_points(r);
  ASSERT_GE(points.size(), 1u) << "no run was judged";
  for (const sb::Point& p : points) {
    // 3 beyond the plan; a window may catch one of them wanting less than a whole CPU.
    EXPECT_GE(p.extra_threads, 1) << p.placement_note;
    EXPECT_NE(std::find(p.fit_exclusions().begin(), p.fit_exclusions().end(), "extra_threads"),
              p.fit_exclusions().end());
  }
}

TEST(Exec, AProgramUsingFewerThreadsThanAskedIsFlagged) {
  if (!enough_cpus()) GTEST_SKIP() << "needs 2 CPUs";
  const sb::Results r = exec_probe("fewer");
  const std::vector<sb::Point> points = judged_points(r);
  ASSERT_GE(points.size(), 1u) << "no run was judged";
  for (const sb::Point& p : points) {
    EXPECT_EQ(p.idle_workers, p.threads - 1) << p.placement_note;
  }
}

TEST(Exec, AProgramResettingItsAffinityIsFlagged) {
  if (!enough_cpus()) GTEST_SKIP() << "needs 2 CPUs";
  const sb::Results r = exec_probe("reset", "", "1");
  const std::vector<sb::Point> points = judged_points(r);
  ASSERT_GE(points.size(), 1u) << "no run was judged";
  for (const sb::Point& p : points) {
    ASSERT_TRUE(p.placement_ok.has_value());
    EXPECT_FALSE(*p.placement_ok) << p.placement_note;
    EXPECT_NE(p.placement_note.find("outside the plan"), std::string::npos) << p.placement_note;
  }
}

TEST(Exec, AFailingRunIsRecordedAndTheSweepGoesOn) {
  fs::remove(temporary("fail-count"));
  const sb::Results r = exec_probe("fail");
  ASSERT_GE(r.points.size(), 4u);
  int failed = 0;
  for (const sb::Point& p : r.points) {
    if (p.error.empty()) continue;
    ++failed;
    EXPECT_NE(p.error.find("exited with status 1"), std::string::npos) << p.error;
    EXPECT_NE(p.error.find("failing on run 3"), std::string::npos) << p.error;
  }
  EXPECT_EQ(failed, 1);
  EXPECT_TRUE(r.complete);
}

TEST(Exec, AHangingRunIsKilledByTheTimeoutAndRecorded) {
  const sb::Results r = exec_probe("hang", "--timeout 1s", "1");
  ASSERT_EQ(r.points.size(), 2u);
  for (const sb::Point& p : r.points) {
    EXPECT_NE(p.error.find("--timeout of 1 s"), std::string::npos) << p.error;
    EXPECT_FALSE(p.verified);
  }
}

TEST(Exec, SameOutputCatchesOutputThatDiffersAtTwoThreads) {
  const sb::Results r = exec_probe("differ", "--same-output");
  for (const sb::Point& p : r.points) {
    EXPECT_EQ(p.verified, p.threads == 1) << p.verification;
    if (p.threads == 2) {
      EXPECT_NE(p.verification.find("differs"), std::string::npos);
    }
  }
}

TEST(Exec, BadInputIsRefusedBeforeAnythingRuns) {
  const fs::path out = temporary("bad");
  fs::remove_all(out);
  const std::string probe = EXEC_PROBE;
  const std::string cases[] = {
      "exec --out " + out.string(),
      "exec --out " + out.string() + " -- /nonexistent/program {threads}",
      "exec --out " + out.string() + " -- no-such-program-on-path",
      "exec --out " + out.string() + " --time-from '([0-9' -- " + probe + " work {threads}",
      "exec --out " + out.string() + " --time-from 'took [0-9.]+' -- " + probe + " work 1",
      "exec --out " + out.string() + " -- " + probe + " work {thread}",
      "exec --out " + out.string() + " -- " + probe + " work {Threads}",
      "exec --out " + out.string() + " --weak 1M -- " + probe + " work {threads}",
      "exec --out " + out.string() + " --same-output --check true -- " + probe + " work 1",
      "exec --out " + out.string() + " --label a/b -- " + probe + " work 1",
      "exec --out " + out.string() + " -- " + probe + "{threads} work 1",
      "exec --out " + out.string() + " --same-output --weak 1M -- " + probe + " work {size}",
      "exec --out " + out.string() + " --check 'cmp {stdout} ${FILE}' --prepare 'x {Size}' -- " +
          probe + " work 1",
  };
  for (const std::string& args : cases) {
    const Outcome o = scalebench(args);
    EXPECT_EQ(o.status, 2) << args << "\n" << o.err;
    EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << args << "\n" << o.err;
    EXPECT_FALSE(fs::exists(out)) << args;  // refused before the directory is made
  }
}

TEST(Exec, BracesThatAreNotPlaceholdersPassThrough) {
  const fs::path out = temporary("braces");
  fs::remove_all(out);
  const Outcome o = scalebench("exec --threads 1 --processes 1 --shell --out " + out.string() +
                               " -- \"echo '{print \\$1}' {{threads}} | grep -qF '{{threads}}'\"");
  EXPECT_EQ(o.status, 0) << o.err;
  const sb::Results r = sb::read_results(out / "results.json");
  ASSERT_GE(r.points.size(), 1u);  // more when the run was contended and measured again
  EXPECT_TRUE(r.points[0].verified) << r.points[0].error;
}

// Ctrl-C while a program runs: the run is killed with its process group and not recorded (neither
// as a time nor as a failure), the sweep exits 130, and --resume completes it.
TEST(Exec, AnInterruptedSweepKeepsNoKilledRunAndResumes) {
  const fs::path out = temporary("interrupted");
  fs::remove_all(out);
  const std::string probe = EXEC_PROBE;
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    const int devnull = ::open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    execl(SCALEBENCH_EXE, "scalebench", "exec", "--threads", "1,2", "--processes", "6",
          "--no-analyze", "--out", out.c_str(), "--", probe.c_str(), "work", "{threads}",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int waited = 0; waited < 600; ++waited) {  // up to a minute for two finished runs
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    try {
      if (sb::read_results(out / "results.json").points.size() >= 2) break;
    } catch (const std::exception&) {  // not written yet
    }
  }
  kill(-pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  const sb::Results partial = sb::read_results(out / "results.json");
  EXPECT_FALSE(partial.complete);
  for (const sb::Point& p : partial.points) EXPECT_TRUE(p.error.empty()) << p.error;
  const Outcome resumed = scalebench("exec --resume " + out.string() + " --no-analyze");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  const sb::Results done = sb::read_results(out / "results.json");
  EXPECT_TRUE(done.complete);
  std::set<std::pair<int, int>> measured;  // (threads, process)
  for (const sb::Point& p : done.points) measured.emplace(p.threads, p.process);
  EXPECT_GE(measured.size(), 12u);
}

// A generated text file (seeded: the same bytes every time) for the compressors.
fs::path text_file(std::size_t bytes) {
  const fs::path file = temporary("input-" + std::to_string(bytes) + ".txt");
  if (fs::exists(file) && fs::file_size(file) == bytes) return file;
  std::ofstream out(file, std::ios::binary);
  std::uint64_t state = 42;
  for (std::size_t i = 0; i < bytes; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    out.put(static_cast<char>(i % 64 == 63 ? '\n' : 'a' + (state >> 59)));
  }
  return file;
}

bool on_path(const std::string& program) {
  return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

TEST(Exec, ThroughTheShellTheChildsThreadsAreRecorded) {
  const fs::path out = temporary("shell");
  fs::remove_all(out);
  const Outcome o = scalebench("exec --threads 1 --processes 1 --shell --out " + out.string() +
                               " -- '" + EXEC_PROBE + " work {threads} | cat'");
  ASSERT_EQ(o.status, 0) << o.err;
  const sb::Results r = sb::read_results(out / "results.json");
  ASSERT_GE(r.points.size(), 1u);  // more when the run was contended and measured again
  bool probe_seen = false;
  for (const sb::WorkerPlacement& w : r.points[0].placement)
    probe_seen = probe_seen || (w.name.rfind("exec_probe", 0) == 0 && w.busy_share > 0.5);
  EXPECT_TRUE(probe_seen) << "the shell's child's threads were not recorded";
  EXPECT_EQ(r.points[0].measures.at("working_threads"), 1);
}

// Programs nobody here wrote: zstd's output is the same at every thread count; xz's is not, so it
// is verified by decompressing it.
TEST(Exec, DebianCompressorsAreVerifiedAndAnalysed) {
  if (!on_path("zstd") || !on_path("xz")) GTEST_SKIP() << "zstd or xz not installed";
  const fs::path input = text_file(24u << 20), small = text_file(4u << 20);
  const fs::path zstd = temporary("zstd"), xz = temporary("xz");
  fs::remove_all(zstd);
  fs::remove_all(xz);
  const Outcome z = scalebench("exec --threads 1,2 --processes 2 --same-output --out " +
                               zstd.string() + " -- zstd -T{threads} -c " + input.string());
  EXPECT_TRUE(z.status == 0 || z.status == 3) << z.err;
  const Outcome x = scalebench(
      "exec --threads 1,2 --processes 2 --check 'xz -dc {stdout} | cmp -s "
      "- " +
      small.string() + "' --out " + xz.string() + " -- xz -0 -T{threads} -c " + small.string());
  EXPECT_TRUE(x.status == 0 || x.status == 3) << x.err;
  for (const fs::path& dir : {zstd, xz}) {
    const sb::Results r = sb::read_results(dir / "results.json");
    ASSERT_GE(r.points.size(), 4u) << dir;
    for (const sb::Point& p : r.points) {
      EXPECT_TRUE(p.verified) << dir << ": " << p.verification;
      // Both split their input among the threads asked for, inside the planned PUs. (Not "no
      // extra threads": on a loaded machine their reader threads wait long enough to look like
      // compute threads, and tests must not depend on an idle machine.)
      EXPECT_EQ(p.idle_workers, 0) << dir << ": " << p.placement_note;
      EXPECT_EQ(p.placement_note.find("outside"), std::string::npos) << p.placement_note;
    }
    EXPECT_NE(slurp(dir / "report.md").find("## Proof of placement"), std::string::npos);
  }
}

}  // namespace
