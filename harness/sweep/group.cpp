#include "harness/sweep/group.hpp"

#include <stdexcept>

#include "harness/machine/threads_spec.hpp"
#include "harness/sweep/command_spec.hpp"

namespace sb {

void to_json(nlohmann::json& j, const GroupSpec& s) {
  j = {{"executor", s.executor},
       {"backend", format_as(s.backend)},
       {"threads", s.threads},
       {"pin", format_as(s.pin)},
       {"points", s.points},
       {"repetitions", s.repetitions},
       {"min_time_s", s.min_time_s},
       {"seed", s.seed},
       {"inject_fault", s.inject_fault},
       {"max_cv", s.max_cv},
       {"max_other_busy_cpus", s.max_other_busy_cpus},
       {"process", s.process},
       {"round", s.round},
       {"progress_offset", s.progress_offset},
       {"progress_total", s.progress_total},
       {"progress_started_s", s.progress_started_s},
       {"progress_budget_s", s.progress_budget_s}};
  if (!s.command.is_null()) j["command"] = s.command;
  if (s.executor == "mpi" || s.ranks != 1) j["ranks"] = s.ranks;  // exec --ranks too
  if (s.executor == "mpi") j["hostfile"] = s.hostfile;
}

void from_json(const nlohmann::json& j, GroupSpec& s) {
  s.executor = j.value("executor", std::string("kernel"));
  s.command = j.value("command", nlohmann::json());
  // A command's points run the user's program, not a registered backend.
  s.backend = s.executor == "command" ? Backend(kCommandBackend)
              : s.executor == "mpi"   ? Backend(kMpiBackend)
                                      : parse_backend(j.at("backend").get<std::string>());
  s.ranks = j.value("ranks", 1);
  s.hostfile = j.value("hostfile", std::string{});
  j.at("threads").get_to(s.threads);
  s.pin = parse_pin_policy(j.at("pin").get<std::string>());
  s.points = j.at("points").get<std::vector<Point>>();
  j.at("repetitions").get_to(s.repetitions);
  s.inject_fault = j.value("inject_fault", std::string{});
  s.max_cv = j.value("max_cv", kDefaultMaxCv);
  s.max_other_busy_cpus = j.value("max_other_busy_cpus", kBusyCpus);
  j.at("min_time_s").get_to(s.min_time_s);
  j.at("seed").get_to(s.seed);
  s.progress_offset = j.value("progress_offset", 0);
  s.progress_total = j.value("progress_total", 0);
  s.process = j.value("process", 0);
  s.round = j.value("round", 0);
  s.progress_started_s = j.value("progress_started_s", 0.0);
  s.progress_budget_s = j.value("progress_budget_s", 0.0);
  if (s.process < 0 || s.round < 0) throw std::invalid_argument("process or round below 0");
  // What planning checks, checked again: a recorded plan can be edited by hand.
  if (s.executor != "kernel" && s.executor != "command" && s.executor != "mpi")
    throw std::invalid_argument("unknown executor '" + s.executor + "'");
  if (s.executor == "command") (void)s.command.get<CommandSpec>();  // throws when damaged
  if (s.threads < 1 || s.threads > kMaxThreads) throw std::invalid_argument("threads out of range");
  if (s.ranks < 1 || s.threads % s.ranks != 0)
    throw std::invalid_argument("ranks must be at least 1 and divide threads");
  if (!valid_repetitions(s.repetitions))
    throw std::invalid_argument("repetitions outside [1, 1000]");
  if (!valid_min_time_s(s.min_time_s) || !valid_max_cv(s.max_cv))
    throw std::invalid_argument("min_time_s or max_cv out of range");
  for (const Point& p : s.points) {
    if (p.backend != format_as(s.backend) || p.threads != s.threads || p.ranks != s.ranks ||
        p.under_mpi != s.under_mpi() || p.pin != format_as(s.pin))
      throw std::invalid_argument(
          "a point's backend, threads, ranks, launcher or pin differ from its group's");
    // A workload's data is created once for all its variants in a group.
    for (const Point& q : s.points) {
      if (q.kernel == p.kernel && (q.size != p.size || q.params != p.params))
        throw std::invalid_argument("a group's points of one kernel differ in size or parameters");
    }
  }
}

}  // namespace sb
