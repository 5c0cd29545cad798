#include "harness/report/program_markdown.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "harness/core/utf8.hpp"

namespace sb {
namespace {

std::string text_of(const nlohmann::json& value) {
  if (value.is_null()) return "not recorded";
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string environment_text(const nlohmann::json& variables) {
  if (!variables.is_object() || variables.empty()) return "none";
  std::vector<std::string> entries;
  for (const auto& [name, value] : variables.items())
    entries.push_back(fmt::format("`{}={}`", name, text_of(value)));
  return fmt::format("{}", fmt::join(entries, ", "));
}

// The processes of each thread count, in process order.
std::map<int, std::vector<const Point*>> by_threads(const Results& results) {
  std::map<int, std::vector<const Point*>> grouped;
  for (const Point& p : results.points) grouped[p.threads].push_back(&p);
  for (auto& [threads, points] : grouped) {
    std::sort(points.begin(), points.end(),
              [](const Point* a, const Point* b) { return a->process < b->process; });
  }
  return grouped;
}

std::string range_text(const std::vector<const Point*>& points, const char* measure) {
  std::vector<double> values;
  for (const Point* p : points) {
    const auto found = p->measures.find(measure);
    if (found != p->measures.end()) values.push_back(found->second);
  }
  if (values.empty()) return "—";
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  return *low == *high ? fmt::format("{:g}", *low) : fmt::format("{:g}–{:g}", *low, *high);
}

std::string placement_table(const Results& results) {
  std::string out =
      "## Proof of placement\n\nEvery run's threads (and those of every process it started) were "
      "sampled from /proc every 25 ms. A thread is busy in a window when it used, or waited "
      "runnable for, at least half a CPU there. A point is flagged when more threads than "
      "planned each wanted a whole CPU (90% of a window), or two such threads shared a PU in "
      "two samples running, in at least half the windows; when fewer threads than planned did any "
      "work; or when a thread ran on a PU outside the plan.\n\n"
      "| threads | runs | as planned | findings | working threads | most busy at once | threads "
      "seen |\n|---:|---:|---:|---|---|---|---|\n";
  for (const auto& [threads, points] : by_threads(results)) {
    std::map<std::string, int> notes;
    int planned = 0;
    for (const Point* p : points) {
      if (!p->error.empty()) {
        ++notes["failed: " + valid_utf8(p->error.substr(0, 80))];  // tail_of escaped its '|'
      } else if (p->placement_note == "as planned") {
        ++planned;
      } else {
        ++notes[p->placement_note.empty() ? "not judged" : p->placement_note];
      }
    }
    std::vector<std::string> findings;
    for (const auto& [note, count] : notes)
      findings.push_back(fmt::format("{} ({}x)", note, count));
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", threads, points.size(), planned,
                       findings.empty() ? "none" : fmt::format("{}", fmt::join(findings, "; ")),
                       range_text(points, "working_threads"),
                       range_text(points, "busy_threads_peak"), range_text(points, "threads_seen"));
  }
  out +=
      "\nEach thread of the first run at each thread count (the others are in results.json):\n\n"
      "| threads | thread | PUs it ran on | busy share |\n|---:|---|---|---:|\n";
  for (const auto& [threads, points] : by_threads(results)) {
    for (const Point* p : points) {
      if (!p->error.empty() || p->placement.empty()) continue;
      for (const WorkerPlacement& w : p->placement) {
        out +=
            fmt::format("| {} | {} | {} | {} |\n", threads, w.name.empty() ? "?" : w.name,
                        w.observed_pus.empty() ? std::string("—")
                                               : fmt::format("{}", fmt::join(w.observed_pus, ",")),
                        w.busy_share ? fmt::format("{:.0f}%", 100 * *w.busy_share) : "—");
      }
      break;
    }
  }
  return out + "\n";
}

}  // namespace

bool measured_a_program(const Results& results) {
  return results.manifest.contains("program") && results.manifest.at("program").is_object();
}

std::string program_line(const Results& results) {
  const nlohmann::json& program = results.manifest.at("program");
  return fmt::format("the program `{}` (series exec/command/{})",
                     program.value("command", std::string("?")),
                     program.value("label", std::string("?")));
}

std::string program_markdown(const Results& results) {
  if (!measured_a_program(results)) return "";
  const nlohmann::json& p = results.manifest.at("program");
  const nlohmann::json command = results.manifest.value("sweep", nlohmann::json::object())
                                     .value("command", nlohmann::json::object());
  std::string verification = "exit status 0 only (no --check or --same-output)";
  if (command.value("same_output", false)) {
    verification = fmt::format(
        "exit status 0 and standard output equal to the untimed 1-thread reference run's "
        "(SHA-256 `{}`)",
        command.value("reference_sha256", std::string("?")));
  } else if (!command.value("check", std::string()).empty()) {
    verification = fmt::format("exit status 0 and `--check {}` exiting 0 after each run",
                               command.value("check", std::string()));
  }
  std::string out = "## The program\n\n";
  out += fmt::format("- command: `{}`{}\n", p.value("command", std::string("?")),
                     p.value("shell", false) ? " (through /bin/sh -c)" : "");
  out += fmt::format(
      "- executable: `{}`, {} bytes, SHA-256 `{}`\n", p.value("executable", std::string("?")),
      text_of(p.value("size_bytes", nlohmann::json())), p.value("sha256", std::string("?")));
  std::string version = text_of(p.value("version", nlohmann::json()));
  // One list item, verbatim ("*** Zstandard CLI ***" is not emphasis).
  for (std::size_t at = version.find('\n'); at != std::string::npos; at = version.find('\n', at))
    version.replace(at, 1, "; ");
  out += fmt::format("- version: `{}`\n", version);
  out += fmt::format("- environment scalebench set for the program: {}\n",
                     environment_text(p.value("environment_set", nlohmann::json())));
  out += fmt::format("- relevant environment inherited: {}\n",
                     environment_text(p.value("environment_inherited", nlohmann::json())));
  out += fmt::format("- timed: {}\n",
                     command.value("time_from", std::string()).empty()
                         ? std::string("wall time from start to exit of each run")
                         : fmt::format("the time the program reported (--time-from `{}`), the wall "
                                       "time beside it as measure wall_s",
                                       command.value("time_from", std::string())));
  out += fmt::format("- verified: {}\n", verification);
  // Where the runs' threads were seen, thread count by thread count: the PUs a speedup compares.
  std::vector<std::string> seen_on;
  for (const auto& [threads, points] : by_threads(results)) {
    std::set<int> pus;
    for (const Point* point : points) {
      for (const WorkerPlacement& w : point->placement)
        pus.insert(w.observed_pus.begin(), w.observed_pus.end());
    }
    seen_on.push_back(fmt::format("{} thread{} on PU{} {}", threads, threads == 1 ? "" : "s",
                                  pus.size() == 1 ? "" : "s", fmt::join(pus, ",")));
  }
  out += fmt::format(
      "- threads: the program was told {{threads}} and given that many PUs ({}); a speedup "
      "compares it told 1 on one PU with it told p on p PUs. Threads it runs besides its "
      "workers (a reader, a writer) share those PUs and are counted under Proof of placement\n",
      fmt::join(seen_on, "; "));
  out +=
      "- every run a fresh process; user and system time, peak memory and context switches of "
      "each are in results.json (measures)\n\n";
  return out + placement_table(results);
}

}  // namespace sb
