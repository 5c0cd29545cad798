#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "harness/analysis/sweep_analysis.hpp"
#include "harness/claims/audit.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/run_options.hpp"
#include "harness/core/error.hpp"
#include "harness/core/numbers.hpp"
#include "harness/kernel/kernel.hpp"
#include "harness/machine/threads_spec.hpp"
#include "harness/report/write_report.hpp"
#include "harness/sweep/sweep.hpp"

namespace sb::cli {
namespace {

// --dry-run: what the sweep would run and about how long it would take. A repetition lasts at
// least min_time, the first of each point about twice that (Google Benchmark's estimate), and a
// worker process about half a second to start and set up.
void print_plan(const SweepOptions& options) {
  const Plan plan = plan_sweep(options);
  int points = 0;
  double round_s = 0;
  for (const GroupSpec& g : plan.groups) {
    points += static_cast<int>(g.points.size());
    round_s += 0.5 + static_cast<double>(g.points.size()) * (g.repetitions + 1) * g.min_time_s;
  }
  const RoundTemplate& r = plan.rounds;
  fmt::print("{} groups, {} points a round, {} repetitions a point in each process\n",
             plan.groups.size(), points, options.repetitions);
  for (const GroupSpec& g : plan.groups) {
    fmt::print("  {} at {} thread{}: {} points\n", format_as(g.backend), g.threads,
               g.threads == 1 ? "" : "s", g.points.size());
  }
  const auto minutes = [](double s) { return fmt::format("{:.1f} min", s / 60); };
  if (r.stopping_rule == "precision") {
    fmt::print(
        "rounds: at least {}, then more until every eligible point's 95% half-width is within "
        "{:.3g}% (at most {}), budget {}\nestimated time: about {} a round, at least {}, at "
        "most {}\n",
        r.min_rounds, 100 * r.precision, r.max_rounds,
        r.budget_s > 0 ? minutes(r.budget_s) : "none", minutes(round_s),
        minutes(std::min(round_s * r.min_rounds, r.budget_s > 0 ? r.budget_s : 1e300)),
        minutes(r.budget_s > 0 ? r.budget_s : round_s * r.max_rounds));
  } else {
    const double total = round_s * r.max_rounds;
    fmt::print("rounds: {} (one process a group each){}\nestimated time: about {}\n", r.max_rounds,
               r.budget_s > 0 ? fmt::format(", budget {}", minutes(r.budget_s)) : "",
               minutes(r.budget_s > 0 ? std::min(total, r.budget_s) : total));
  }
}

void print_summary(const Results& results, const std::filesystem::path& dir) {
  int verified = 0, teaching = 0, failed = 0, mismatched = 0, oversubscribed = 0, idle = 0;
  for (const Point& p : results.points) {
    verified += p.verified && !p.teaching_only;
    teaching += p.teaching_only;
    failed += !p.verified && !p.teaching_only;
    mismatched += p.placement_ok == false;
    oversubscribed += p.oversubscribed;
    idle += p.idle_workers > 0 || p.extra_threads > 0;
  }
  fmt::print(
      "wrote {}: {} points, {} verified, {} not verified, {} teaching-only, "
      "{} placement mismatches, {} with idle or extra workers, {} oversubscribed (kept out of "
      "fits)\n",
      (dir / "results.json").string(), results.points.size(), verified, failed, teaching,
      mismatched, idle, oversubscribed);
}

}  // namespace

int finish_run(SweepOutcome outcome, const std::filesystem::path& dir, const RunFlags& flags) {
  print_summary(outcome.results, dir);
  std::fflush(stdout);
  if (outcome.interrupted) {
    fmt::print(stderr,
               "interrupted: every finished point is in {}; complete it with: scalebench run "
               "--resume {}\n",
               (dir / "results.json").string(), dir.string());
    return 130;
  }
  if (flags.no_analyze) return 0;
  assert(outcome.lock);
  outcome.lock->set_phase("analysing");
  const Validity validity = write_analysis(dir, flags.claims_file);
  fmt::print("wrote {}\n", (dir / "report.md").string());
  if (validity.valid()) return 0;
  fmt::print(stderr, "scalebench: the sweep is not valid evidence: {}\n",
             fmt::join(validity.reasons(), "; "));
  return flags.require_valid ? 3 : 0;
}

void add_run_command(CLI::App& app, int& exit_status) {
  auto flags = std::make_shared<RunFlags>();
  auto* run = app.add_subcommand("run", "sweep kernels over thread counts");
  run->add_option("--kernels", flags->kernels, "comma-separated (default: all)");
  std::vector<std::string> backends;
  for (Backend b : registered_backends()) backends.emplace_back(format_as(b));
  run->add_option("--backends", flags->backends,
                  fmt::format("comma-separated (default: all of {})", fmt::join(backends, ",")));
  run->add_option("--threads", flags->threads,
                  "e.g. 1,2 or 1:8 (default: 1 to allowed cores, capped by a CPU quota)");
  run->add_option("--ranks", flags->ranks,
                  "MPI rank counts for distributed kernels, e.g. 1,2 (default: as --threads)");
  run->add_option("--threads-per-rank", flags->threads_per_rank,
                  "OpenMP threads in each rank, e.g. 1,2 (default 1)");
  run->add_option("--hostfile", flags->hostfile, "mpirun's hostfile: ranks across those hosts");
  run->add_option("--netcal", flags->netcal,
                  "a `scalebench netcal` directory: its fit feeds the communication-aware model");
  run->add_option("--pin", flags->pin, "compact, scatter or none");
  run->add_option("--size", flags->size, "problem size for every selected kernel");
  run->add_option("--param", flags->params, "KERNEL.NAME=VALUE, repeatable");
  run->add_option(
      "--serial-fraction", flags->serial_fraction,
      "the calibrate kernel's serial fraction (same as --param calibrate.serial_fraction=S)");
  run->add_option(
      "--skew", flags->skew,
      "skewed_map's work profile: uniform, linear, heavy_tail or random (default linear; same as "
      "--param skewed_map.skew=NAME)");
  run->add_option("--chunks", flags->chunks,
                  fmt::format("OpenMP chunk sizes to sweep (default {}; --full-matrix 16,256,4096)",
                              kDefaultChunk));
  run->add_option("--grains", flags->grains,
                  fmt::format("oneTBB simple_partitioner grains (default {}; --full-matrix "
                              "16,256,4096)",
                              kDefaultChunk));
  run->add_flag("--full-matrix", flags->full_matrix,
                "every chunk and grain size of the schedule matrix (16, 256 and 4096)");
  run->add_option("--schedules", flags->schedules,
                  "schedule families (default static,dynamic,guided,auto,simple,affinity; also "
                  "monotonic:dynamic)");
  run->add_option(
      "--repetitions", flags->repetitions,
      fmt::format("repetitions a point in each process, at least 2 (default {}, quick {})",
                  kDefaultRepetitions, kQuickRepetitions));
  run->add_option("--processes", flags->processes,
                  fmt::format("independent processes a group (default: quick {}, else set by the "
                              "precision target, at least {}); with --precision, the fewest",
                              kQuickProcesses, kMinProcessesForPrecision));
  run->add_option("--precision", flags->precision,
                  fmt::format("add rounds until every eligible point's 95% interval half-width is "
                              "within this share of its estimate (default {} unless --quick or "
                              "--processes)",
                              kDefaultPrecision));
  run->add_option("--budget", flags->budget,
                  fmt::format("start no group past this time, e.g. 10m or 300s (default {}m "
                              "with a precision target)",
                              kDefaultBudgetS / 60));
  run->add_flag("--dry-run", flags->dry_run, "print the plan and its estimated time; run nothing");
  run->add_flag("--require-valid", flags->require_valid,
                "exit with status 3 when the sweep fails the validity gate (for CI pipelines)");
  run->add_option("--min-time", flags->min_time,
                  fmt::format("seconds a sample at least (default {}, quick {})", kDefaultMinTimeS,
                              kQuickMinTimeS));
  run->add_option("--seed", flags->seed, "input seed (default 42)");
  run->add_flag("--quick", flags->quick, "small sizes, few repetitions");
  run->add_flag("--no-analyze", flags->no_analyze, "write results.json only, no report");
  run->add_option(
      "--max-cv", flags->max_cv,
      fmt::format("flag points whose repetitions vary more (default {})", kDefaultMaxCv));
  run->add_option("--inject-fault", flags->inject_fault,
                  "tests: damage KERNEL's output before each verification (it must be caught)");
  run->add_option("--claims", flags->claims_file,
                  "a claims CSV to audit against this sweep's report");
  run->add_flag("--weak", flags->weak,
                "weak scaling: each point runs size x threads (fitted by Gustafson)");
  run->add_option("--out", flags->out_dir, "output directory");
  auto* resume = run->add_option("--resume", flags->resume_dir,
                                 "complete an interrupted sweep in DIR with its original options");
  auto* force = run->add_flag("--force", flags->force,
                              "replace a sweep --out already holds (and its report and plots)");
  force->excludes(resume);
  run->final_callback([flags, run, &exit_status] {
    // An empty value is a mistake, not a request for no audit.
    if (run->count("--claims") && flags->claims_file.empty())
      config_error("--claims names no file");
    if (!flags->claims_file.empty()) read_cases(flags->claims_file);  // refuse it before measuring
    if (flags->require_valid && flags->no_analyze) {
      config_error("--require-valid needs the analysis that --no-analyze leaves out");
    }
    if (run->count("--resume")) {
      // The original command repeated with --resume: its --out must name the same directory.
      std::error_code out_error, resume_error;
      if (run->count("--out") &&
          (std::filesystem::weakly_canonical(flags->out_dir, out_error) !=
               std::filesystem::weakly_canonical(flags->resume_dir, resume_error) ||
           out_error || resume_error)) {
        config_error("--out {} differs from --resume {}: a sweep resumes in its own directory",
                     flags->out_dir, flags->resume_dir);
      }
      exit_status =
          finish_run(resume_sweep(flags->resume_dir, options_required_on_resume(*flags, *run)),
                     flags->resume_dir, *flags);
      return;
    }
    if (flags->dry_run) {
      print_plan(sweep_options(*flags, *run));
      return;
    }
    if (flags->out_dir.empty()) config_error("run needs --out DIR (or --resume DIR)");
    const SweepOptions options = sweep_options(*flags, *run);
    exit_status = finish_run(run_sweep(options), options.out_dir, *flags);
  });
}

}  // namespace sb::cli
