#include "harness/analysis/significance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>

namespace sb {
namespace {

constexpr std::size_t kExactLimit = 50;  // C(50, 25) counts still fit exactly in 64 bits

// Midranks of the pooled samples (1-based); returns the rank sum of `a` and sum of t^3 - t over
// tie groups.
std::pair<double, double> rank_sum(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<std::pair<double, bool>> pooled;
  for (double v : a) pooled.emplace_back(v, true);
  for (double v : b) pooled.emplace_back(v, false);
  std::sort(pooled.begin(), pooled.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  double sum_a = 0, ties = 0;
  for (std::size_t i = 0; i < pooled.size();) {
    std::size_t j = i;
    while (j < pooled.size() && pooled[j].first == pooled[i].first) ++j;
    const double midrank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (std::size_t k = i; k < j; ++k) sum_a += pooled[k].second ? midrank : 0;
    const double t = static_cast<double>(j - i);
    ties += t * t * t - t;
    i = j;
  }
  return {sum_a, ties};
}

// P(U <= u) under the null for samples of m and n untied values. The counts of U are the
// coefficients of the Gaussian binomial [m+n choose m]_q, built as the product over i of
// (1 - q^(n+i)) / (1 - q^i), each partial product itself a Gaussian binomial (non-negative).
double exact_cdf(std::size_t m, std::size_t n, std::size_t u) {
  const std::size_t k = std::min(m, n), rest = m + n - k, top = m * n;
  std::vector<std::int64_t> counts(top + 1, 0);
  counts[0] = 1;
  for (std::size_t i = 1; i <= k; ++i) {
    const std::size_t up = rest + i;
    for (std::size_t d = top; d >= up; --d) counts[d] -= counts[d - up];  // x (1 - q^up)
    for (std::size_t d = i; d <= top; ++d) counts[d] += counts[d - i];    // / (1 - q^i)
  }
  const double total =
      static_cast<double>(std::accumulate(counts.begin(), counts.end(), std::int64_t{0}));
  std::int64_t below = 0;
  for (std::size_t d = 0; d <= std::min(u, top); ++d) below += counts[d];
  return static_cast<double>(below) / total;
}

}  // namespace

RankTest mann_whitney(const std::vector<double>& a, const std::vector<double>& b,
                      RankMethod method) {
  RankTest test;
  if (a.empty() || b.empty()) return test;
  const double m = static_cast<double>(a.size()), n = static_cast<double>(b.size());
  const auto [sum_a, ties] = rank_sum(a, b);
  test.u = sum_a - m * (m + 1) / 2;
  const bool exact_possible = ties == 0 && a.size() + b.size() <= kExactLimit;
  if (method == RankMethod::exact || (method == RankMethod::automatic && exact_possible)) {
    // The smaller tail, doubled; U is an integer without ties.
    const double smaller = std::min(test.u, m * n - test.u);
    test.p_value =
        std::min(1.0, 2 * exact_cdf(a.size(), b.size(), static_cast<std::size_t>(smaller)));
    test.exact = true;
    return test;
  }
  const double total = m + n;
  const double variance = m * n / 12 * ((total + 1) - ties / (total * (total - 1)));
  if (variance <= 0) return test;  // every value equal: no evidence of a difference
  const double z = std::max(0.0, std::fabs(test.u - m * n / 2) - 0.5) / std::sqrt(variance);
  test.p_value = std::min(1.0, std::erfc(z / std::sqrt(2.0)));
  return test;
}

RankTest wilcoxon_signed_rank(const std::vector<double>& differences) {
  RankTest test;
  std::vector<double> nonzero;
  for (double d : differences) {
    if (d != 0) nonzero.push_back(d);
  }
  if (nonzero.empty()) return test;
  // Midranks of |d|; W+ is the rank sum of the positive differences.
  std::vector<std::size_t> order(nonzero.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return std::fabs(nonzero[x]) < std::fabs(nonzero[y]);
  });
  double w_plus = 0, ties = 0;
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j < order.size() && std::fabs(nonzero[order[j]]) == std::fabs(nonzero[order[i]])) ++j;
    const double midrank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (std::size_t k = i; k < j; ++k) w_plus += nonzero[order[k]] > 0 ? midrank : 0;
    const double t = static_cast<double>(j - i);
    ties += t * t * t - t;
    i = j;
  }
  test.u = w_plus;
  const std::size_t k = nonzero.size();
  const double n = static_cast<double>(k), total = n * (n + 1) / 2;
  if (ties == 0 && k <= kExactLimit) {
    // Counts of each rank sum among the 2^k sign patterns.
    const std::size_t top = k * (k + 1) / 2;
    std::vector<double> counts(top + 1, 0);
    counts[0] = 1;
    for (std::size_t r = 1; r <= k; ++r) {
      for (std::size_t s = top; s >= r; --s) counts[s] += counts[s - r];
    }
    const double smaller = std::min(w_plus, total - w_plus);
    double below = 0;
    for (std::size_t s = 0; s <= static_cast<std::size_t>(smaller); ++s) below += counts[s];
    test.p_value = std::min(1.0, 2 * below / std::pow(2.0, n));
    test.exact = true;
    return test;
  }
  const double variance = n * (n + 1) * (2 * n + 1) / 24 - ties / 48;
  if (variance <= 0) return test;
  const double z = std::max(0.0, std::fabs(w_plus - total / 2) - 0.5) / std::sqrt(variance);
  test.p_value = std::min(1.0, std::erfc(z / std::sqrt(2.0)));
  return test;
}

double smallest_p_mann_whitney(std::size_t m, std::size_t n) {
  if (m == 0 || n == 0) return 1;
  // 2 / C(m + n, m), built up without overflow.
  double arrangements = 1;
  for (std::size_t i = 1; i <= std::min(m, n); ++i) {
    arrangements = arrangements * static_cast<double>(m + n - std::min(m, n) + i) / i;
  }
  return std::min(1.0, 2 / arrangements);
}

double smallest_p_signed_rank(std::size_t k) {
  return k == 0 ? 1.0 : std::min(1.0, 2 / std::pow(2.0, static_cast<double>(k)));
}

std::vector<double> holm_adjust(const std::vector<double>& p_values) {
  const std::size_t count = p_values.size();
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return p_values[x] < p_values[y]; });
  std::vector<double> adjusted(count);
  double running = 0;  // adjusted p-values never decrease along the sorted order
  for (std::size_t rank = 0; rank < count; ++rank) {
    running =
        std::max(running, std::min(1.0, static_cast<double>(count - rank) * p_values[order[rank]]));
    adjusted[order[rank]] = running;
  }
  return adjusted;
}

}  // namespace sb
