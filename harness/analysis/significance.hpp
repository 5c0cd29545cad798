// Is a difference between two sets of timings real? Rank tests that assume nothing about the
// shape of the timing distribution (which is skewed and often bimodal), and the multiple-testing
// correction a table of many comparisons needs.
#pragma once

#include <cstddef>
#include <vector>

namespace sb {

enum class RankMethod {
  automatic,  // exact when both samples together have at most 50 values and no ties
  exact,      // the exact null distribution (untied samples, at most 50 values together)
  normal      // normal approximation with tie and continuity corrections (as R's wilcox.test)
};

struct RankTest {
  double u = 0;        // Mann-Whitney U of the first sample: pairs (a, b) with a > b, ties half
  double p_value = 1;  // two-sided
  bool exact = false;  // from the exact distribution, not the approximation
};

// Two-sided Mann-Whitney U (Wilcoxon rank-sum) test: do values of `a` tend to be larger or
// smaller than values of `b`? p = 1 when either sample is empty.
RankTest mann_whitney(const std::vector<double>& a, const std::vector<double>& b,
                      RankMethod method = RankMethod::automatic);

// Two-sided Wilcoxon signed-rank test that the differences are centred on 0 (zeros dropped):
// exact for at most 50 untied differences, else the normal approximation with tie correction.
RankTest wilcoxon_signed_rank(const std::vector<double>& differences);

// The smallest two-sided p-value each exact test can give at its sample size: a test whose floor
// is above the significance level cannot find any difference, however large.
double smallest_p_mann_whitney(std::size_t m, std::size_t n);
double smallest_p_signed_rank(std::size_t k);

// Holm's step-down adjustment: adjusted p-values whose comparison with alpha keeps the chance of
// any false "significant" within a family of tests at alpha. Same order as the input.
std::vector<double> holm_adjust(const std::vector<double>& p_values);

inline constexpr double kSignificanceLevel = 0.05;

}  // namespace sb
