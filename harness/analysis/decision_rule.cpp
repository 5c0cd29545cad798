#include "harness/analysis/decision_rule.hpp"

#include <fmt/format.h>

#include <cmath>

#include "harness/analysis/significance.hpp"

namespace sb {

std::string_view format_as(Finding finding) {
  switch (finding) {
    case Finding::real_difference:
      return "real_difference";
    case Finding::within_margin:
      return "within_margin";
    case Finding::cannot_tell:
      return "cannot_tell";
  }
  return "?";
}

namespace {

std::vector<double> log_medians(const ProcessSamples& samples) {
  std::vector<double> out;
  for (const auto& [process, seconds] : samples) {
    if (!seconds.empty()) out.push_back(std::log(median(seconds)));
  }
  return out;
}

}  // namespace

Decision decide(const Side& numerator, const Side& denominator, bool paired, int family_size,
                double margin) {
  Decision d;
  d.family_size = std::max(1, family_size);
  d.margin = margin;
  d.ratio = paired ? ratio_paired(*numerator.samples, *denominator.samples, numerator.first_stage)
                   : ratio_unpaired(estimate_level(*numerator.samples, 0.95, numerator.first_stage),
                                    estimate_level(*denominator.samples, 0.95,
                                                   denominator.first_stage));
  d.interval = d.ratio.at(1 - (1 - kFamilyConfidence) / d.family_size);
  if (d.ratio.paired) {
    std::vector<double> differences;
    for (const auto& [process, difference] :
         log_median_differences(*numerator.samples, *denominator.samples)) {
      differences.push_back(difference);
    }
    d.p_value = wilcoxon_signed_rank(differences).p_value;
    d.smallest_p = smallest_p_signed_rank(differences.size());
  } else {
    const std::vector<double> a = log_medians(*numerator.samples);
    const std::vector<double> b = log_medians(*denominator.samples);
    d.p_value = mann_whitney(a, b).p_value;
    d.smallest_p = smallest_p_mann_whitney(a.size(), b.size());
  }

  const double upper = 1 + margin, lower = 1 / (1 + margin);
  std::vector<std::string> flags = numerator.flags;
  flags.insert(flags.end(), denominator.flags.begin(), denominator.flags.end());
  if (!flags.empty()) {
    d.reason = fmt::format("a side is flagged ({})", fmt::join(flags, ", "));
  } else if (!d.ratio.process_level) {
    d.reason = "one process a side: the variation between processes is unmeasured";
  } else if (d.interval.low > upper || d.interval.high < lower) {
    d.finding = Finding::real_difference;
  } else if (d.interval.low >= lower && d.interval.high <= upper) {
    d.finding = Finding::within_margin;
  } else {
    d.reason = "the interval reaches across the margin";
  }
  return d;
}

nlohmann::json to_json(const Decision& d) {
  return {{"ratio", nlohmann::json(d.interval)},
          {"family_size", d.family_size},
          {"paired", d.ratio.paired},
          {"process_level", d.ratio.process_level},
          {"degrees_of_freedom", d.ratio.dof},
          {"p_value_holm", d.p_value},
          {"smallest_reachable_p", d.smallest_p},
          {"margin", d.margin},
          {"finding", format_as(d.finding)},
          {"reason", d.reason}};
}

void adjust_family(std::vector<Decision*> family) {
  std::vector<double> raw;
  for (const Decision* d : family) raw.push_back(d->p_value);
  const std::vector<double> adjusted = holm_adjust(raw);
  for (std::size_t i = 0; i < family.size(); ++i) family[i]->p_value = adjusted[i];
}

std::string Decision::sentence(std::string_view faster, std::string_view slower) const {
  const double r = interval.estimate;
  const std::string ratio_text =
      fmt::format("{:.3f}x [{:.3f}, {}] ({:.4g}% interval{})", r, interval.low,
                  std::isfinite(interval.high) ? fmt::format("{:.3f}", interval.high) : "unbounded",
                  100 * interval.confidence,
                  family_size > 1 ? fmt::format(", {} comparisons", family_size) : "");
  const std::string p_text =
      smallest_p > kSignificanceLevel
          ? fmt::format("rank test p = {:.3g}{}; the test cannot go below {:.3g} with these "
                        "processes",
                        p_value, family_size > 1 ? " Holm-adjusted" : "", smallest_p)
          : fmt::format("rank test p = {:.3g}{}", p_value, family_size > 1 ? " Holm-adjusted" : "");
  switch (finding) {
    case Finding::real_difference:
      return fmt::format("{}, {}: a real difference, beyond the {:.3g}% margin ({})", ratio_text,
                         r < 1 ? faster : slower, 100 * margin, p_text);
    case Finding::within_margin:
      return fmt::format("{}: within the {:.3g}% noise margin ({})", ratio_text, 100 * margin,
                         p_text);
    case Finding::cannot_tell:
      break;
  }
  return fmt::format("{}: cannot tell at this sample size, {} ({})", ratio_text, reason, p_text);
}

}  // namespace sb
