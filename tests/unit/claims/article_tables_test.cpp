#include "harness/claims/article_tables.hpp"

#include <gtest/gtest.h>

#include "harness/core/error.hpp"

namespace sb {
namespace {

TEST(ArticleTables, AmdahlReproducesTheSeed) {
  const nlohmann::json rows = to_json(amdahl_table(0.10, {1, 2, 4, 8, 16, 32, 64}));
  const double bound[] = {1.0, 1.8182, 3.0769, 4.7059, 6.4, 7.8049, 8.7671};
  const double efficiency[] = {1.0, 0.9091, 0.7692, 0.5882, 0.4, 0.2439, 0.137};
  for (std::size_t i = 0; i < 7; ++i) {
    EXPECT_DOUBLE_EQ(rows[i]["amdahl_speedup_bound"].get<double>(), bound[i]) << i;
    EXPECT_DOUBLE_EQ(rows[i]["parallel_efficiency"].get<double>(), efficiency[i]) << i;
  }
  EXPECT_EQ(rows[6]["processors"], 64);
}

TEST(ArticleTables, CapacityReproducesTheSeed) {
  const nlohmann::json rows = to_json(capacity_table(100.0, {1, 2, 4, 8, 16, 32}, 0.05));
  const double overhead[] = {0, 10, 60, 280, 1200, 4960};
  const double effective[] = {100, 190, 340, 520, 400, 0};
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_DOUBLE_EQ(rows[i]["estimated_overhead"].get<double>(), overhead[i]) << i;
    EXPECT_DOUBLE_EQ(rows[i]["effective_capacity"].get<double>(), effective[i]) << i;
  }
}

TEST(ArticleTables, RejectsImpossibleFractions) {
  EXPECT_THROW(amdahl_table(1.5, {1}), ConfigError);
  EXPECT_THROW(capacity_table(100, {1}, -0.1), ConfigError);
}

TEST(ArticleTables, RoundingMatchesPython) {
  EXPECT_EQ(round_to(2.675, 2), 2.67);  // 2.675 is 2.67499999... in binary, as Python rounds it
  EXPECT_EQ(round_to(0.125, 2), 0.12);  // an exact tie rounds to even
  EXPECT_EQ(round_to(8.76712328767, 4), 8.7671);
}

}  // namespace
}  // namespace sb
