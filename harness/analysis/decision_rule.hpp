// The one rule every comparison in scalebench decides by: schedules against the fastest, OpenMP
// against oneTBB, run B against run A. It decides on the effect size, not on a p-value: a ratio
// is a real difference only when its interval, widened for the comparisons in its family
// (Bonferroni), lies entirely beyond the noise margin and neither side is flagged. The rank test's
// p-value is reported beside it, with the smallest p the test could reach at that sample size.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/stats.hpp"
#include "harness/core/two_level.hpp"

namespace sb {

enum class Finding {
  real_difference,  // the family interval lies beyond 1 +/- margin
  within_margin,    // the family interval lies inside 1 +/- margin
  cannot_tell       // neither, or a side is flagged, or one process a side
};
std::string_view format_as(Finding finding);

inline constexpr double kDefaultMargin = 0.02;
inline constexpr double kFamilyConfidence = 0.95;

struct Decision {
  RatioEstimate ratio;
  Interval interval;  // at the family-widened confidence (95% / family size, Bonferroni)
  int family_size = 1;
  double p_value = 1;     // rank test on per-process summaries; Holm-adjusted within the family
  double smallest_p = 1;  // the least p that test can give with these processes
  double margin = kDefaultMargin;
  Finding finding = Finding::cannot_tell;
  std::string reason;  // why cannot_tell: flagged, single processes, or the interval straddles
  // "1.14x [1.05, 1.23] slower, beyond the 2% margin", "cannot tell at this sample size ..."
  std::string sentence(std::string_view faster = "faster", std::string_view slower = "slower") const;
};

struct Side {
  const ProcessSamples* samples = nullptr;
  std::vector<std::string> flags;  // stability or exclusion flags: a flagged side decides nothing
  int first_stage = 0;             // MeasuredPoint::first_stage
};

// Compares numerator / denominator. `paired`: both were measured in the same processes (the
// schedules of one runtime at one thread count). p_value is the raw test's: the caller adjusts a
// family with holm_adjust and stores it back.
Decision decide(const Side& numerator, const Side& denominator, bool paired, int family_size,
                double margin = kDefaultMargin);

// {"ratio", "family_size", "paired", "process_level", "p_value", "smallest_p", "finding", ...}
nlohmann::json to_json(const Decision& decision);

// Holm-adjusts the p-values of one family of decisions in place.
void adjust_family(std::vector<Decision*> family);

}  // namespace sb
