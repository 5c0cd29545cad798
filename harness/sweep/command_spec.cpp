#include "harness/sweep/command_spec.hpp"

#include <map>
#include <regex>

#include "harness/core/error.hpp"
#include "harness/sweep/command_template.hpp"

namespace sb {

bool CommandSpec::keeps_stdout() const {
  return same_output || !time_from.empty() || uses_placeholder(check, "stdout");
}

void to_json(nlohmann::json& j, const CommandSpec& s) {
  j = {{"label", s.label},
       {"argv", s.argv},
       {"executable", s.executable},
       {"shell", s.shell},
       {"prepare", s.prepare},
       {"check", s.check},
       {"same_output", s.same_output},
       {"reference_sha256", s.reference_sha256},
       {"time_from", s.time_from},
       {"weak_base", s.weak_base},
       {"timeout_s", s.timeout_s},
       {"working_directory", s.working_directory},
       {"mpi", s.mpi},
       {"hostfile", s.hostfile}};
}

void from_json(const nlohmann::json& j, CommandSpec& s) {
  j.at("label").get_to(s.label);
  j.at("argv").get_to(s.argv);
  j.at("executable").get_to(s.executable);
  s.shell = j.value("shell", false);
  s.prepare = j.value("prepare", std::string());
  s.check = j.value("check", std::string());
  s.same_output = j.value("same_output", false);
  s.reference_sha256 = j.value("reference_sha256", std::string());
  s.time_from = j.value("time_from", std::string());
  s.weak_base = j.value("weak_base", std::size_t{0});
  s.timeout_s = j.value("timeout_s", 0.0);
  s.working_directory = j.value("working_directory", std::string());
  s.mpi = j.value("mpi", false);
  s.hostfile = j.value("hostfile", std::string());
  if (s.argv.empty() || s.executable.empty() || s.label.empty())
    throw std::invalid_argument("a command with no argv, executable or label");
  if (s.timeout_s < 0) throw std::invalid_argument("a negative timeout");
}

void check_time_pattern(const std::string& pattern) {
  try {
    const std::regex re(pattern);
    if (re.mark_count() < 1)
      config_error("--time-from '{}' has no capture group: put the time in ( )", pattern);
  } catch (const std::regex_error& e) {
    config_error("--time-from '{}' is not a valid regular expression ({})", pattern, e.what());
  }
}

std::optional<double> reported_seconds(const std::string& pattern, const std::string& text) {
  static const std::map<std::string, double> kUnits{{"ns", 1e-9}, {"us", 1e-6}, {"\xC2\xB5s", 1e-6},
                                                    {"ms", 1e-3}, {"s", 1},     {"sec", 1},
                                                    {"", 1},      {"min", 60}};
  const std::regex re(pattern);
  std::smatch last;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it)
    last = *it;
  if (last.empty() || !last[1].matched) return std::nullopt;
  double value = 0;
  try {
    std::size_t used = 0;
    value = std::stod(last[1].str(), &used);
    if (used != static_cast<std::size_t>(last[1].length())) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const std::string unit = last.size() > 2 && last[2].matched ? last[2].str() : "";
  const auto scale = kUnits.find(unit);
  if (scale == kUnits.end() || !(value >= 0)) return std::nullopt;
  return value * scale->second;
}

}  // namespace sb
