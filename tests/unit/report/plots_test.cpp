// plot.py checked through the JSON sidecar beside each PNG, which it reads back from the axes as
// matplotlib drew them: what a reader is told (titles, legends) must match what is there.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness/report/write_report.hpp"
#include "harness/results/results.hpp"
#include "tests/support/sample_results.hpp"
#include "tests/support/schedule_results.hpp"
#include "tests/support/temp_path.hpp"

namespace sb {
namespace {

namespace fs = std::filesystem;

nlohmann::json read_json(const fs::path& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in);
}

bool names(const std::string& title, const std::string& word) {
  return std::regex_search(title, std::regex("\\b" + word + "\\b", std::regex::icase));
}

// Every way a sidecar can contradict its own plot, or the report's other plots, in one list.
std::vector<std::string> sidecar_problems(const fs::path& plots) {
  std::vector<std::string> problems;
  std::set<std::string> pngs, sidecars;
  for (const auto& entry : fs::directory_iterator(plots)) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".png") pngs.insert(entry.path().stem().string());
    if (ext == ".json") sidecars.insert(entry.path().stem().string());
  }
  for (const std::string& stem : pngs) {
    if (!sidecars.count(stem)) problems.push_back(stem + ".png has no sidecar");
  }
  std::set<std::string> heat_scales;
  for (const std::string& stem : sidecars) {
    const nlohmann::json doc = read_json(plots / (stem + ".json"));
    const std::string where = stem + ": ";
    if (!pngs.count(stem)) problems.push_back(where + "sidecar without its PNG");
    if (doc.value("file", "") != stem + ".png") problems.push_back(where + "names another file");
    if (doc.value("kind", "") == "schedules") heat_scales.insert(doc.at("color_scale").dump());
    for (const nlohmann::json& axes : doc.at("axes")) {
      const std::string title = axes.at("title");
      for (const char* range : {"xlim", "ylim"}) {
        if (axes.at(range)[0] == axes.at(range)[1]) problems.push_back(where + range + " empty");
      }
      std::set<std::pair<std::string, std::string>> styles;
      for (const nlohmann::json& s : axes.at("series")) {
        if (!styles.insert({s.at("color").get<std::string>(), s.at("marker").get<std::string>()})
                 .second) {
          problems.push_back(where + "colour and marker repeated: " + s.at("label").dump());
        }
      }
      for (const auto& [model, name] : {std::pair{"amdahl", "Amdahl"}, std::pair{"usl", "USL"},
                                        std::pair{"gustafson", "Gustafson"}}) {
        bool drawn = false;
        for (const nlohmann::json& fit : axes.at("fits")) drawn |= fit.at("model") == model;
        if (drawn != names(title, name)) {
          problems.push_back(where + "title \"" + title + "\" and drawn fits disagree on " + name);
        }
      }
      const nlohmann::json& ceilings = axes.at("ceilings");
      if (ceilings.empty() &&
          (names(title, "ceiling") || (doc.at("kind") == "bandwidth" && names(title, "triad")))) {
        problems.push_back(where + "title \"" + title + "\" names a ceiling not drawn");
      }
      for (const nlohmann::json& c : ceilings) {
        if (!names(title, c.at("name"))) problems.push_back(where + "ceiling drawn, not named");
      }
      if (axes.at("thread_axis") == "x") {
        if (axes.at("xticks").empty()) problems.push_back(where + "thread axis without ticks");
        for (const nlohmann::json& tick : axes.at("xticks")) {
          const double t = tick.get<double>();
          if (std::abs(t - std::round(t)) > 1e-9) {
            problems.push_back(where + "thread tick " + tick.dump() + " is not a whole number");
          }
        }
      }
    }
  }
  if (heat_scales.size() > 1) problems.push_back("heat maps on different colour scales");
  return problems;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

