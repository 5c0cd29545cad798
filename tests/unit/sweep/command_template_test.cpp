// exec's placeholders and the times programs report: {threads} replaced, literal braces kept,
// near-misses refused; --time-from's groups read with their units.
#include "harness/sweep/command_template.hpp"

#include <gtest/gtest.h>

#include "harness/core/error.hpp"
#include "harness/sweep/command_spec.hpp"

namespace {

using sb::expand_placeholders;

TEST(CommandTemplate, ReplacesPlaceholdersAndKeepsOtherBraces) {
  const sb::Placeholders values{{"threads", "4"}, {"size", "4000"}};
  EXPECT_EQ(expand_placeholders("-T{threads}", values, "x"), "-T4");
  EXPECT_EQ(expand_placeholders("--n={size} -p {threads}", values, "x"), "--n=4000 -p 4");
  EXPECT_EQ(expand_placeholders("awk '{print $1}'", values, "x"), "awk '{print $1}'");
  EXPECT_EQ(expand_placeholders("{{threads}} and {{}}", values, "x"), "{threads} and {}");
  EXPECT_EQ(expand_placeholders("find . -exec rm {} +", values, "x"), "find . -exec rm {} +");
  // The shell's own variables, even those named like a placeholder, and words near none.
  EXPECT_EQ(expand_placeholders("cmp ${FILE} ${TIME} ${threads}", values, "x"),
            "cmp ${FILE} ${TIME} ${threads}");
  EXPECT_EQ(expand_placeholders("{site} {sine}", values, "x"), "{site} {sine}");
  EXPECT_EQ(sb::quoted_for_shell("/tmp/a b/it's"), "'/tmp/a b/it'\\''s'");
  EXPECT_TRUE(sb::uses_placeholder("a {threads}", "threads"));
  EXPECT_FALSE(sb::uses_placeholder("a {{threads}}", "threads"));
}

TEST(CommandTemplate, RefusesNearMissesAndPlaceholdersWithoutAValue) {
  const sb::Placeholders values{{"threads", "4"}};
  for (const char* typo : {"-T{thread}", "-T{Threads}", "{ threads }", "{therads}", "{Size}"}) {
    EXPECT_THROW(expand_placeholders(typo, values, "the command"), sb::ConfigError) << typo;
  }
  try {
    expand_placeholders("-T{thread}", values, "the command");
  } catch (const sb::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean {threads}"), std::string::npos) << e.what();
  }
  EXPECT_THROW(expand_placeholders("--n {size}", values, "the command"), sb::ConfigError);
  EXPECT_THROW(expand_placeholders("cat {stdout}", values, "--prepare"), sb::ConfigError);
}

TEST(CommandTemplate, ReportedTimesAreReadWithTheirUnits) {
  EXPECT_DOUBLE_EQ(*sb::reported_seconds("took ([0-9.]+)", "x\ntook 1.5\n"), 1.5);
  EXPECT_DOUBLE_EQ(*sb::reported_seconds("took ([0-9.]+) ?(ms|s)", "took 250 ms"), 0.25);
  EXPECT_DOUBLE_EQ(*sb::reported_seconds("t=([0-9.]+)(us)", "t=3us t=5us"), 5e-6);  // the last
  EXPECT_FALSE(sb::reported_seconds("took ([0-9.]+)", "nothing here"));
  EXPECT_FALSE(sb::reported_seconds("took (\\S+)", "took fast"));
  EXPECT_THROW(sb::check_time_pattern("took [0-9"), sb::ConfigError);
  EXPECT_THROW(sb::check_time_pattern("took [0-9]+"), sb::ConfigError);  // no group
  EXPECT_NO_THROW(sb::check_time_pattern("took ([0-9]+)"));
}

}  // namespace
