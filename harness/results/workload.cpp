#include "harness/results/workload.hpp"

#include <fmt/format.h>

namespace sb {

void to_json(nlohmann::json& j, const WorkloadTraits& t) {
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [name, p] : t.params) {
    params[name] = {{"default", p.default_value}};
    if (!p.choices.empty()) params[name]["choices"] = p.choices;
  }
  j = {{"bytes_per_element", t.bytes_per_element},
       {"flops_per_element", t.flops_per_element},
       {"bandwidth_ceiling", t.bandwidth_ceiling},
       {"overhead_reference", t.overhead_reference},
       {"schedulable", t.schedulable},
       {"calibration", t.calibration},
       {"params", params}};
  if (t.distributed) {
    j["distributed"] = true;
    j["communication"] = t.communication;
  }
  if (t.kind != "kernel") {
    j["kind"] = t.kind;
    j["command"] = t.command;
  }
}

void from_json(const nlohmann::json& j, WorkloadTraits& t) {
  t.bytes_per_element = j.value("bytes_per_element", 0.0);
  t.flops_per_element = j.value("flops_per_element", 0.0);
  t.bandwidth_ceiling = j.value("bandwidth_ceiling", false);
  t.overhead_reference = j.value("overhead_reference", false);
  t.schedulable = j.value("schedulable", false);
  t.calibration = j.value("calibration", false);
  t.distributed = j.value("distributed", false);
  t.communication = j.value("communication", std::string());
  t.kind = j.value("kind", std::string("kernel"));
  t.command = j.value("command", std::string());
  t.params.clear();
  const nlohmann::json params = j.value("params", nlohmann::json::object());
  for (const auto& [name, p] : params.items()) {
    t.params[name] = {p.value("default", 0.0), p.value("choices", std::vector<std::string>{})};
  }
}

std::string describe_params(const WorkloadTraits& traits,
                            const std::map<std::string, double>& params) {
  std::string text;
  for (const auto& [name, value] : params) {
    const auto declared = traits.params.find(name);
    const bool choice = declared != traits.params.end() && !declared->second.choices.empty() &&
                        value >= 0 && value < static_cast<double>(declared->second.choices.size());
    text += fmt::format("{}{}={}", text.empty() ? "" : ", ", name,
                        choice ? declared->second.choices[static_cast<std::size_t>(value)]
                               : fmt::format("{:g}", value));
  }
  return text;
}

}  // namespace sb