// A map series whose time grows with threads (Amdahl's s > 1), one measured in one process, a
// point contended in every process, triad at 1 and 2 threads only (map runs 1, 2 and 4; reduce
// 4 and 8), and two compared workloads, each with its own range of time over the fastest.
Results plotted_sweep() {
  Results results = test::sample_results();
  for (const auto& [threads, seconds] :
       std::vector<std::pair<int, double>>{{1, 1.0}, {2, 1.6}, {4, 2.2}}) {
    Point slower = test::map_point("tbb", threads, {seconds, seconds * 1.01, seconds * 0.99});
    for (Point& p : test::three_processes(slower)) {
      if (threads == 4) p.stability_flags = {"contended"};
      results.points.push_back(p);
    }
    Point alone = test::map_point("stdpar", threads, {1.0 / threads, 1.01 / threads});
    alone.variant = "par";
    results.points.push_back(alone);
  }
  results.workloads["triad"] = {.bytes_per_element = 24, .bandwidth_ceiling = true};
  for (const auto& [threads, seconds] : std::vector<std::pair<int, double>>{{1, 0.8}, {2, 0.5}}) {
    Point triad = test::map_point("omp", threads, {seconds, seconds * 1.02, seconds * 0.98});
    triad.kernel = "triad";
    for (const Point& p : test::three_processes(triad)) results.points.push_back(p);
  }
  // reduce only where triad did not run: a bandwidth plot that must not name a ceiling.
  results.workloads["reduce"] = {.bytes_per_element = 8};
  for (int threads : {4, 8}) {
    Point reduce = test::map_point("omp", threads, {0.3, 0.31, 0.29});
    reduce.kernel = "reduce";
    for (const Point& p : test::three_processes(reduce)) results.points.push_back(p);
  }
  for (Point& p : results.points) p.bytes_per_run = 2.4e10;  // tens of GB/s, as on a real machine
  for (const Results& compared : {test::skewed_map_schedules(), test::fork_join_overheads()}) {
    results.workloads.insert(compared.workloads.begin(), compared.workloads.end());
    test::add(results.points, compared.points);
  }
  return results;
}

const nlohmann::json* series_named(const nlohmann::json& axes, const std::string& label) {
  for (const nlohmann::json& s : axes.at("series")) {
    if (s.at("label") == label) return &s;
  }
  return nullptr;
}

TEST(Plots, SidecarsSayWhatEachPlotDraws) {
  const fs::path dir = test::temp_path("plots");
  fs::remove_all(dir);
  fs::create_directories(dir / "plots");
  std::ofstream(dir / "plots" / "stale.json") << "{}";  // from an older analysis: must go
  write_results(dir, plotted_sweep());
  write_analysis(dir, {});
  // matplotlib is a declared dependency: plots that could not be drawn fail here, not skip.
  ASSERT_TRUE(fs::exists(dir / "plots" / "speedup-map.png"))
      << "plot.py did not run: is python3-matplotlib installed, plot.py beside this binary?";
  EXPECT_FALSE(fs::exists(dir / "plots" / "stale.json"));
  for (const char* stem : {"speedup-map", "bandwidth-map", "bandwidth-reduce", "distribution-map",
                           "schedules-skewed_map-heatmap", "schedules-fork_join-heatmap"}) {
    EXPECT_TRUE(fs::exists(dir / "plots" / (std::string(stem) + ".json"))) << stem;
  }
  const std::vector<std::string> problems = sidecar_problems(dir / "plots");
  EXPECT_TRUE(problems.empty()) << joined(problems);

  // Every fitted model from 3 or more thread counts is drawn, whatever its parameters: s > 1
  // (contention) included; none from fewer, which pass through the points whatever the truth.
  // (reduce has no 1-thread point, so no speedup to draw a fit over.)
  const nlohmann::json analysis = read_json(dir / "analysis.json");
  int tested = 0, untested = 0;
  for (const nlohmann::json& series : analysis["series"]) {
    const fs::path file =
        dir / "plots" / ("speedup-" + series["kernel"].get<std::string>() + ".json");
    if (series["backend"] == "seq" || series["kernel"] == "reduce" || !fs::exists(file)) continue;
    const std::string label =
        series["backend"].get<std::string>() + "/" + series["variant"].get<std::string>();
    const nlohmann::json sidecar = read_json(file);
    for (const char* model : {"amdahl", "usl", "gustafson"}) {
      const nlohmann::json& fit = series["scaling"][model];
      if (!fit.value("fitted", false)) continue;
      bool drawn = false;
      for (const nlohmann::json& f : sidecar["axes"][0]["fits"]) {
        drawn |= f["series"] == label && f["model"] == model;
      }
      const bool tests_something = fit.value("distinct_threads", 0) >= 3;
      EXPECT_EQ(drawn, tests_something) << label << " " << model;
      ++(tests_something ? tested : untested);
    }
  }
  EXPECT_GT(tested, 0);    // map at 1, 2 and 4 threads
  EXPECT_GT(untested, 0);  // triad at 1 and 2

  // A sweep that passed its gate says so in every sidecar.
  for (const auto& entry : fs::directory_iterator(dir / "plots")) {
    if (entry.path().extension() != ".json") continue;
    EXPECT_EQ(read_json(entry.path()).at("validity"),
              nlohmann::json({{"valid", true}, {"failed", nlohmann::json::array()}}))
        << entry.path();
  }
  const nlohmann::json speedup = read_json(dir / "plots" / "speedup-map.json");
  ASSERT_EQ(speedup.at("axes").size(), 2u);  // speedup, then efficiency
  for (const nlohmann::json& axes : speedup["axes"]) {
    const nlohmann::json* alone = series_named(axes, "stdpar/par");
    ASSERT_NE(alone, nullptr);
    EXPECT_EQ(alone->at("flagged_threads"), nlohmann::json({1, 2, 4}));  // one process
    const nlohmann::json* contended = series_named(axes, "tbb/static");
    ASSERT_NE(contended, nullptr);
    EXPECT_EQ(contended->at("flagged_threads"), nlohmann::json({4}));
    EXPECT_TRUE(series_named(axes, "omp/static")->at("intervals").get<bool>());
  }

  const nlohmann::json bandwidth = read_json(dir / "plots" / "bandwidth-map.json");
  ASSERT_EQ(bandwidth["axes"][0]["ceilings"].size(), 1u);
  EXPECT_EQ(bandwidth["axes"][0]["ceilings"][0]["threads"], nlohmann::json({1, 2}));
  EXPECT_TRUE(read_json(dir / "plots" / "bandwidth-reduce.json")["axes"][0]["ceilings"].empty());

  // Every repetition of every point: map's 4 series at their thread counts, seq at 1.
  const nlohmann::json distribution = read_json(dir / "plots" / "distribution-map.json");
  int samples = 0;
  for (const nlohmann::json& row : distribution["axes"][0]["rows"])
    samples += row["samples"].get<int>();
  std::size_t expected = 0;
  for (const Point& p : plotted_sweep().points) {
    if (p.kernel == "map") expected += p.seconds.size();
  }
  EXPECT_EQ(static_cast<std::size_t>(samples), expected);
  for (const nlohmann::json& row : distribution["axes"][0]["rows"]) {
    // The analysis' estimate where it has one: all but the oversubscribed point at 8 threads.
    EXPECT_EQ(row["median_source"], row["threads"] == 8 ? "pooled" : "analysis") << row.dump();
  }
  fs::remove_all(dir);
}

// A sweep that failed its gate (here: other processes kept 2 CPUs busy) says so on every plot.
TEST(Plots, AnInvalidSweepSaysSoInEverySidecar) {
  const fs::path dir = test::temp_path("plots-invalid");
  fs::remove_all(dir);
  fs::create_directories(dir);
  Results results = test::sample_results();
  results.manifest["machine_load"]["before"]["other_busy_cpus"] = 2.0;
  write_results(dir, results);
  write_analysis(dir, {});
  ASSERT_FALSE(read_json(dir / "analysis.json")["validity"]["valid"].get<bool>());
  int sidecars = 0;
  for (const auto& entry : fs::directory_iterator(dir / "plots")) {
    if (entry.path().extension() != ".json") continue;
    const nlohmann::json validity = read_json(entry.path()).at("validity");
    EXPECT_FALSE(validity.at("valid").get<bool>()) << entry.path();
    EXPECT_EQ(validity.at("failed"), nlohmann::json({"load"})) << entry.path();
    ++sidecars;
  }
  EXPECT_GT(sidecars, 0);
  fs::remove_all(dir);
}

TEST(Plots, CommittedReferenceRunsKeepTheSameRules) {
  int checked = 0;
  for (const auto& entry :
       fs::recursive_directory_iterator(fs::path(SCALEBENCH_SOURCE) / "results")) {
    if (!entry.is_directory() || entry.path().filename() != "plots") continue;
    bool has_sidecars = false;
    for (const auto& file : fs::directory_iterator(entry.path())) {
      has_sidecars |= file.path().extension() == ".json";
    }
    if (!has_sidecars) continue;  // drawn before plots had sidecars: regenerated later
    const std::vector<std::string> problems = sidecar_problems(entry.path());
    EXPECT_TRUE(problems.empty()) << entry.path() << "\n" << joined(problems);
    ++checked;
  }
  if (checked == 0) GTEST_SKIP() << "no committed plots with sidecars yet";
}

}  // namespace
}  // namespace sb
